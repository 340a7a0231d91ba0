// 结对共建未明确负责的班子成员 / A pairing with no responsible member of the unit's leadership
// id: pairing-no-leader
// title_zh: 结对共建未明确负责的班子成员
// title_en: A pairing with no responsible member of the unit's leadership
// clause: DL-4.2
// severity: warning
// description: A pairing started on or before the as-of date that names no leader (明确1名本单位班子成员负责结对共建工作). subject = the pairing; related_ids = the unit and the place.
// params: as_of: the audit date
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (u:Body)-[:SPONSORS]->(p:Pairing)-[:SUPPORTS]->(a:Area)
WHERE p.start_date <= $as_of AND (p.leader IS NULL OR trim(p.leader) = '')
OPTIONAL MATCH (a)-[:BELONGS_TO*0..]->(t:Area {level: 'township'})
RETURN t.id AS township_id, t.name AS township_name, p.id AS subject_id, p.name AS subject_name, [u.id, a.id] AS related_ids,
       u.name + '与' + a.name + '的结对共建未明确1名本单位班子成员负责（DL-4.2）。' AS message_zh,
       'The pairing of ' + u.name + ' with ' + a.name + " names no member of the unit's leadership as responsible (DL-4.2)." AS message_en
ORDER BY township_id, subject_id
