// 服务群众专项经费金额不符合标准 / Special fund amount differs from the standard
// id: fund-amount-mismatch
// title_zh: 服务群众专项经费金额不符合标准
// title_en: Special fund amount differs from the standard
// clause: DL-4.4
// severity: error
// description: A special fund record of a year up to the as-of year whose amount differs from its class: a community $community_yuan, a village of more than $village_threshold people $large_village_yuan, of fewer $small_village_yuan. A village of exactly $village_threshold people is not judged here (fund-village-threshold, DL-4.4-threshold). subject = the fund record; related_ids = the village or community.
// params: as_of: the audit date; community_yuan: a community's yearly fund; large_village_yuan: a large village's yearly fund; small_village_yuan: a small village's yearly fund; village_threshold: the population dividing large and small villages
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (f:SpecialFund)-[:FUNDS]->(a:Area)
WHERE f.year <= toInteger(substring($as_of, 0, 4))
WITH f, a, CASE
  WHEN a.level = 'community' THEN $community_yuan
  WHEN a.level = 'village' AND a.population > $village_threshold THEN $large_village_yuan
  WHEN a.level = 'village' AND a.population < $village_threshold THEN $small_village_yuan
END AS expected
WHERE expected IS NOT NULL AND f.amount_yuan <> expected
OPTIONAL MATCH (a)-[:BELONGS_TO*0..]->(t:Area {level: 'township'})
RETURN t.id AS township_id, t.name AS township_name, f.id AS subject_id, f.name AS subject_name, [a.id] AS related_ids,
       a.name + toString(f.year) + '年服务群众专项经费' + toString(f.amount_yuan) + '元，标准应为' + toString(expected) + '元（DL-4.4）。' AS message_zh,
       'The ' + toString(f.year) + ' special fund of ' + a.name + ' is ' + toString(f.amount_yuan) + ' yuan; the standard is ' + toString(expected) + ' yuan (DL-4.4).' AS message_en
ORDER BY township_id, subject_id
