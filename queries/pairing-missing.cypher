// 派出单位未与选派干部所在村（社区）结对 / A sending unit not paired with the place of its cadre
// id: pairing-missing
// title_zh: 派出单位未与选派干部所在村（社区）结对
// title_en: A sending unit not paired with the place of its cadre
// clause: DL-4.2
// severity: error
// description: A unit that sends a cadre in post on the as-of date to a village or community and has no pairing with that place started on or before the as-of date (与选派干部所在村（社区）党组织结成“共建对子”). One finding per unit and place. subject = the place; related_ids = the unit and its assignments there.
// params: as_of: the audit date
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (u:Body)-[:SENDS]->(c:CadreAssignment)-[:POSTS_TO]->(a:Area)
WHERE c.start_date <= $as_of AND (c.end_date IS NULL OR c.end_date > $as_of)
WITH u, a, c ORDER BY c.id
WITH u, a, collect(c.id) AS assignments
OPTIONAL MATCH (u)-[:SPONSORS]->(p:Pairing)-[:SUPPORTS]->(a)
WHERE p.start_date <= $as_of
WITH u, a, assignments, count(p) AS pairings
WHERE pairings = 0
OPTIONAL MATCH (a)-[:BELONGS_TO*0..]->(t:Area {level: 'township'})
RETURN t.id AS township_id, t.name AS township_name, a.id AS subject_id, a.name AS subject_name, [u.id] + assignments AS related_ids,
       u.name + '向' + a.name + '选派干部，但未与其结成共建对子（DL-4.2）。' AS message_zh,
       u.name + ' sends a cadre to ' + a.name + ' but has no pairing with it (DL-4.2).' AS message_en
ORDER BY township_id, subject_id, message_en
