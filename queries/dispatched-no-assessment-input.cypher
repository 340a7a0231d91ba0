// 赋权：派驻机构考核缺少乡镇意见 / Dispatched body outside the township's assessment input
// id: dispatched-no-assessment-input
// title_zh: 赋权：派驻机构考核缺少乡镇意见
// title_en: Dispatched body outside the township's assessment input
// clause: DL-1.2b
// severity: warning
// description: Every body still under the dispatch system (kind dispatched, dispatch_status dispatched or not recorded) that serves a township is the subject of a personnel_advice grant with aspect assessment held by that township's Party committee. subject = the dispatched body; related_ids = the township's Party committee(s) and the dispatching department.
// params: none
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (db:Body {kind: 'dispatched'})-[:SERVES]->(t:Area {level: 'township'})
WHERE coalesce(db.dispatch_status, 'dispatched') = 'dispatched'
OPTIONAL MATCH (pc:Body {kind: 'party_committee'})-[:GOVERNS]->(t)
OPTIONAL MATCH (pc)-[:HOLDS]->(g:PowerGrant {aspect: 'assessment'})-[:CONFERS]->(:Power {id: 'personnel_advice'})
WHERE (g)-[:APPLIES_TO]->(db)
WITH db, t, pc, count(g) AS grants ORDER BY pc.id
WITH db, t, collect(pc.id) AS pc_ids, sum(grants) AS grants
WHERE grants = 0
OPTIONAL MATCH (dep:Body)-[:DISPATCHES]->(db)
WITH db, t, pc_ids, dep ORDER BY dep.id
WITH db, t, pc_ids, collect(dep.id) AS dep_ids
RETURN t.id AS township_id, t.name AS township_name, db.id AS subject_id, db.name AS subject_name,
       pc_ids + dep_ids AS related_ids,
       db.name + '仍实行派驻体制，但' + t.name + '党（工）委对其工作考核没有建议意见权（DL-1.2b）。' AS message_zh,
       db.name + ' is still dispatched, but the Party committee of ' + t.name + ' has no advice on its work assessment (DL-1.2b).' AS message_en
ORDER BY township_id, subject_id
