"""More of the duty-access rule (issue 11 item 4, plan-model.md §5.4): each rule on a
small fixture with positive and negative cases, on every store."""

from __future__ import annotations

from pathlib import Path

from kg.audit import run_audit
from kg.stores import Store
from tests.test_audit_rules import lst, row, run


def typed(duty: str, duty_type: str, lead: str = "", basis: str | None = None, coop: str = "") -> dict[str, str]:
    r = row(duty, lead, coop)
    r["duty_type"] = duty_type
    if basis is not None:
        r["legal_basis"] = basis
    return r


def test_duty_basis_no_law(store: Store, tmp_path: Path) -> None:
    lists = {
        "nr-power": lst(
            "power",
            "X1-nr",
            [
                typed("d1", "行政许可", "X1-nr"),  # no basis: finding
                typed("d2", "行政处罚", "X1-nr", "见相关文件"),  # cites no law: finding
                typed("d3", "行政许可", "X1-nr", "《中华人民共和国行政许可法》"),  # cites a law
                typed("d4", "行政检查", "X1-nr"),  # a type a rule may create: not judged
            ],
        ),
        "t1-basic": lst("basic", "T1-gov", [typed("d5", "行政征收", "T1-gov", "按规定")]),
        "old": lst("power", "X1-sj", [typed("d6", "行政许可", "X1-sj")], date="2023-01-01", series="sj"),
        "new": lst("power", "X1-sj", [typed("d7", "其他", "X1-sj")], date="2024-01-01", series="sj"),
    }
    got = run(store, tmp_path, "duty-basis-no-law", lists=lists)
    assert got == {(None, "d1", ("nr-power",)), (None, "d2", ("nr-power",)), ("T1", "d5", ("t1-basic",))}
    # on a date when only the old version of 'sj' is in force, d6 is judged too
    early = {f.subject_id for f in run_audit(store, rules=["duty-basis-no-law"], as_of="2023-06-30")}
    assert early == {"d6"}


def test_access_taken_back_unled(store: Store, tmp_path: Path) -> None:
    lists = {
        "t1-back": lst("taken_back", "T1-gov", [row("d1", "X1-nr"), row("d2", "X1-nr"), row("d3", "X1-sj")]),
        "nr-power": lst("power", "X1-nr", [row("d2", "X1-nr"), row("d9", "X1-nr")]),  # holds d2, not d1
        # X1-sj has no list: d3 not judged
    }
    got = run(store, tmp_path, "access-taken-back-unled", lists=lists)
    assert got == {("T1", "d1", ("X1-nr", "t1-back"))}


def test_access_taken_back_led_by_another_department(store: Store, tmp_path: Path) -> None:
    lists = {
        "t1-back": lst("taken_back", "T1-gov", [row("d1", "X1-nr")]),
        "nr-power": lst("power", "X1-nr", [row("d9", "X1-nr")]),
        "sj-power": lst("power", "X1-sj", [row("d1", "X1-sj")]),  # another county department leads d1
    }
    assert run(store, tmp_path, "access-taken-back-unled", lists=lists) == set()


def test_duty_cooperating_lead_unclaimed(store: Store, tmp_path: Path) -> None:
    lists = {
        "t1-coop": lst(
            "cooperating",
            "T1-gov",
            [row("d1", "X1-nr", "T1-gov"), row("d2", "X1-nr", "T1-gov"), row("d3", "X1-sj", "T1-gov")],
        ),
        "nr-power": lst("power", "X1-nr", [row("d2", "X1-nr")]),  # claims d2 only
    }
    got = run(store, tmp_path, "duty-cooperating-lead-unclaimed", lists=lists)
    assert got == {("T1", "d1", ("T1-gov", "X1-nr", "t1-coop"))}


def test_access_handover_to_village(store: Store, tmp_path: Path) -> None:
    from tests.test_audit_rules import ho

    lists = {
        "nr-power": lst("power", "X1-nr", [row("d1", "X1-nr")]),
        "t1-basic": lst(
            "basic",
            "T1-gov",
            [
                row("d1", "V1-jwh"),  # a department's item led by a residents' committee
                typed("d2", "行政检查", "V1-jwh"),  # an enforcement type led by it
                typed("d3", "公共服务", "V1-jwh"),  # a service of its own: fine
                row("d4", "T1-gov", "V1-jwh"),  # cooperating: allowed
            ],
        ),
    }
    handovers = [ho("h-v", "d4", "X1-nr", "V1-jwh")]
    got = run(store, tmp_path, "access-handover-to-village", lists=lists, handovers=handovers)
    assert got == {
        ("T1", "d1", ("V1-jwh", "X1-nr", "t1-basic")),
        ("T1", "d2", ("V1-jwh", "t1-basic")),
        ("T1", "d4", ("V1-jwh", "X1-nr", "h-v")),
    }
