// 结对共建没有共建项目 / A pairing without a co-construction project
// id: pairing-no-project
// title_zh: 结对共建没有共建项目
// title_en: A pairing without a co-construction project
// clause: DL-4.2
// severity: error
// description: A pairing started before the first day of the as-of month with fewer than $min_projects co-construction projects started on or before the as-of date (每个派出单位至少要与结对村（社区）建立1个共建项目). A pairing started in the as-of month is not judged yet: the plan gives no set-up time. subject = the pairing; related_ids = the unit and the place.
// params: as_of: the audit date; min_projects: projects per pairing
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (u:Body)-[:SPONSORS]->(p:Pairing)-[:SUPPORTS]->(a:Area)
WHERE p.start_date < substring($as_of, 0, 7) + '-01'
WITH u, p, a, size([(p)-[:RUNS]->(j:PairingProject) WHERE j.start_date <= $as_of | 1]) AS projects
WHERE projects < $min_projects
OPTIONAL MATCH (a)-[:BELONGS_TO*0..]->(t:Area {level: 'township'})
RETURN t.id AS township_id, t.name AS township_name, p.id AS subject_id, p.name AS subject_name, [u.id, a.id] AS related_ids,
       u.name + '与' + a.name + '结对共建（' + p.start_date + '起），共建项目' + toString(projects) + '个，至少应有' + toString($min_projects) + '个（DL-4.2）。' AS message_zh,
       'The pairing of ' + u.name + ' with ' + a.name + ' (since ' + p.start_date + ') has ' + toString(projects) + ' co-construction project(s); at least ' + toString($min_projects) + ' required (DL-4.2).' AS message_en
ORDER BY township_id, subject_id
