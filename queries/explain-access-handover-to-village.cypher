// 村（居）委会承担行政事务图示：委员会、村（社区）、清单或交办与部门 / Explain an administrative item on a village committee: the committee, its village, the list or hand-over and the department
// id: explain-access-handover-to-village
// title_zh: 村（居）委会承担行政事务图示：委员会、村（社区）、清单或交办与部门
// title_en: Explain an administrative item on a village committee: the committee, its village, the list or hand-over and the department
// clause: DL-1.3-village
// description: For an access-handover-to-village finding: the village or residents' committee that holds the item, its village/community and township, the list row or hand-over that puts the item on it, and the department that leads the item on its own list or hands it over. In Browser: :param subject_id => 'd407'; :param related_ids => ['xh-by-nc-cwh', 'list-xh-by-basic', 'xh-ny'].
// params: subject_id: the duty (the finding's subject_id); related_ids: the committee, the lists or hand-overs and the department(s) (the finding's related_ids)
// columns: path, node_ids, node_names, rel_types, rel_starts
// kind: explain
MATCH p = (:Area {level: 'township'})<-[:BELONGS_TO*0..2]-(:Area)<-[:GOVERNS]-(vc:Body)-[:HOLDS_DUTY]->(d:Duty {id: $subject_id})
WHERE vc.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (d:Duty {id: $subject_id})<-[:INCLUDES]-(l:DutyList)<-[:OWNS]-(:Body)
WHERE l.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (d:Duty {id: $subject_id})<-[:TRANSFERS]-(h:Handover)-[:ASSIGNS_TO]->(vc:Body)
WHERE h.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (d:Duty {id: $subject_id})<-[:TRANSFERS]-(h:Handover)<-[:HANDS_OVER]-(:Body)
WHERE h.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (d:Duty {id: $subject_id})<-[:HOLDS_DUTY]-(dep:Body {kind: 'department'})-[:OWNS]->(dl:DutyList)-[:INCLUDES]->(d)
WHERE dep.id IN $related_ids AND dl.kind <> 'taken_back' AND NOT coalesce(dl.superseded, false)
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
