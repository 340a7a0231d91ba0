// 职责交叉图示：牵头单位、清单与辖区 / Explain a duty overlap: the leads, their lists and jurisdictions
// id: explain-duty-overlap
// title_zh: 职责交叉图示：牵头单位、清单与辖区
// title_en: Explain a duty overlap: the leads, their lists and jurisdictions
// clause: DL-1.3-list
// description: For a duty-overlap finding: each lead body's HOLDS_DUTY edge to the duty, the current list it stands on (owner → list → duty), and the body's jurisdiction up to the area where the leads meet. In Browser: :param subject_id => 'd201'; :param related_ids => ['ds-qn-pab', 'ds-qn-zhb'].
// params: subject_id: the duty (the finding's subject_id); related_ids: the lead bodies (the finding's related_ids)
// columns: path, node_ids, node_names, rel_types, rel_starts
// kind: explain
MATCH (d:Duty {id: $subject_id})<-[h:HOLDS_DUTY {role: 'lead'}]-(b:Body)
WHERE b.id IN $related_ids
MATCH (l:DutyList {id: h.list_id})
WHERE NOT coalesce(l.superseded, false) AND l.kind <> 'taken_back'
MATCH p = (a:Area)<-[:GOVERNS|SERVES]-(b)-[h2:HOLDS_DUTY]->(d)<-[:INCLUDES]-(l)<-[:OWNS]-(o:Body)
WHERE h2 = h
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
ORDER BY node_ids
