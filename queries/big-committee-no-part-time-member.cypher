// 大工委大党委：没有兼职委员 / Big committees: no part-time member
// id: big-committee-no-part-time-member
// title_zh: 大工委大党委：没有兼职委员
// title_en: Big committees: no part-time member
// clause: DL-2.1-members
// severity: warning
// description: A big committee in force has no part-time member (PartTimeMember) in force: the plan takes the Party heads of resident law-enforcement departments, public utilities, medical units and larger two-new organisations as part-time members. subject = the big committee; related_ids = the area it covers.
// params: as_of: the audit date
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (o:PartyOrg {kind: 'big_committee'})
WHERE o.formed_date <= $as_of AND (o.dissolved_date IS NULL OR o.dissolved_date > $as_of)
WITH o, size([(m:PartTimeMember)-[:SITS_ON]->(o) WHERE m.since <= $as_of AND (m.until IS NULL OR m.until > $as_of) | 1]) AS members
WHERE members = 0
OPTIONAL MATCH (o)-[:COVERS]->(a:Area)
OPTIONAL MATCH (a)-[:BELONGS_TO*0..1]->(t:Area {level: 'township'})
WITH o, t, collect(DISTINCT a.id) AS areas
RETURN t.id AS township_id, t.name AS township_name, o.id AS subject_id, o.name AS subject_name, areas AS related_ids,
       o.name + '没有兼职委员（应吸收驻区单位党组织负责人作为兼职委员，DL-2.1）。' AS message_zh,
       o.name + ' has no part-time member from the resident units (DL-2.1).' AS message_en
ORDER BY township_id, subject_id
