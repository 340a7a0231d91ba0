// 社情民意恳谈图示：村（社区）当年已开展的恳谈 / Explain a month with no deputies' session: the sessions the place held that year
// id: explain-deputy-session-month-missing
// title_zh: 社情民意恳谈图示：村（社区）当年已开展的恳谈
// title_en: Explain a month with no deputies' session: the sessions the place held that year
// clause: DL-4.3
// description: For a deputy-session-month-missing finding: the village or community, its township, and the deputies' sessions held there in the year of the missing month (their names carry the month; the missing one is absent). In Browser: :param subject_id => 'ds-sl-dc'; :param related_ids => ['2025-02'].
// params: subject_id: the village or community (the finding's subject_id); related_ids: the month, YYYY-MM (the finding's related_ids)
// columns: path, node_ids, node_names, rel_types, rel_starts
// kind: explain
MATCH p = (v:Area {id: $subject_id})-[:BELONGS_TO*1..2]->(:Area {level: 'township'})
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (s:DeputySession)-[:HELD_IN]->(v:Area {id: $subject_id})
WHERE any(m IN $related_ids WHERE toString(s.date) STARTS WITH substring(m, 0, 4))
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
