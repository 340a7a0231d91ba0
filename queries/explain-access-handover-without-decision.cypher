// 职责准入图示：部门交办、承接单位与缺失的统一部署 / Explain a hand-over without a decision: department, hand-over, duty and township
// id: explain-access-handover-without-decision
// title_zh: 职责准入图示：部门交办、承接单位与缺失的统一部署
// title_en: Explain a hand-over without a decision: department, hand-over, duty and township
// clause: DL-1.3-access
// description: For an access-handover-without-decision finding: the department that hands the duty over, the hand-over, the duty it transfers, the township body it assigns the duty to and that body's township, and any decision linked to the hand-over with its issuers and its scope (the items, lists and townships it covers): for this finding it is not a unified deployment by the Party committee and government that covers this hand-over on the audit date. In Browser: :param subject_id => 'ho-ds-zf-d104'.
// params: subject_id: the hand-over (the finding's subject_id)
// columns: path, node_ids, node_names, rel_types, rel_starts
// kind: explain
MATCH p = (f:Body)-[:HANDS_OVER]->(ho:Handover {id: $subject_id})-[:TRANSFERS]->(d:Duty)
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (ho:Handover {id: $subject_id})-[:ASSIGNS_TO]->(b:Body)-[:GOVERNS|SERVES]->(a:Area)
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (x:Decision)-[:AUTHORISES]->(ho:Handover {id: $subject_id})
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (:Body)-[:ISSUES]->(x:Decision)-[:AUTHORISES]->(ho:Handover {id: $subject_id})
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (ho:Handover {id: $subject_id})<-[:AUTHORISES]-(x:Decision)-[:COVERS_ITEM|COVERS_LIST|COVERS_TOWNSHIP|COVERS_ALL_TOWNSHIPS_OF]->()
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
