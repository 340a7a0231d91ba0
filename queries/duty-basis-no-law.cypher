// 职责清单：法定类事项未引用法律法规 / Duty lists: an item whose type needs a law cites none
// id: duty-basis-no-law
// title_zh: 职责清单：法定类事项未引用法律法规
// title_en: Duty lists: an item whose type needs a law cites none
// clause: DL-1.3-list
// severity: warning
// description: A duty of type 行政许可, 行政处罚, 行政强制 or 行政征收 — types that only a law or regulation may create (行政许可法 art. 14–17, 行政处罚法 art. 10–16, 行政强制法 art. 10–11) — on a list in force (taken-back lists aside) whose legal basis is missing, blank or cites no law or regulation by title (no 《…》, e.g. "见相关文件"). Warning: the list may cite the law elsewhere. subject = the duty; township = the township of the list's owner, or null for a list above township level (one finding per township or null); related_ids = the lists.
// params: as_of: the audit date (ISO)
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (o:Body)-[:OWNS]->(l:DutyList)-[:INCLUDES]->(d:Duty)
WHERE d.duty_type IN ['行政许可', '行政处罚', '行政强制', '行政征收']
  AND (d.legal_basis IS NULL OR NOT d.legal_basis CONTAINS '《')
  AND l.kind <> 'taken_back' AND l.effective_date <= $as_of AND (l.superseded_on IS NULL OR l.superseded_on > $as_of)
OPTIONAL MATCH (o)-[:GOVERNS|SERVES]->(t:Area {level: 'township'})
WITH d, t, l ORDER BY l.id
WITH d, t, collect(DISTINCT l.id) AS list_ids, collect(DISTINCT l.name) AS list_names
WITH d, t, list_ids, reduce(s = '', n IN list_names | s + CASE WHEN s = '' THEN '' ELSE '、' END + n) AS lists
RETURN t.id AS township_id, t.name AS township_name, d.id AS subject_id, d.name AS subject_name,
       list_ids AS related_ids,
       '「' + lists + '」中的' + d.duty_type + '事项「' + d.name + '」' + CASE WHEN d.legal_basis IS NULL OR trim(d.legal_basis) = '' THEN '没有实施依据' ELSE '的实施依据“' + d.legal_basis + '”未引用任何法律法规' END + '；此类事项只能由法律法规设定（DL-1.3）。' AS message_zh,
       'The ' + d.duty_type + ' item "' + d.name + '" on "' + lists + '" ' + CASE WHEN d.legal_basis IS NULL OR trim(d.legal_basis) = '' THEN 'has no legal basis' ELSE 'has a legal basis ("' + d.legal_basis + '") that cites no law or regulation' END + '; items of this type exist only by law (DL-1.3).' AS message_en
ORDER BY coalesce(township_id, ''), subject_id
