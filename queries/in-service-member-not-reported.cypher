// 在职党员：到期仍未到社区报到 / In-service members: not reported to their community after the deadline
// id: in-service-member-not-reported
// title_zh: 在职党员：到期仍未到社区报到
// title_en: In-service members: not reported to their community after the deadline
// clause: DL-3.1
// severity: warning
// description: After the plan's deadline, an in-service Party member has no report (reported_date) on or before the audit date. The deadline is a target (计划), so a warning. subject = the member record; related_ids = employer, residence and the area reported to (if any).
// params: as_of: the audit date; deadline: the plan's deadline (end of June 2023)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (m:InServiceMember)
WHERE $as_of > $deadline AND (m.reported_date IS NULL OR m.reported_date > $as_of)
OPTIONAL MATCH (m)-[:LIVES_IN]->(h:Area)
OPTIONAL MATCH (h)-[:BELONGS_TO*0..3]->(t:Area {level: 'township'})
WITH m, h, t, [(b:Body)-[:EMPLOYS]->(m) | b.id] + [h.id] + [(m)-[:REPORTS_AT]->(r:Area) | r.id] AS related
RETURN t.id AS township_id, t.name AS township_name, m.id AS subject_id, m.name AS subject_name, related AS related_ids,
       '在职党员' + m.person + '到期（' + $deadline + '）仍未到居住地社区报到（DL-3.1）。' AS message_zh,
       'In-service member ' + m.person + ' has not reported to the community of residence although the deadline (' + $deadline + ') has passed (DL-3.1).' AS message_en
ORDER BY township_id, subject_id
