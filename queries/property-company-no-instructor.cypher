// 物业党建：暂不具备组建条件的物业服务企业没有党建指导员 / Property Party building: a company too small for a Party organisation has no instructor
// id: property-company-no-instructor
// title_zh: 物业党建：暂不具备组建条件的物业服务企业没有党建指导员
// title_en: Property Party building: a company too small for a Party organisation has no instructor
// clause: DL-2.3
// severity: warning
// description: A property company with fewer formal Party members than needed to form a Party organisation, no Party organisation in force and no Party-building instructor (instructor, in post since on or before the audit date; an instructor with no start date counts) — the plan's alternative for companies that cannot yet form one. One finding per company and township it serves. subject = the company; related_ids = the compounds it manages.
// params: as_of: the audit date; min_members_for_org: formal members needed to form a Party organisation (3)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (pcmp:PropertyCompany)-[:MANAGES]->(c:Area)-[:BELONGS_TO*1..3]->(t:Area {level: 'township'})
WITH pcmp, c, t, size([(o:PartyOrg {kind: 'property_org'})-[:COVERS]->(pcmp) WHERE o.formed_date <= $as_of AND (o.dissolved_date IS NULL OR o.dissolved_date > $as_of) | 1]) AS orgs
WHERE orgs = 0 AND pcmp.party_members < $min_members_for_org
  AND (pcmp.instructor IS NULL OR coalesce(pcmp.instructor_since, '') > $as_of)
WITH pcmp, t, collect(DISTINCT c.id) AS compounds
RETURN t.id AS township_id, t.name AS township_name, pcmp.id AS subject_id, pcmp.name AS subject_name, compounds AS related_ids,
       pcmp.name + '正式党员' + toString(pcmp.party_members) + '名，暂不具备组建条件，也没有选派党建指导员（DL-2.3）。' AS message_zh,
       pcmp.name + ' has ' + toString(pcmp.party_members) + ' formal Party members, too few for a Party organisation, and no Party-building instructor (DL-2.3).' AS message_en
ORDER BY township_id, subject_id
