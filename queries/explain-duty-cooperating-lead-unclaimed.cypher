// 配合事项图示：配合清单、所列牵头部门及其现行清单 / Explain an unclaimed cooperating item: the cooperating list, the named lead department and its lists
// id: explain-duty-cooperating-lead-unclaimed
// title_zh: 配合事项图示：配合清单、所列牵头部门及其现行清单
// title_en: Explain an unclaimed cooperating item: the cooperating list, the named lead department and its lists
// clause: DL-1.3-list
// description: For a duty-cooperating-lead-unclaimed finding: the township and its cooperating list that names the item, the township's cooperating bodies on it, the department the row names as lead, and that department's current lists (not taken-back ones), none of which includes the item. In Browser: :param subject_id => 'd714'; :param related_ids => ['list-ds-sl-coop', 'ds-zf', 'ds-sl-gov'].
// params: subject_id: the duty (the finding's subject_id); related_ids: the cooperating list, the township's cooperating bodies and the named lead department (the finding's related_ids)
// columns: path, node_ids, node_names, rel_types, rel_starts
// kind: explain
MATCH p = (:Area)<-[:GOVERNS|SERVES]-(:Body)-[:OWNS]->(cl:DutyList)-[:INCLUDES]->(d:Duty {id: $subject_id})
WHERE cl.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (d:Duty {id: $subject_id})<-[:HOLDS_DUTY]-(x:Body)-[:OWNS]->(xl:DutyList)
WHERE x.id IN $related_ids AND x.kind = 'department' AND xl.kind <> 'taken_back' AND NOT coalesce(xl.superseded, false)
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (d:Duty {id: $subject_id})<-[:HOLDS_DUTY]-(x:Body)
WHERE x.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
