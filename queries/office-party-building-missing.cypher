// 强能：乡镇未单独设立党建工作办公室 / Capacity: a township with no Party Building Work Office
// id: office-party-building-missing
// title_zh: 强能：乡镇未单独设立党建工作办公室
// title_en: Capacity: a township with no Party Building Work Office
// clause: DL-1.1-office
// severity: warning
// description: Every township has an office (kind office) with office_type party_building that serves the township or belongs to a body governing it. subject = the township; related_ids = its Party committee(s) and government(s).
// params: none
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (t:Area {level: 'township'})
WHERE NOT (t)<-[:SERVES]-(:Body {kind: 'office', office_type: 'party_building'})
  AND NOT (t)<-[:GOVERNS]-(:Body)<-[:BELONGS_TO]-(:Body {kind: 'office', office_type: 'party_building'})
OPTIONAL MATCH (b:Body)-[:GOVERNS]->(t)
WHERE b.kind IN ['party_committee', 'government']
WITH t, b ORDER BY b.id
WITH t, collect(b.id) AS body_ids
RETURN t.id AS township_id, t.name AS township_name, t.id AS subject_id, t.name AS subject_name,
       body_ids AS related_ids,
       t.name + '没有单独设立党建工作办公室（DL-1.1）。' AS message_zh,
       t.name + ' has no separate Party Building Work Office (DL-1.1).' AS message_en
ORDER BY township_id, subject_id
