"""Who conferred a penalty or coercive power on a township (issue 11 item 4, DL-1.2c,
行政处罚法 arts. 18, 20, 23, 24; 行政强制法 art. 17): ``enforcement-without-conferment``
and ``devolved-enforcement-no-province-decision``, each on a small fixture with positive
and negative cases, on every store; and the issuer's level the second rule reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.audit import run_audit
from kg.errors import DataError
from kg.ingest.dataset import read_dataset
from kg.ingest.load import load_dataset
from kg.stores import Store
from tests.datasets import make_dataset
from tests.test_access_more import typed
from tests.test_audit_rules import grant, ho, lst, org

Got = set[tuple[str | None, str, frozenset[str]]]


def province_org() -> dict[str, list[dict[str, Any]]]:
    """org() with the province P1 above the city C1, its government and its general office."""
    o = org()
    o["areas"].insert(0, {"id": "P1", "name": "示例省", "level": "province"})
    next(a for a in o["areas"] if a["id"] == "C1")["parent"] = "P1"
    o["bodies"] += [
        {"id": "P1-gov", "name": "示例省人民政府", "kind": "government", "level": "province", "area": "P1"},
        {
            "id": "P1-ban",
            "name": "示例省人民政府办公厅",
            "kind": "office",
            "level": "province",
            "area": "P1",
            "parent": "P1-gov",
        },
    ]
    return o


def run(store: Store, tmp_path: Path, rule: str, as_of: str | None = None, **parts: Any) -> Got:
    o = province_org()
    root = make_dataset(tmp_path / "ds", areas=o["areas"], bodies=o["bodies"], **parts)
    load_dataset(store, root)
    return {
        (f.township_id, f.subject_id, frozenset(f.related_ids)) for f in run_audit(store, rules=[rule], as_of=as_of)
    }


def devolve(hid: str, duty: str, to: str, decision: str | None = None, **kw: Any) -> dict[str, Any]:
    return {**ho(hid, duty, "X1-nr", to, decision), "mode": "下放", **kw}


def decision(did: str, kind: str, issuers: list[str], **scope: Any) -> dict[str, Any]:
    return {"id": did, "name": f"决定{did}", "kind": kind, "issuers": issuers, "date": "2024-01-01", **scope}


# --------------------------------------------------------------------------- enforcement-without-conferment


def test_enforcement_without_conferment(store: Store, tmp_path: Path) -> None:
    lists = {
        "t1-basic": lst(
            "basic",
            "T1-gov",
            [
                typed("d1", "行政处罚", "T1-gov"),  # nothing on record: finding
                typed("d2", "行政处罚", "T1-gov"),  # devolved (下放) to T1 from 2024-06-01
                typed("d3", "行政强制", "T1-zhb"),  # entrusted: entrusted-enforcement-in-own-name's case
                typed("d4", "行政处罚", "T1-gov"),  # a law-enforcement grant names it
                typed("d5", "行政处罚", "T1-gov"),  # a conferment decision covers it and every township of X1
                typed("d6", "行政检查", "T1-gov"),  # inspection: not judged
                typed("d7", "行政强制", "T1-scs"),  # a still-dispatched station: the department's own body
                typed("d8", "行政处罚", "T1-zrs"),  # an integrated station is the township's: finding
                typed("d9", "行政处罚", "T1-gov"),  # devolved to another township: finding
                typed("d10", "行政处罚", "T1-gov"),  # conferred on T2 only: finding
                typed("d11", "行政处罚", "T1-gov"),  # on the annexed list of a conferment: covered
                typed("d12", "行政处罚", "T1-gov"),  # the conferment covering it was repealed: finding
            ],
        ),
        "annex": lst("empowerment", "X1-gov", [typed("d11", "行政处罚")]),
        "t2-later": lst("basic", "T2-gov", [typed("d13", "行政处罚", "T2-gov")], date="2099-01-01"),  # not in force
    }
    handovers = [
        devolve("h-d2", "d2", "T1-gov"),
        ho("h-d3", "d3", "X1-nr", "T1-zhb"),
        devolve("h-d9", "d9", "T2-gov"),
    ]
    decisions = [
        decision("conf-x1", "conferment", ["X1-gov"], items=["d5"], all_townships_of=["X1"]),
        decision("conf-t2", "conferment", ["X1-gov"], items=["d10"], townships=["T2"]),
        decision("conf-annex", "conferment", ["X1-gov"], lists=["annex"], townships=["T1"]),
        {
            **decision("conf-old", "conferment", ["X1-gov"], items=["d12"], townships=["T1"]),
            "repealed_date": "2025-01-01",
        },
        # a unified deployment is no conferment
        decision("ud", "unified_deployment", ["X1-gov"], items=["d1"], townships=["T1"]),
    ]
    powers = [
        grant("le", "T1-gov", "law_enforcement", "T1", legal_basis="《某条例》第九条", guided_by="X1-nr", items=["d4"])
    ]
    kw = {"lists": lists, "handovers": handovers, "decisions": decisions, "powers": powers}
    got = run(store, tmp_path, "enforcement-without-conferment", as_of="2025-06-30", **kw)
    basic = "t1-basic"
    assert got == {
        ("T1", "d1", frozenset({"T1-gov", basic})),
        ("T1", "d8", frozenset({"T1-zrs", basic})),
        ("T1", "d9", frozenset({"T1-gov", basic})),
        ("T1", "d10", frozenset({"T1-gov", basic})),
        ("T1", "d12", frozenset({"T1-gov", basic})),
    }
    # before the hand-overs' date (2024-06-01) d2 and d3 were held with nothing on record;
    # before the repeal d12 was conferred
    early = {f.subject_id for f in run_audit(store, rules=["enforcement-without-conferment"], as_of="2024-05-31")}
    assert early == {"d1", "d2", "d3", "d8", "d9", "d10"}


def test_the_enforcement_rules_do_not_report_one_item_twice(store: Store, tmp_path: Path) -> None:
    """An entrusted penalty listed as the township's own is entrusted-enforcement-in-own-name's
    finding (the township acts in the department's name), not a missing conferment."""
    lists = {"t1-basic": lst("basic", "T1-gov", [typed("d1", "行政处罚", "T1-gov")])}
    o = province_org()
    root = make_dataset(
        tmp_path / "ds",
        areas=o["areas"],
        bodies=o["bodies"],
        lists=lists,
        handovers=[ho("h1", "d1", "X1-nr", "T1-gov")],
    )
    load_dataset(store, root)
    rules = ["enforcement-without-conferment", "entrusted-enforcement-in-own-name"]
    assert [(f.rule_id, f.subject_id) for f in run_audit(store, rules=rules, as_of="2025-06-30")] == [
        ("entrusted-enforcement-in-own-name", "d1")
    ]


# --------------------------------------------------------------------------- devolved-enforcement-no-province-decision


def test_devolved_enforcement_needs_a_province_decision(store: Store, tmp_path: Path) -> None:
    types = {
        "d1": "行政处罚",
        "d2": "行政处罚",
        "d3": "行政强制",
        "d4": "行政检查",
        "d5": "行政处罚",
        "d6": "行政处罚",
        "d7": "行政处罚",
        "d8": "行政处罚",
        "d9": "行政处罚",
        "d10": "行政处罚",
    }
    lists = {
        "nr-power": lst("power", "X1-nr", [typed(d, t, "X1-nr") for d, t in types.items() if d != "d8"]),
        "prov-annex": lst("empowerment", "P1-gov", [typed("d8", "行政处罚")]),
    }
    handovers = [
        devolve("h1", "d1", "T1-gov", "ud"),  # only the county's unified deployment: finding
        devolve("h2", "d2", "T1-gov", "ud"),  # the province confers d2 on every township of P1
        devolve("h3", "d3", "T1-gov"),  # coercive, no decision at all: finding
        devolve("h4", "d4", "T1-gov"),  # inspection: not judged
        ho("h5", "d5", "X1-nr", "T1-gov"),  # 委托: the department's power, exercised in its name
        devolve("h6", "d6", "T2-gov"),  # the province's decision covers T1 only: finding
        devolve("h7", "d7", "T1-gov"),  # a city's conferment is not a province's: finding
        devolve("h8", "d8", "T1-gov"),  # on the annexed list of the province office's decision
        devolve("h9", "d9", "T1-scs"),  # to a still-dispatched station: not a township body
        devolve("h10", "d10", "T1-gov"),  # the province's decision was repealed on 2025-01-01
    ]
    decisions = [
        decision("ud", "unified_deployment", ["X1-pc", "X1-gov"], items=["d1", "d2"], all_townships_of=["X1"]),
        decision("prov", "conferment", ["P1-gov"], items=["d2"], all_townships_of=["P1"]),
        decision("prov-t1", "conferment", ["P1-gov"], items=["d6"], townships=["T1"]),
        decision("city", "conferment", ["C1-gov"], items=["d7"], all_townships_of=["C1"]),
        decision("prov-ban", "conferment", ["P1-ban"], lists=["prov-annex"], all_townships_of=["P1"]),
        {
            **decision("prov-old", "conferment", ["P1-gov"], items=["d10"], all_townships_of=["P1"]),
            "repealed_date": "2025-01-01",
        },
    ]
    rule = "devolved-enforcement-no-province-decision"
    got = run(store, tmp_path, rule, as_of="2025-06-30", lists=lists, handovers=handovers, decisions=decisions)
    assert got == {
        ("T1", "h1", frozenset({"X1-nr", "T1-gov", "d1", "ud"})),
        ("T1", "h3", frozenset({"X1-nr", "T1-gov", "d3"})),
        ("T2", "h6", frozenset({"X1-nr", "T2-gov", "d6"})),
        ("T1", "h7", frozenset({"X1-nr", "T1-gov", "d7"})),
        ("T1", "h10", frozenset({"X1-nr", "T1-gov", "d10"})),
    }
    # before the repeal the province's decision still covered d10
    early = {f.subject_id for f in run_audit(store, rules=[rule], as_of="2024-12-31")}
    assert early == {"h1", "h3", "h6", "h7"}


def test_a_governing_body_level_must_be_its_area_level(tmp_path: Path) -> None:
    """The issuer's level is read from the area it governs; a body whose own level says
    otherwise is a located error, not a guess."""
    o = province_org()
    next(b for b in o["bodies"] if b["id"] == "P1-gov")["level"] = "city"
    root = make_dataset(tmp_path / "ds", areas=o["areas"], bodies=o["bodies"])
    with pytest.raises(DataError) as e:
        read_dataset(root)
    issues = e.value.issues
    assert [(i.file, i.column) for i in issues] == [("ds/bodies.yaml", "level")]
    lines = (root / "bodies.yaml").read_text(encoding="utf-8").splitlines()
    assert issues[0].row is not None and "city" in lines[issues[0].row - 1]
    assert "'P1-gov'" in issues[0].message and "province" in issues[0].message
