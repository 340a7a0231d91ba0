// 乡镇权力清单 / A township's power grants
// id: explore-township-powers
// title_zh: 乡镇权力清单
// title_en: A township's power grants
// clause: DL-1.2
// description: Every power grant held by a body of the township: the power, its subject, the personnel aspect, the legal basis and the guiding department.
// params: township: id of the township area (e.g. ds-qn)
// columns: holder_id, holder_name, grant_id, power, subject_id, aspect, legal_basis, guided_by
// kind: explore
MATCH (t:Area {id: $township})<-[:GOVERNS|SERVES]-(b:Body)-[:HOLDS]->(g:PowerGrant)-[:CONFERS]->(p:Power)
OPTIONAL MATCH (g)-[:APPLIES_TO]->(s)
OPTIONAL MATCH (gd:Body)-[:GUIDES]->(g)
RETURN b.id AS holder_id, b.name AS holder_name, g.id AS grant_id, p.name AS power, s.id AS subject_id,
       g.aspect AS aspect, g.legal_basis AS legal_basis, gd.id AS guided_by
ORDER BY holder_id, grant_id
