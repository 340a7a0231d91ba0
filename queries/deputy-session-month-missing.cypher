// 村（社区）当月没有代表委员社情民意恳谈 / A month without a deputies' session in a village or community
// id: deputy-session-month-missing
// title_zh: 村（社区）当月没有代表委员社情民意恳谈
// title_en: A month without a deputies' session in a village or community
// clause: DL-4.3
// severity: warning
// description: For each village and community, every month from the first month due (sessions_from on the place or the nearest area above it, else the month of the place's first session) to the month before the as-of month (a month is judged when it is over) with fewer than $sessions_per_month sessions attended by a deputy or member (participant_kinds not empty). A place with neither is not judged. One finding per place and month. subject = the place; related_ids = the month (YYYY-MM).
// params: as_of: the audit date; sessions_per_month: sessions due each month
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (a:Area)
WHERE a.level IN ['village', 'community']
OPTIONAL MATCH path = (a)-[:BELONGS_TO*0..]->(u:Area)
WHERE u.sessions_from IS NOT NULL
WITH a, collect([length(path), u.sessions_from]) AS cands
WITH a, reduce(best = null, c IN cands | CASE WHEN c[1] IS NULL THEN best WHEN best IS NULL OR c[0] < best[0] THEN c ELSE best END) AS nearest,
     [(s:DeputySession)-[:HELD_IN]->(a) WHERE s.date < $as_of AND size(coalesce(s.participant_kinds, [])) > 0 | substring(s.date, 0, 7)] AS months
WITH a, months, coalesce(nearest[1], reduce(m = null, x IN months | CASE WHEN m IS NULL OR x < m THEN x ELSE m END)) AS first
WHERE first IS NOT NULL
WITH a, months, toInteger(substring(first, 0, 4)) * 12 + toInteger(substring(first, 5, 2)) - 1 AS k0,
     toInteger(substring($as_of, 0, 4)) * 12 + toInteger(substring($as_of, 5, 2)) - 2 AS k1
UNWIND range(k0, k1) AS k
WITH a, months, toString(k / 12) + '-' + CASE WHEN k % 12 + 1 < 10 THEN '0' ELSE '' END + toString(k % 12 + 1) AS month
WHERE size([m IN months WHERE m = month]) < $sessions_per_month
OPTIONAL MATCH (a)-[:BELONGS_TO*0..]->(t:Area {level: 'township'})
RETURN t.id AS township_id, t.name AS township_name, a.id AS subject_id, a.name AS subject_name, [month] AS related_ids,
       a.name + month + '没有开展代表委员社情民意恳谈（每月' + toString($sessions_per_month) + '次，DL-4.3）。' AS message_zh,
       "No deputies' session was held in " + a.name + ' in ' + month + ' (' + toString($sessions_per_month) + ' a month, DL-4.3).' AS message_en
ORDER BY township_id, subject_id, message_en
