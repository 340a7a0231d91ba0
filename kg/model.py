"""The knowledge model: every node and relationship kind kg writes.

Loaders validate their input into these pydantic classes before anything is written;
the stores derive their constraints and indexes from :data:`NODE_KINDS` and
:data:`RELATIONSHIP_TYPES`; labels and relationship types in Cypher come from here,
never from input.

Clauses (``DL-…``) are those of ``docs/policy/clauses.yaml`` (see :mod:`kg.policy`).
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: a calendar month, ``YYYY-MM``
Month = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
CLAUSE_RE = re.compile(r"^DL-\d+(\.\d+)?[a-z]?(-[a-z]+)?$")


# --------------------------------------------------------------------------- enums


class AreaLevel(StrEnum):
    """Levels of the area hierarchy: province → city → county → township → village/community → grid → compound."""

    PROVINCE = "province"  # 省
    CITY = "city"  # 市
    COUNTY = "county"  # 区市县
    TOWNSHIP = "township"  # 乡镇/街道
    VILLAGE = "village"  # 村
    COMMUNITY = "community"  # 社区
    GRID = "grid"  # 网格
    COMPOUND = "compound"  # 楼院 / 住宅小区 (DL-2.2)


#: which parent level each area level may sit under
AREA_PARENT: dict[AreaLevel, tuple[AreaLevel, ...]] = {
    AreaLevel.PROVINCE: (),
    AreaLevel.CITY: (AreaLevel.PROVINCE,),
    AreaLevel.COUNTY: (AreaLevel.CITY,),
    AreaLevel.TOWNSHIP: (AreaLevel.COUNTY,),
    AreaLevel.VILLAGE: (AreaLevel.TOWNSHIP,),
    AreaLevel.COMMUNITY: (AreaLevel.TOWNSHIP,),
    AreaLevel.GRID: (AreaLevel.VILLAGE, AreaLevel.COMMUNITY),
    AreaLevel.COMPOUND: (AreaLevel.GRID, AreaLevel.VILLAGE, AreaLevel.COMMUNITY),
}


class BodyKind(StrEnum):
    GOVERNMENT = "government"  # 人民政府 / 街道办事处
    PARTY_COMMITTEE = "party_committee"  # 党委 / 党工委
    DEPARTMENT = "department"  # 县/市直部门
    DISPATCHED = "dispatched"  # 派驻机构
    OFFICE = "office"  # 乡镇内设办事机构
    INSTITUTION = "institution"  # 事业单位
    VILLAGE_COMMITTEE = "village_committee"  # 村委会 / 居委会


#: kinds whose area is their jurisdiction (GOVERNS); the others SERVE an area
GOVERNING_KINDS = frozenset(
    {BodyKind.GOVERNMENT, BodyKind.PARTY_COMMITTEE, BodyKind.DEPARTMENT, BodyKind.VILLAGE_COMMITTEE}
)


class DispatchStatus(StrEnum):
    DISPATCHED = "dispatched"  # 继续实行派驻体制
    INTEGRATED = "integrated"  # 已整合为乡镇所属


class DispatchedForm(StrEnum):
    """What a dispatched body is (DL-1.1-integration: only institution branches are to be integrated)."""

    INSTITUTION_BRANCH = "institution_branch"  # 派驻乡镇的事业单位分支机构
    ADMINISTRATIVE = "administrative"  # 行政派出机构：派出所、司法所、市场监督管理所 …


class OfficeType(StrEnum):
    PARTY_BUILDING = "party_building"  # 党建工作办公室 (DL-1.1)
    COMPREHENSIVE = "comprehensive"  # 综合办事机构
    OTHER = "other"


class PowerCode(StrEnum):
    INTEGRATED_MANAGEMENT = "integrated_management"
    COORDINATION = "coordination"
    EMERGENCY_HANDLING = "emergency_handling"
    PARTICIPATION_ADVICE = "participation_advice"
    PERSONNEL_ADVICE = "personnel_advice"
    LAW_ENFORCEMENT = "law_enforcement"


class PersonnelAspect(StrEnum):
    ASSESSMENT = "assessment"  # 工作考核
    APPOINTMENT = "appointment"  # 主要负责同志任免


class DutyType(StrEnum):
    LICENSING = "行政许可"
    PENALTY = "行政处罚"
    COERCION = "行政强制"
    LEVY = "行政征收"
    PAYMENT = "行政给付"
    INSPECTION = "行政检查"
    CONFIRMATION = "行政确认"
    REWARD = "行政奖励"
    ADJUDICATION = "行政裁决"
    MEDIATION = "行政调解"
    PUBLIC_SERVICE = "公共服务"
    OTHER_POWER = "其他行政权力"
    OTHER = "其他"


class ListKind(StrEnum):
    POWER = "power"  # 权责清单
    EMPOWERMENT = "empowerment"  # 赋权清单
    BASIC = "basic"  # 基本履职事项清单
    COOPERATING = "cooperating"  # 配合履职事项清单
    TAKEN_BACK = "taken_back"  # 上级部门收回事项清单


#: the three lists of a township (基本 / 配合 / 收回), in their usual order
THREE_LIST_KINDS: tuple[ListKind, ...] = (ListKind.BASIC, ListKind.COOPERATING, ListKind.TAKEN_BACK)

LIST_KIND_ZH = {
    ListKind.POWER: "权责清单",
    ListKind.EMPOWERMENT: "赋权清单",
    ListKind.BASIC: "基本履职事项清单",
    ListKind.COOPERATING: "配合履职事项清单",
    ListKind.TAKEN_BACK: "上级部门收回事项清单",
}


class Role(StrEnum):
    LEAD = "lead"  # 牵头 / 主办
    COOPERATING = "cooperating"  # 配合
    # issue 11: a township that acts in a department's name (委托); not its own lead
    ENTRUSTED = "entrusted"  # 受委托


class HandoverMode(StrEnum):
    DEVOLVE = "下放"
    ENTRUST = "委托"


class MatchVerdict(StrEnum):
    """An analyst's decision on a pair of duty items (kg match confirm / reject)."""

    SAME = "same"  # the same duty in different words: one duty for every audit
    DIFFERENT = "different"  # not the same duty: never proposed as a candidate again


