// 网格党组织：组织体系断链 / Grid Party organisation: a broken link in the chain
// id: party-chain-broken
// title_zh: 网格党组织：组织体系断链
// title_en: Grid Party organisation: a broken link in the chain
// clause: DL-2.2
// severity: error
// description: Each organisation of the chain township Party committee — village/community Party organisation — grid branch — compound group is judged on its own link: a village_org reports to the Party committee governing its township, a grid_branch to a village_org covering the grid's village/community, a compound_group to a grid_branch (or village_org) covering the area its compound lies in. subject = the organisation; related_ids = what it reports to and the expected parent.
// params: as_of: the audit date
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (o:PartyOrg)-[:COVERS]->(x:Area)-[:BELONGS_TO]->(p:Area)
WHERE o.kind IN ['village_org', 'grid_branch', 'compound_group'] AND o.formed_date <= $as_of AND (o.dissolved_date IS NULL OR o.dissolved_date > $as_of)
OPTIONAL MATCH (x)-[:BELONGS_TO*0..3]->(t:Area {level: 'township'})
// an organisation whose chain holds (it reports to the organisation directly above its area) is dropped
// first, each link tested between bound nodes; the expected organisations are listed for the rest only
OPTIONAL MATCH (o)-[:REPORTS_TO]->(u)
WHERE (o.kind = 'village_org' AND u:Body AND u.kind = 'party_committee' AND (u)-[:GOVERNS]->(t))
   OR (o.kind = 'grid_branch' AND u:PartyOrg AND u.kind = 'village_org' AND (u)-[:COVERS]->(p))
   OR (o.kind = 'compound_group' AND u:PartyOrg AND u.kind IN ['grid_branch', 'village_org'] AND (u)-[:COVERS]->(p))
WITH o, x, p, t, count(u) AS linked
WHERE linked = 0
WITH o, x, p, t,
     CASE o.kind
       WHEN 'village_org' THEN [(pc:Body {kind: 'party_committee'})-[:GOVERNS]->(t) | pc.id]
       WHEN 'grid_branch' THEN [(v:PartyOrg {kind: 'village_org'})-[:COVERS]->(p) | v.id]
       ELSE [(g:PartyOrg)-[:COVERS]->(p) WHERE g.kind IN ['grid_branch', 'village_org'] | g.id]
     END AS expected,
     [(o)-[:REPORTS_TO]->(u) | u.id] AS actual
WHERE size([u IN actual WHERE u IN expected]) = 0
RETURN t.id AS township_id, t.name AS township_name, o.id AS subject_id, o.name AS subject_name,
       actual + [e IN expected WHERE NOT e IN actual] AS related_ids,
       CASE WHEN size(actual) = 0 THEN o.name + '没有上级党组织，组织体系在此断开（DL-2.2）。'
            ELSE o.name + '隶属的上级党组织不是其所在区域的上一级党组织（DL-2.2）。' END AS message_zh,
       CASE WHEN size(actual) = 0 THEN o.name + ' reports to no Party organisation: the chain breaks here (DL-2.2).'
            ELSE o.name + ' reports to an organisation that is not the one directly above its area (DL-2.2).' END AS message_en
ORDER BY township_id, subject_id
