// 审计发现图示（通用） / Explain a finding (generic)
// id: explain-finding
// title_zh: 审计发现图示（通用）
// title_en: Explain a finding (generic)
// clause: DL-1
// description: The subject itself and the paths of one or two steps from a finding's subject that pass only through the finding's own nodes (its subject, related ids and township): the facts the finding rests on, drawn as a graph. Used for any rule without its own explain-<rule> query. In Browser: :param subject_id => 'd201'; :param related_ids => ['ds-qn-pab', 'ds-qn-zhb']; :param township_id => 'ds-qn'.
// params: subject_id: the finding's subject_id; related_ids: the finding's related_ids (a list); township_id: the finding's township_id ('' if none)
// columns: path, node_ids, node_names, rel_types, rel_starts
// kind: explain
WITH [$subject_id, $township_id] + $related_ids AS ids
MATCH p = (s {id: $subject_id})-[*0..2]-(x)
WITH p, ids
WHERE all(n IN nodes(p) WHERE n.id IN ids)
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
ORDER BY length(p), node_ids
