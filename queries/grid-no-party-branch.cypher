// 网格党组织：网格没有党支部 / Grid Party organisation: a grid with no Party branch
// id: grid-no-party-branch
// title_zh: 网格党组织：网格没有党支部
// title_en: Grid Party organisation: a grid with no Party branch
// clause: DL-2.2
// severity: error
// description: Every grid has a grid Party branch (PartyOrg kind grid_branch) in force covering it (把党支部建在网格上). Only counties that record Party organisations are judged. subject = the grid; related_ids = the Party organisation of its village/community.
// params: as_of: the audit date
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (:PartyOrg)-[:COVERS]->(:Area)-[:BELONGS_TO*0..]->(c:Area {level: 'county'})
WITH DISTINCT c
MATCH (g:Area {level: 'grid'})-[:BELONGS_TO*1..3]->(c)
WITH DISTINCT g
WITH g, size([(o:PartyOrg {kind: 'grid_branch'})-[:COVERS]->(g) WHERE o.formed_date <= $as_of AND (o.dissolved_date IS NULL OR o.dissolved_date > $as_of) | 1]) AS branches
WHERE branches = 0
OPTIONAL MATCH (g)-[:BELONGS_TO*1..2]->(t:Area {level: 'township'})
WITH g, t, [(g)-[:BELONGS_TO]->(:Area)<-[:COVERS]-(v:PartyOrg {kind: 'village_org'}) | v.id] AS related
RETURN t.id AS township_id, t.name AS township_name, g.id AS subject_id, g.name AS subject_name, related AS related_ids,
       g.name + '没有网格党支部（坚持把党支部建在网格上，DL-2.2）。' AS message_zh,
       g.name + ' has no grid Party branch (DL-2.2).' AS message_en
ORDER BY township_id, subject_id
