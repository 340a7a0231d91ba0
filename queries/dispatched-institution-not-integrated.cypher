// 强能：派驻乡镇的事业单位分支机构未整合 / Dispatched public-institution branch not integrated into the township
// id: dispatched-institution-not-integrated
// title_zh: 强能：派驻乡镇的事业单位分支机构未整合
// title_en: Dispatched public-institution branch not integrated into the township
// clause: DL-1.1-integration
// severity: warning
// description: A branch of a public institution dispatched into a township (kind dispatched, dispatched_form institution_branch) that is still under the dispatch system (dispatch_status dispatched or not recorded); the plan integrates such branches into the township's own institutions. Bodies whose dispatched_form is not recorded are not judged, administrative stations (派出所, 司法所 …) never. subject = the body; related_ids = the dispatching department.
// params: none
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (db:Body {kind: 'dispatched', dispatched_form: 'institution_branch'})-[:SERVES]->(t:Area {level: 'township'})
WHERE coalesce(db.dispatch_status, 'dispatched') = 'dispatched'
WITH t, db, [(dep:Body)-[:DISPATCHES]->(db) | dep.id] AS deps
RETURN t.id AS township_id, t.name AS township_name, db.id AS subject_id, db.name AS subject_name,
       deps AS related_ids,
       db.name + '是派驻' + t.name + '的事业单位分支机构，仍实行派驻体制，未整合为乡镇（街道）所属事业单位（DL-1.1）。' AS message_zh,
       db.name + ' is a public-institution branch dispatched into ' + t.name + ' and still under the dispatch system, not integrated into the institutions of the township (DL-1.1).' AS message_en
ORDER BY township_id, subject_id
