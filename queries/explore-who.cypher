// 谁负责：事项在各乡镇（街道）的牵头与配合单位 / Who is responsible: an item's lead and cooperating bodies in each township
// id: explore-who
// title_zh: 谁负责：事项在各乡镇（街道）的牵头与配合单位
// title_en: Who is responsible: an item's lead and cooperating bodies in each township
// clause: DL-1.3
// description: For each duty whose name contains $text (or whose id is in $duty_ids) and each township whose bodies own a current list including it: the list and its row, the lead and cooperating bodies on that list, the hand-over that brought it to the township (the department, the mode, the authorising decision), the legal basis as written, and what the list row says about the item: 职责边界划分 (upper department's side, township's side), 责任事项, 追责情形, 追责对象范围, 工作方式, 备注 (null where the list has no such column). Superseded list versions are left out; a taken-back list shows as list_kind taken_back. Set $township to '' for every township, or to a township's id or part of its name. In Browser: :param text => '低保'; :param duty_ids => []; :param township => ''.
// params: text: part of the item's name ('' to use duty_ids only); duty_ids: list of duty ids ([] for none); township: a township id or part of its name ('' for all)
// columns: township_id, township_name, duty_id, duty_name, list_id, list_name, list_kind, source_file, source_sheet, source_row, leads, cooperating, handover_id, handover_mode, handover_date, from_id, from_name, decision_id, decision_name, decision_no, legal_basis, legal_citations, upper_duty, township_duty, responsibility, accountability, accountable_parties, work_mode, note
// kind: explore
MATCH (d:Duty)
WHERE d.id IN $duty_ids OR ($text <> '' AND d.name CONTAINS $text)
MATCH (t:Area {level: 'township'})<-[:GOVERNS|SERVES]-(o:Body)-[:OWNS]->(l:DutyList)-[inc:INCLUDES]->(d)
WHERE NOT coalesce(l.superseded, false)
  AND ($township = '' OR t.id = $township OR t.name CONTAINS $township)
OPTIONAL MATCH (b:Body)-[h:HOLDS_DUTY]->(d)
WHERE h.list_id = l.id
WITH t, d, l, inc, b, h ORDER BY b.id
WITH t, d, l, inc,
     [x IN collect(CASE WHEN h.role = 'lead' THEN b.id + ' ' + b.name END) WHERE x IS NOT NULL] AS leads,
     [x IN collect(CASE WHEN h.role = 'cooperating' THEN b.id + ' ' + b.name END) WHERE x IS NOT NULL] AS cooperating
OPTIONAL MATCH (t)<-[:GOVERNS|SERVES]-(:Body)<-[:ASSIGNS_TO]-(ho:Handover)-[:TRANSFERS]->(d)
OPTIONAL MATCH (fb:Body)-[:HANDS_OVER]->(ho)
OPTIONAL MATCH (dec:Decision)-[:AUTHORISES]->(ho)
RETURN t.id AS township_id, t.name AS township_name, d.id AS duty_id, d.name AS duty_name,
       l.id AS list_id, l.name AS list_name, l.kind AS list_kind,
       inc.source_file AS source_file, properties(inc).source_sheet AS source_sheet, inc.source_row AS source_row,
       leads, cooperating,
       ho.id AS handover_id, ho.mode AS handover_mode, toString(ho.date) AS handover_date,
       fb.id AS from_id, fb.name AS from_name,
       dec.id AS decision_id, dec.name AS decision_name, dec.document_no AS decision_no,
       d.legal_basis AS legal_basis, properties(d).legal_citations AS legal_citations,
       properties(inc).upper_duty AS upper_duty, properties(inc).township_duty AS township_duty,
       properties(inc).responsibility AS responsibility, properties(inc).accountability AS accountability,
       properties(inc).accountable_parties AS accountable_parties, properties(inc).work_mode AS work_mode,
       properties(inc).note AS note
ORDER BY township_id, duty_id, list_id, handover_id
