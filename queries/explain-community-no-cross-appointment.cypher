// 交叉任职图示：社区、小区的物业服务企业和业委会与社区一方 / Explain a missing cross-appointment: the community, the property companies and owners' committees of its compounds, and the community side
// id: explain-community-no-cross-appointment
// title_zh: 交叉任职图示：社区、小区的物业服务企业和业委会与社区一方
// title_en: Explain a missing cross-appointment: the community, the property companies and owners' committees of its compounds, and the community side
// clause: DL-2.3
// description: For a community-no-cross-appointment finding: the community, its compounds and the property companies and owners' committees serving them (with their Party organisations), the community side (its village/community Party organisation and residents' committee) with any cross-appointment it has (none of which, for this finding, links it to those units on the audit date), and the township. In Browser: :param subject_id => 'ds-qn-hx'; :param related_ids => ['pc-bh-wy'].
// params: subject_id: the community (the finding's subject_id); related_ids: the property companies and owners' committees (the finding's related_ids)
// columns: path, node_ids, node_names, rel_types, rel_starts
// kind: explain
MATCH p = (v:Area {id: $subject_id})<-[:BELONGS_TO*1..2]-(:Area {level: 'compound'})<-[:MANAGES|REPRESENTS]-(u)
WHERE u.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (v:Area {id: $subject_id})<-[:BELONGS_TO*1..2]-(:Area {level: 'compound'})<-[:MANAGES|REPRESENTS]-(u)<-[:COVERS]-(:PartyOrg)
WHERE u.id IN $related_ids
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (v:Area {id: $subject_id})<-[:COVERS]-(:PartyOrg {kind: 'village_org'})
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (v:Area {id: $subject_id})<-[:GOVERNS]-(:Body {kind: 'village_committee'})
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (v:Area {id: $subject_id})<-[:COVERS|GOVERNS]-(s)-[:SENDS|APPOINTS_TO]-(:CrossAppointment)-[:SENDS|APPOINTS_TO]-(x)
WHERE s.kind IN ['village_org', 'village_committee'] AND x.id <> s.id
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (v:Area {id: $subject_id})-[:BELONGS_TO]->(:Area {level: 'township'})
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
