// 职责准入：将行政事务交由村（居）民委员会承担 / Duty access: an administrative affair pushed to a village or residents' committee
// id: access-handover-to-village
// title_zh: 职责准入：将行政事务交由村（居）民委员会承担
// title_en: Duty access: an administrative affair pushed to a village or residents' committee
// clause: DL-1.3-village
// severity: error
// description: A village or residents' committee (Body kind village_committee) receives a hand-over in force, or leads on a list in force (taken-back lists aside) a duty that a department leads on a list in force or whose type is 行政处罚, 行政许可, 行政强制, 行政检查 or 行政征收. Committees are self-governing bodies that assist (协助) the government (村民委员会组织法 art. 5; 城市居民委员会组织法 art. 20): cooperating is allowed, bearing an administrative item is not. subject = the duty; related_ids = the committee, the lists or hand-overs, and the department(s).
// params: as_of: the audit date (ISO)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
CALL {
  MATCH (dep:Body)-[:HANDS_OVER]->(h:Handover)-[:ASSIGNS_TO]->(vc:Body {kind: 'village_committee'})
  WHERE h.date <= $as_of AND (h.end_date IS NULL OR h.end_date > $as_of)
  MATCH (h)-[:TRANSFERS]->(d:Duty)
  RETURN vc, d, h.id AS via, dep.id AS dep_id
  UNION
  MATCH (vc:Body {kind: 'village_committee'})-[r:HOLDS_DUTY {role: 'lead'}]->(d:Duty)
  MATCH (l:DutyList {id: r.list_id})
  WHERE l.kind <> 'taken_back' AND l.effective_date <= $as_of AND (l.superseded_on IS NULL OR l.superseded_on > $as_of)
  OPTIONAL MATCH (dep:Body)-[:OWNS]->(dl:DutyList)-[:INCLUDES]->(d)
  WHERE dep.kind = 'department' AND (dep)-[:HOLDS_DUTY {role: 'lead'}]->(d)
    AND dl.kind <> 'taken_back' AND dl.effective_date <= $as_of AND (dl.superseded_on IS NULL OR dl.superseded_on > $as_of)
  WITH vc, d, l, dep.id AS dep_id
  WHERE dep_id IS NOT NULL OR d.duty_type IN ['行政处罚', '行政许可', '行政强制', '行政检查', '行政征收']
  RETURN vc, d, l.id AS via, dep_id
}
WITH vc, d, collect(DISTINCT via) AS vias, [x IN collect(DISTINCT dep_id) WHERE x IS NOT NULL] AS dep_ids
OPTIONAL MATCH (vc)-[:GOVERNS]->(:Area)-[:BELONGS_TO*0..]->(t:Area {level: 'township'})
RETURN t.id AS township_id, t.name AS township_name, d.id AS subject_id, d.name AS subject_name,
       [vc.id] + vias + dep_ids AS related_ids,
       vc.name + '承担行政事务「' + d.name + '」（' + coalesce(d.duty_type, '未分类') + '）；村（居）民委员会是群众自治组织，只能协助而不能承担部门的行政事务（DL-1.3）。' AS message_zh,
       vc.name + ' bears the administrative item "' + d.name + '" (' + coalesce(d.duty_type, 'untyped') + '); a village or residents\' committee is self-governing and may assist, not carry, a department\'s administrative affairs (DL-1.3).' AS message_en
ORDER BY coalesce(township_id, ''), subject_id
