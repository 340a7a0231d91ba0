// 赋权：委托实施行政强制措施 / Enforcement: a coercive measure entrusted to a township
// id: entrusted-coercive-measure
// title_zh: 赋权：委托实施行政强制措施
// title_en: Enforcement: a coercive measure entrusted to a township
// clause: DL-1.2c
// severity: error
// description: A 委托 (entrustment) in force of an item of type 行政强制. 行政强制法 art. 17 ¶1: 行政强制措施权不得委托 — a coercive measure may not be entrusted, whatever decision stands behind it (it may reach a township only together with a penalty power conferred under 行政处罚法 art. 24, 行政强制法 art. 17 ¶2). subject = the hand-over; related_ids = the department, the receiving body and the duty.
// params: as_of: the audit date (ISO)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (x:Body)-[:HANDS_OVER]->(h:Handover {mode: '委托'})-[:TRANSFERS]->(d:Duty {duty_type: '行政强制'})
WHERE h.date <= $as_of AND (h.end_date IS NULL OR h.end_date > $as_of)
MATCH (h)-[:ASSIGNS_TO]->(b:Body)
OPTIONAL MATCH (b)-[:GOVERNS|SERVES]->(t:Area {level: 'township'})
RETURN t.id AS township_id, t.name AS township_name, h.id AS subject_id, h.name AS subject_name,
       [x.id, b.id, d.id] AS related_ids,
       x.name + '将行政强制事项「' + d.name + '」委托' + b.name + '实施；行政强制措施权不得委托（行政强制法第十七条，DL-1.2c）。' AS message_zh,
       x.name + ' entrusts the coercive measure "' + d.name + '" to ' + b.name + '; the power to take coercive measures may not be entrusted (Administrative Coercion Law art. 17, DL-1.2c).' AS message_en
ORDER BY coalesce(township_id, ''), subject_id
