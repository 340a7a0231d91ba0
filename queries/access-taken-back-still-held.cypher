// 职责准入：已收回事项乡镇仍在承担 / Duty access: a taken-back duty the township still holds
// id: access-taken-back-still-held
// title_zh: 职责准入：已收回事项乡镇仍在承担
// title_en: Duty access: a taken-back duty the township still holds
// clause: DL-1.3-access
// severity: error
// description: A duty on a current taken-back list (上级部门收回事项清单) of a township that a body of the same township (its own bodies, not still-dispatched ones) still leads or cooperates on, on another current list (the duty itself or an item confirmed as the same duty, SAME_AS from matches.yaml). subject = the duty; related_ids = the taken-back list(s), the holding bodies and their lists.
// params: as_of: the audit date (ISO), lists in force on it count
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (o:Body)-[:OWNS]->(tb:DutyList)
WHERE tb.kind = 'taken_back' AND tb.effective_date <= $as_of AND (tb.superseded_on IS NULL OR tb.superseded_on > $as_of)
MATCH (o)-[:GOVERNS|SERVES]->(t:Area {level: 'township'})
MATCH (tb)-[:INCLUDES]->(d:Duty)
WITH DISTINCT t, tb, d
MATCH (t)<-[:GOVERNS|SERVES]-(b:Body)
WHERE b.kind <> 'dispatched' OR b.dispatch_status = 'integrated'
WITH t, tb, d, b
MATCH (b)-[h:HOLDS_DUTY]->(:Duty)-[:SAME_AS*0..]-(d)
WITH t, tb, d, b, h, h.list_id AS list_id
MATCH (l:DutyList {id: list_id})
WHERE l.effective_date <= $as_of AND (l.superseded_on IS NULL OR l.superseded_on > $as_of) AND l.kind <> 'taken_back'
WITH t, d, tb, b, l, h ORDER BY b.id, l.id
WITH t, d, collect(DISTINCT tb.id) AS back_ids, collect(DISTINCT tb.name) AS back_names,
     collect(DISTINCT b.id) AS holder_ids, collect(DISTINCT b.name + '（' + CASE h.role WHEN 'lead' THEN '牵头' ELSE '配合' END + '）') AS holders_zh,
     collect(DISTINCT b.name + ' (' + h.role + ')') AS holders_en, collect(DISTINCT l.id) AS list_ids
WITH t, d, back_ids, holder_ids, list_ids,
     reduce(s = '', x IN back_names | s + CASE WHEN s = '' THEN '' ELSE '、' END + x) AS backs,
     reduce(s = '', x IN holders_zh | s + CASE WHEN s = '' THEN '' ELSE '、' END + x) AS hz,
     reduce(s = '', x IN holders_en | s + CASE WHEN s = '' THEN '' ELSE ', ' END + x) AS he
RETURN t.id AS township_id, t.name AS township_name, d.id AS subject_id, d.name AS subject_name,
       back_ids + holder_ids + list_ids AS related_ids,
       '「' + d.name + '」已列入「' + backs + '」，但' + hz + '仍在承担（DL-1.3）。' AS message_zh,
       '"' + d.name + '" is on the taken-back list "' + backs + '" but is still held by ' + he + ' (DL-1.3).' AS message_en
ORDER BY township_id, subject_id
