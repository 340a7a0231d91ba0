// 赋权：乡镇行使未经赋权的行政处罚、行政强制事项 / Enforcement: a township exercises a penalty or coercive item with no conferment on record
// id: enforcement-without-conferment
// title_zh: 赋权：乡镇行使未经赋权的行政处罚、行政强制事项
// title_en: Enforcement: a township exercises a penalty or coercive item with no conferment on record
// clause: DL-1.2c
// severity: error
// description: A township body (its own bodies, not still-dispatched stations nor village committees) leads, on a list in force (not a taken-back list), an item of type 行政处罚 or 行政强制 with no conferment on record: no hand-over of the item to a body of the township in force (a 下放 confers it; a 委托 is judged by entrusted-enforcement-in-own-name; whether the hand-over is authorised is judged by access-handover-without-decision), no conferment decision (kind conferment) in force covering the item (COVERS_ITEM, or an annexed list) and the township (COVERS_TOWNSHIP, or every township below an area), and no law-enforcement grant of a body of the township whose items include it (a law or regulation that gives the township the item itself). Penalty and coercion lie with county-level organs by default (行政处罚法 arts. 17, 18, 23; 行政强制法 art. 17); a township exercises them only when they are conferred (行政处罚法 art. 24) or entrusted in the department's name (art. 20): acting without authority is an error. Inspection (行政检查) is not judged: many laws give it to townships directly (e.g. 安全生产法 art. 9). subject = the duty; related_ids = the township lead(s) and the list(s).
// params: as_of: the audit date (ISO)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (d:Duty)
WHERE d.duty_type IN ['行政处罚', '行政强制']
WITH d
MATCH (d)<-[r:HOLDS_DUTY {role: 'lead'}]-(lb:Body)-[:GOVERNS|SERVES]->(t:Area {level: 'township'})
WHERE lb.kind <> 'village_committee'
  AND (lb.kind <> 'dispatched' OR lb.dispatch_status = 'integrated')
WITH t, lb, d, r.list_id AS list_id
MATCH (l:DutyList {id: list_id})
WHERE l.kind <> 'taken_back' AND l.effective_date <= $as_of AND (l.superseded_on IS NULL OR l.superseded_on > $as_of)
// the items handed over to the township's bodies in force, found once per township: a duty shared by
// many townships has far more hand-overs than a township receives
WITH t, collect([lb, d, l]) AS rows
OPTIONAL MATCH (t)<-[:GOVERNS|SERVES]-(:Body)<-[:ASSIGNS_TO]-(h:Handover)-[:TRANSFERS]->(x:Duty)
WHERE h.date <= $as_of AND (h.end_date IS NULL OR h.end_date > $as_of)
WITH t, rows, collect(x.id) AS handed
UNWIND rows AS row
WITH t, row[0] AS lb, row[1] AS d, row[2] AS l, handed
WHERE NOT d.id IN handed
WITH t, lb, d, l
OPTIONAL MATCH (c1:Decision {kind: 'conferment'})-[:COVERS_ITEM]->(d)
WHERE c1.date <= $as_of AND (c1.repealed_date IS NULL OR c1.repealed_date > $as_of)
WITH t, lb, d, l, c1,
     size([(c1)-[:COVERS_TOWNSHIP]->(t) | 1]) + size([(c1)-[:COVERS_ALL_TOWNSHIPS_OF]->(:Area)<-[:BELONGS_TO*1..]-(t) | 1]) AS c1_town
WITH t, lb, d, l, sum(CASE WHEN c1_town > 0 THEN 1 ELSE 0 END) AS by_item
OPTIONAL MATCH (c2:Decision {kind: 'conferment'})-[:COVERS_LIST]->(:DutyList)-[:INCLUDES]->(d)
WHERE c2.date <= $as_of AND (c2.repealed_date IS NULL OR c2.repealed_date > $as_of)
WITH t, lb, d, l, by_item, c2,
     size([(c2)-[:COVERS_TOWNSHIP]->(t) | 1]) + size([(c2)-[:COVERS_ALL_TOWNSHIPS_OF]->(:Area)<-[:BELONGS_TO*1..]-(t) | 1]) AS c2_town
WITH t, lb, d, l, by_item, sum(CASE WHEN c2_town > 0 THEN 1 ELSE 0 END) AS by_list
WHERE by_item + by_list = 0
WITH t, lb, d, l, size([(t)<-[:GOVERNS|SERVES]-(gb:Body)-[:HOLDS]->(g:PowerGrant)-[:COVERS_ITEM]->(d) | g.id]) AS granted
WHERE granted = 0
WITH t, d, lb, l ORDER BY lb.id, l.id
WITH t, d, collect(DISTINCT lb.id) AS lead_ids, collect(DISTINCT lb.name) AS lead_names, collect(DISTINCT l.id) AS list_ids
WITH t, d, lead_ids, list_ids,
     reduce(s = '', n IN lead_names | s + CASE WHEN s = '' THEN '' ELSE '、' END + n) AS leads
RETURN t.id AS township_id, t.name AS township_name, d.id AS subject_id, d.name AS subject_name,
       lead_ids + list_ids AS related_ids,
       leads + '将' + d.duty_type + '事项「' + d.name + '」列为本级牵头事项，但没有赋权记录：既无该事项交由本乡镇（街道）的下放或委托，也无覆盖本乡镇（街道）的赋权决定或法律法规授权；行政处罚权、行政强制权原属县级以上部门（行政处罚法第十八条、第二十条、第二十四条，DL-1.2c）。' AS message_zh,
       leads + ' lists the ' + d.duty_type + ' item "' + d.name + '" as its own lead with no conferment on record: no devolution or entrustment of it to the township, no conferment decision covering the township, no grant by law or regulation; penalty and coercive powers lie with county-level departments (Administrative Penalty Law arts. 18, 20, 24, DL-1.2c).' AS message_en
ORDER BY township_id, subject_id
