// 大工委大党委：尚未组建（期限未到或组建条件未记录） / Big committees: not yet formed (before the deadline, or eligibility not recorded)
// id: big-committee-pending
// title_zh: 大工委大党委：尚未组建（期限未到或组建条件未记录）
// title_en: Big committees: not yet formed (before the deadline, or eligibility not recorded)
// clause: DL-2.1
// severity: info
// description: On or before the plan's deadline, a township, community or eligible village with no big committee in force is progress to track; at any date, a village whose eligibility (big_committee_eligible) is not recorded and that has no big committee is reported, because the plan does not define 具备组建条件. Only counties that record Party organisations are judged. subject = the area; related_ids = the Party committee governing it and its village/community Party organisation.
// params: as_of: the audit date; deadline: the plan's deadline (end of 2023)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (:PartyOrg)-[:COVERS]->(:Area)-[:BELONGS_TO*0..]->(c:Area {level: 'county'})
WITH DISTINCT c
MATCH (a:Area)-[:BELONGS_TO*1..2]->(c)
WHERE (($as_of <= $deadline
        AND (a.level IN ['township', 'community'] OR (a.level = 'village' AND a.big_committee_eligible = true)))
       OR (a.level = 'village' AND a.big_committee_eligible IS NULL))
WITH a, size([(o:PartyOrg {kind: 'big_committee'})-[:COVERS]->(a) WHERE o.formed_date <= $as_of AND (o.dissolved_date IS NULL OR o.dissolved_date > $as_of) | 1]) AS built
WHERE built = 0
OPTIONAL MATCH (a)-[:BELONGS_TO*0..1]->(t:Area {level: 'township'})
WITH a, t, [(p:Body {kind: 'party_committee'})-[:GOVERNS]->(a) | p.id]
         + [(v:PartyOrg {kind: 'village_org'})-[:COVERS]->(a) | v.id] AS related
RETURN t.id AS township_id, t.name AS township_name, a.id AS subject_id, a.name AS subject_name, related AS related_ids,
       CASE WHEN a.level = 'village' AND a.big_committee_eligible IS NULL
            THEN a.name + '尚未组建“大党委”，且未记录是否具备组建条件（DL-2.1）。'
            ELSE a.name + '尚未组建“大工委”“大党委”，期限为' + $deadline + '（DL-2.1）。' END AS message_zh,
       CASE WHEN a.level = 'village' AND a.big_committee_eligible IS NULL
            THEN a.name + ' has no big Party committee, and whether it meets the conditions is not recorded (DL-2.1).'
            ELSE a.name + ' has no big Party committee yet; the deadline is ' + $deadline + ' (DL-2.1).' END AS message_en
ORDER BY township_id, subject_id
