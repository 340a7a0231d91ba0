// 物业党建：符合条件的业主委员会未成立党组织 / Property Party building: an eligible owners' committee with no Party organisation
// id: owners-committee-no-party-org
// title_zh: 物业党建：符合条件的业主委员会未成立党组织
// title_en: Property Party building: an eligible owners' committee with no Party organisation
// clause: DL-2.3
// severity: error
// description: An owners' committee with at least the Party Constitution's three formal Party members and no Party organisation (PartyOrg kind owners_org) in force covering it. subject = the committee; related_ids = the compound it represents.
// params: as_of: the audit date; min_members_for_org: formal members needed to form a Party organisation (3)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (oc:OwnersCommittee)-[:REPRESENTS]->(c:Area)
WITH oc, c, size([(o:PartyOrg {kind: 'owners_org'})-[:COVERS]->(oc) WHERE o.formed_date <= $as_of AND (o.dissolved_date IS NULL OR o.dissolved_date > $as_of) | 1]) AS orgs
WHERE orgs = 0 AND oc.party_members >= $min_members_for_org
OPTIONAL MATCH (c)-[:BELONGS_TO*1..3]->(t:Area {level: 'township'})
WITH oc, t, collect(DISTINCT c.id) AS compounds
RETURN t.id AS township_id, t.name AS township_name, oc.id AS subject_id, oc.name AS subject_name, compounds AS related_ids,
       oc.name + '有正式党员' + toString(oc.party_members) + '名，符合组建条件，但未成立党组织（DL-2.3）。' AS message_zh,
       oc.name + ' has ' + toString(oc.party_members) + ' formal Party members, enough to form a Party organisation, but has none (DL-2.3).' AS message_en
ORDER BY township_id, subject_id