class DecisionKind(StrEnum):
    UNIFIED_DEPLOYMENT = "unified_deployment"  # 党委和政府统一部署
    CONFERMENT = "conferment"  # 赋权决定 (e.g. a province's decision under 行政处罚法 art. 24)
    OTHER = "other"


# --- issue 12 part A: enums (DL-1.1-posts, DL-2.1 … DL-2.3, DL-3.1) ---


class PostKind(StrEnum):
    ADMINISTRATIVE = "administrative"  # 行政编制
    INSTITUTION = "institution"  # 事业编制
    MIXED = "mixed"  # 行政事业编制


class PartyOrgKind(StrEnum):
    BIG_COMMITTEE = "big_committee"  # 大工委 / 大党委 (DL-2.1)
    VILLAGE_ORG = "village_org"  # 村 / 社区党组织
    GRID_BRANCH = "grid_branch"  # 网格党支部 / 党总支 (DL-2.2)
    COMPOUND_GROUP = "compound_group"  # 楼院党小组 / 党支部
    PROPERTY_ORG = "property_org"  # 物业服务企业党组织 (DL-2.3)
    OWNERS_ORG = "owners_org"  # 业主委员会党组织
    NEW_EMPLOYMENT_ORG = "new_employment_org"  # 新就业群体党组织 (DL-3.2)


class PartyOrgForm(StrEnum):
    COMMITTEE = "committee"  # 党委
    WORKING_COMMITTEE = "working_committee"  # 党工委
    GENERAL_BRANCH = "general_branch"  # 党总支
    BRANCH = "branch"  # 党支部
    GROUP = "group"  # 党小组


