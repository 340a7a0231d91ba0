"""下放 and 委托 differ (issue 11 item 2, plan-model.md §5.2): each rule on a small
fixture with positive and negative cases, on every store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.audit import run_audit
from kg.stores import Store
from tests.test_audit_rules import SCOPE, ho, lst, row, run

DECISIONS = [{"id": "dec-ok", "name": "统一部署", **SCOPE, "kind": "unified_deployment", "issuer": "X1-gov"}]


def devolve(hid: str, duty: str, frm: str, to: str) -> dict[str, Any]:
    return {**ho(hid, duty, frm, to, "dec-ok"), "mode": "下放"}


def typed(duty: str, duty_type: str, lead: str = "", entrusted: str = "") -> dict[str, str]:
    r = row(duty, lead)
    r["duty_type"] = duty_type
    if entrusted:
        r["entrusted"] = entrusted
    return r


def fixture() -> dict[str, Any]:
    return {
        "decisions": DECISIONS,
        "handovers": [
            ho("h-pen", "d1", "X1-nr", "T1-gov", "dec-ok"),  # 委托 of a penalty, listed as own: Q1-like
            ho("h-conf", "d2", "X1-nr", "T1-gov", "dec-ok"),  # 委托 of a 行政确认, listed as own: S2'-like
            ho("h-ok", "d3", "X1-nr", "T1-gov", "dec-ok"),  # 委托, listed as entrusted: fine
            devolve("h-dev", "d4", "X1-nr", "T1-gov"),  # 下放 of a penalty, listed as own: fine
            ho("h-coerce", "d5", "X1-nr", "T2-gov", "dec-ok"),  # 委托 of a coercive measure
            devolve("h-coerce-dev", "d6", "X1-nr", "T2-gov"),  # 下放 of a coercive measure: not this rule
            ho("h-sj", "d7", "X1-sj", "T2-gov", "dec-ok"),  # X1-sj has no list: not judged for dropping
        ],
        "lists": {
            "nr-power": lst(
                "power",
                "X1-nr",
                # keeps d1, d2, d3 (entrusted); drops d5 (entrusted: Q3-like); d4, d6 devolved
                [typed("d1", "行政处罚", "X1-nr"), typed("d2", "行政确认", "X1-nr"), typed("d3", "行政检查", "X1-nr")],
            ),
            "t1-basic": lst(
                "basic",
                "T1-gov",
                [
                    typed("d1", "行政处罚", "T1-gov"),
                    typed("d2", "行政确认", "T1-gov"),
                    typed("d3", "行政检查", entrusted="T1-gov"),
                    typed("d4", "行政处罚", "T1-gov"),
                ],
            ),
            "t2-basic": lst("basic", "T2-gov", [typed("d5", "行政强制"), typed("d6", "行政强制"), typed("d7", "其他")]),
        },
    }


def test_entrusted_enforcement_in_own_name(store: Store, tmp_path: Path) -> None:
    got = run(store, tmp_path, "entrusted-enforcement-in-own-name", **fixture())
    assert got == {("T1", "d1", ("T1-gov", "X1-nr", "h-pen", "t1-basic"))}
    # before the hand-over (2024-06-01) there is no 委托 yet: not this rule
    assert not run_audit(store, rules=["entrusted-enforcement-in-own-name"], as_of="2024-05-01")


def test_entrusted_listed_as_own(store: Store, tmp_path: Path) -> None:
    got = run(store, tmp_path, "entrusted-listed-as-own", **fixture())
    assert got == {("T1", "d2", ("T1-gov", "X1-nr", "h-conf", "t1-basic"))}


def test_entrusted_role_is_stored(store: Store, tmp_path: Path) -> None:
    run(store, tmp_path, "entrusted-listed-as-own", **fixture())
    roles = store.run(
        "MATCH (b:Body)-[h:HOLDS_DUTY]->(d:Duty {id: 'd3'}) RETURN b.id, h.role, h.list_id ORDER BY b.id"
    ).rows
    assert [list(r) for r in roles] == [["T1-gov", "entrusted", "t1-basic"], ["X1-nr", "lead", "nr-power"]]


def test_entrusted_item_dropped(store: Store, tmp_path: Path) -> None:
    got = run(store, tmp_path, "entrusted-item-dropped", **fixture())
    assert got == {("T2", "h-coerce", ("T2-gov", "X1-nr", "d5", "nr-power"))}


def test_entrusted_coercive_measure(store: Store, tmp_path: Path) -> None:
    got = run(store, tmp_path, "entrusted-coercive-measure", **fixture())
    assert got == {("T2", "h-coerce", ("T2-gov", "X1-nr", "d5"))}
