"""Duty items, duty lists, list rows and reviewed matches (DL-1.3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kg.model.base import Entity, Id, Text
from kg.model.vocab import DutyType, ListKind, MatchVerdict


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


#: what a list row says about its item beyond who holds it (issue 11 item 7), stored on
#: the INCLUDES relationship (list → duty), not on the Duty: the same item appears on
#: several lists — a county department's 权责清单 and each township's 履职事项清单 — and
#: each list draws its own boundary (职责边界划分), names its own 责任事项 and 追责情形, and
#: the next version may reword them. On the Duty they would overwrite one another.
ENTRY_CONTENT_FIELDS: dict[str, str] = {
    "upper_duty": "职责边界划分, county (upper) department side: 上级部门职责",
    "township_duty": "职责边界划分, township side: 镇街（配合）职责",
    "work_mode": "工作方式",
    "responsibility": "责任事项",
    "accountability": "追责情形",
    "accountable_parties": "追责对象范围",
    "note": "备注",
    "source_town": "来源镇街 (the township the item was collected from)",
}

#: how the list-row content is labelled to readers (kg who, kg query/export headings), by language
ENTRY_CONTENT_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "upper_duty": "上级部门职责",
        "township_duty": "乡镇（街道）职责",
        "responsibility": "责任事项",
        "accountability": "追责情形",
        "accountable_parties": "追责对象范围",
        "work_mode": "工作方式",
        "note": "备注",
    },
    "en": {
        "upper_duty": "upper department's side",
        "township_duty": "township's side",
        "responsibility": "responsibilities",
        "accountability": "accountability",
        "accountable_parties": "who is accountable",
        "work_mode": "way of working",
        "note": "note",
    },
}


class ListEntry(BaseModel):
    """One row of a duty list: the duty, its lead(s) and its cooperating bodies.

    Not a node: it becomes an INCLUDES edge from the list to the duty and HOLDS_DUTY
    edges from each holder to the duty, all carrying the row's provenance. The row's
    content (:data:`ENTRY_CONTENT_FIELDS`) is kept on the INCLUDES edge.
    """

    model_config = ConfigDict(extra="forbid", use_enum_values=True, str_strip_whitespace=True, defer_build=True)

    list_id: Id
    duty: Id
    seq: str | None = None
    leads: list[Id] = Field(default_factory=list)
    cooperating: list[Id] = Field(default_factory=list)
    #: issue 11: township bodies that act on the item in a department's name (受委托)
    entrusted: list[Id] = Field(default_factory=list)
    upper_duty: str | None = None
    township_duty: str | None = None
    work_mode: str | None = None
    responsibility: str | None = None
    accountability: str | None = None
    accountable_parties: str | None = None
    note: str | None = None
    source_town: str | None = None
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

    model_config = ConfigDict(extra="forbid", use_enum_values=True, str_strip_whitespace=True, defer_build=True)

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
