// 人口恰为1500人的村无法判定大村小村 / A village of exactly 1,500 people is in both classes
// id: fund-village-threshold
// title_zh: 人口恰为1500人的村无法判定大村小村
// title_en: A village of exactly 1,500 people is in both classes
// clause: DL-4.4-threshold
// severity: info
// description: A village whose population is exactly $village_threshold. 以上 and 以下 both include the number (民法典 art. 1259), so it is both a large and a small village; kg never picks a class and fund-amount-mismatch does not judge its amount. Reported whether or not it has fund records. subject = the village; related_ids = its fund records.
// params: village_threshold: the population dividing large and small villages
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (a:Area {level: 'village'})
WHERE a.population = $village_threshold
OPTIONAL MATCH (f:SpecialFund)-[:FUNDS]->(a)
WITH a, f ORDER BY f.year, f.id
WITH a, collect(f.id) AS funds,
     collect(toString(f.year) + '年' + toString(f.amount_yuan) + '元') AS amounts_zh,
     collect(toString(f.year) + ': ' + toString(f.amount_yuan) + ' yuan') AS amounts_en
OPTIONAL MATCH (a)-[:BELONGS_TO*0..]->(t:Area {level: 'township'})
WITH a, t, funds,
     CASE WHEN size(funds) = 0 THEN '无' ELSE reduce(s = '', x IN amounts_zh | s + CASE WHEN s = '' THEN '' ELSE '、' END + x) END AS recorded_zh,
     CASE WHEN size(funds) = 0 THEN 'none' ELSE reduce(s = '', x IN amounts_en | s + CASE WHEN s = '' THEN '' ELSE '; ' END + x) END AS recorded_en
RETURN t.id AS township_id, t.name AS township_name, a.id AS subject_id, a.name AS subject_name, funds AS related_ids,
       a.name + '人口恰为' + toString($village_threshold) + '人，按“以上”“以下”均含本数，既属大村也属小村，不能判定专项经费标准；已记录金额：' + recorded_zh + '（DL-4.4-threshold）。' AS message_zh,
       a.name + ' has exactly ' + toString($village_threshold) + ' people: "and above" and "and below" both include the number, so it is both a large and a small village and its fund standard cannot be decided; amounts recorded: ' + recorded_en + ' (DL-4.4-threshold).' AS message_en
ORDER BY township_id, subject_id
