// 职责交叉：同一辖区一项职责有多个牵头单位 / Duty overlap: more than one lead for a duty in one jurisdiction
// id: duty-overlap
// title_zh: 职责交叉：同一辖区一项职责有多个牵头单位
// title_en: Duty overlap: more than one lead for a duty in one jurisdiction
// clause: DL-1.3-list
// severity: error
// description: For every area where some body leads a duty on a current list (lists in force on the audit date only; taken-back lists ignored), counts the distinct bodies whose jurisdiction covers that area (the area itself or an area above it, e.g. a county department over a township) and that lead the same duty on a current list. Leads are counted by line of responsibility (issue 11, plan-model.md §5.3): a township body holding the duty through an in-force 委托 hand-over belongs to the entrusting department's line; a still-dispatched station to its dispatching department's line; an integrated (划归) station and any other body is its own line; a department that devolved (下放) the duty to a body of the area in force is not a lead there. More than one line is an overlap (职责交叉); one line with several bodies is duty-overlap-same-line (info). Items an analyst confirmed as one duty (SAME_AS, from matches.yaml) count as one duty, named by the smallest id. subject = the duty; related_ids = the lead bodies.
// params: as_of: the audit date (ISO), lists in force on it count
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (b:Body)-[h:HOLDS_DUTY {role: 'lead'}]->(d:Duty)
WITH DISTINCT b, h.list_id AS list_id, d
MATCH (l:DutyList {id: list_id})
WHERE l.effective_date <= $as_of AND (l.superseded_on IS NULL OR l.superseded_on > $as_of) AND l.kind <> 'taken_back'
WITH d, collect(DISTINCT b) AS bodies
// same duty (issue 13): items confirmed as one duty (SAME_AS) count as one, named by the smallest id
// (worked out once per item, not once per lead)
MATCH (d)-[:SAME_AS*0..]-(c:Duty)
WITH bodies, c, [(c)-[:SAME_AS*1..]-(y:Duty) | y.id] AS others
WHERE all(o IN others WHERE o > c.id)
UNWIND bodies AS b
WITH DISTINCT b, c AS d
// end same duty
MATCH (b)-[:GOVERNS|SERVES]->(a:Area)
WITH d, a, collect(DISTINCT b) AS here
// an area's rank in the hierarchy (an area lies only in areas of a higher rank)
WITH d, a, here, CASE a.level WHEN 'province' THEN 6 WHEN 'city' THEN 5 WHEN 'county' THEN 4 WHEN 'township' THEN 3
                               WHEN 'village' THEN 2 WHEN 'community' THEN 2 WHEN 'grid' THEN 1 ELSE 0 END AS rank
WITH d, collect([a, here, a, rank]) AS at_areas, max(rank) AS top
// the duty's items (itself and those confirmed as the same duty), found once per duty, so that each
// body's holding below is an Expand Into between two bound nodes, not a walk of all its duties
WITH d, at_areas, top, [(d)-[:SAME_AS*0..]-(x:Duty) | x] AS items
// the leads of each area above a lead's area (a county, a city), looked up once for all the areas below it
// (the leads of the area itself are those just found)
CALL {
  WITH d, at_areas, items, top
  UNWIND at_areas AS e
  WITH d, items, e[0] AS a, e[3] AS rank, top
  // only an area below the highest area where the duty has a lead can have a lead above it
  WHERE rank < top
  MATCH (a)-[:BELONGS_TO*1..]->(up:Area)
  WITH d, items, up, collect(a) AS below
  MATCH (up)<-[:GOVERNS|SERVES]-(b2:Body)
  WITH up, below, b2, items
  UNWIND items AS item
  WITH DISTINCT up, below, b2, item
  MATCH (b2)-[h2:HOLDS_DUTY {role: 'lead'}]->(item)
  WITH DISTINCT up, below, b2, h2.list_id AS list_id
  MATCH (l2:DutyList {id: list_id})
  WHERE l2.effective_date <= $as_of AND (l2.superseded_on IS NULL OR l2.superseded_on > $as_of) AND l2.kind <> 'taken_back'
  WITH DISTINCT up, below, b2
  UNWIND below AS a
  RETURN collect([a, [b2], up]) AS upper
}
WITH d, [i IN items | i.id] AS item_ids, at_areas, upper, [u IN upper | u[0]] AS led_above
// one stream of [area, leads, the leads' area]: the area's own leads, then those of each area above;
// an area with one lead of its own and none above can have no overlap, so it is dropped here
UNWIND [e IN at_areas WHERE size(e[1]) > 1 OR e[0] IN led_above] + upper AS x
UNWIND x[1] AS b2
WITH d, item_ids, x[0] AS a, b2, x[2] AS up
// hand-overs in force are looked up once per body (not once per body and duty), then matched in memory
WITH b2, collect({d: d, item_ids: item_ids, up: up, a: a}) AS leads
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
WITH b2, lead.d AS d, lead.item_ids AS item_ids, lead.up AS up, lead.a AS a, entrusted, devolved, parent
// a department that devolved (下放) the duty to a body of the area is not a lead there;
// a body of the area itself devolves nothing to it
WITH d, a, b2, parent,
     [e IN entrusted WHERE e[0] IN item_ids | e[1]] AS principals,
     CASE WHEN up = a THEN [] ELSE [v IN devolved WHERE v[0] IN item_ids AND v[1] = a.id] END AS devolved_here
WHERE size(devolved_here) = 0
WITH d, a, b2,
     coalesce(reduce(m = null, p IN principals | CASE WHEN m IS NULL OR p < m THEN p ELSE m END),
              CASE WHEN b2.kind = 'dispatched' AND coalesce(b2.dispatch_status, 'dispatched') = 'dispatched'
                   THEN parent END,
              b2.id) AS line
// a body counts once per area, even if it governs the area and one above it
WITH DISTINCT d, a, b2, line
WITH d, a, b2, line ORDER BY b2.id
WITH d, a, collect(b2.id) AS ids, collect(b2.name) AS names, collect(DISTINCT line) AS lines
WHERE size(lines) > 1
OPTIONAL MATCH (a)-[:BELONGS_TO*0..]->(tw:Area {level: 'township'})
WITH d, a, ids, names, lines, tw,
     reduce(s = '', x IN names | s + CASE WHEN s = '' THEN '' ELSE '、' END + x) AS joined
RETURN tw.id AS township_id, tw.name AS township_name, d.id AS subject_id, d.name AS subject_name,
       ids AS related_ids,
       '职责「' + d.name + '」在' + a.name + '有' + toString(size(lines)) + '条牵头责任线：' + joined + '。同一辖区每项职责只能有一个牵头单位（DL-1.3）。' AS message_zh,
       'Duty "' + d.name + '" has ' + toString(size(lines)) + ' lines of responsibility leading it in ' + a.name + ': ' + joined + '. A duty has exactly one lead per jurisdiction (DL-1.3).' AS message_en
ORDER BY coalesce(township_id, ''), subject_id, message_en
