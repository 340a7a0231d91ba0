// 职责准入：收回事项无部门承担 / Duty access: a taken-back item no department leads
// id: access-taken-back-unled
// title_zh: 职责准入：收回事项无部门承担
// title_en: Duty access: a taken-back item no department leads
// clause: DL-1.3-access
// severity: error
// description: An item on a township's taken-back list (上级部门收回事项清单) in force whose named department (the row's lead, 关联单位) has at least one list in force but leads the item on none of them, while no other department of the township's county or city leads it on a list in force: taken back, and nobody holds it. Departments with no list loaded are not judged. subject = the duty; related_ids = the taken-back list and the named department(s).
// params: as_of: the audit date (ISO)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (t:Area {level: 'township'})<-[:GOVERNS|SERVES]-(:Body)-[:OWNS]->(tb:DutyList {kind: 'taken_back'})-[:INCLUDES]->(d:Duty)
WHERE tb.effective_date <= $as_of AND (tb.superseded_on IS NULL OR tb.superseded_on > $as_of)
WITH DISTINCT t, tb, d
// the department that took the item back is above the township: walk up to the departments there and
// test each one's row (an Expand Into); a duty shared by many townships has far more holders
MATCH (t)-[:BELONGS_TO*1..]->(:Area)<-[:GOVERNS]-(x:Body)
WHERE x.kind = 'department'
WITH t, tb, d, x
MATCH (x)-[r:HOLDS_DUTY {role: 'lead'}]->(d)
WHERE r.list_id = tb.id
MATCH (x)-[:OWNS]->(xl:DutyList)
WHERE xl.kind <> 'taken_back' AND xl.effective_date <= $as_of AND (xl.superseded_on IS NULL OR xl.superseded_on > $as_of)
WITH DISTINCT t, tb, d, x
// walk from the township up to the departments above it, then test each one's holding of the duty
// (an Expand Into): a duty shared by many townships has far more holders than a county has departments
OPTIONAL MATCH (t)-[:BELONGS_TO*1..]->(:Area)<-[:GOVERNS]-(dep:Body)
WHERE dep.kind = 'department'
WITH t, tb, d, x, dep
OPTIONAL MATCH (dep)-[h:HOLDS_DUTY {role: 'lead'}]->(d)
WITH t, tb, d, x, h.list_id AS held_list_id
OPTIONAL MATCH (hl:DutyList {id: held_list_id})
WHERE hl.kind <> 'taken_back' AND hl.effective_date <= $as_of AND (hl.superseded_on IS NULL OR hl.superseded_on > $as_of)
WITH t, tb, d, x, count(hl) AS held
WHERE held = 0
WITH t, tb, d, collect(DISTINCT x.id) AS dep_ids, collect(DISTINCT x.name) AS dep_names
WITH t, tb, d, dep_ids, reduce(s = '', n IN dep_names | s + CASE WHEN s = '' THEN '' ELSE '、' END + n) AS deps
RETURN t.id AS township_id, t.name AS township_name, d.id AS subject_id, d.name AS subject_name,
       [tb.id] + dep_ids AS related_ids,
       '「' + d.name + '」列入「' + tb.name + '」由' + deps + '收回，但' + deps + '及其他部门的现行清单均未承担该事项：收回后无人负责（DL-1.3）。' AS message_zh,
       '"' + d.name + '" is on "' + tb.name + '", taken back by ' + deps + ', yet no list in force of ' + deps + ' or of any other department leads it: taken back, and nobody holds it (DL-1.3).' AS message_en
ORDER BY township_id, subject_id
