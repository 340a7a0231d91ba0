"""The plain facts the duty-access rule (:mod:`kg.audit.access`) is judged on, and its reasons.

The facts are gathered from the graph (:mod:`kg.audit.transfer`) or from a dataset
(:mod:`kg.audit.access`); the rule itself is :func:`kg.audit.access.transfer_reasons`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

CLAUSE = "DL-1.3-access"

#: reason codes about the authorising decision (the duty-access rule proper)


class Reason(BaseModel):
    """Why a transfer is (not) allowed, citing the clause."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    clause: str = CLAUSE
    message_zh: str
    message_en: str

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


@dataclass
class BodyFacts:
    id: str
    name: str
    kind: str
    level: str
    dispatch_status: str | None = None
    area_id: str | None = None  # jurisdiction (GOVERNS) or area served (SERVES)
    area_level: str | None = None
    area_chain: list[str] = field(default_factory=list)  # area_id and every area above it


@dataclass
class DecisionFacts:
    """A decision, its issuers and its scope (issue 11).

    ``sides`` are the Party committees / governments the issuers speak for: an issuer
    that is one, or the body an issuing office belongs to (a 两办 joint document lists
    both offices and so counts for both sides).
    """

    id: str
    name: str
    kind: str
    document_no: str | None = None
    issuers: list[BodyFacts] = field(default_factory=list)
    sides: list[BodyFacts] = field(default_factory=list)
    date: str | None = None  # ISO
    repealed_date: str | None = None
    items: set[str] = field(default_factory=set)  # COVERS_ITEM
    list_items: set[str] = field(default_factory=set)  # items of the lists it COVERS_LIST
    townships: set[str] = field(default_factory=set)  # COVERS_TOWNSHIP
    all_townships_of: set[str] = field(default_factory=set)  # COVERS_ALL_TOWNSHIPS_OF

    @property
    def issuer(self) -> BodyFacts | None:
        return self.issuers[0] if self.issuers else None

    def side_kinds(self) -> set[str]:
        return {s.kind for s in self.sides}


@dataclass
class TransferFacts:
    department_id: str
    target_id: str
    duty_id: str
    department: BodyFacts | None = None  # None: no such body
    target: BodyFacts | None = None
    duty_name: str | None = None  # None: no such duty
    decision_id: str | None = None
    decision: DecisionFacts | None = None  # None with a decision_id: no such decision
    handover_date: str | None = None  # ISO; None: judged on the decision's date alone
    as_of: str | None = None  # ISO; None: repeal ignored
    mode: str | None = None  # 下放 / 委托; None: not judged
    duty_type: str | None = None
