// 在职党员：报到后未编入网格党支部或楼院党小组 / In-service members: reported but placed in no grid branch or compound group
// id: in-service-member-not-placed
// title_zh: 在职党员：报到后未编入网格党支部或楼院党小组
// title_en: In-service members: reported but placed in no grid branch or compound group
// clause: DL-3.1
// severity: warning
// description: An in-service Party member who reported (on or before the audit date) but joins no grid Party branch or compound Party group (编入网格党支部，分配到楼院党小组). subject = the member record; related_ids = employer, residence and the area reported to.
// params: as_of: the audit date
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (m:InServiceMember)
WHERE m.reported_date <= $as_of
WITH m, size([(m)-[:JOINS]->(o:PartyOrg) WHERE o.kind IN ['grid_branch', 'compound_group'] | 1]) AS placements
WHERE placements = 0
OPTIONAL MATCH (m)-[:LIVES_IN]->(h:Area)
OPTIONAL MATCH (h)-[:BELONGS_TO*0..3]->(t:Area {level: 'township'})
WITH m, h, t, [(b:Body)-[:EMPLOYS]->(m) | b.id] + [h.id] + [(m)-[:REPORTS_AT]->(r:Area) | r.id] AS related
RETURN t.id AS township_id, t.name AS township_name, m.id AS subject_id, m.name AS subject_name, related AS related_ids,
       '在职党员' + m.person + '已报到，但未编入网格党支部或楼院党小组（DL-3.1）。' AS message_zh,
       'In-service member ' + m.person + ' has reported but is placed in no grid branch or compound group (DL-3.1).' AS message_en
ORDER BY township_id, subject_id
