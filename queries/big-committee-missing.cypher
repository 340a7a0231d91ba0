// 大工委大党委：到期仍未组建 / Big committees: none formed after the deadline
// id: big-committee-missing
// title_zh: 大工委大党委：到期仍未组建
// title_en: Big committees: none formed after the deadline
// clause: DL-2.1
// severity: error
// description: After the plan's deadline, every township (乡镇 and 街道), every community and every village marked big_committee_eligible has a big committee (PartyOrg kind big_committee) in force covering it. Only counties that record Party organisations are judged. subject = the area; related_ids = the Party committee governing it and its village/community Party organisation.
// params: as_of: the audit date; deadline: the plan's deadline (end of 2023)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (:PartyOrg)-[:COVERS]->(:Area)-[:BELONGS_TO*0..]->(c:Area {level: 'county'})
WITH DISTINCT c
MATCH (a:Area)-[:BELONGS_TO*1..2]->(c)
WHERE $as_of > $deadline
  AND (a.level IN ['township', 'community'] OR (a.level = 'village' AND a.big_committee_eligible = true))
WITH a, size([(o:PartyOrg {kind: 'big_committee'})-[:COVERS]->(a) WHERE o.formed_date <= $as_of AND (o.dissolved_date IS NULL OR o.dissolved_date > $as_of) | 1]) AS built
WHERE built = 0
OPTIONAL MATCH (a)-[:BELONGS_TO*0..1]->(t:Area {level: 'township'})
WITH a, t, [(p:Body {kind: 'party_committee'})-[:GOVERNS]->(a) | p.id]
         + [(v:PartyOrg {kind: 'village_org'})-[:COVERS]->(a) | v.id] AS related
RETURN t.id AS township_id, t.name AS township_name, a.id AS subject_id, a.name AS subject_name, related AS related_ids,
       a.name + '到期（' + $deadline + '）仍未组建“大工委”“大党委”（应100%完成，DL-2.1）。' AS message_zh,
       a.name + ' has no big Party committee although the deadline (' + $deadline + ') has passed (DL-2.1).' AS message_en
ORDER BY township_id, subject_id