class UnitCategory(StrEnum):
    LAW_ENFORCEMENT = "law_enforcement"  # 驻区行政执法部门
    PUBLIC_UTILITY = "public_utility"  # 公用事业单位
    MEDICAL = "medical"  # 医疗卫生单位
    TWO_NEW = "two_new"  # 规模较大的“两新”组织
    OTHER = "other"


# --- end of issue 12 part A enums ---


# --------------------------------------------------------------------------- base


class Entity(BaseModel):
    """A node. ``id`` is unique across the whole dataset; ``clause`` and
    ``source_file``/``source_row`` are its provenance."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, str_strip_whitespace=True)

    LABEL: ClassVar[str]
    #: the clause a fact of this kind belongs to unless the data says otherwise
    DEFAULT_CLAUSE: ClassVar[str | None] = None

    id: Id
    name: Text
    clause: str | None = None
    source_file: str | None = None
    source_row: int | None = None

    @field_validator("clause")
    @classmethod
    def _clause_format(cls, v: str | None) -> str | None:
        if v is not None and not CLAUSE_RE.match(v):
            raise ValueError(f"clause {v!r} is not a DL-… id from clauses.md")
        return v

    def edges(self) -> list[tuple[str, str, str]]:
        """``(type, direction, other id)`` for every field that names another node."""
        out: list[tuple[str, str, str]] = []
        for field, (rel_type, direction) in self.REFERENCES.items():
            other = getattr(self, field)
            if isinstance(other, list):
                out.extend((rel_type, direction, str(o)) for o in other)
            elif other is not None:
                out.append((rel_type, direction, str(other)))
        return out

    def reference_field(self, rel_type: str, other: str) -> str:
        """The field that names ``other`` through ``rel_type`` (for located errors)."""
        for f, (t, _) in self.REFERENCES.items():
            value = getattr(self, f)
            if t == rel_type and (value == other or (isinstance(value, list) and other in value)):
                return f
        return rel_type.lower()

    def node_properties(self) -> dict[str, Any]:
        """Properties written on the node (references to other nodes become edges)."""
        data = self.model_dump(exclude=set(self.REFERENCES), exclude_none=True, mode="json")
        if "clause" not in data and self.DEFAULT_CLAUSE:
            data["clause"] = self.DEFAULT_CLAUSE
        return data

    #: field name → (relationship type, direction) for fields that name another node;
    #: direction "out" means (self)-[TYPE]->(other), "in" means (other)-[TYPE]->(self)
    REFERENCES: ClassVar[dict[str, tuple[str, str]]] = {}


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
    REFERENCES = {
        "holder": ("HOLDS", "in"),
        "power": ("CONFERS", "out"),
        "subject": ("APPLIES_TO", "out"),
        "guided_by": ("GUIDES", "in"),
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


class Duty(Entity):
    """A duty item (事项)."""

    LABEL = "Duty"
    DEFAULT_CLAUSE = "DL-1.3"
    duty_type: DutyType | None = None
    legal_basis: str | None = None  # the 实施依据 text as written
    code: str | None = None  # 项目编码
    #: the legal basis parsed into provisions, ``《法》第X条第Y款第Z项`` (numbers in Chinese numerals)
    legal_citations: list[str] | None = None
    #: the articles cited, ``《法》第X条``: duties resting on the same article share an entry
    legal_articles: list[str] | None = None
    parent_name: str | None = None  # for a sub-item (子项): the name of its main item (主项)


class DutyList(Entity):
    """A published list in one version: owner, kind and effective date."""

    LABEL = "DutyList"
    DEFAULT_CLAUSE = "DL-1.3"
    kind: ListKind
    owner: Id
    effective_date: dt.date
    series: Id | None = None  # the list's identity across versions; defaults to id
    REFERENCES = {"owner": ("OWNS", "in")}

    def node_properties(self) -> dict[str, Any]:
        data = super().node_properties()
        data.setdefault("series", self.id)
        return data


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


# --- issue 12 part A: node kinds (DL-1.1-posts, DL-2.1 … DL-2.3, DL-3.1) ---


class StaffingAllotment(Entity):
    """New staffing posts (行政事业编制) allotted by the city to a county or by a county to a township."""

    LABEL = "StaffingAllotment"
    DEFAULT_CLAUSE = "DL-1.1-posts"
    from_area: Id
    to_area: Id
    posts: int = Field(gt=0)
    post_kind: PostKind = PostKind.MIXED
    date: dt.date
    document_no: str | None = None  # 文号
    REFERENCES = {"from_area": ("ALLOTS", "in"), "to_area": ("ALLOTS_TO", "out")}


class PropertyCompany(Entity):
    """A property-service company (物业服务企业) serving compounds (DL-2.3)."""

    LABEL = "PropertyCompany"
    DEFAULT_CLAUSE = "DL-2.3"
    manages: list[Id] = Field(default_factory=list)  # compound (or other) Area ids
    party_members: int = Field(ge=0)  # formal Party members among its staff
    instructor: str | None = None  # 党建指导员
    instructor_since: dt.date | None = None
    REFERENCES = {"manages": ("MANAGES", "out")}


class OwnersCommittee(Entity):
    """An owners' committee (业主委员会) of a compound (DL-2.3)."""

    LABEL = "OwnersCommittee"
    DEFAULT_CLAUSE = "DL-2.3"
    represents: Id
    party_members: int = Field(ge=0)
    formed_date: dt.date | None = None
    REFERENCES = {"represents": ("REPRESENTS", "out")}


