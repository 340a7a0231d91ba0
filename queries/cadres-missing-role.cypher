// 村（社区）选派干部不足两名两类 / A village or community without its two cadres of the two roles
// id: cadres-missing-role
// title_zh: 村（社区）选派干部不足两名两类
// title_en: A village or community without its two cadres of the two roles
// clause: DL-4.1
// severity: error
// description: After the plan's deadline ($deadline), a village or community whose cadre assignments in force on the as-of date (start ≤ as-of < end) lack a resident cadre (全脱产驻村/社区) or a pairing liaison (结对共建联络员), or name fewer than $cadres_per_unit distinct cadres (one person in both roles is one cadre). Judged only in a graph that records cadre assignments. Error: 将全部到岗 is a firm deadline. subject = the place; related_ids = the assignments in force and their sending units.
// params: as_of: the audit date; deadline: the plan's date by which the cadres are in post; cadres_per_unit: cadres per village or community
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (c0:CadreAssignment)
WITH c0 LIMIT 1
MATCH (a:Area)
WHERE a.level IN ['village', 'community'] AND $as_of > $deadline
OPTIONAL MATCH (u:Body)-[:SENDS]->(c:CadreAssignment)-[:POSTS_TO]->(a)
WHERE c.start_date <= $as_of AND (c.end_date IS NULL OR c.end_date > $as_of)
WITH a, u, c ORDER BY c.id, u.id
WITH a, collect(c.id) AS ids, collect(DISTINCT u.id) AS units, collect(c.role) AS roles, collect(DISTINCT c.cadre) AS people
WITH a, ids, units, size(people) AS n_people, NOT ('resident' IN roles) AS no_resident, NOT ('pairing_liaison' IN roles) AS no_liaison
WHERE no_resident OR no_liaison OR n_people < $cadres_per_unit
OPTIONAL MATCH (a)-[:BELONGS_TO*0..]->(t:Area {level: 'township'})
WITH a, t, ids + units AS related, n_people,
     CASE WHEN no_resident THEN '没有全脱产驻村（社区）干部；' ELSE '' END
       + CASE WHEN no_liaison THEN '没有结对共建联络员；' ELSE '' END
       + CASE WHEN n_people < $cadres_per_unit THEN '在岗干部' + toString(n_people) + '名，少于' + toString($cadres_per_unit) + '名；' ELSE '' END AS what_zh,
     CASE WHEN no_resident THEN 'no full-time resident cadre; ' ELSE '' END
       + CASE WHEN no_liaison THEN 'no pairing liaison; ' ELSE '' END
       + CASE WHEN n_people < $cadres_per_unit THEN toString(n_people) + ' cadre(s) in post, fewer than ' + toString($cadres_per_unit) + '; ' ELSE '' END AS what_en
RETURN t.id AS township_id, t.name AS township_name, a.id AS subject_id, a.name AS subject_name, related AS related_ids,
       a.name + '到期（' + $deadline + '）' + what_zh + '应选派' + toString($cadres_per_unit) + '名干部，1名全脱产驻村（社区）、1名结对共建联络员（DL-4.1）。' AS message_zh,
       a.name + ' after the deadline (' + $deadline + '): ' + what_en + 'the plan sends ' + toString($cadres_per_unit) + ' cadres, one full-time resident and one pairing liaison (DL-4.1).' AS message_en
ORDER BY township_id, subject_id
