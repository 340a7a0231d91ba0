// 赋权：以自身名义执行受委托的行政执法事项 / Enforcement: an entrusted enforcement item listed as the township's own
// id: entrusted-enforcement-in-own-name
// title_zh: 赋权：以自身名义执行受委托的行政执法事项
// title_en: Enforcement: an entrusted enforcement item listed as the township's own
// clause: DL-1.2c
// severity: error
// description: A township body (its own bodies, not still-dispatched ones) leads, on a list in force, an item of type 行政处罚, 行政强制, 行政检查 or 行政许可 that the township holds only through a 委托 (entrustment) in force — no 下放 of the item to the township is in force. Under entrustment the township acts in the department's name and the department stays responsible (行政处罚法 art. 20 ¶3–4; 行政许可法 art. 24); listing the item as the township's own lead is enforcement in its own name without conferment (DL-1.2c). subject = the duty; related_ids = the township lead(s), the entrusting department(s), the hand-over(s) and the list(s).
// params: as_of: the audit date (ISO)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (x:Body)-[:HANDS_OVER]->(h:Handover {mode: '委托'})-[:ASSIGNS_TO]->(:Body)-[:GOVERNS|SERVES]->(t:Area {level: 'township'})
WHERE h.date <= $as_of AND (h.end_date IS NULL OR h.end_date > $as_of)
MATCH (h)-[:TRANSFERS]->(d:Duty)
WHERE d.duty_type IN ['行政处罚', '行政强制', '行政检查', '行政许可']
MATCH (t)<-[:GOVERNS|SERVES]-(lb:Body)-[r:HOLDS_DUTY {role: 'lead'}]->(d)
WHERE lb.kind <> 'dispatched' OR lb.dispatch_status = 'integrated'
WITH x, h, t, d, lb, r.list_id AS list_id
MATCH (l:DutyList {id: list_id})
WHERE l.kind <> 'taken_back' AND l.effective_date <= $as_of AND (l.superseded_on IS NULL OR l.superseded_on > $as_of)
OPTIONAL MATCH (dv:Handover {mode: '下放'})-[:TRANSFERS]->(d)
WHERE dv.date <= $as_of AND (dv.end_date IS NULL OR dv.end_date > $as_of) AND (dv)-[:ASSIGNS_TO]->(:Body)-[:GOVERNS|SERVES]->(t)
WITH x, h, t, d, lb, l, count(dv) AS devolved
WHERE devolved = 0
WITH t, d, lb, l, x, h ORDER BY lb.id, l.id
WITH t, d, collect(DISTINCT lb.id) AS lead_ids, collect(DISTINCT lb.name) AS lead_names,
     collect(DISTINCT l.id) AS list_ids, collect(DISTINCT x.id) AS dep_ids, collect(DISTINCT x.name) AS dep_names,
     collect(DISTINCT h.id) AS ho_ids
WITH t, d, lead_ids, dep_ids, ho_ids, list_ids,
     reduce(s = '', n IN lead_names | s + CASE WHEN s = '' THEN '' ELSE '、' END + n) AS leads,
     reduce(s = '', n IN dep_names | s + CASE WHEN s = '' THEN '' ELSE '、' END + n) AS deps
RETURN t.id AS township_id, t.name AS township_name, d.id AS subject_id, d.name AS subject_name,
       lead_ids + dep_ids + ho_ids + list_ids AS related_ids,
       leads + '将受' + deps + '委托的执法事项「' + d.name + '」（' + d.duty_type + '）列为本级牵头事项；受委托只能以委托机关名义实施，不是以自身名义行使的执法权（行政处罚法第二十条，DL-1.2c）。' AS message_zh,
       leads + ' lists "' + d.name + '" (' + d.duty_type + '), entrusted to it by ' + deps + ', as its own lead item; under entrustment it acts in the department\'s name, not its own (Administrative Penalty Law art. 20, DL-1.2c).' AS message_en
ORDER BY township_id, subject_id
