// 赋权：乡镇行政执法权无县级部门业务指导 / Enforcement: a township enforcement power with no guiding county department
// id: enforcement-no-guidance
// title_zh: 赋权：乡镇行政执法权无县级部门业务指导
// title_en: Enforcement: a township enforcement power with no guiding county department
// clause: DL-1.2c
// severity: error
// description: A law_enforcement grant held by a body of a township that no county-level department of the township's county (or above) guides and supervises (GUIDES). subject = the grant; related_ids = the holder and any guiding body that does not qualify.
// params: none
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (holder:Body)-[:HOLDS]->(g:PowerGrant)-[:CONFERS]->(:Power {id: 'law_enforcement'})
MATCH (holder)-[:GOVERNS|SERVES]->(t:Area {level: 'township'})
OPTIONAL MATCH (gd:Body)-[:GUIDES]->(g)
OPTIONAL MATCH (gd)-[:GOVERNS]->(ga:Area)
WITH holder, g, t, gd,
     CASE WHEN gd.kind = 'department' AND gd.level = 'county' AND size([(t)-[:BELONGS_TO*1..]->(ga) | 1]) > 0
          THEN gd.id END AS ok_id
WITH holder, g, t, collect(DISTINCT ok_id) AS ok_ids, collect(DISTINCT gd.id) AS guide_ids
WHERE size(ok_ids) = 0
RETURN t.id AS township_id, t.name AS township_name, g.id AS subject_id, g.name AS subject_name,
       [holder.id] + guide_ids AS related_ids,
       holder.name + '行使的「' + g.name + '」没有县级主管部门进行业务指导和监督（DL-1.2c）。' AS message_zh,
       'The enforcement power "' + g.name + '" held by ' + holder.name + ' has no county-level department giving business guidance and supervision (DL-1.2c).' AS message_en
ORDER BY township_id, subject_id
