// 赋权：乡镇党（工）委缺少法定权力 / Powers: a township Party committee lacks a power
// id: powers-township-missing
// title_zh: 赋权：乡镇党（工）委缺少法定权力
// title_en: Powers: a township Party committee lacks a power
// clause: DL-1.2a
// severity: error
// description: Every township's Party (working) committee holds, over the township (a grant whose subject is the township, or that names no subject), integrated management, coordination and emergency handling power and the participation and advice rights. One finding per township and missing power; a township with no Party committee lacks all four. subject = the missing Power; related_ids = the township's Party committee(s).
// params: none
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (t:Area {level: 'township'})
// the powers the township's party committee(s) hold over it, found once per township
OPTIONAL MATCH (t)<-[:GOVERNS]-(x:Body {kind: 'party_committee'})-[:HOLDS]->(g:PowerGrant)-[:CONFERS]->(cp:Power)
WHERE (g)-[:APPLIES_TO]->(t) OR NOT (g)-[:APPLIES_TO]->()
WITH t, collect(cp.id) AS conferred
MATCH (p:Power)
WHERE p.id IN ['integrated_management', 'coordination', 'emergency_handling', 'participation_advice']
  AND NOT p.id IN conferred
OPTIONAL MATCH (pc:Body {kind: 'party_committee'})-[:GOVERNS]->(t)
WITH t, p, pc ORDER BY pc.id
WITH t, p, collect(pc.id) AS pc_ids, collect(pc.name) AS pc_names
WITH t, p, pc_ids,
     CASE WHEN size(pc_names) = 0 THEN t.name + '（未登记党（工）委）' ELSE reduce(s = '', x IN pc_names | s + CASE WHEN s = '' THEN '' ELSE '、' END + x) END AS holders
RETURN t.id AS township_id, t.name AS township_name, p.id AS subject_id, p.name AS subject_name,
       pc_ids AS related_ids,
       holders + '未获得对本辖区的' + p.name + '（DL-1.2a）。' AS message_zh,
       holders + ' holds no ' + p.name_en + ' over the township (DL-1.2a).' AS message_en
ORDER BY township_id, subject_id
