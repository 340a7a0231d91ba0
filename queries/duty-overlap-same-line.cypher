// 职责交叉：部门与其派驻机构同时牵头同一事项 / Duty overlap: a department and its own dispatched station both lead a duty
// id: duty-overlap-same-line
// title_zh: 职责交叉：部门与其派驻机构同时牵头同一事项
// title_en: Duty overlap: a department and its own dispatched station both lead a duty
// clause: DL-1.3-list
// severity: info
// description: For every area where some body leads a duty on a current list (lists in force on the audit date only; taken-back lists ignored), counts the distinct bodies whose jurisdiction covers that area (the area itself or an area above it, e.g. a county department over a township) and that lead the same duty on a current list. Leads are counted by line of responsibility (issue 11, plan-model.md §5.3): a township body holding the duty through an in-force 委托 hand-over belongs to the entrusting department's line; a still-dispatched station to its dispatching department's line; an integrated (划归) station and any other body is its own line; a department that devolved (下放) the duty to a body of the area in force is not a lead there. More than one line is an overlap (职责交叉); one line with several bodies is duty-overlap-same-line (info). This rule reports one line with several bodies where one of them is a still-dispatched station of the other (say which one acts); a 委托 line is reported by the entrusted-* rules instead. subject = the duty; related_ids = the lead bodies.
// params: as_of: the audit date (ISO), lists in force on it count
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (s:Body {kind: 'dispatched'})-[h:HOLDS_DUTY {role: 'lead'}]->(d:Duty)
WHERE coalesce(s.dispatch_status, 'dispatched') = 'dispatched'
// one line with several leads needs a still-dispatched station among the leads of the area itself:
// the leads counted for an area are those of the area and of the areas above it, and a station
// sits below its department. So the search starts from the stations' current leads.
WITH DISTINCT s, h.list_id AS list_id, d
MATCH (l:DutyList {id: list_id})
WHERE l.effective_date <= $as_of AND (l.superseded_on IS NULL OR l.superseded_on > $as_of) AND l.kind <> 'taken_back'
MATCH (s)-[:GOVERNS|SERVES]->(a:Area)
WITH DISTINCT d, a
// every lead of the duty in the station's area (each holding an Expand Into between bound nodes)
MATCH (a)<-[:GOVERNS|SERVES]-(b:Body)
MATCH (b)-[h:HOLDS_DUTY {role: 'lead'}]->(d)
WITH DISTINCT d, a, b, h.list_id AS list_id
MATCH (l:DutyList {id: list_id})
WHERE l.effective_date <= $as_of AND (l.superseded_on IS NULL OR l.superseded_on > $as_of) AND l.kind <> 'taken_back'
WITH d, a, collect(DISTINCT b) AS here
WITH d, collect([a, here, a]) AS at_areas
// the leads of each area above a lead's area (a county, a city), looked up once for all the areas below it
// (the leads of the area itself are those just found)
CALL {
  WITH d, at_areas
  UNWIND at_areas AS e
  WITH d, e[0] AS a
  MATCH (a)-[:BELONGS_TO*1..]->(up:Area)
  WITH d, up, collect(a) AS below
  MATCH (up)<-[:GOVERNS|SERVES]-(b2:Body)
  WITH d, up, below, b2
  MATCH (b2)-[h2:HOLDS_DUTY {role: 'lead'}]->(d)
  WITH DISTINCT up, below, b2, h2.list_id AS list_id
  MATCH (l2:DutyList {id: list_id})
  WHERE l2.effective_date <= $as_of AND (l2.superseded_on IS NULL OR l2.superseded_on > $as_of) AND l2.kind <> 'taken_back'
  WITH DISTINCT up, below, b2
  UNWIND below AS a
  RETURN collect([a, [b2], up]) AS upper
}
// one stream of [area, leads, the leads' area]: the area's own leads, then those of each area above;
// an area with one lead of its own and none above has no line with several leads, so it is dropped here
WITH d, at_areas, upper, [u IN upper | u[0]] AS led_above
UNWIND [e IN at_areas WHERE size(e[1]) > 1 OR e[0] IN led_above] + upper AS x
UNWIND x[1] AS b2
WITH d, x[0] AS a, b2, x[2] AS up
// hand-overs in force are looked up once per body (not once per body and duty), then matched in memory
WITH b2, collect({d: d, up: up, a: a}) AS leads
OPTIONAL MATCH (px:Body)-[:HANDS_OVER]->(ph:Handover {mode: '委托'})-[:ASSIGNS_TO]->(b2)
WHERE ph.date <= $as_of AND (ph.end_date IS NULL OR ph.end_date > $as_of)
OPTIONAL MATCH (ph)-[:TRANSFERS]->(pt:Duty)
WITH b2, leads, collect([pt.id, px.id]) AS entrusted
OPTIONAL MATCH (b2)-[:HANDS_OVER]->(dh:Handover {mode: '下放'})-[:ASSIGNS_TO]->(:Body)-[:GOVERNS|SERVES]->(da:Area)
WHERE dh.date <= $as_of AND (dh.end_date IS NULL OR dh.end_date > $as_of)
OPTIONAL MATCH (dh)-[:TRANSFERS]->(dt:Duty)
WITH b2, leads, entrusted, collect([dt.id, da.id]) AS devolved
WITH b2, leads, entrusted, devolved, head([(dp:Body)-[:DISPATCHES]->(b2) | dp.id]) AS parent
UNWIND leads AS lead
WITH b2, lead.d AS d, lead.up AS up, lead.a AS a, entrusted, devolved, parent
// a department that devolved (下放) the duty to a body of the area is not a lead there;
// a body of the area itself devolves nothing to it
WITH d, a, b2, parent,
     [e IN entrusted WHERE e[0] = d.id | e[1]] AS principals,
     CASE WHEN up = a THEN [] ELSE [v IN devolved WHERE v[0] = d.id AND v[1] = a.id] END AS devolved_here
