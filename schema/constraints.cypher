// Constraints and indexes (Neo4j 5 syntax), derived from kg/model.py.
// The embedded store creates the equivalent FalkorDB indexes and constraints itself.
// Apply with: kg --store neo4j init   (or paste into Neo4j Browser)
// Relationships carry no key index: kg finds a relationship by its endpoints' indexed ids
// (a key index made every MERGE about 3x slower; see benchmarks/README.md). kg init drops
// the *_key indexes that earlier versions created.

CREATE CONSTRAINT area_id IF NOT EXISTS FOR (n:Area) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT body_id IF NOT EXISTS FOR (n:Body) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT power_id IF NOT EXISTS FOR (n:Power) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT duty_id IF NOT EXISTS FOR (n:Duty) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT dutylist_id IF NOT EXISTS FOR (n:DutyList) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT decision_id IF NOT EXISTS FOR (n:Decision) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT powergrant_id IF NOT EXISTS FOR (n:PowerGrant) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT handover_id IF NOT EXISTS FOR (n:Handover) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT staffingallotment_id IF NOT EXISTS FOR (n:StaffingAllotment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT propertycompany_id IF NOT EXISTS FOR (n:PropertyCompany) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT ownerscommittee_id IF NOT EXISTS FOR (n:OwnersCommittee) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT partyorg_id IF NOT EXISTS FOR (n:PartyOrg) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT parttimemember_id IF NOT EXISTS FOR (n:PartTimeMember) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT contacthousehold_id IF NOT EXISTS FOR (n:ContactHousehold) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT crossappointment_id IF NOT EXISTS FOR (n:CrossAppointment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT inservicemember_id IF NOT EXISTS FOR (n:InServiceMember) REQUIRE n.id IS UNIQUE;
CREATE INDEX area_dataset IF NOT EXISTS FOR (n:Area) ON (n.dataset);
CREATE INDEX body_dataset IF NOT EXISTS FOR (n:Body) ON (n.dataset);
CREATE INDEX power_dataset IF NOT EXISTS FOR (n:Power) ON (n.dataset);
CREATE INDEX duty_dataset IF NOT EXISTS FOR (n:Duty) ON (n.dataset);
CREATE INDEX dutylist_dataset IF NOT EXISTS FOR (n:DutyList) ON (n.dataset);
CREATE INDEX decision_dataset IF NOT EXISTS FOR (n:Decision) ON (n.dataset);
CREATE INDEX powergrant_dataset IF NOT EXISTS FOR (n:PowerGrant) ON (n.dataset);
CREATE INDEX handover_dataset IF NOT EXISTS FOR (n:Handover) ON (n.dataset);
CREATE INDEX staffingallotment_dataset IF NOT EXISTS FOR (n:StaffingAllotment) ON (n.dataset);
CREATE INDEX propertycompany_dataset IF NOT EXISTS FOR (n:PropertyCompany) ON (n.dataset);
CREATE INDEX ownerscommittee_dataset IF NOT EXISTS FOR (n:OwnersCommittee) ON (n.dataset);
CREATE INDEX partyorg_dataset IF NOT EXISTS FOR (n:PartyOrg) ON (n.dataset);
CREATE INDEX parttimemember_dataset IF NOT EXISTS FOR (n:PartTimeMember) ON (n.dataset);
CREATE INDEX contacthousehold_dataset IF NOT EXISTS FOR (n:ContactHousehold) ON (n.dataset);
CREATE INDEX crossappointment_dataset IF NOT EXISTS FOR (n:CrossAppointment) ON (n.dataset);
CREATE INDEX inservicemember_dataset IF NOT EXISTS FOR (n:InServiceMember) ON (n.dataset);
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
CREATE INDEX allots_dataset IF NOT EXISTS FOR ()-[r:ALLOTS]-() ON (r.dataset);
CREATE INDEX allots_to_dataset IF NOT EXISTS FOR ()-[r:ALLOTS_TO]-() ON (r.dataset);
CREATE INDEX covers_dataset IF NOT EXISTS FOR ()-[r:COVERS]-() ON (r.dataset);
CREATE INDEX reports_to_dataset IF NOT EXISTS FOR ()-[r:REPORTS_TO]-() ON (r.dataset);
CREATE INDEX expands_dataset IF NOT EXISTS FOR ()-[r:EXPANDS]-() ON (r.dataset);
CREATE INDEX sits_on_dataset IF NOT EXISTS FOR ()-[r:SITS_ON]-() ON (r.dataset);
CREATE INDEX represents_dataset IF NOT EXISTS FOR ()-[r:REPRESENTS]-() ON (r.dataset);
CREATE INDEX links_to_dataset IF NOT EXISTS FOR ()-[r:LINKS_TO]-() ON (r.dataset);
CREATE INDEX manages_dataset IF NOT EXISTS FOR ()-[r:MANAGES]-() ON (r.dataset);
CREATE INDEX sends_dataset IF NOT EXISTS FOR ()-[r:SENDS]-() ON (r.dataset);
CREATE INDEX appoints_to_dataset IF NOT EXISTS FOR ()-[r:APPOINTS_TO]-() ON (r.dataset);
CREATE INDEX employs_dataset IF NOT EXISTS FOR ()-[r:EMPLOYS]-() ON (r.dataset);
CREATE INDEX lives_in_dataset IF NOT EXISTS FOR ()-[r:LIVES_IN]-() ON (r.dataset);
CREATE INDEX reports_at_dataset IF NOT EXISTS FOR ()-[r:REPORTS_AT]-() ON (r.dataset);
CREATE INDEX joins_dataset IF NOT EXISTS FOR ()-[r:JOINS]-() ON (r.dataset);
