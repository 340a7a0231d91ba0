// 网格党组织：楼院党小组没有党员联系户 / Grid Party organisation: a compound group with no contact households
// id: compound-group-no-contact-households
// title_zh: 网格党组织：楼院党小组没有党员联系户
// title_en: Grid Party organisation: a compound group with no contact households
// clause: DL-2.2
// severity: info
// description: A compound group (PartyOrg kind compound_group) in force has no ContactHousehold record linking to it: the chain's last link, 党员联系户, is missing. The plan names the level but sets no number, so it is info. subject = the group; related_ids = the compound it covers.
// params: as_of: the audit date
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (o:PartyOrg {kind: 'compound_group'})
WHERE o.formed_date <= $as_of AND (o.dissolved_date IS NULL OR o.dissolved_date > $as_of) AND NOT (o)<-[:LINKS_TO]-(:ContactHousehold)
OPTIONAL MATCH (o)-[:COVERS]->(a:Area)
OPTIONAL MATCH (a)-[:BELONGS_TO*0..3]->(t:Area {level: 'township'})
WITH o, t, collect(DISTINCT a.id) AS areas
RETURN t.id AS township_id, t.name AS township_name, o.id AS subject_id, o.name AS subject_name, areas AS related_ids,
       o.name + '没有党员联系户（组织体系的最后一环，DL-2.2）。' AS message_zh,
       o.name + ' has no Party-member contact households, the last link of the chain (DL-2.2).' AS message_en
ORDER BY township_id, subject_id
