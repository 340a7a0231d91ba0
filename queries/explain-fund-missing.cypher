// 专项经费图示：村（社区）已有的年度经费 / Explain a missing yearly fund: the funds the place has for other years
// id: explain-fund-missing
// title_zh: 专项经费图示：村（社区）已有的年度经费
// title_en: Explain a missing yearly fund: the funds the place has for other years
// clause: DL-4.4
// description: For a fund-missing finding: the village or community, its township, and the special funds recorded for it (their names carry the year; the missing year is absent). In Browser: :param subject_id => 'ds-sl-dc'; :param related_ids => ['2024'].
// params: subject_id: the village or community (the finding's subject_id)
// columns: path, node_ids, node_names, rel_types, rel_starts
// kind: explain
MATCH p = (v:Area {id: $subject_id})-[:BELONGS_TO*1..2]->(:Area {level: 'township'})
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
UNION
MATCH p = (:SpecialFund)-[:FUNDS]->(v:Area {id: $subject_id})
RETURN p AS path, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS rel_types, [r IN relationships(p) | startNode(r).id] AS rel_starts
