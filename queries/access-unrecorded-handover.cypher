// 职责准入：乡镇承担部门清单事项但无交办记录 / Duty access: a township leads a department's duty with no recorded hand-over
// id: access-unrecorded-handover
// title_zh: 职责准入：乡镇承担部门清单事项但无交办记录
// title_en: Duty access: a township leads a department's duty with no recorded hand-over
// clause: DL-1.3-access
// severity: error
// description: A township body (its own bodies, not still-dispatched ones) leads a duty on a current list while a department of the township's county leads the same duty on its own current list, and no hand-over of that duty from that department to any body of the township is recorded. Items confirmed as one duty (SAME_AS, from matches.yaml) are the same duty here. subject = the duty; related_ids = the township lead(s), the department and the department's list(s).
// params: as_of: the audit date (ISO), lists in force on it count
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (t:Area {level: 'township'})<-[:GOVERNS|SERVES]-(b:Body)
WHERE b.kind <> 'dispatched' OR b.dispatch_status = 'integrated'
MATCH (b)-[h:HOLDS_DUTY {role: 'lead'}]->(d:Duty)
WITH DISTINCT t, b, d, h.list_id AS list_id
MATCH (l:DutyList {id: list_id})
WHERE l.effective_date <= $as_of AND (l.superseded_on IS NULL OR l.superseded_on > $as_of) AND l.kind <> 'taken_back'
WITH t, d, collect(DISTINCT b) AS leads
// same duty (issue 13): the duty's items (itself and those confirmed as the same duty, SAME_AS),
// found once, so that each department's holding below is an Expand Into between two bound nodes
WITH d, collect({t: t, leads: leads}) AS rows
WITH d, rows, [(d)-[:SAME_AS*0..]-(x:Duty) | x] AS items
UNWIND rows AS row
WITH row.t AS t, d, row.leads AS leads, items
MATCH (t)-[:BELONGS_TO]->(:Area)<-[:GOVERNS]-(dep:Body)
WHERE dep.kind = 'department' AND dep.level = 'county'
WITH t, d, leads, items, dep
UNWIND items AS dd
WITH DISTINCT t, d, leads, dep, dd
MATCH (dep)-[hd:HOLDS_DUTY {role: 'lead'}]->(dd)
WITH DISTINCT t, d, leads, dep, hd.list_id AS dep_list_id, dd
MATCH (dl:DutyList {id: dep_list_id})
WHERE dl.effective_date <= $as_of AND (dl.superseded_on IS NULL OR dl.superseded_on > $as_of) AND dl.kind <> 'taken_back'
WITH t, leads, d, dep, dl, dd
MATCH (dep)-[:OWNS]->(dl)-[:INCLUDES]->(dd)
WITH DISTINCT t, leads, d, dep, dl
UNWIND leads AS b
OPTIONAL MATCH (dep)-[:HANDS_OVER]->(ho:Handover)
WHERE ho.date <= $as_of AND (ho.end_date IS NULL OR ho.end_date > $as_of)
  AND (ho)-[:TRANSFERS]->(:Duty)-[:SAME_AS*0..]-(d) AND (ho)-[:ASSIGNS_TO]->(:Body)-[:GOVERNS|SERVES]->(t)
WITH t, d, dep, b, dl, count(ho) AS handovers
WHERE handovers = 0
WITH t, d, dep, b, dl ORDER BY b.id, dl.id
WITH t, d, dep, collect(DISTINCT b.id) AS lead_ids, collect(DISTINCT b.name) AS lead_names, collect(DISTINCT dl.id) AS list_ids, collect(DISTINCT dl.name) AS list_names
WITH t, d, dep, lead_ids, list_ids,
     reduce(s = '', x IN lead_names | s + CASE WHEN s = '' THEN '' ELSE '、' END + x) AS leads,
     reduce(s = '', x IN list_names | s + CASE WHEN s = '' THEN '' ELSE '、' END + x) AS lists
RETURN t.id AS township_id, t.name AS township_name, d.id AS subject_id, d.name AS subject_name,
       lead_ids + [dep.id] + list_ids AS related_ids,
       leads + '牵头承担「' + d.name + '」，而该事项列在' + dep.name + '的「' + lists + '」中，没有交办记录（违反职责准入制度，DL-1.3）。' AS message_zh,
       leads + ' leads "' + d.name + '", which ' + dep.name + ' also leads on its own list "' + lists + '", with no recorded hand-over (duty-access rule, DL-1.3).' AS message_en
ORDER BY township_id, subject_id, message_en
