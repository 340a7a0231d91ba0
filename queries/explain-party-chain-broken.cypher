// 党组织链条图示：所覆盖区域、应隶属与实际隶属的上级党组织 / Explain a broken Party chain: the area covered, the expected and the actual parent organisation
// id: explain-party-chain-broken
// title_zh: 党组织链条图示：所覆盖区域、应隶属与实际隶属的上级党组织
// title_en: Explain a broken Party chain: the area covered, the expected and the actual parent organisation
// clause: DL-2.2
// description: For a party-chain-broken finding: the organisation, the area it covers and the area above it, the organisation it reports to (and what that one covers), and the path from the covered area up to each expected parent organisation (the Party organisation covering the area above, or the Party committee governing the township). In Browser: :param subject_id => 'po-ds-qn-hx-c1-xz'; :param related_ids => ['po-ds-hb-yq-g1-zb', 'po-ds-qn-hx-g1-zb'].
// params: subject_id: the Party organisation (the finding's subject_id); related_ids: the actual and expected parent organisations (the finding's related_ids)
// columns: path, node_ids, node_names, rel_types, rel_starts
// kind: explain
MATCH p = (o:PartyOrg {id: $subject_id})-[:COVERS]->(:Area)-[:BELONGS_TO]->(:Area)
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (o:PartyOrg {id: $subject_id})-[:REPORTS_TO]->(:PartyOrg)-[:COVERS]->(:Area)
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (o:PartyOrg {id: $subject_id})-[:REPORTS_TO]->(u)
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (o:PartyOrg {id: $subject_id})-[:COVERS]->(:Area)-[:BELONGS_TO*0..3]->(:Area)<-[:COVERS|GOVERNS]-(e)
WHERE e.id IN $related_ids AND e.id <> $subject_id
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
