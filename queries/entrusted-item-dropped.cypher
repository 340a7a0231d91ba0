// 职责清单：部门委托事项后从本部门清单删除 / Duty lists: a department dropped an item it entrusted
// id: entrusted-item-dropped
// title_zh: 职责清单：部门委托事项后从本部门清单删除
// title_en: Duty lists: a department dropped an item it entrusted
// clause: DL-1.3-list
// severity: error
// description: A 委托 (entrustment) in force of an item from department X to a township body, while X has at least one list in force (taken-back lists aside) and none of them includes the item. Under entrustment X stays responsible (行政处罚法 art. 20 ¶3; 行政许可法 art. 24), so its 权责清单 must keep the item. Departments with no list loaded are not judged. subject = the hand-over; related_ids = the department, the duty, the receiving body and the department's lists in force.
// params: as_of: the audit date (ISO)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (x:Body)-[:HANDS_OVER]->(h:Handover {mode: '委托'})-[:ASSIGNS_TO]->(b:Body)
WHERE h.date <= $as_of AND (h.end_date IS NULL OR h.end_date > $as_of)
MATCH (h)-[:TRANSFERS]->(d:Duty)
MATCH (x)-[:OWNS]->(xl:DutyList)
WHERE xl.kind <> 'taken_back' AND xl.effective_date <= $as_of AND (xl.superseded_on IS NULL OR xl.superseded_on > $as_of)
WITH x, h, b, d, xl ORDER BY xl.id
WITH x, h, b, d, collect(DISTINCT xl.id) AS list_ids, collect(DISTINCT xl.name) AS list_names
OPTIONAL MATCH (x)-[:OWNS]->(kl:DutyList)-[:INCLUDES]->(d)
WHERE kl.id IN list_ids
WITH x, h, b, d, list_ids, list_names, count(kl) AS kept
WHERE kept = 0
OPTIONAL MATCH (b)-[:GOVERNS|SERVES]->(t:Area {level: 'township'})
WITH x, h, b, d, t, list_ids,
     reduce(s = '', n IN list_names | s + CASE WHEN s = '' THEN '' ELSE '、' END + n) AS lists
RETURN t.id AS township_id, t.name AS township_name, h.id AS subject_id, h.name AS subject_name,
       [x.id, d.id, b.id] + list_ids AS related_ids,
       x.name + '将「' + d.name + '」委托' + b.name + '实施，但其现行清单「' + lists + '」不再列有该事项；委托不转移责任，委托机关应继续承担并列入清单（行政处罚法第二十条，DL-1.3）。' AS message_zh,
       x.name + ' entrusted "' + d.name + '" to ' + b.name + ' but its lists in force ("' + lists + '") no longer hold it; entrustment does not move responsibility, the department must keep the item (Administrative Penalty Law art. 20, DL-1.3).' AS message_en
ORDER BY coalesce(township_id, ''), subject_id
