// 赋权：下放行政处罚权无省级决定 / Enforcement: a penalty power devolved with no province-level decision
// id: devolved-enforcement-no-province-decision
// title_zh: 赋权：下放行政处罚权无省级决定
// title_en: Enforcement: a penalty power devolved with no province-level decision
// clause: DL-1.2c
// severity: warning
// description: A 下放 (devolution) in force of an item of type 行政处罚 or 行政强制 to a township body (its own bodies; still-dispatched stations are the department's) that no decision of the province covers: a decision in force (kind conferment or unified_deployment) issued by a government or Party committee — or an office of one — whose jurisdiction is an area of level province, covering the item (COVERS_ITEM, or an annexed list) and the township (COVERS_TOWNSHIP, or every township below an area). 行政处罚法 art. 24: only a province (省、自治区、直辖市) may decide to hand a county department's penalty power to townships, and the decision is published; a county's or city's unified deployment satisfies the duty-access rule (DL-1.3) but not this. A coercive measure follows the penalty power (行政强制法 art. 17 ¶2). Warning, not error: the province's decision may exist outside the dataset (clauses.yaml DL-1.2c ambiguity). subject = the hand-over; related_ids = the department, the receiving body, the duty and the decision the hand-over names, if any.
// params: as_of: the audit date (ISO)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
OPTIONAL MATCH (:Area {level: 'province'})<-[:GOVERNS]-(s:Body)-[:ISSUES]->(pd1:Decision)
// the province-level decisions in force, found once: issued by the government or Party committee
// of a province, or by an office of one (few, so each hand-over is checked against them, not against
// every decision of every county that covers the same item)
WHERE s.kind IN ['party_committee', 'government']
WITH collect(DISTINCT pd1) AS direct
OPTIONAL MATCH (:Area {level: 'province'})<-[:GOVERNS]-(u:Body)<-[:BELONGS_TO]-(o:Body)-[:ISSUES]->(pd2:Decision)
WHERE u.kind IN ['party_committee', 'government'] AND o.kind = 'office'
WITH direct, collect(DISTINCT pd2) AS by_offices
WITH direct + by_offices AS issued
WITH [p IN issued WHERE p.kind IN ['conferment', 'unified_deployment']
        AND p.date <= $as_of AND (p.repealed_date IS NULL OR p.repealed_date > $as_of)] AS prov
MATCH (dep:Body)-[:HANDS_OVER]->(h:Handover {mode: '下放'})-[:ASSIGNS_TO]->(b:Body)-[:GOVERNS|SERVES]->(t:Area {level: 'township'})
WHERE (b.kind <> 'dispatched' OR b.dispatch_status = 'integrated')
  AND h.date <= $as_of AND (h.end_date IS NULL OR h.end_date > $as_of)
MATCH (h)-[:TRANSFERS]->(d:Duty)
WHERE d.duty_type IN ['行政处罚', '行政强制']
// the areas above the township, once per hand-over
WITH prov, dep, h, b, t, d, [(t)-[:BELONGS_TO*1..]->(x:Area) | x.id] AS t_up
// the duty itself stands in when there is no province decision (it covers nothing), so the row stays
UNWIND prov + [d] AS p
WITH dep, h, b, t, t_up, d, p,
     size([(p)-[:COVERS_ITEM]->(d) | 1]) + size([(p)-[:COVERS_LIST]->(:DutyList)-[:INCLUDES]->(d) | 1]) AS p_item
WITH dep, h, b, t, d, p, p_item,
     CASE WHEN p_item = 0 THEN 0
          ELSE size([(p)-[:COVERS_TOWNSHIP]->(t) | 1]) + size([(p)-[:COVERS_ALL_TOWNSHIPS_OF]->(y:Area) WHERE y.id IN t_up | 1]) END AS p_town
WITH dep, h, b, t, d, sum(CASE WHEN p_item > 0 AND p_town > 0 THEN 1 ELSE 0 END) AS covering
WHERE covering = 0
OPTIONAL MATCH (dec:Decision)-[:AUTHORISES]->(h)
WITH dep, h, b, t, d, dec
RETURN t.id AS township_id, t.name AS township_name, h.id AS subject_id, h.name AS subject_name,
       [dep.id, b.id, d.id] + CASE WHEN dec IS NULL THEN [] ELSE [dec.id] END AS related_ids,
       dep.name + '将' + d.duty_type + '事项「' + d.name + '」下放给' + b.name + '，' +
         CASE WHEN dec IS NULL THEN '没有省级决定' ELSE '所依据的「' + dec.name + '」不是省级决定，也没有覆盖该事项和' + t.name + '的省级决定' END +
         '；将县级部门的行政处罚权交由乡镇（街道）行使，须由省、自治区、直辖市决定并公布（行政处罚法第二十四条；行政强制法第十七条，DL-1.2c）。' AS message_zh,
       dep.name + ' devolves the ' + d.duty_type + ' item "' + d.name + '" to ' + b.name +
         CASE WHEN dec IS NULL THEN ' with no province-level decision' ELSE ' on "' + dec.name + '", which is not a province-level decision, and no province-level decision covers the item and ' + t.name END +
         '; only a province may decide to hand a county department\'s penalty power to townships, and must publish it (Administrative Penalty Law art. 24; Administrative Coercion Law art. 17, DL-1.2c).' AS message_en
ORDER BY township_id, subject_id
