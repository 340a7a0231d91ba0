// 职责空白：事项无牵头单位 / Duty gap: an item nobody leads
// id: duty-gap
// title_zh: 职责空白：事项无牵头单位
// title_en: Duty gap: an item nobody leads
// clause: DL-1.3-list
// severity: error
// description: A row of a current list (lists in force on the audit date only; taken-back lists ignored) that names neither a lead nor a cooperating body, for a duty that no current list leads anywhere in the list's jurisdiction line (the owner's area, the areas above it, or the areas within it); leading an item confirmed as the same duty (SAME_AS, from matches.yaml) counts. subject = the duty; related_ids = the list.
// params: as_of: the audit date (ISO), lists in force on it count
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (d:Duty)
WITH d, [(l:DutyList)-[:INCLUDES]->(d) WHERE l.effective_date <= $as_of AND (l.superseded_on IS NULL OR l.superseded_on > $as_of) AND l.kind <> 'taken_back' | [l.id, 'row']] AS rows,
     [(:Body)-[rh:HOLDS_DUTY]->(d) | [rh.list_id, 'held']] AS held
UNWIND rows + held AS e
WITH d, e[0] AS list_id, collect(e[1]) AS tags
WHERE all(x IN tags WHERE x = 'row')
MATCH (l:DutyList {id: list_id})
WHERE (l)-[:INCLUDES]->(d)
WITH d, l
MATCH (o:Body)-[:OWNS]->(l)
MATCH (o)-[:GOVERNS|SERVES]->(a:Area)
WITH o, l, d, a, [a] + [(a)-[:BELONGS_TO*1..]->(u:Area) | u] + [(a)<-[:BELONGS_TO*1..]-(w:Area) | w] AS line
UNWIND line AS xa
OPTIONAL MATCH (xa)<-[:GOVERNS|SERVES]-(x:Body)
OPTIONAL MATCH (x)-[hx:HOLDS_DUTY {role: 'lead'}]->(:Duty)-[:SAME_AS*0..]-(d)
WITH o, l, d, a, hx.list_id AS lead_list
OPTIONAL MATCH (lx:DutyList {id: lead_list})
WHERE lx.effective_date <= $as_of AND (lx.superseded_on IS NULL OR lx.superseded_on > $as_of) AND lx.kind <> 'taken_back'
WITH o, l, d, a, count(lx) AS leads
WHERE leads = 0
OPTIONAL MATCH (a)-[:BELONGS_TO*0..]->(tw:Area {level: 'township'})
RETURN tw.id AS township_id, tw.name AS township_name, d.id AS subject_id, d.name AS subject_name,
       [l.id] AS related_ids,
       '「' + l.name + '」中的事项「' + d.name + '」没有牵头单位，也没有配合单位，' + a.name + '范围内的现行清单均未明确牵头单位（职责空白，DL-1.3）。' AS message_zh,
       'Item "' + d.name + '" on "' + l.name + '" names no lead and no cooperating body, and no current list in ' + a.name + ' names a lead for it (gap, DL-1.3).' AS message_en
ORDER BY coalesce(township_id, ''), subject_id, related_ids[0]
