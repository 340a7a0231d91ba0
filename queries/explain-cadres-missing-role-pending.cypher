// 选派干部图示：村（社区）的选派干部及其派出单位 / Explain a missing cadre role: the cadres sent to the place and the units that sent them
// id: explain-cadres-missing-role-pending
// title_zh: 选派干部图示：村（社区）的选派干部及其派出单位
// title_en: Explain a missing cadre role: the cadres sent to the place and the units that sent them
// clause: DL-4.1
// description: For a cadres-missing-role-pending finding: the village or community, its township, and every cadre assignment posted to it with the unit that sends the cadre (their names carry the role; the missing role is absent). In Browser: :param subject_id => 'ds-qn-hx'.
// params: subject_id: the village or community (the finding's subject_id)
// columns: path, node_ids, node_names, rel_types, rel_starts
// kind: explain
MATCH p = (v:Area {id: $subject_id})-[:BELONGS_TO*1..2]->(:Area {level: 'township'})
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (:Body)-[:SENDS]->(:CadreAssignment)-[:POSTS_TO]->(v:Area {id: $subject_id})
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (:CadreAssignment)-[:POSTS_TO]->(v:Area {id: $subject_id})
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
