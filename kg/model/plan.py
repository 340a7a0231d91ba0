"""The node kinds of issue 12: posts, Party organisations, service centres, cadres, pairings, sessions, funds."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import Field

from kg.model.base import Entity, Id, Text
from kg.model.vocab import PartyOrgForm, PartyOrgKind, PostKind, UnitCategory

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
