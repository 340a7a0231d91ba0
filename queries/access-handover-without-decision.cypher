// 职责准入：未经统一部署向乡镇交办事项 / Duty access: hand-over to a township without a unified deployment
// id: access-handover-without-decision
// title_zh: 职责准入：未经统一部署向乡镇交办事项
// title_en: Duty access: hand-over to a township without a unified deployment
// clause: DL-1.3-access
// severity: error
// description: A hand-over (下放/委托) in force on the audit date, from a county- or city-level department to a township body (the township's own bodies; still-dispatched bodies are the department's own), that its decision does not authorise. The decision authorises it when, in this order: it exists; it is a unified deployment; an issuer is a Party committee or government, or an office of one (a 两办 joint document counts for both); such an issuer's jurisdiction is the department's area or above it; it covers the item (COVERS_ITEM, or an annexed list that includes it); it covers the township (COVERS_TOWNSHIP, or every township below an area); it is dated on or before the hand-over; it is not repealed on the audit date. The message states the first failing test. Mirrors kg.audit.access.decision_reasons. subject = the hand-over; related_ids = the department, the receiving body, the duty and the decision, if any.
// params: as_of: the audit date (ISO)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (dep:Body)-[:HANDS_OVER]->(h:Handover)-[:ASSIGNS_TO]->(b:Body)-[:GOVERNS|SERVES]->(t:Area {level: 'township'})
WHERE dep.kind = 'department' AND dep.level IN ['county', 'city']
  AND (b.kind <> 'dispatched' OR b.dispatch_status = 'integrated')
  AND h.date <= $as_of AND (h.end_date IS NULL OR h.end_date > $as_of)
MATCH (h)-[:TRANSFERS]->(d:Duty)
MATCH (dep)-[:GOVERNS]->(x:Area)
OPTIONAL MATCH (dec:Decision)-[:AUTHORISES]->(h)
// who issued a decision is found once per decision, whether their jurisdiction covers the department's
// area once per decision and area, and its scope per hand-over
WITH dec, collect([dep, h, b, t, d, x]) AS hs
WITH dec, hs,
     size([(dec)<-[:ISSUES]-(s1:Body) WHERE s1.kind IN ['party_committee', 'government'] | 1])
       + size([(dec)<-[:ISSUES]-(o2:Body)-[:BELONGS_TO]->(s2:Body) WHERE o2.kind = 'office' AND s2.kind IN ['party_committee', 'government'] | 1]) AS sides
UNWIND hs AS r
WITH dec, sides, r[5] AS x, collect(r) AS rs
WITH dec, sides, rs,
     size([(dec)<-[:ISSUES]-(s3:Body)-[:GOVERNS]->(:Area)<-[:BELONGS_TO*0..]-(x) WHERE s3.kind IN ['party_committee', 'government'] | 1])
       + size([(dec)<-[:ISSUES]-(o4:Body)-[:BELONGS_TO]->(s4:Body)-[:GOVERNS]->(:Area)<-[:BELONGS_TO*0..]-(x) WHERE o4.kind = 'office' AND s4.kind IN ['party_committee', 'government'] | 1]) AS sides_above
UNWIND rs AS r
WITH r[0] AS dep, r[1] AS h, r[2] AS b, r[3] AS t, r[4] AS d, dec, sides, sides_above
WITH dep, h, b, t, d, dec, sides, sides_above,
     size([(dec)-[:COVERS_ITEM]->(d) | 1]) + size([(dec)-[:COVERS_LIST]->(:DutyList)-[:INCLUDES]->(d) | 1]) AS item_cover,
     size([(dec)-[:COVERS_TOWNSHIP]->(t) | 1]) + size([(t)-[:BELONGS_TO*1..]->(:Area)<-[:COVERS_ALL_TOWNSHIPS_OF]-(dec) | 1]) AS town_cover
WITH dep, h, b, t, d, dec,
     CASE WHEN dec IS NULL THEN 'no_decision'
          WHEN dec.kind <> 'unified_deployment' THEN 'not_unified_deployment'
          WHEN sides = 0 THEN 'issuer_not_party_or_government'
          WHEN sides_above = 0 THEN 'issuer_out_of_jurisdiction'
          WHEN item_cover = 0 THEN 'item_not_in_scope'
          WHEN town_cover = 0 THEN 'township_not_in_scope'
          WHEN dec.date IS NULL OR dec.date > h.date THEN 'decision_after_handover'
          WHEN dec.repealed_date IS NOT NULL AND dec.repealed_date <= $as_of THEN 'decision_repealed'
     END AS reason
WHERE reason IS NOT NULL
WITH dep, h, b, t, d, dec, reason,
     dep.name + '将「' + d.name + '」' + h.mode + '给' + b.name AS what_zh,
     dep.name + ' hands "' + d.name + '" over (' + h.mode + ') to ' + b.name AS what_en
RETURN t.id AS township_id, t.name AS township_name, h.id AS subject_id, h.name AS subject_name,
       [dep.id, b.id, d.id] + CASE WHEN dec IS NULL THEN [] ELSE [dec.id] END AS related_ids,
       what_zh + CASE reason
         WHEN 'no_decision' THEN '，没有党委和政府统一部署的决定'
         WHEN 'not_unified_deployment' THEN '，所依据的「' + dec.name + '」不是党委和政府的统一部署'
         WHEN 'issuer_not_party_or_government' THEN '，所依据的「' + dec.name + '」不是党委或政府（或其办公室）作出的'
         WHEN 'issuer_out_of_jurisdiction' THEN '，所依据的「' + dec.name + '」的发文机关辖区不包含该部门所在地区'
         WHEN 'item_not_in_scope' THEN '，所依据的「' + dec.name + '」未列入该事项'
         WHEN 'township_not_in_scope' THEN '，所依据的「' + dec.name + '」未覆盖' + t.name
         WHEN 'decision_after_handover' THEN '（' + toString(h.date) + '），早于所依据的「' + dec.name + '」（' + coalesce(toString(dec.date), '无日期') + '）'
         ELSE '，所依据的「' + dec.name + '」已于' + toString(dec.repealed_date) + '废止'
       END + '（违反职责准入制度，DL-1.3）。' AS message_zh,
       what_en + CASE reason
         WHEN 'no_decision' THEN ' with no unified-deployment decision of the Party committee and government'
         WHEN 'not_unified_deployment' THEN ' on "' + dec.name + '", which is not a unified deployment of the Party committee and government'
         WHEN 'issuer_not_party_or_government' THEN ' on "' + dec.name + '", which no Party committee or government (or its office) issued'
         WHEN 'issuer_out_of_jurisdiction' THEN ' on "' + dec.name + '", whose issuers have no jurisdiction over the department\'s area'
         WHEN 'item_not_in_scope' THEN ' on "' + dec.name + '", which does not cover the item'
         WHEN 'township_not_in_scope' THEN ' on "' + dec.name + '", which does not cover ' + t.name
         WHEN 'decision_after_handover' THEN ' on ' + toString(h.date) + ', before "' + dec.name + '" (' + coalesce(toString(dec.date), 'undated') + ')'
         ELSE ' on "' + dec.name + '", repealed on ' + toString(dec.repealed_date)
       END + ' (duty-access rule, DL-1.3).' AS message_en
ORDER BY township_id, subject_id
