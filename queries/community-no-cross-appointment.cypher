// 物业党建：社区与物业、业委会没有交叉任职 / Property Party building: no cross-appointment between a community and its property company or owners' committee
// id: community-no-cross-appointment
// title_zh: 物业党建：社区与物业、业委会没有交叉任职
// title_en: Property Party building: no cross-appointment between a community and its property company or owners' committee
// clause: DL-2.3
// severity: warning
// description: A community (or village) with at least one property company or owners' committee in its compounds and no CrossAppointment in force, in either direction, between the community side (its village/community Party organisation, its residents' committee) and one of those companies or committees or their Party organisations (双向进入、交叉任职). subject = the community; related_ids = the companies and committees.
// params: as_of: the audit date
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (v:Area)<-[:BELONGS_TO*1..2]-(c:Area {level: 'compound'})<-[:MANAGES|REPRESENTS]-(u)
WHERE v.level IN ['village', 'community']
WITH v, collect(DISTINCT u) AS units
UNWIND units AS u
OPTIONAL MATCH (po:PartyOrg)-[:COVERS]->(u)
WITH v, u, po ORDER BY u.id, po.id
WITH v, collect(DISTINCT u.id) AS unit_ids, collect(DISTINCT po.id) AS unit_orgs
WITH v, unit_ids, unit_ids + unit_orgs AS unit_side
WITH v, unit_ids,
     size([(v)<-[:COVERS]-(:PartyOrg {kind: 'village_org'})-[:SENDS]->(ca1:CrossAppointment)-[:APPOINTS_TO]->(x1)
            WHERE x1.id IN unit_side AND ca1.since <= $as_of AND (ca1.until IS NULL OR ca1.until > $as_of) | 1])
     + size([(v)<-[:COVERS]-(:PartyOrg {kind: 'village_org'})<-[:APPOINTS_TO]-(ca2:CrossAppointment)<-[:SENDS]-(x2)
            WHERE x2.id IN unit_side AND ca2.since <= $as_of AND (ca2.until IS NULL OR ca2.until > $as_of) | 1])
     + size([(v)<-[:GOVERNS]-(:Body {kind: 'village_committee'})-[:SENDS]->(ca3:CrossAppointment)-[:APPOINTS_TO]->(x3)
            WHERE x3.id IN unit_side AND ca3.since <= $as_of AND (ca3.until IS NULL OR ca3.until > $as_of) | 1])
     + size([(v)<-[:GOVERNS]-(:Body {kind: 'village_committee'})<-[:APPOINTS_TO]-(ca4:CrossAppointment)<-[:SENDS]-(x4)
            WHERE x4.id IN unit_side AND ca4.since <= $as_of AND (ca4.until IS NULL OR ca4.until > $as_of) | 1]) AS appointments
WHERE appointments = 0
OPTIONAL MATCH (v)-[:BELONGS_TO]->(t:Area {level: 'township'})
RETURN t.id AS township_id, t.name AS township_name, v.id AS subject_id, v.name AS subject_name, unit_ids AS related_ids,
       v.name + '与辖区物业服务企业、业主委员会没有“双向进入、交叉任职”（DL-2.3）。' AS message_zh,
       v.name + ' has no two-way cross-appointment with the property companies and owners\' committees of its compounds (DL-2.3).' AS message_en
ORDER BY township_id, subject_id
