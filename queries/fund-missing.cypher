// 村（社区）缺少年度专项经费记录 / A village or community without a year's special fund
// id: fund-missing
// title_zh: 村（社区）缺少年度专项经费记录
// title_en: A village or community without a year's special fund
// clause: DL-4.4
// severity: warning
// description: For each village and community, the years from the plan year $plan_year to the year before the as-of year (the current year is not over) with no special fund record. Judged only in a graph that records special funds at all (a dataset without fund records does not track them). One finding per place; subject = the place; related_ids = the missing years.
// params: as_of: the audit date; plan_year: the plan's year
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (f0:SpecialFund)
WITH f0 LIMIT 1
MATCH (a:Area)
WHERE a.level IN ['village', 'community']
WITH a, [(f:SpecialFund)-[:FUNDS]->(a) | f.year] AS have
WITH a, [y IN range($plan_year, toInteger(substring($as_of, 0, 4)) - 1) WHERE NOT y IN have | toString(y)] AS missing
WHERE size(missing) > 0
OPTIONAL MATCH (a)-[:BELONGS_TO*0..]->(t:Area {level: 'township'})
WITH a, t, missing, reduce(s = '', y IN missing | s + CASE WHEN s = '' THEN '' ELSE '、' END + y) AS years_zh,
     reduce(s = '', y IN missing | s + CASE WHEN s = '' THEN '' ELSE ', ' END + y) AS years_en
RETURN t.id AS township_id, t.name AS township_name, a.id AS subject_id, a.name AS subject_name, missing AS related_ids,
       a.name + '没有' + years_zh + '年度的服务群众专项经费记录（DL-4.4）。' AS message_zh,
       a.name + ' has no special fund record for ' + years_en + ' (DL-4.4).' AS message_en
ORDER BY township_id, subject_id