class PartyOrg(Entity):
    """A Party organisation below the township committee: big committee, village, grid, compound, unit."""

    LABEL = "PartyOrg"
    DEFAULT_CLAUSE = "DL-2"
    kind: PartyOrgKind
    form: PartyOrgForm | None = None
    covers: Id | None = None  # the area or unit it is built in
    reports_to: Id | None = None  # the organisation directly above
    expands: Id | None = None  # big committee: the committee it enlarges
    formed_date: dt.date
    dissolved_date: dt.date | None = None
    secretary: str | None = None
    REFERENCES = {"covers": ("COVERS", "out"), "reports_to": ("REPORTS_TO", "out"), "expands": ("EXPANDS", "out")}

    def node_properties(self) -> dict[str, Any]:
        data = super().node_properties()
        if self.clause is None:
            data["clause"] = PARTY_ORG_CLAUSE.get(PartyOrgKind(self.kind), "DL-2")
        return data


#: the clause each kind of Party organisation belongs to
PARTY_ORG_CLAUSE = {
    PartyOrgKind.BIG_COMMITTEE: "DL-2.1",
    PartyOrgKind.VILLAGE_ORG: "DL-2.2",
    PartyOrgKind.GRID_BRANCH: "DL-2.2",
    PartyOrgKind.COMPOUND_GROUP: "DL-2.2",
    PartyOrgKind.PROPERTY_ORG: "DL-2.3",
    PartyOrgKind.OWNERS_ORG: "DL-2.3",
    PartyOrgKind.NEW_EMPLOYMENT_ORG: "DL-3.2",
}


class PartTimeMember(Entity):
    """A part-time member (兼职委员) of a big committee, from a resident unit (DL-2.1)."""

    LABEL = "PartTimeMember"
    DEFAULT_CLAUSE = "DL-2.1-members"
    person: Text
    committee: Id
    unit: Id | None = None
    unit_name: str | None = None  # when the unit is not a Body of the dataset
    unit_category: UnitCategory = UnitCategory.OTHER
    position_zh: str | None = None
    since: dt.date
    until: dt.date | None = None
    REFERENCES = {"committee": ("SITS_ON", "out"), "unit": ("REPRESENTS", "out")}


