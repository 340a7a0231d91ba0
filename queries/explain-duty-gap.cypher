// 职责空白图示：清单、事项与辖区 / Explain a duty gap: the list, the item and the jurisdiction
// id: explain-duty-gap
// title_zh: 职责空白图示：清单、事项与辖区
// title_en: Explain a duty gap: the list, the item and the jurisdiction
// clause: DL-1.3-list
// description: For a duty-gap finding: the list's owner, its jurisdiction and the row (INCLUDES) that names the duty with no lead or cooperating body. In Browser: :param subject_id => 'd103'; :param related_ids => ['list-ds-hb-basic'].
// params: subject_id: the duty (the finding's subject_id); related_ids: the list (the finding's related_ids)
// columns: path, node_ids, node_names, rel_types, rel_starts
// kind: explain
MATCH p = (a:Area)<-[:GOVERNS|SERVES]-(o:Body)-[:OWNS]->(l:DutyList)-[:INCLUDES]->(d:Duty {id: $subject_id})
WHERE l.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
ORDER BY node_ids
