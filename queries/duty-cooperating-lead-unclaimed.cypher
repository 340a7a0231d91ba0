// 职责清单：配合事项的牵头部门未承担该事项 / Duty lists: the named lead of a cooperating item does not claim it
// id: duty-cooperating-lead-unclaimed
// title_zh: 职责清单：配合事项的牵头部门未承担该事项
// title_en: Duty lists: the named lead of a cooperating item does not claim it
// clause: DL-1.3-list
// severity: warning
// description: A township cooperates on an item (its cooperating list in force) whose named lead is department X; X has at least one list in force (taken-back lists aside) and none of them includes the item. The township cooperates with a lead that does not know it leads. Warning: wording differences give different duty ids in mapped lists. Departments with no list loaded are not judged. subject = the duty; related_ids = the cooperating list, the township's cooperating bodies on it and X.
// params: as_of: the audit date (ISO)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (xa:Area)<-[:GOVERNS]-(x:Body {kind: 'department'})-[r:HOLDS_DUTY {role: 'lead'}]->(d:Duty)
// the departments' leads named on a cooperating list (a few per department), not every row of every
// cooperating list tested against every department above its township
WITH DISTINCT x, xa, d, r.list_id AS list_id
MATCH (cl:DutyList {id: list_id})
WHERE cl.kind = 'cooperating' AND cl.effective_date <= $as_of AND (cl.superseded_on IS NULL OR cl.superseded_on > $as_of)
  AND (cl)-[:INCLUDES]->(d)
// the list is a township's, and the department sits above that township (walked up from the township)
WITH DISTINCT x, xa, d, cl
MATCH (cl)<-[:OWNS]-(:Body)-[:GOVERNS|SERVES]->(t:Area {level: 'township'})
MATCH (t)-[:BELONGS_TO*1..]->(up:Area)
WHERE up = xa
WITH DISTINCT t, cl, d, x
MATCH (x)-[:OWNS]->(xl:DutyList)
WHERE xl.kind <> 'taken_back' AND xl.effective_date <= $as_of AND (xl.superseded_on IS NULL OR xl.superseded_on > $as_of)
WITH DISTINCT t, cl, d, x, xl
// does a list in force of the lead include the row? (an Expand Into from each list to the duty)
OPTIONAL MATCH (xl)-[inc:INCLUDES]->(d)
WITH t, cl, d, x, count(inc) AS kept
WHERE kept = 0
OPTIONAL MATCH (c:Body)-[rc:HOLDS_DUTY {role: 'cooperating'}]->(d)
WHERE rc.list_id = cl.id
WITH t, cl, d, x, collect(DISTINCT c.id) AS coop_ids
RETURN t.id AS township_id, t.name AS township_name, d.id AS subject_id, d.name AS subject_name,
       [cl.id, x.id] + coop_ids AS related_ids,
       '「' + cl.name + '」中「' + d.name + '」的牵头单位是' + x.name + '，但其现行清单未列有该事项（DL-1.3）。' AS message_zh,
       '"' + cl.name + '" names ' + x.name + ' as the lead of "' + d.name + '", but no list in force of ' + x.name + ' holds it (DL-1.3).' AS message_en
ORDER BY township_id, subject_id, message_en