class ContactHousehold(Entity):
    """A Party member's contact households under a compound group: the chain's last link (DL-2.2)."""

    LABEL = "ContactHousehold"
    DEFAULT_CLAUSE = "DL-2.2"
    member: Text
    group: Id
    households: int = Field(gt=0)
    since: dt.date | None = None
    REFERENCES = {"group": ("LINKS_TO", "out")}


class CrossAppointment(Entity):
    """双向进入、交叉任职: a person of one organisation takes a post in another (DL-2.3)."""

    LABEL = "CrossAppointment"
    DEFAULT_CLAUSE = "DL-2.3"
    person: Text
    from_org: Id
    to_org: Id
    position_zh: str | None = None
    since: dt.date
    until: dt.date | None = None
    REFERENCES = {"from_org": ("SENDS", "in"), "to_org": ("APPOINTS_TO", "out")}


class InServiceMember(Entity):
    """An in-service Party member (在职党员): where they live, report and are placed (DL-3.1)."""

    LABEL = "InServiceMember"
    DEFAULT_CLAUSE = "DL-3.1"
    person: Text
    employer: Id | None = None
    employer_name: str | None = None
    residence: Id
    reported_to: Id | None = None
    reported_date: dt.date | None = None
    placed_in: list[Id] = Field(default_factory=list)  # grid branches / compound groups
    REFERENCES = {
        "employer": ("EMPLOYS", "in"),
        "residence": ("LIVES_IN", "out"),
        "reported_to": ("REPORTS_AT", "out"),
        "placed_in": ("JOINS", "out"),
    }


# --- end of issue 12 part A node kinds ---
# --------------------------------------------------------------------------- issue 12 part B: DL-3.3, DL-4.1 … DL-4.4


class ServiceCentre(Entity):
    """A Party–mass service centre (党群服务中心) or one of its sites, with its floor area (DL-3.3)."""

    LABEL = "ServiceCentre"
    DEFAULT_CLAUSE = "DL-3.3"
    area: Id  # the township/sub-district or community it serves
    floor_area_m2: float = Field(gt=0)
    measured_date: dt.date | None = None
    opened_date: dt.date | None = None
    operator: Id | None = None
    REFERENCES = {"area": ("LOCATED_IN", "out"), "operator": ("RUNS", "in")}


class CadreRole(StrEnum):
    RESIDENT = "resident"  # 全脱产驻村（社区）工作
    PAIRING_LIAISON = "pairing_liaison"  # 结对共建联络员


class CadreAssignment(Entity):
    """A cadre sent down to a village or community (干部下沉, DL-4.1)."""

    LABEL = "CadreAssignment"
    DEFAULT_CLAUSE = "DL-4.1"
    cadre: Text  # the cadre's name
    unit: Id  # the sending unit
    place: Id  # the village or community
    role: CadreRole
    start_date: dt.date
    end_date: dt.date | None = None
    round: str | None = None  # 选派批次, e.g. 2023
    REFERENCES = {"unit": ("SENDS", "in"), "place": ("POSTS_TO", "out")}


class Pairing(Entity):
    """A sending unit paired with a village or community (结对共建, DL-4.2)."""

    LABEL = "Pairing"
    DEFAULT_CLAUSE = "DL-4.2"
    unit: Id
    place: Id
    leader: str | None = None  # the member of the unit's leadership responsible
    leader_position_zh: str | None = None
    start_date: dt.date
    REFERENCES = {"unit": ("SPONSORS", "in"), "place": ("SUPPORTS", "out")}


class ProjectField(StrEnum):
    PARTY_BUILDING = "party_building"
    INDUSTRY = "industry"
    GOVERNANCE = "governance"
    SERVICE = "service"
    EMERGENCY = "emergency"
    OTHER = "other"


class PairingProject(Entity):
    """A co-construction project of a pairing (共建项目, DL-4.2)."""

    LABEL = "PairingProject"
    DEFAULT_CLAUSE = "DL-4.2"
    pairing: Id
    field: ProjectField = ProjectField.OTHER
    start_date: dt.date
    end_date: dt.date | None = None
    REFERENCES = {"pairing": ("RUNS", "in")}


