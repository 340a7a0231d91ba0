// 乡镇事项及承担单位 / A township's duties and who holds them
// id: explore-township-duties
// title_zh: 乡镇事项及承担单位
// title_en: A township's duties and who holds them
// clause: DL-1.3
// description: Every duty on a current list owned by a body of the township, with the list, its kind, and the bodies holding it there (lead or cooperating). Superseded list versions are left out.
// params: township: id of the township area (e.g. ds-hb)
// columns: list_id, list_name, list_kind, duty_id, duty_name, leads, cooperating
// kind: explore
MATCH (t:Area {id: $township})<-[:GOVERNS|SERVES]-(o:Body)-[:OWNS]->(l:DutyList)-[:INCLUDES]->(d:Duty)
WHERE NOT coalesce(l.superseded, false)
OPTIONAL MATCH (b:Body)-[h:HOLDS_DUTY]->(d)
WHERE h.list_id = l.id
WITH l, d, b, h ORDER BY b.id
WITH l, d, [x IN collect(CASE WHEN h.role = 'lead' THEN b.name END) WHERE x IS NOT NULL] AS leads,
     [x IN collect(CASE WHEN h.role = 'cooperating' THEN b.name END) WHERE x IS NOT NULL] AS cooperating
RETURN l.id AS list_id, l.name AS list_name, l.kind AS list_kind, d.id AS duty_id, d.name AS duty_name, leads, cooperating
ORDER BY list_id, duty_id
