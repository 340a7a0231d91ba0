// 职责准入：未经统一部署向乡镇交办事项 / Duty access: hand-over to a township without a unified deployment
// id: access-handover-without-decision
// title_zh: 职责准入：未经统一部署向乡镇交办事项
// title_en: Duty access: hand-over to a township without a unified deployment
// clause: DL-1.3-access
// severity: error
// description: A hand-over (下放/委托) from a county-level department to a township body (the township's own bodies; still-dispatched bodies are the department's own) that no qualifying decision authorises. A qualifying decision has kind unified_deployment and is issued by a Party committee or government whose jurisdiction is the department's county or an area above it. Mirrors kg.audit.access.transfer_reasons. subject = the hand-over; related_ids = the department, the receiving body, the duty and any non-qualifying decisions.
// params: none
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (dep:Body)-[:HANDS_OVER]->(h:Handover)-[:ASSIGNS_TO]->(b:Body)-[:GOVERNS|SERVES]->(t:Area {level: 'township'})
WHERE dep.kind = 'department' AND dep.level = 'county'
  AND (b.kind <> 'dispatched' OR b.dispatch_status = 'integrated')
MATCH (h)-[:TRANSFERS]->(d:Duty)
MATCH (dep)-[:GOVERNS]->(x:Area)
OPTIONAL MATCH (dec:Decision)-[:AUTHORISES]->(h)
OPTIONAL MATCH (iss:Body)-[:ISSUES]->(dec)
OPTIONAL MATCH (iss)-[:GOVERNS]->(ia:Area)
WITH dep, h, b, t, d, x, dec,
     CASE WHEN dec IS NOT NULL AND dec.kind = 'unified_deployment'
               AND iss.kind IN ['party_committee', 'government']
               AND (ia.id = x.id OR size([(x)-[:BELONGS_TO*1..]->(ia) | 1]) > 0)
          THEN dec.id END AS ok_id
WITH dep, h, b, t, d, collect(DISTINCT ok_id) AS ok_ids, collect(DISTINCT dec.id) AS dec_ids
WHERE size(ok_ids) = 0
RETURN t.id AS township_id, t.name AS township_name, h.id AS subject_id, h.name AS subject_name,
       [dep.id, b.id, d.id] + dec_ids AS related_ids,
       CASE WHEN size(dec_ids) = 0
            THEN dep.name + '将「' + d.name + '」' + h.mode + '给' + b.name + '，没有党委和政府统一部署的决定（违反职责准入制度，DL-1.3）。'
            ELSE dep.name + '将「' + d.name + '」' + h.mode + '给' + b.name + '，所依据的决定不是区县以上党委、政府作出的统一部署（违反职责准入制度，DL-1.3）。'
       END AS message_zh,
       CASE WHEN size(dec_ids) = 0
            THEN dep.name + ' hands "' + d.name + '" over (' + h.mode + ') to ' + b.name + ' with no unified-deployment decision of the Party committee and government (duty-access rule, DL-1.3).'
            ELSE dep.name + ' hands "' + d.name + '" over (' + h.mode + ') to ' + b.name + ' on a decision that is not a unified deployment by a Party committee or government of the county or above (duty-access rule, DL-1.3).'
       END AS message_en
ORDER BY township_id, subject_id
