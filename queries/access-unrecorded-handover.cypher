// 职责准入：乡镇承担部门清单事项但无交办记录 / Duty access: a township leads a department's duty with no recorded hand-over
// id: access-unrecorded-handover
// title_zh: 职责准入：乡镇承担部门清单事项但无交办记录
// title_en: Duty access: a township leads a department's duty with no recorded hand-over
// clause: DL-1.3-access
// severity: error
// description: A township body (its own bodies, not still-dispatched ones) leads a duty on a current list while a department of the township's county leads the same duty on its own current list, and no hand-over of that duty from that department to any body of the township is recorded. Items confirmed as one duty (SAME_AS, from matches.yaml) are the same duty here. subject = the duty; related_ids = the township lead(s), the department and the department's list(s).
// params: as_of: the audit date (ISO), lists in force on it count
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
CALL {
  // the county departments' current leads, each on the department's own list, keyed by the county and
  // by the duty's smallest same-duty id (items confirmed as one duty, SAME_AS, are the same duty)
  MATCH (dep:Body {kind: 'department'})-[hd:HOLDS_DUTY {role: 'lead'}]->(dd:Duty)
  WHERE dep.level = 'county'
  WITH DISTINCT dep, dd, hd.list_id AS dep_list_id
  MATCH (dl:DutyList {id: dep_list_id})
  WHERE dl.effective_date <= $as_of AND (dl.superseded_on IS NULL OR dl.superseded_on > $as_of) AND dl.kind <> 'taken_back'
  MATCH (dep)-[:OWNS]->(dl)-[:INCLUDES]->(dd)
  MATCH (dep)-[:GOVERNS]->(c:Area)
  WITH dd, collect(DISTINCT [c, dep, dl]) AS held
  WITH held, reduce(m = dd.id, y IN [(dd)-[:SAME_AS*1..]-(x:Duty) | x.id] | CASE WHEN y < m THEN y ELSE m END) AS key
  UNWIND held AS x
  RETURN collect(DISTINCT key) AS dep_keys, collect([x[0], key, 'dep', x[1], x[2]]) AS dep_rows
}
CALL {
  // the townships' own current leads (not still-dispatched stations), keyed the same way, with the county
  MATCH (c:Area)<-[:BELONGS_TO]-(t:Area {level: 'township'})<-[:GOVERNS|SERVES]-(b:Body)
  WHERE b.kind <> 'dispatched' OR b.dispatch_status = 'integrated'
  MATCH (b)-[h:HOLDS_DUTY {role: 'lead'}]->(d:Duty)
  WITH DISTINCT c, t, b, d, h.list_id AS list_id
  MATCH (l:DutyList {id: list_id})
  WHERE l.effective_date <= $as_of AND (l.superseded_on IS NULL OR l.superseded_on > $as_of) AND l.kind <> 'taken_back'
  WITH c, t, d, collect(DISTINCT b) AS leads
  WITH d, collect([c, t, leads]) AS held
  RETURN collect([reduce(m = d.id, y IN [(d)-[:SAME_AS*1..]-(x:Duty) | x.id] | CASE WHEN y < m THEN y ELSE m END), d, held]) AS by_duty
}
CALL {
  // only duties some county department leads can be a department's duty
  WITH by_duty, dep_keys
  UNWIND [g IN by_duty WHERE g[0] IN dep_keys] AS g
  UNWIND g[2] AS x
  RETURN collect([x[0], g[0], 'township', x[1], x[2], g[1]]) AS township_rows
}
// a hash join on (county, duty): one pass over both sides, linear in the leads
UNWIND dep_rows + township_rows AS r
WITH r[0] AS c, r[1] AS key,
     collect(CASE WHEN r[2] = 'dep' THEN [r[3], r[4]] END) AS deps,
     collect(CASE WHEN r[2] = 'township' THEN [r[3], r[4], r[5]] END) AS towns
WHERE size(deps) > 0 AND size(towns) > 0
UNWIND towns AS tw
UNWIND deps AS dp
WITH tw[0] AS t, tw[1] AS leads, tw[2] AS d, dp[0] AS dep, collect(DISTINCT dp[1]) AS dls
OPTIONAL MATCH (dep)-[:HANDS_OVER]->(ho:Handover)
WHERE ho.date <= $as_of AND (ho.end_date IS NULL OR ho.end_date > $as_of)
  AND (ho)-[:TRANSFERS]->(:Duty)-[:SAME_AS*0..]-(d) AND (ho)-[:ASSIGNS_TO]->(:Body)-[:GOVERNS|SERVES]->(t)
WITH t, d, dep, leads, dls, count(ho) AS handovers
WHERE handovers = 0
UNWIND leads AS b
UNWIND dls AS dl
WITH t, d, dep, b, dl ORDER BY b.id, dl.id
WITH t, d, dep, collect(DISTINCT b.id) AS lead_ids, collect(DISTINCT b.name) AS lead_names, collect(DISTINCT dl.id) AS list_ids, collect(DISTINCT dl.name) AS list_names
WITH t, d, dep, lead_ids, list_ids,
     reduce(s = '', x IN lead_names | s + CASE WHEN s = '' THEN '' ELSE '、' END + x) AS leads,
     reduce(s = '', x IN list_names | s + CASE WHEN s = '' THEN '' ELSE '、' END + x) AS lists
RETURN t.id AS township_id, t.name AS township_name, d.id AS subject_id, d.name AS subject_name,
       lead_ids + [dep.id] + list_ids AS related_ids,
       leads + '牵头承担「' + d.name + '」，而该事项列在' + dep.name + '的「' + lists + '」中，没有交办记录（违反职责准入制度，DL-1.3）。' AS message_zh,
       leads + ' leads "' + d.name + '", which ' + dep.name + ' also leads on its own list "' + lists + '", with no recorded hand-over (duty-access rule, DL-1.3).' AS message_en
ORDER BY township_id, subject_id, message_en
