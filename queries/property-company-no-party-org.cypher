// 物业党建：符合条件的物业服务企业未成立党组织 / Property Party building: an eligible property company with no Party organisation
// id: property-company-no-party-org
// title_zh: 物业党建：符合条件的物业服务企业未成立党组织
// title_en: Property Party building: an eligible property company with no Party organisation
// clause: DL-2.3
// severity: error
// description: A property company with at least the Party Constitution's three formal Party members and no Party organisation (PartyOrg kind property_org) in force covering it (应建尽建). One finding per company and township it serves. subject = the company; related_ids = the compounds it manages.
// params: as_of: the audit date; min_members_for_org: formal members needed to form a Party organisation (3)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (pcmp:PropertyCompany)-[:MANAGES]->(c:Area)-[:BELONGS_TO*1..3]->(t:Area {level: 'township'})
WITH pcmp, c, t, size([(o:PartyOrg {kind: 'property_org'})-[:COVERS]->(pcmp) WHERE o.formed_date <= $as_of AND (o.dissolved_date IS NULL OR o.dissolved_date > $as_of) | 1]) AS orgs
WHERE orgs = 0 AND pcmp.party_members >= $min_members_for_org
WITH pcmp, t, collect(DISTINCT c.id) AS compounds
RETURN t.id AS township_id, t.name AS township_name, pcmp.id AS subject_id, pcmp.name AS subject_name, compounds AS related_ids,
       pcmp.name + '有正式党员' + toString(pcmp.party_members) + '名，符合组建条件，但未成立党组织（应建尽建，DL-2.3）。' AS message_zh,
       pcmp.name + ' has ' + toString(pcmp.party_members) + ' formal Party members, enough to form a Party organisation, but has none (DL-2.3).' AS message_en
ORDER BY township_id, subject_id