class DeputyKind(StrEnum):
    NPC_DEPUTY = "npc_deputy"  # 人大代表
    PARTY_DEPUTY = "party_deputy"  # 党代表
    CPPCC_MEMBER = "cppcc_member"  # 政协委员


class DeputySession(Entity):
    """A deputies' session on public opinion in a village or community (社情民意恳谈, DL-4.3)."""

    LABEL = "DeputySession"
    DEFAULT_CLAUSE = "DL-4.3"
    place: Id
    date: dt.date
    participants: list[str] | None = None
    participant_kinds: list[DeputyKind] | None = None
    topics: list[str] | None = None
    REFERENCES = {"place": ("HELD_IN", "out")}


class SpecialFund(Entity):
    """A year's special fund for a village's or community's Party organisation (DL-4.4)."""

    LABEL = "SpecialFund"
    DEFAULT_CLAUSE = "DL-4.4"
    place: Id
    year: int = Field(ge=1949, le=2200)
    amount_yuan: int = Field(ge=0)
    city_share_yuan: int | None = Field(default=None, ge=0)
    county_share_yuan: int | None = Field(default=None, ge=0)
    document_no: str | None = None
    REFERENCES = {"place": ("FUNDS", "out")}


class ListEntry(BaseModel):
    """One row of a duty list: the duty, its lead(s) and its cooperating bodies.

    Not a node: it becomes an INCLUDES edge from the list to the duty and HOLDS_DUTY
    edges from each holder to the duty, all carrying the row's provenance.
    """

    model_config = ConfigDict(extra="forbid", use_enum_values=True, str_strip_whitespace=True)

    list_id: Id
    duty: Id
    seq: str | None = None
    leads: list[Id] = Field(default_factory=list)
    cooperating: list[Id] = Field(default_factory=list)
    #: issue 11: township bodies that act on the item in a department's name (受委托)
    entrusted: list[Id] = Field(default_factory=list)
    clause: str = "DL-1.3"
    source_file: str | None = None
    source_sheet: str | None = None
    source_row: int | None = None


class MatchDecision(BaseModel):
    """A reviewed pair of duty items, one entry of a dataset's ``matches.yaml``.

    Not a node: a ``same`` decision becomes a SAME_AS edge between the two duties
    (from the smaller id to the larger), which every audit treats as one duty; a
    ``different`` decision keeps the pair out of the RESEMBLES candidates.
    """

    model_config = ConfigDict(extra="forbid", use_enum_values=True, str_strip_whitespace=True)

    a: Id
    b: Id
    decision: MatchVerdict
    by: Text  # who decided
    at: dt.date  # when
    note: str | None = None
    clause: str = "DL-1.3-list"
    source_file: str | None = None
    source_row: int | None = None

    @field_validator("b")
    @classmethod
    def _two_items(cls, v: str, info: Any) -> str:
        if v == info.data.get("a"):
            raise ValueError("a pair needs two different duty ids")
        return v

    @property
    def pair(self) -> tuple[str, str]:
        """The two ids, smaller first."""
        return (self.a, self.b) if self.a < self.b else (self.b, self.a)


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


class RelType(BaseModel):
    """A relationship type and the (start label, end label) pairs it may join."""

    model_config = ConfigDict(frozen=True)
    type: str
    pairs: tuple[tuple[str, str], ...]
    description: str

    @property
    def start(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for a, _ in self.pairs))

    @property
    def end(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b for _, b in self.pairs))

    def ends_for(self, label: str, direction: str) -> tuple[str, ...]:
        """The labels a ``label`` node may point at (``out``) or be pointed at from (``in``)."""
        if direction == "out":
            return tuple(b for a, b in self.pairs if a == label)
        return tuple(a for a, b in self.pairs if b == label)


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
    RelType(type="COVERS_ITEM", pairs=(("Decision", "Duty"),), description="a decision covers a duty item"),
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
