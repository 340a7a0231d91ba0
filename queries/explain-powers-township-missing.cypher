// 赋权图示：乡镇党（工）委已有的权力与缺少的权力 / Explain a missing township power: the powers held and the one missing
// id: explain-powers-township-missing
// title_zh: 赋权图示：乡镇党（工）委已有的权力与缺少的权力
// title_en: Explain a missing township power: the powers held and the one missing
// clause: DL-1.2a
// description: For a powers-township-missing finding: the township and its Party committee, the power grants the committee holds (committee → grant → power), and the missing power as the Party committees of the other townships of the same county hold it (township → county → other township ← committee → grant → power), or on its own when none does. In Browser: :param subject_id => 'emergency_handling'; :param related_ids => ['xh-cg-pc']; :param township_id => 'xh-cg'.
// params: subject_id: the missing power (the finding's subject_id); related_ids: the Party committee (the finding's related_ids); township_id: the township (the finding's township_id)
// columns: path, node_ids, node_names, rel_types, rel_starts
// kind: explain
MATCH p = (a:Area {id: $township_id})<-[:GOVERNS]-(pc:Body)-[:HOLDS]->(:PowerGrant)-[:CONFERS]->(:Power)
WHERE pc.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (a:Area {id: $township_id})<-[:GOVERNS]-(pc:Body)
WHERE pc.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (x:Power {id: $subject_id})
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (:Area {id: $township_id})-[:BELONGS_TO]->(:Area)<-[:BELONGS_TO]-(o:Area {level: 'township'})<-[:GOVERNS]-(:Body {kind: 'party_committee'})-[:HOLDS]->(:PowerGrant)-[:CONFERS]->(:Power {id: $subject_id})
WHERE o.id <> $township_id
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
