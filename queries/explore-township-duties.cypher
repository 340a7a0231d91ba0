// 乡镇事项及承担单位 / A township's duties and who holds them
// id: explore-township-duties
// title_zh: 乡镇事项及承担单位
// title_en: A township's duties and who holds them
// clause: DL-1.3
// description: Every duty on a current list owned by a body of the township, with the list, its kind, the bodies holding it there (lead, cooperating, or entrusted: acting in a department's name under a 委托) and what the list row says about it — 职责边界划分 (the upper department's side, the township's side), 责任事项, 追责情形, 追责对象范围, 工作方式, 备注 (null where the list has no such column). Superseded list versions are left out.
// params: township: id of the township area (e.g. ds-hb)
// columns: list_id, list_name, list_kind, duty_id, duty_name, leads, cooperating, entrusted, upper_duty, township_duty, responsibility, accountability, accountable_parties, work_mode, note
// kind: explore
MATCH (t:Area {id: $township})<-[:GOVERNS|SERVES]-(o:Body)-[:OWNS]->(l:DutyList)-[inc:INCLUDES]->(d:Duty)
WHERE NOT coalesce(l.superseded, false)
OPTIONAL MATCH (b:Body)-[h:HOLDS_DUTY]->(d)
WHERE h.list_id = l.id
WITH l, inc, d, b, h ORDER BY b.id
WITH l, inc, d, [x IN collect(CASE WHEN h.role = 'lead' THEN b.name END) WHERE x IS NOT NULL] AS leads,
     [x IN collect(CASE WHEN h.role = 'cooperating' THEN b.name END) WHERE x IS NOT NULL] AS cooperating,
     [x IN collect(CASE WHEN h.role = 'entrusted' THEN b.name END) WHERE x IS NOT NULL] AS entrusted
WITH l, d, leads, cooperating, entrusted, properties(inc) AS row
RETURN l.id AS list_id, l.name AS list_name, l.kind AS list_kind, d.id AS duty_id, d.name AS duty_name, leads, cooperating,
       entrusted, row.upper_duty AS upper_duty, row.township_duty AS township_duty, row.responsibility AS responsibility,
       row.accountability AS accountability, row.accountable_parties AS accountable_parties, row.work_mode AS work_mode,
       row.note AS note
ORDER BY list_id, duty_id
