// 在职党员：尚未到社区报到（期限未到） / In-service members: not yet reported (before the deadline)
// id: in-service-member-report-pending
// title_zh: 在职党员：尚未到社区报到（期限未到）
// title_en: In-service members: not yet reported (before the deadline)
// clause: DL-3.1
// severity: info
// description: On or before the plan's deadline, an in-service Party member with no report on or before the audit date: progress to track. subject = the member record; related_ids = employer, residence and the area reported to (if any).
// params: as_of: the audit date; deadline: the plan's deadline (end of June 2023)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (m:InServiceMember)
WHERE $as_of <= $deadline AND (m.reported_date IS NULL OR m.reported_date > $as_of)
OPTIONAL MATCH (m)-[:LIVES_IN]->(h:Area)
OPTIONAL MATCH (h)-[:BELONGS_TO*0..3]->(t:Area {level: 'township'})
WITH m, h, t, [(b:Body)-[:EMPLOYS]->(m) | b.id] + [h.id] + [(m)-[:REPORTS_AT]->(r:Area) | r.id] AS related
RETURN t.id AS township_id, t.name AS township_name, m.id AS subject_id, m.name AS subject_name, related AS related_ids,
       '在职党员' + m.person + '尚未到居住地社区报到，期限为' + $deadline + '（DL-3.1）。' AS message_zh,
       'In-service member ' + m.person + ' has not yet reported to the community of residence; the deadline is ' + $deadline + ' (DL-3.1).' AS message_en
ORDER BY township_id, subject_id
