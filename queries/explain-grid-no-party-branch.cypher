// 网格党支部图示：网格、所在社区党组织与相邻网格的党支部 / Explain a grid with no Party branch: the grid, its community's Party organisation and the branches of the grids beside it
// id: explain-grid-no-party-branch
// title_zh: 网格党支部图示：网格、所在社区党组织与相邻网格的党支部
// title_en: Explain a grid with no Party branch: the grid, its community's Party organisation and the branches of the grids beside it
// clause: DL-2.2
// description: For a grid-no-party-branch finding: the grid, the village/community it belongs to and that area's Party organisation, the township, any grid branch that covers the grid but is not in force on the audit date, and the grids beside it with the branches they have. In Browser: :param subject_id => 'xh-cg-xm-g1'; :param related_ids => ['po-xh-cg-xm-dw'].
// params: subject_id: the grid (the finding's subject_id); related_ids: the Party organisation of its village/community (the finding's related_ids)
// columns: path, node_ids, node_names, rel_types, rel_starts
// kind: explain
MATCH p = (g:Area {id: $subject_id})-[:BELONGS_TO]->(:Area)<-[:COVERS]-(v:PartyOrg)
WHERE v.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (g:Area {id: $subject_id})-[:BELONGS_TO*1..2]->(:Area {level: 'township'})
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (:PartyOrg {kind: 'grid_branch'})-[:COVERS]->(g:Area {id: $subject_id})
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (g:Area {id: $subject_id})-[:BELONGS_TO]->(:Area)<-[:BELONGS_TO]-(:Area {level: 'grid'})<-[:COVERS]-(:PartyOrg {kind: 'grid_branch'})
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
