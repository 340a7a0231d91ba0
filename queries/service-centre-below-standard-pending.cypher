// 党群服务中心面积尚未达标（期限未到） / Party–mass service centre not yet up to standard (before the deadline)
// id: service-centre-below-standard-pending
// title_zh: 党群服务中心面积尚未达标（期限未到）
// title_en: Party–mass service centre not yet up to standard (before the deadline)
// clause: DL-3.3
// severity: info
// description: On or before the plan's deadline ($deadline): the same shortfall as service-centre-below-standard, reported as progress (info). subject = the area; related_ids = its centres.
// params: as_of: the audit date; deadline: the plan's deadline for the centres; sub_district_min_m2: a sub-district centre's minimum floor area; community_m2_per_100_households: a community centre's floor area per 100 households
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (sc0:ServiceCentre)
WITH sc0 LIMIT 1
MATCH (a:Area)
WHERE $as_of <= $deadline
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
       a.name + '党群服务中心面积' + area_s + '平方米，低于标准' + required_s + '平方米，差' + short_s + '平方米（期限' + $deadline + '前）（DL-3.3）。' AS message_zh,
       'The Party–mass service centre of ' + a.name + ' has ' + area_s + ' m², below the standard of ' + required_s + ' m², short by ' + short_s + ' m² (deadline ' + $deadline + ') (DL-3.3).' AS message_en
ORDER BY township_id, subject_id
