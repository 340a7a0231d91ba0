// 职责交叉候选：措辞不同、可能是同一事项 / Duty overlap candidate: differently worded items that may be one duty
// id: duty-overlap-candidate
// title_zh: 职责交叉候选：措辞不同、可能是同一事项
// title_en: Duty overlap candidate: differently worded items that may be one duty
// clause: DL-1.3-list
// severity: warning
// description: A pair of items of one jurisdiction line (a township and the bodies above it), led by different bodies, that kg.match scored as possibly the same duty worded differently (shared legal articles, name similarity, duty type, 主项/子项), written at load as a RESEMBLES edge. Pairs an analyst decided in the dataset's matches.yaml (kg match confirm / reject) are not candidates: a confirmed pair is one duty for every audit (SAME_AS), a rejected one never comes back. township = the township of a township-level lead, null when both leads are above township level. subject = the item with the smaller id; related_ids = the other item and both leads.
// params: none
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (d1:Duty)-[r:RESEMBLES]->(d2:Duty)
WITH d1, d2, r, r.township AS tid, r.holders[0] AS h1, r.holders[1] AS h2
OPTIONAL MATCH (t:Area {id: tid})
OPTIONAL MATCH (b1:Body {id: h1})
OPTIONAL MATCH (b2:Body {id: h2})
WITH d1, d2, r, t, h1, h2, coalesce(b1.name, h1) AS n1, coalesce(b2.name, h2) AS n2,
     toString(toInteger(round(r.score * 100))) + '%' AS score,
     reduce(s = '', x IN coalesce(r.shared_articles, []) | s + CASE WHEN s = '' THEN '' ELSE '、' END + x) AS arts
RETURN t.id AS township_id, t.name AS township_name, d1.id AS subject_id, d1.name AS subject_name,
       [d2.id, h1, h2] AS related_ids,
       '「' + d1.name + '」（' + n1 + '牵头）与「' + d2.name + '」（' + n2 + '牵头）可能是同一事项（匹配得分' + score +
         CASE WHEN arts = '' THEN '' ELSE '，共同依据' + arts END +
         '）。请确认（kg match confirm）或排除（kg match reject）；确认后按同一事项审查职责交叉（DL-1.3）。' AS message_zh,
       '"' + d1.name + '" (led by ' + n1 + ') and "' + d2.name + '" (led by ' + n2 + ') may be the same duty (match score ' + score +
         CASE WHEN arts = '' THEN '' ELSE '; both rest on ' + arts END +
         '). Confirm (kg match confirm) or reject (kg match reject) it; a confirmed pair is audited as one duty (DL-1.3).' AS message_en
ORDER BY coalesce(township_id, ''), subject_id, related_ids[0]
