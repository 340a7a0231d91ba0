// 强能：新增编制尚未全部下达乡镇 / Capacity: new staffing posts not yet passed on to townships
// id: posts-not-allotted
// title_zh: 强能：新增编制尚未全部下达乡镇
// title_en: Capacity: new staffing posts not yet passed on to townships
// clause: DL-1.1-posts
// severity: info
// description: The new staffing posts allotted (dated on or before the audit date) to the townships of a city add up to less than the plan's city-wide number, or a county has received posts it has not allotted to its townships; the message gives the number left. A city is judged once any allotment is recorded in it. subject = the city or county (township null); related_ids = the allotments to its townships and those it received.
// params: as_of: the audit date; city_new_posts: the plan's city-wide number of new posts (1,500)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (up:Area)
WHERE up.level IN ['city', 'county']
WITH up,
     size([(up)-[:ALLOTS]->(s1:StaffingAllotment) WHERE s1.date <= $as_of | 1]) AS gives,
     size([(up)<-[:ALLOTS_TO]-(s2:StaffingAllotment) WHERE s2.date <= $as_of | 1]) AS gets,
     size([(up)<-[:BELONGS_TO]-(:Area)<-[:ALLOTS_TO]-(s3:StaffingAllotment) WHERE s3.date <= $as_of | 1]) AS below
WHERE gives + gets > 0 OR (up.level = 'city' AND below > 0)
OPTIONAL MATCH (up)<-[:ALLOTS_TO]-(r:StaffingAllotment)
WHERE r.date <= $as_of
WITH up, r ORDER BY r.id
WITH up, collect(r.id) AS received_ids, toInteger(sum(coalesce(r.posts, 0))) AS received_posts
WITH up, received_ids, CASE WHEN up.level = 'city' THEN $city_new_posts ELSE received_posts END AS available
MATCH (t:Area {level: 'township'})-[:BELONGS_TO*1..2]->(up)
OPTIONAL MATCH (a:StaffingAllotment)-[:ALLOTS_TO]->(t)
WHERE a.date <= $as_of
WITH up, received_ids, available, a ORDER BY a.id
WITH up, received_ids, available, toInteger(sum(coalesce(a.posts, 0))) AS allotted, collect(a.id) AS ids
WHERE allotted < available
RETURN null AS township_id, null AS township_name, up.id AS subject_id, up.name AS subject_name,
       ids + CASE WHEN up.level = 'city' THEN [] ELSE received_ids END AS related_ids,
       up.name + '可用新增行政事业编制' + toString(available) + '名，已下达乡镇（街道）' + toString(allotted) + '名，尚有' + toString(available - allotted) + '名未下达（DL-1.1）。' AS message_zh,
       up.name + ' has ' + toString(available) + ' new staffing posts and has allotted ' + toString(allotted) + ' to townships: ' + toString(available - allotted) + ' not yet passed on (DL-1.1).' AS message_en
ORDER BY subject_id
