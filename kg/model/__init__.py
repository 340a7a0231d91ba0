"""The knowledge model: every node and relationship kind kg writes.

Loaders validate their input into these pydantic classes before anything is written;
the stores derive their constraints and indexes from :data:`NODE_KINDS` and
:data:`RELATIONSHIP_TYPES`; labels and relationship types in Cypher come from here,
never from input.

Clauses (``DL-…``) are those of ``docs/policy/clauses.yaml`` (see :mod:`kg.policy`).
"""

from __future__ import annotations

import datetime as dt

from kg.model.base import (
    CLAUSE_RE,
    Entity,
    Id,
    Month,
    RelType,
    Text,
)
from kg.model.duties import (
    ENTRY_CONTENT_FIELDS,
    ENTRY_CONTENT_LABELS,
    Duty,
    DutyList,
    ListEntry,
    MatchDecision,
)
from kg.model.org import (
    POWER_CLAUSE,
    POWERS,
    Area,
    Body,
    Decision,
    Handover,
    Power,
    PowerGrant,
)
from kg.model.plan import (
    PARTY_ORG_CLAUSE,
    CadreAssignment,
    CadreRole,
    ContactHousehold,
    CrossAppointment,
    DeputyKind,
    DeputySession,
    InServiceMember,
    OwnersCommittee,
    Pairing,
    PairingProject,
    PartTimeMember,
    PartyOrg,
    ProjectField,
    PropertyCompany,
    ServiceCentre,
    SpecialFund,
    StaffingAllotment,
)
from kg.model.vocab import (
    AREA_PARENT,
    GOVERNING_KINDS,
    LIST_KIND_ZH,
    THREE_LIST_KINDS,
    AreaLevel,
    BodyKind,
    DecisionKind,
    DispatchedForm,
    DispatchStatus,
    DutyType,
    HandoverMode,
    ListKind,
    MatchVerdict,
    OfficeType,
    PartyOrgForm,
    PartyOrgKind,
    PersonnelAspect,
    PostKind,
    PowerCode,
    Role,
    UnitCategory,
)

__all__ = [
    "AREA_PARENT",
    "CLAUSE_RE",
    "ENTRY_CONTENT_FIELDS",
    "ENTRY_CONTENT_LABELS",
    "GOVERNING_KINDS",
    "LIST_KIND_ZH",
    "NODE_KINDS",
    "NODE_LABELS",
    "PARTY_ORG_CLAUSE",
    "POWERS",
    "POWER_CLAUSE",
    "RELATIONSHIP_TYPES",
    "REL_TYPES",
    "THREE_LIST_KINDS",
    "Area",
    "AreaLevel",
    "Body",
    "BodyKind",
    "CadreAssignment",
    "CadreRole",
    "ContactHousehold",
    "CrossAppointment",
    "Decision",
    "DecisionKind",
    "DeputyKind",
    "DeputySession",
    "DispatchStatus",
    "DispatchedForm",
    "Duty",
    "DutyList",
    "DutyType",
    "Entity",
    "Handover",
    "HandoverMode",
    "Id",
    "InServiceMember",
    "ListEntry",
    "ListKind",
    "MatchDecision",
    "MatchVerdict",
    "Month",
    "OfficeType",
    "OwnersCommittee",
    "Pairing",
    "PairingProject",
    "PartTimeMember",
    "PartyOrg",
    "PartyOrgForm",
    "PartyOrgKind",
    "PersonnelAspect",
    "PostKind",
    "Power",
    "PowerCode",
    "PowerGrant",
    "ProjectField",
    "PropertyCompany",
    "RelType",
    "Role",
    "ServiceCentre",
    "SpecialFund",
    "StaffingAllotment",
    "Text",
    "UnitCategory",
    "dt",
]

