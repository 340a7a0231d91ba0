"""Areas, bodies, powers and their grants, decisions and hand-overs (DL-1.2, DL-1.3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field, model_validator

from kg.model.base import Entity, Id, Month
from kg.model.vocab import (
    GOVERNING_KINDS,
    AreaLevel,
    BodyKind,
    DecisionKind,
    DispatchedForm,
    DispatchStatus,
    HandoverMode,
    OfficeType,
    PersonnelAspect,
    PowerCode,
)


class Area(Entity):
    """An area: city, county (区市县), township/sub-district, village/community or grid."""

    LABEL = "Area"
    level: AreaLevel
    parent: Id | None = None
    code: str | None = None  # 行政区划代码
    subtype: str | None = None  # 乡 / 镇 / 街道 …
    # --- issue 12 part A (DL-2.1) ---
    big_committee_eligible: bool | None = None  # a village 具备组建条件 (null: not recorded)
    # -- issue 12 part B (DL-3.3, DL-4.3, DL-4.4)
    population: int | None = Field(default=None, ge=0)  # 户籍人口 of a village (DL-4.4)
    population_year: int | None = None  # the year the population was counted
    households: int | None = Field(default=None, ge=0)  # 户数 of a community (DL-3.3)
    households_year: int | None = None
    sessions_from: Month | None = None  # first month deputies' sessions are due here and below (DL-4.3)
    REFERENCES = {"parent": ("BELONGS_TO", "out")}


class Body(Entity):
    """A body: government, Party committee, department, dispatched body, office, institution."""

    LABEL = "Body"
    DEFAULT_CLAUSE = None
    kind: BodyKind
    level: AreaLevel
    area: Id | None = None  # jurisdiction (GOVERNS) or the area served (SERVES)
    parent: Id | None = None  # the body it belongs to (an office of a government, ...)
    dispatched_by: Id | None = None  # for dispatched bodies: the sending department
    dispatch_status: DispatchStatus | None = None
    dispatched_form: DispatchedForm | None = None  # DL-1.1-integration; not recorded: not judged
    office_type: OfficeType | None = None
    staffing_posts: int | None = Field(default=None, ge=0)  # 编制数
    new_posts: int | None = Field(default=None, ge=0)  # new posts allotted (DL-1.1)
    REFERENCES = {
        "area": ("GOVERNS", "out"),
        "parent": ("BELONGS_TO", "out"),
        "dispatched_by": ("DISPATCHES", "in"),
    }

    def edges(self) -> list[tuple[str, str, str]]:
        # a governing body's area is its jurisdiction; any other body serves its area
        return [
            ("SERVES" if t == "GOVERNS" and self.kind not in GOVERNING_KINDS else t, d, o)
            for t, d, o in super().edges()
        ]


class Power(Entity):
    """One of the kinds of power of DL-1.2; the catalogue is fixed (:data:`POWERS`)."""

    LABEL = "Power"
    name_en: str
    code: PowerCode


class PowerGrant(Entity):
    """Who holds which power over which subject (an area, a decision, a body)."""

    LABEL = "PowerGrant"
    DEFAULT_CLAUSE = "DL-1.2"
    holder: Id
    power: PowerCode
    subject: Id | None = None
    aspect: PersonnelAspect | None = None  # for personnel_advice
    legal_basis: str | None = None  # for law_enforcement
    guided_by: Id | None = None  # for law_enforcement: the guiding county department
    #: for law_enforcement: the duty items the grant confers on the holder (its 赋权事项), e.g.
    #: items a law or regulation gives the township itself; an item covered here is
    #: conferred (``enforcement-without-conferment``, DL-1.2c)
    items: list[Id] = Field(default_factory=list)
    REFERENCES = {
        "holder": ("HOLDS", "in"),
        "power": ("CONFERS", "out"),
        "subject": ("APPLIES_TO", "out"),
        "guided_by": ("GUIDES", "in"),
        "items": ("COVERS_ITEM", "out"),
    }

    def node_properties(self) -> dict[str, Any]:
        data = super().node_properties()
        if "clause" not in self.model_fields_set or self.clause is None:
            data["clause"] = POWER_CLAUSE[PowerCode(self.power)]
        return data


class Decision(Entity):
    """A decision of a Party committee and/or government, e.g. a unified deployment.

    Issue 11: a decision has issuers (a joint 两办 document lists both offices), a date
    and a scope — the items (``items``, or every item of an annexed list in ``lists``)
    and the townships (``townships``, or every township below an area in
    ``all_townships_of``) it covers. ``issuer`` (one id) is accepted as a one-element
    ``issuers``.
    """

    LABEL = "Decision"
    DEFAULT_CLAUSE = "DL-1.3"
    kind: DecisionKind
    issuers: list[Id] = Field(default_factory=list)
    date: dt.date | None = None
    repealed_date: dt.date | None = None
    document_no: str | None = None  # 文号
    published: bool | None = None
    items: list[Id] = Field(default_factory=list)
    lists: list[Id] = Field(default_factory=list)
    townships: list[Id] = Field(default_factory=list)
    all_townships_of: list[Id] = Field(default_factory=list)
    REFERENCES = {
        "issuers": ("ISSUES", "in"),
        "items": ("COVERS_ITEM", "out"),
        "lists": ("COVERS_LIST", "out"),
        "townships": ("COVERS_TOWNSHIP", "out"),
        "all_townships_of": ("COVERS_ALL_TOWNSHIPS_OF", "out"),
    }

    @model_validator(mode="before")
    @classmethod
    def _issuer_alias(cls, data: Any) -> Any:
        if isinstance(data, dict) and "issuer" in data:
            data = dict(data)
            one = data.pop("issuer")
            if one is not None:
                data["issuers"] = [one, *[i for i in data.get("issuers") or [] if i != one]]
        return data

    @model_validator(mode="after")
    def _dated(self) -> Decision:
        if self.date is None and self.kind in (DecisionKind.UNIFIED_DEPLOYMENT, DecisionKind.CONFERMENT):
            raise ValueError(f"a {self.kind} decision needs its date")
        return self


class Handover(Entity):
    """A hand-over of a duty from a department to a township (DL-1.3 duty-access rule)."""

    LABEL = "Handover"
    DEFAULT_CLAUSE = "DL-1.3"
    duty: Id
    from_body: Id
    to_body: Id
    mode: HandoverMode
    date: dt.date  # required (issue 11): a hand-over is in force from its date
    end_date: dt.date | None = None  # taken back / revoked
    decision: Id | None = None
    REFERENCES = {
        "from_body": ("HANDS_OVER", "in"),
        "duty": ("TRANSFERS", "out"),
        "to_body": ("ASSIGNS_TO", "out"),
        "decision": ("AUTHORISES", "in"),
    }


# --------------------------------------------------------------------------- catalogues

POWERS: tuple[Power, ...] = (
    Power(
        id="integrated_management",
        code=PowerCode.INTEGRATED_MANAGEMENT,
        name="综合管理权",
        name_en="integrated management power",
        clause="DL-1.2a",
    ),
    Power(
        id="coordination",
        code=PowerCode.COORDINATION,
        name="统筹协调权",
        name_en="coordination power",
        clause="DL-1.2a",
    ),
    Power(
        id="emergency_handling",
        code=PowerCode.EMERGENCY_HANDLING,
        name="应急处置权",
        name_en="emergency handling power",
        clause="DL-1.2a",
    ),
    Power(
        id="participation_advice",
        code=PowerCode.PARTICIPATION_ADVICE,
        name="参与权和建议权",
        name_en="participation and advice rights on major decisions, plans and projects",
        clause="DL-1.2a",
    ),
    Power(
        id="personnel_advice",
        code=PowerCode.PERSONNEL_ADVICE,
        name="建议意见权",
        name_en="advice on dispatched bodies' assessment and heads' appointment",
        clause="DL-1.2b",
    ),
    Power(
        id="law_enforcement",
        code=PowerCode.LAW_ENFORCEMENT,
        name="行政执法权",
        name_en="administrative law-enforcement power",
        clause="DL-1.2c",
    ),
)
POWER_CLAUSE = {PowerCode(p.code): p.clause for p in POWERS}