WHERE size(devolved_here) = 0
WITH d, a, b2, parent, reduce(m = null, p IN principals | CASE WHEN m IS NULL OR p < m THEN p ELSE m END) AS principal
WITH d, a, b2,
     coalesce(principal,
              CASE WHEN b2.kind = 'dispatched' AND coalesce(b2.dispatch_status, 'dispatched') = 'dispatched'
                   THEN parent END,
              b2.id) AS line,
     CASE WHEN principal IS NOT NULL THEN 'entrusted'
          WHEN b2.kind = 'dispatched' AND coalesce(b2.dispatch_status, 'dispatched') = 'dispatched' THEN 'dispatched'
          ELSE 'own' END AS via
// a body counts once per area, even if it governs the area and one above it
WITH DISTINCT d, a, b2, line, via
WITH d, a, b2, line, via ORDER BY b2.id
WITH d, a, collect(b2.id) AS ids, collect(b2.name) AS names, collect(DISTINCT line) AS lines, collect(via) AS vias
WHERE size(lines) = 1 AND size(ids) > 1 AND 'dispatched' IN vias AND NOT 'entrusted' IN vias
OPTIONAL MATCH (a)-[:BELONGS_TO*0..]->(tw:Area {level: 'township'})
WITH d, a, ids, names, tw,
     reduce(s = '', x IN names | s + CASE WHEN s = '' THEN '' ELSE '、' END + x) AS joined
RETURN tw.id AS township_id, tw.name AS township_name, d.id AS subject_id, d.name AS subject_name,
       ids AS related_ids,
       '职责「' + d.name + '」在' + a.name + '由同一条责任线上的' + joined + '同时牵头（部门与其派驻机构），请明确由谁承担（DL-1.3）。' AS message_zh,
       'Duty "' + d.name + '" is led in ' + a.name + ' by ' + joined + ', one line of responsibility (a department and its own dispatched station): say which one acts (DL-1.3).' AS message_en
ORDER BY coalesce(township_id, ''), subject_id, message_en
