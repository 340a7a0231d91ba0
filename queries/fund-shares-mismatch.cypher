// 村级专项经费未按市县1:1配套 / Village fund not shared 1:1 by city and county
// id: fund-shares-mismatch
// title_zh: 村级专项经费未按市县1:1配套
// title_en: Village fund not shared 1:1 by city and county
// clause: DL-4.4
// severity: error
// description: A village's special fund record (year up to the as-of year) whose city or county share is missing, whose shares are not in the ratio $city_share:$county_share, or whose shares do not add up to the amount. Community funds are not judged (the text states the split for villages only). subject = the fund record; related_ids = the village.
// params: as_of: the audit date; city_share: the city's part of the ratio; county_share: the county's part of the ratio
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (f:SpecialFund)-[:FUNDS]->(a:Area {level: 'village'})
WHERE f.year <= toInteger(substring($as_of, 0, 4))
  AND (f.city_share_yuan IS NULL OR f.county_share_yuan IS NULL
       OR f.city_share_yuan * $county_share <> f.county_share_yuan * $city_share
       OR f.city_share_yuan + f.county_share_yuan <> f.amount_yuan)
OPTIONAL MATCH (a)-[:BELONGS_TO*0..]->(t:Area {level: 'township'})
WITH f, a, t,
     CASE WHEN f.city_share_yuan IS NULL THEN '未记录' ELSE toString(f.city_share_yuan) + '元' END AS city_zh,
     CASE WHEN f.county_share_yuan IS NULL THEN '未记录' ELSE toString(f.county_share_yuan) + '元' END AS county_zh,
     CASE WHEN f.city_share_yuan IS NULL THEN 'not recorded' ELSE toString(f.city_share_yuan) + ' yuan' END AS city_en,
     CASE WHEN f.county_share_yuan IS NULL THEN 'not recorded' ELSE toString(f.county_share_yuan) + ' yuan' END AS county_en
RETURN t.id AS township_id, t.name AS township_name, f.id AS subject_id, f.name AS subject_name, [a.id] AS related_ids,
       a.name + toString(f.year) + '年专项经费' + toString(f.amount_yuan) + '元，市级' + city_zh + '、县级' + county_zh + '，未按市、县两级财政' + toString($city_share) + ':' + toString($county_share) + '配套（DL-4.4）。' AS message_zh,
       'The ' + toString(f.year) + ' special fund of ' + a.name + ' (' + toString(f.amount_yuan) + ' yuan) has city share ' + city_en + ' and county share ' + county_en + ', not ' + toString($city_share) + ':' + toString($county_share) + ' adding up to the amount (DL-4.4).' AS message_en
ORDER BY township_id, subject_id
