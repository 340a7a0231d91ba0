// 在职党员：未按居住地报到 / In-service members: reported somewhere other than where they live
// id: in-service-member-wrong-community
// title_zh: 在职党员：未按居住地报到
// title_en: In-service members: reported somewhere other than where they live
// clause: DL-3.1
// severity: warning
// description: An in-service Party member reported (on or before the audit date) to an area that does not contain the area they live in (按居住地分配). subject = the member record; related_ids = employer, residence and the area reported to.
// params: as_of: the audit date
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (m:InServiceMember)-[:REPORTS_AT]->(r:Area)
WHERE m.reported_date <= $as_of
  AND NOT (m)-[:LIVES_IN]->(:Area)-[:BELONGS_TO*0..2]->(r)
OPTIONAL MATCH (m)-[:LIVES_IN]->(h:Area)
OPTIONAL MATCH (h)-[:BELONGS_TO*0..3]->(t:Area {level: 'township'})
WITH m, h, t, [(b:Body)-[:EMPLOYS]->(m) | b.id] + [h.id] + [(m)-[:REPORTS_AT]->(r:Area) | r.id] AS related
RETURN t.id AS township_id, t.name AS township_name, m.id AS subject_id, m.name AS subject_name, related AS related_ids,
       '在职党员' + m.person + '居住在' + coalesce(h.name, '（未记录）') + '，却到其他社区报到（应按居住地，DL-3.1）。' AS message_zh,
       'In-service member ' + m.person + ' lives in ' + coalesce(h.name, '(not recorded)') + ' but reported to another community (by residence, DL-3.1).' AS message_en
ORDER BY township_id, subject_id
