// Constraints and indexes (Neo4j 5 syntax), derived from kg/model.py.
// The embedded store creates the equivalent FalkorDB indexes and constraints itself.
// Apply with: kg --store neo4j init   (or paste into Neo4j Browser)
// Relationships carry no key index: kg finds a relationship by its endpoints' indexed ids
// (a key index made every MERGE about 3x slower; see benchmarks/README.md). kg init drops
// the *_key indexes that earlier versions created.

CREATE CONSTRAINT area_id IF NOT EXISTS FOR (n:Area) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT body_id IF NOT EXISTS FOR (n:Body) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT power_id IF NOT EXISTS FOR (n:Power) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT decision_id IF NOT EXISTS FOR (n:Decision) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT duty_id IF NOT EXISTS FOR (n:Duty) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT dutylist_id IF NOT EXISTS FOR (n:DutyList) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT powergrant_id IF NOT EXISTS FOR (n:PowerGrant) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT handover_id IF NOT EXISTS FOR (n:Handover) REQUIRE n.id IS UNIQUE;
CREATE INDEX area_dataset IF NOT EXISTS FOR (n:Area) ON (n.dataset);
CREATE INDEX body_dataset IF NOT EXISTS FOR (n:Body) ON (n.dataset);
CREATE INDEX power_dataset IF NOT EXISTS FOR (n:Power) ON (n.dataset);
CREATE INDEX decision_dataset IF NOT EXISTS FOR (n:Decision) ON (n.dataset);
CREATE INDEX duty_dataset IF NOT EXISTS FOR (n:Duty) ON (n.dataset);
CREATE INDEX dutylist_dataset IF NOT EXISTS FOR (n:DutyList) ON (n.dataset);
CREATE INDEX powergrant_dataset IF NOT EXISTS FOR (n:PowerGrant) ON (n.dataset);
CREATE INDEX handover_dataset IF NOT EXISTS FOR (n:Handover) ON (n.dataset);
CREATE INDEX belongs_to_dataset IF NOT EXISTS FOR ()-[r:BELONGS_TO]-() ON (r.dataset);
CREATE INDEX governs_dataset IF NOT EXISTS FOR ()-[r:GOVERNS]-() ON (r.dataset);
CREATE INDEX serves_dataset IF NOT EXISTS FOR ()-[r:SERVES]-() ON (r.dataset);
CREATE INDEX dispatches_dataset IF NOT EXISTS FOR ()-[r:DISPATCHES]-() ON (r.dataset);
CREATE INDEX holds_dataset IF NOT EXISTS FOR ()-[r:HOLDS]-() ON (r.dataset);
CREATE INDEX confers_dataset IF NOT EXISTS FOR ()-[r:CONFERS]-() ON (r.dataset);
CREATE INDEX applies_to_dataset IF NOT EXISTS FOR ()-[r:APPLIES_TO]-() ON (r.dataset);
CREATE INDEX guides_dataset IF NOT EXISTS FOR ()-[r:GUIDES]-() ON (r.dataset);
CREATE INDEX issues_dataset IF NOT EXISTS FOR ()-[r:ISSUES]-() ON (r.dataset);
CREATE INDEX owns_dataset IF NOT EXISTS FOR ()-[r:OWNS]-() ON (r.dataset);
CREATE INDEX includes_dataset IF NOT EXISTS FOR ()-[r:INCLUDES]-() ON (r.dataset);
CREATE INDEX holds_duty_dataset IF NOT EXISTS FOR ()-[r:HOLDS_DUTY]-() ON (r.dataset);
CREATE INDEX hands_over_dataset IF NOT EXISTS FOR ()-[r:HANDS_OVER]-() ON (r.dataset);
CREATE INDEX transfers_dataset IF NOT EXISTS FOR ()-[r:TRANSFERS]-() ON (r.dataset);
CREATE INDEX assigns_to_dataset IF NOT EXISTS FOR ()-[r:ASSIGNS_TO]-() ON (r.dataset);
CREATE INDEX authorises_dataset IF NOT EXISTS FOR ()-[r:AUTHORISES]-() ON (r.dataset);
CREATE INDEX resembles_dataset IF NOT EXISTS FOR ()-[r:RESEMBLES]-() ON (r.dataset);
CREATE INDEX same_as_dataset IF NOT EXISTS FOR ()-[r:SAME_AS]-() ON (r.dataset);
CREATE INDEX covers_item_dataset IF NOT EXISTS FOR ()-[r:COVERS_ITEM]-() ON (r.dataset);
CREATE INDEX covers_list_dataset IF NOT EXISTS FOR ()-[r:COVERS_LIST]-() ON (r.dataset);
CREATE INDEX covers_township_dataset IF NOT EXISTS FOR ()-[r:COVERS_TOWNSHIP]-() ON (r.dataset);
CREATE INDEX covers_all_townships_of_dataset IF NOT EXISTS FOR ()-[r:COVERS_ALL_TOWNSHIPS_OF]-() ON (r.dataset);