#: node kinds in write order (a node's references point to kinds written earlier or to itself)
NODE_KINDS: tuple[type[Entity], ...] = (
    Area,
    Body,
    Power,
    Duty,
    DutyList,
    Decision,  # its scope names duties and lists (issue 11)
    PowerGrant,
    Handover,
    # --- issue 12 part A ---
    StaffingAllotment,
    PropertyCompany,
    OwnersCommittee,
    PartyOrg,
    PartTimeMember,
    ContactHousehold,
    CrossAppointment,
    InServiceMember,
    # --- end of issue 12 part A ---
    # -- issue 12 part B
    ServiceCentre,
    CadreAssignment,
    Pairing,
    PairingProject,
    DeputySession,
    SpecialFund,
)
NODE_LABELS = {k.LABEL: k for k in NODE_KINDS}


#: every relationship type, with the labels it joins
RELATIONSHIP_TYPES: tuple[RelType, ...] = (
    RelType(
        type="BELONGS_TO",
        pairs=(("Area", "Area"), ("Body", "Body")),
        description="an area lies in its parent area; an office or institution belongs to a body",
    ),
    RelType(
        type="GOVERNS",
        pairs=(("Body", "Area"),),
        description="a government, Party committee, department or village committee's jurisdiction",
    ),
    RelType(
        type="SERVES",
        pairs=(("Body", "Area"),),
        description="a dispatched body, office or institution works in an area",
    ),
    RelType(
        type="DISPATCHES",
        pairs=(("Body", "Body"),),
        description="a county department sends a dispatched body (派驻机构)",
    ),
    RelType(type="HOLDS", pairs=(("Body", "PowerGrant"),), description="a body holds a power grant"),
    RelType(type="CONFERS", pairs=(("PowerGrant", "Power"),), description="the kind of power a grant confers"),
    RelType(
        type="APPLIES_TO",
        pairs=(
            ("PowerGrant", "Area"),
            ("PowerGrant", "Body"),
            ("PowerGrant", "Decision"),
        ),
        description="the subject a power is held over",
    ),
    RelType(
        type="GUIDES",
        pairs=(("Body", "PowerGrant"),),
        description="a county department guides and supervises an enforcement power (DL-1.2c)",
    ),
    RelType(
        type="ISSUES", pairs=(("Body", "Decision"),), description="a Party committee or government issues a decision"
    ),
    RelType(type="OWNS", pairs=(("Body", "DutyList"),), description="the body whose list it is"),
    RelType(
        type="INCLUDES", pairs=(("DutyList", "Duty"),), description="a list holds a duty item (with seq and source row)"
    ),
    RelType(
        type="HOLDS_DUTY",
        pairs=(("Body", "Duty"),),
        description="a body holds a duty, role lead or cooperating, per list",
    ),
    RelType(type="HANDS_OVER", pairs=(("Body", "Handover"),), description="the department that hands a duty over"),
    RelType(type="TRANSFERS", pairs=(("Handover", "Duty"),), description="the duty handed over"),
    RelType(type="ASSIGNS_TO", pairs=(("Handover", "Body"),), description="the township body that receives it"),
    RelType(
        type="AUTHORISES",
        pairs=(("Decision", "Handover"),),
        description="the unified-deployment decision behind a hand-over",
    ),
    RelType(
        type="RESEMBLES",
        pairs=(("Duty", "Duty"),),
        description="a candidate pair of items (smaller id first) that may be the same duty in different words "
        "(kg.match): score, name_similarity, shared_articles, holders, jurisdiction",
    ),
    RelType(
        type="SAME_AS",
        pairs=(("Duty", "Duty"),),
        description="an analyst confirmed two items are one duty (matches.yaml); every audit treats them as one",
    ),
    # issue 11: a decision's scope
    RelType(
        type="COVERS_ITEM",
        pairs=(("Decision", "Duty"), ("PowerGrant", "Duty")),
        description="a decision covers a duty item; a law-enforcement grant confers one",
    ),
    RelType(
        type="COVERS_LIST",
        pairs=(("Decision", "DutyList"),),
        description="a decision covers every item of a list annexed to it",
    ),
    RelType(type="COVERS_TOWNSHIP", pairs=(("Decision", "Area"),), description="a decision covers a township"),
    RelType(
        type="COVERS_ALL_TOWNSHIPS_OF",
        pairs=(("Decision", "Area"),),
        description="a decision covers every township below an area (a county, city or province)",
    ),
    # --- issue 12 part A: DL-1.1-posts, DL-2.1 … DL-2.3, DL-3.1 ---
    RelType(type="ALLOTS", pairs=(("Area", "StaffingAllotment"),), description="an area allots staffing posts"),
    RelType(type="ALLOTS_TO", pairs=(("StaffingAllotment", "Area"),), description="the area that receives the posts"),
    RelType(
        type="COVERS",
        pairs=(("PartyOrg", "Area"), ("PartyOrg", "PropertyCompany"), ("PartyOrg", "OwnersCommittee")),
        description="the area or unit a Party organisation is built in",
    ),
    RelType(
        type="REPORTS_TO",
        pairs=(("PartyOrg", "PartyOrg"), ("PartyOrg", "Body")),
        description="the Party organisation directly above",
    ),
    RelType(
        type="EXPANDS",
        pairs=(("PartyOrg", "Body"), ("PartyOrg", "PartyOrg")),
        description="a big committee enlarges this committee",
    ),
    RelType(type="SITS_ON", pairs=(("PartTimeMember", "PartyOrg"),), description="a part-time member's seat"),
    RelType(
        type="REPRESENTS",
        pairs=(("PartTimeMember", "Body"), ("OwnersCommittee", "Area")),
        description="the unit a part-time member comes from; the compound an owners' committee speaks for",
    ),
    RelType(
        type="LINKS_TO",
        pairs=(("ContactHousehold", "PartyOrg"),),
        description="a member's contact households under a compound group",
    ),
    RelType(type="MANAGES", pairs=(("PropertyCompany", "Area"),), description="a property company serves a compound"),
    RelType(
        type="SENDS",
        pairs=(
            ("PartyOrg", "CrossAppointment"),
            ("Body", "CrossAppointment"),
            ("PropertyCompany", "CrossAppointment"),
            ("OwnersCommittee", "CrossAppointment"),
            ("Body", "CadreAssignment"),
        ),
        description="where a cross-appointed person comes from; the unit that sends a cadre down (DL-4.1)",
    ),
    RelType(
        type="APPOINTS_TO",
        pairs=(
            ("CrossAppointment", "PartyOrg"),
            ("CrossAppointment", "Body"),
            ("CrossAppointment", "PropertyCompany"),
            ("CrossAppointment", "OwnersCommittee"),
        ),
        description="where a cross-appointed person takes the post",
    ),
    RelType(type="EMPLOYS", pairs=(("Body", "InServiceMember"),), description="an in-service member's employer"),
    RelType(type="LIVES_IN", pairs=(("InServiceMember", "Area"),), description="where an in-service member lives"),
    RelType(
        type="REPORTS_AT",
        pairs=(("InServiceMember", "Area"),),
        description="the community or village where an in-service member reported (报到)",
    ),
    RelType(
        type="JOINS",
        pairs=(("InServiceMember", "PartyOrg"),),
        description="an in-service member's placement in a grid branch or compound group",
    ),
    # --- end of issue 12 part A ---
    # -- issue 12 part B: service centres, cadres, pairing, sessions, funds
    RelType(
        type="LOCATED_IN",
        pairs=(("ServiceCentre", "Area"),),
        description="the township or community a service centre serves",
    ),
    RelType(
        type="RUNS",
        pairs=(("Body", "ServiceCentre"), ("Pairing", "PairingProject")),
        description="a body operates a service centre; a pairing runs a co-construction project",
    ),
    RelType(
        type="POSTS_TO", pairs=(("CadreAssignment", "Area"),), description="the village or community a cadre is sent to"
    ),
    RelType(type="SPONSORS", pairs=(("Body", "Pairing"),), description="the unit of a pairing"),
    RelType(
        type="SUPPORTS", pairs=(("Pairing", "Area"),), description="the village or community a unit is paired with"
    ),
    RelType(type="HELD_IN", pairs=(("DeputySession", "Area"),), description="where a deputies' session was held"),
    RelType(
        type="FUNDS", pairs=(("SpecialFund", "Area"),), description="the village or community a special fund is for"
    ),
)
REL_TYPES = {r.type: r for r in RELATIONSHIP_TYPES}
