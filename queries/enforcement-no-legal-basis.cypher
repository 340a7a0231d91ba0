// 赋权：乡镇行政执法权无法律依据 / Enforcement: a township enforcement power with no legal basis
// id: enforcement-no-legal-basis
// title_zh: 赋权：乡镇行政执法权无法律依据
// title_en: Enforcement: a township enforcement power with no legal basis
// clause: DL-1.2c
// severity: error
// description: A law_enforcement grant held by a body of a township (townships enforce in their own name) that records no legal basis (legal_basis missing or blank). subject = the grant; related_ids = the holder.
// params: none
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (holder:Body)-[:HOLDS]->(g:PowerGrant)-[:CONFERS]->(:Power {id: 'law_enforcement'})
MATCH (holder)-[:GOVERNS|SERVES]->(t:Area {level: 'township'})
WHERE g.legal_basis IS NULL OR trim(g.legal_basis) = ''
RETURN t.id AS township_id, t.name AS township_name, g.id AS subject_id, g.name AS subject_name,
       [holder.id] AS related_ids,
       holder.name + '行使的「' + g.name + '」没有记录法律依据；乡镇行政执法权须依法赋予（DL-1.2c）。' AS message_zh,
       'The enforcement power "' + g.name + '" held by ' + holder.name + ' records no legal basis; township enforcement power must be granted by law (DL-1.2c).' AS message_en
ORDER BY township_id, subject_id
