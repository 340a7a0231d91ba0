// 收回事项图示：收回清单、所列部门及其现行清单 / Explain a taken-back item nobody holds: the taken-back list, the named department and its lists
// id: explain-access-taken-back-unled
// title_zh: 收回事项图示：收回清单、所列部门及其现行清单
// title_en: Explain a taken-back item nobody holds: the taken-back list, the named department and its lists
// clause: DL-1.3-access
// description: For an access-taken-back-unled finding: the township and the taken-back list (上级部门收回事项清单) that names the item, the department the row names as lead, and that department's current lists (not taken-back ones), none of which includes the item. In Browser: :param subject_id => 'd807'; :param related_ids => ['list-xh-cg-back', 'xh-sj'].
// params: subject_id: the duty (the finding's subject_id); related_ids: the taken-back list and the named department(s) (the finding's related_ids)
// columns: path, node_ids, node_names, rel_types, rel_starts
// kind: explain
MATCH p = (:Area)<-[:GOVERNS|SERVES]-(:Body)-[:OWNS]->(tb:DutyList)-[:INCLUDES]->(d:Duty {id: $subject_id})
WHERE tb.id IN $related_ids
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
