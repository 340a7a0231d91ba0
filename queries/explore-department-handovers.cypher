// 部门下放/委托事项 / A department's hand-overs
// id: explore-department-handovers
// title_zh: 部门下放/委托事项
// title_en: A department's hand-overs
// clause: DL-1.3-access
// description: Every hand-over from the department, with the duty, the receiving body, the mode (下放/委托) and the authorising decision with its kind and document number, if any.
// params: department: id of the county department (e.g. ds-sj)
// columns: handover_id, duty_id, duty_name, to_id, to_name, mode, decision_id, decision_kind, document_no
// kind: explore
MATCH (dep:Body {id: $department})-[:HANDS_OVER]->(h:Handover)-[:TRANSFERS]->(d:Duty)
MATCH (h)-[:ASSIGNS_TO]->(b:Body)
OPTIONAL MATCH (dec:Decision)-[:AUTHORISES]->(h)
RETURN h.id AS handover_id, d.id AS duty_id, d.name AS duty_name, b.id AS to_id, b.name AS to_name, h.mode AS mode,
       dec.id AS decision_id, dec.kind AS decision_kind, dec.document_no AS document_no
ORDER BY handover_id, decision_id
