// 党群服务中心面积未达标 / Party–mass service centre below the floor-area standard
// id: service-centre-below-standard
// title_zh: 党群服务中心面积未达标
// title_en: Party–mass service centre below the floor-area standard
// clause: DL-3.3
// severity: warning
// description: After the plan's deadline ($deadline), a sub-district (township with subtype 街道) whose service centres in force (opened on or before the as-of date) sum to less than $sub_district_min_m2 m², or a community (with households) whose centres sum to less than households × $community_m2_per_100_households / 100 m². No centre counts as 0 m²; equality meets the standard. Judged only in a graph that records service centres. Warning: 力争 and 一般不小于 make it a target. subject = the area; related_ids = its centres.
// params: as_of: the audit date; deadline: the plan's deadline for the centres; sub_district_min_m2: a sub-district centre's minimum floor area; community_m2_per_100_households: a community centre's floor area per 100 households
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (sc0:ServiceCentre)
WITH sc0 LIMIT 1
MATCH (a:Area)
WHERE $as_of > $deadline
  AND ((a.level = 'township' AND a.subtype = '街道') OR (a.level = 'community' AND a.households IS NOT NULL))
OPTIONAL MATCH (sc:ServiceCentre)-[:LOCATED_IN]->(a)
WHERE sc.opened_date IS NULL OR sc.opened_date <= $as_of
WITH a, sc ORDER BY sc.id
WITH a, sum(coalesce(sc.floor_area_m2, 0)) AS area, collect(sc.id) AS ids
WITH a, area, ids,
     CASE WHEN a.level = 'township' THEN toFloat($sub_district_min_m2)
          ELSE toFloat(a.households) * $community_m2_per_100_households / 100.0 END AS required
WHERE area < required
OPTIONAL MATCH (a)-[:BELONGS_TO*0..]->(t:Area {level: 'township'})
WITH a, t, ids, toInteger(round(area * 10)) AS a10, toInteger(round(required * 10)) AS r10,
     toInteger(round((required - area) * 10)) AS s10
WITH a, t, ids, toString(a10 / 10) + '.' + toString(a10 % 10) AS area_s,
     toString(r10 / 10) + '.' + toString(r10 % 10) AS required_s, toString(s10 / 10) + '.' + toString(s10 % 10) AS short_s
RETURN t.id AS township_id, t.name AS township_name, a.id AS subject_id, a.name AS subject_name, ids AS related_ids,
       a.name + '党群服务中心面积' + area_s + '平方米，低于标准' + required_s + '平方米，差' + short_s + '平方米到期（' + $deadline + '）（DL-3.3）。' AS message_zh,
       'The Party–mass service centre of ' + a.name + ' has ' + area_s + ' m², below the standard of ' + required_s + ' m², short by ' + short_s + ' m² after the deadline (' + $deadline + ') (DL-3.3).' AS message_en
ORDER BY township_id, subject_id
