// 职责空白：配合事项找不到牵头单位 / Duty gap: a cooperating item whose lead is named nowhere
// id: duty-cooperating-orphan
// title_zh: 职责空白：配合事项找不到牵头单位
// title_en: Duty gap: a cooperating item whose lead is named nowhere
// clause: DL-1.3-list
// severity: warning
// description: A row of a current list (lists in force on the audit date only; taken-back lists ignored) that names cooperating bodies but no lead, for a duty that no current list leads anywhere in the list's jurisdiction line (the owner's area, the areas above it, or the areas within it): the bodies cooperate with a lead named nowhere. subject = the duty; related_ids = the list and the cooperating bodies.
// params: as_of: the audit date (ISO), lists in force on it count
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (c:Body)-[rh:HOLDS_DUTY]->(d:Duty)
WITH d, rh.list_id AS list_id, collect(rh.role) AS roles, collect(CASE WHEN rh.role = 'cooperating' THEN c END) AS coops
WHERE size(coops) > 0 AND NOT 'lead' IN roles
MATCH (l:DutyList {id: list_id})
WHERE l.effective_date <= $as_of AND (l.superseded_on IS NULL OR l.superseded_on > $as_of) AND l.kind <> 'taken_back'
  AND (l)-[:INCLUDES]->(d)
WITH d, l, coops
MATCH (o:Body)-[:OWNS]->(l)
UNWIND coops AS c
WITH o, l, d, c ORDER BY c.id
WITH o, l, d, collect(c.id) AS coop_ids, collect(c.name) AS coop_names
MATCH (o)-[:GOVERNS|SERVES]->(a:Area)
WITH o, l, d, a, coop_ids, coop_names, [a] + [(a)-[:BELONGS_TO*1..]->(u:Area) | u] + [(a)<-[:BELONGS_TO*1..]-(w:Area) | w] AS line
UNWIND line AS xa
OPTIONAL MATCH (xa)<-[:GOVERNS|SERVES]-(x:Body)
OPTIONAL MATCH (x)-[hx:HOLDS_DUTY {role: 'lead'}]->(d)
WITH o, l, d, a, coop_ids, coop_names, hx.list_id AS lead_list
OPTIONAL MATCH (lx:DutyList {id: lead_list})
WHERE lx.effective_date <= $as_of AND (lx.superseded_on IS NULL OR lx.superseded_on > $as_of) AND lx.kind <> 'taken_back'
WITH o, l, d, a, coop_ids, coop_names, count(lx) AS leads
WHERE leads = 0
OPTIONAL MATCH (a)-[:BELONGS_TO*0..]->(tw:Area {level: 'township'})
WITH l, d, a, tw, coop_ids,
     reduce(s = '', x IN coop_names | s + CASE WHEN s = '' THEN '' ELSE '、' END + x) AS joined
RETURN tw.id AS township_id, tw.name AS township_name, d.id AS subject_id, d.name AS subject_name,
       [l.id] + coop_ids AS related_ids,
       '「' + l.name + '」中的配合事项「' + d.name + '」由' + joined + '配合，但' + a.name + '范围内的现行清单均未明确牵头单位（职责空白，DL-1.3）。' AS message_zh,
       'Cooperating item "' + d.name + '" on "' + l.name + '" (cooperating: ' + joined + ') has no lead named on any current list in ' + a.name + ' (gap, DL-1.3).' AS message_en
ORDER BY coalesce(township_id, ''), subject_id, related_ids[0]
