// 职责准入：统一部署仅由党委或政府一方作出 / Duty access: a unified deployment issued by the Party committee or the government alone
// id: access-decision-single-issuer
// title_zh: 职责准入：统一部署仅由党委或政府一方作出
// title_en: Duty access: a unified deployment issued by the Party committee or the government alone
// clause: DL-1.3-access
// severity: info
// description: A unified-deployment decision in force on the audit date that authorises at least one hand-over in force to a township, and whose issuers speak for one side only — Party committees (or their offices) or governments (or their offices), not both. The plan says 党委和政府统一部署; the audits accept either side (clauses.yaml DL-1.3-access ambiguity) and report this so it is never accepted silently. A joint 两办 document counts for both. subject = the decision; township = null; related_ids = the issuers and the hand-overs.
// params: as_of: the audit date (ISO)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (dec:Decision {kind: 'unified_deployment'})-[:AUTHORISES]->(h:Handover)-[:ASSIGNS_TO]->(:Body)-[:GOVERNS|SERVES]->(:Area {level: 'township'})
WHERE dec.date <= $as_of AND (dec.repealed_date IS NULL OR dec.repealed_date > $as_of)
  AND h.date <= $as_of AND (h.end_date IS NULL OR h.end_date > $as_of)
WITH dec, h ORDER BY h.id
WITH dec, collect(DISTINCT h.id) AS handovers
MATCH (iss:Body)-[:ISSUES]->(dec)
OPTIONAL MATCH (iss)-[:BELONGS_TO]->(p:Body)
WHERE iss.kind = 'office' AND p.kind IN ['party_committee', 'government']
WITH dec, handovers, iss,
     CASE WHEN iss.kind IN ['party_committee', 'government'] THEN iss.kind ELSE p.kind END AS side
ORDER BY iss.id
WITH dec, handovers, collect(DISTINCT iss.id) AS issuers, collect(DISTINCT iss.name) AS names, collect(DISTINCT side) AS sides
WHERE size(sides) = 1
WITH dec, handovers, issuers, sides[0] AS side,
     reduce(s = '', x IN names | s + CASE WHEN s = '' THEN '' ELSE '、' END + x) AS joined
RETURN null AS township_id, null AS township_name, dec.id AS subject_id, dec.name AS subject_name,
       issuers + handovers AS related_ids,
       '决定「' + dec.name + '」仅由' + joined + '（' + CASE side WHEN 'party_committee' THEN '党委' ELSE '政府' END + '一方）作出；方案要求“党委和政府统一部署”，此处按符合处理，请核实（DL-1.3）。' AS message_zh,
       'Decision "' + dec.name + '" was issued by ' + joined + ' alone (the ' + CASE side WHEN 'party_committee' THEN 'Party committee' ELSE 'government' END + ' side only); the plan asks for a unified deployment by the Party committee and the government. Accepted here; please verify (DL-1.3).' AS message_en
ORDER BY subject_id
