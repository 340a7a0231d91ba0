// 未记录交办图示：乡镇牵头单位、县级部门清单与部门的交办 / Explain an unrecorded hand-over: the township lead, the department's list and the department's hand-overs
// id: explain-access-unrecorded-handover
// title_zh: 未记录交办图示：乡镇牵头单位、县级部门清单与部门的交办
// title_en: Explain an unrecorded hand-over: the township lead, the department's list and the department's hand-overs
// clause: DL-1.3-access
// description: For an access-unrecorded-handover finding: the township body that leads the duty and its township, the department's current list that includes the duty (or an item confirmed as the same duty, SAME_AS), the county both belong to, and any hand-over of the duty the department made (none of which, for this finding, goes to this township on the audit date). In Browser: :param subject_id => 'd601'; :param related_ids => ['xh-cg-gov', 'xh-sj', 'list-xh-sj-2024']; :param township_id => 'xh-cg'.
// params: subject_id: the duty (the finding's subject_id); related_ids: the township lead(s), the department and its list(s) (the finding's related_ids); township_id: the township (the finding's township_id)
// columns: path, node_ids, node_names, rel_types, rel_starts
// kind: explain
MATCH p = (:Area {id: $township_id})<-[:GOVERNS|SERVES]-(b:Body)-[:HOLDS_DUTY {role: 'lead'}]->(d:Duty {id: $subject_id})
WHERE b.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (d:Duty {id: $subject_id})<-[:INCLUDES]-(dl:DutyList)<-[:OWNS]-(dep:Body)-[:GOVERNS]->(:Area)<-[:BELONGS_TO]-(:Area {id: $township_id})
WHERE dl.id IN $related_ids AND dep.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (d:Duty {id: $subject_id})-[:SAME_AS]-(:Duty)<-[:INCLUDES]-(dl:DutyList)<-[:OWNS]-(dep:Body)
WHERE dl.id IN $related_ids AND dep.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (d:Duty {id: $subject_id})<-[:TRANSFERS]-(:Handover)<-[:HANDS_OVER]-(dep:Body)
WHERE dep.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (d:Duty {id: $subject_id})<-[:TRANSFERS]-(:Handover)-[:ASSIGNS_TO]->(:Body)-[:GOVERNS|SERVES]->(:Area)
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
