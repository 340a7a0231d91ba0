"""Each audit rule on its own small fixture, with positive and negative cases, on
every store; and every rule on the sample gives the same result on every store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.audit import list_rules, run_audit
from kg.audit.access import violating_handovers
from kg.ingest.dataset import read_dataset
from kg.ingest.load import load_dataset
from kg.stores import Store
from tests.datasets import make_dataset, small_org

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
ALL_A_POWERS = ("integrated_management", "coordination", "emergency_handling", "participation_advice")


def org(**extra: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """small_org plus a second township T2 and a second county X2 with departments."""
    o = small_org()
    o["areas"] += [
        {"id": "T2", "name": "二号镇", "level": "township", "parent": "X1"},
        {"id": "X2", "name": "乙县", "level": "county", "parent": "C1"},
        {"id": "V1", "name": "一号社区", "level": "community", "parent": "T1"},
    ]
    o["bodies"] += [
        {"id": "C1-gov", "name": "示例市人民政府", "kind": "government", "level": "city", "area": "C1"},
        {"id": "X1-pc", "name": "中共甲区委", "kind": "party_committee", "level": "county", "area": "X1"},
        {"id": "X1-sj", "name": "甲区市场监督管理局", "kind": "department", "level": "county", "area": "X1"},
        {"id": "X2-gov", "name": "乙县人民政府", "kind": "government", "level": "county", "area": "X2"},
        {"id": "X2-sj", "name": "乙县市场监督管理局", "kind": "department", "level": "county", "area": "X2"},
        {
            "id": "T1-zhb",
            "name": "一号街道综合办",
            "kind": "office",
            "level": "township",
            "area": "T1",
            "office_type": "comprehensive",
        },
        {
            "id": "T1-scs",
            "name": "一号市场监管所",
            "kind": "dispatched",
            "level": "township",
            "area": "T1",
            "dispatched_by": "X1-sj",
            "dispatch_status": "dispatched",
        },
        {
            "id": "T1-zrs",
            "name": "一号自然资源所",
            "kind": "dispatched",
            "level": "township",
            "area": "T1",
            "dispatched_by": "X1-nr",
            "dispatch_status": "integrated",
        },
        {"id": "T2-gov", "name": "二号镇人民政府", "kind": "government", "level": "township", "area": "T2"},
        {"id": "T2-pc", "name": "中共二号镇委员会", "kind": "party_committee", "level": "township", "area": "T2"},
        {"id": "V1-jwh", "name": "一号社区居委会", "kind": "village_committee", "level": "community", "area": "V1"},
    ]
    for k, v in extra.items():
        o.setdefault(k, []).extend(v)
    return o


def row(duty: str, lead: str = "", coop: str = "") -> dict[str, str]:
    return {"duty_id": duty, "name": f"事项{duty}", "lead": lead, "cooperating": coop}


def lst(
    kind: str, owner: str, rows: list[dict[str, str]], date: str = "2024-01-01", series: str | None = None
) -> tuple[dict, list]:
    spec: dict[str, Any] = {"name": f"{owner}-{kind}-{date}", "kind": kind, "owner": owner, "effective_date": date}
    if series:
        spec["series"] = series
    return spec, rows


def run(store: Store, tmp_path: Path, rule: str, **parts: Any) -> set[tuple]:
    """Load a fixture and return the rule's findings as (township, subject, related ids)."""
    base = org(**{k: v for k, v in parts.items() if k in ("areas", "bodies")})
    root = make_dataset(
        tmp_path / "ds",
        areas=base["areas"],
        bodies=base["bodies"],
        **{k: v for k, v in parts.items() if k not in ("areas", "bodies")},
    )
    load_dataset(store, root)
    return {(f.township_id, f.subject_id, tuple(f.related_ids)) for f in run_audit(store, rules=[rule])}


# --------------------------------------------------------------------------- DL-1.3-list


def test_overlap_department_and_township(store: Store, tmp_path: Path) -> None:
    got = run(
        store,
        tmp_path,
        "duty-overlap",
        lists={
            "t1-basic": lst("basic", "T1-gov", [row("d1", "T1-gov"), row("d2", "T1-gov"), row("d3", "T1-gov")]),
            "nr-power": lst("power", "X1-nr", [row("d1", "X1-nr"), row("d4", "X1-nr")]),
            "t2-basic": lst("basic", "T2-gov", [row("d2", "T2-gov")]),  # another township: no overlap
        },
    )
    assert got == {("T1", "d1", ("T1-gov", "X1-nr"))}


def test_overlap_two_leads_on_one_row_and_at_county_level(store: Store, tmp_path: Path) -> None:
    got = run(
        store,
        tmp_path,
        "duty-overlap",
        lists={
            "t1-basic": lst("basic", "T1-gov", [row("d1", "T1-gov；T1-zhb"), row("d2", "T1-zhb", "T1-gov")]),
            "nr-power": lst("power", "X1-nr", [row("d5", "X1-nr")]),
            "sj-power": lst("power", "X1-sj", [row("d5", "X1-sj")]),
        },
    )
    assert got == {("T1", "d1", ("T1-gov", "T1-zhb")), (None, "d5", ("X1-nr", "X1-sj"))}


def test_overlap_ignores_superseded_and_taken_back(store: Store, tmp_path: Path) -> None:
    got = run(
        store,
        tmp_path,
        "duty-overlap",
        lists={
            "t1-basic": lst("basic", "T1-gov", [row("d1", "T1-gov"), row("d2", "T1-gov")]),
            "nr-2023": lst("power", "X1-nr", [row("d1", "X1-nr")], date="2023-01-01", series="nr"),
            "nr-2024": lst("power", "X1-nr", [row("d9", "X1-nr")], date="2024-01-01", series="nr"),
            "t1-back": lst("taken_back", "T1-gov", [row("d2", "X1-sj")]),
        },
    )
    assert got == set()


def test_gap(store: Store, tmp_path: Path) -> None:
    got = run(
        store,
        tmp_path,
        "duty-gap",
        lists={
            "t1-basic": lst(
                "basic",
                "T1-gov",
                [
                    row("d1"),  # positive: nothing at all
                    row("d2"),  # led by the county department: covered
                    row("d3", "T1-gov"),  # has a lead
                    row("d4", "", "T1-zhb"),  # cooperating only: the orphan rule's case
                    row("d5"),  # led only in another township: still a gap here
                ],
            ),
            "nr-power": lst("power", "X1-nr", [row("d2", "X1-nr")]),
            "t2-basic": lst("basic", "T2-gov", [row("d5", "T2-gov")]),
            "old": lst("basic", "T2-gov", [row("d6")], date="2020-01-01", series="t2"),
            "new": lst("basic", "T2-gov", [row("d7", "T2-gov")], date="2024-01-01", series="t2"),
            "t1-back": lst("taken_back", "T1-gov", [row("d8")]),
        },
    )
    assert got == {("T1", "d1", ("t1-basic",)), ("T1", "d5", ("t1-basic",))}


def test_gap_county_list_covered_by_township_lead(store: Store, tmp_path: Path) -> None:
    got = run(
        store,
        tmp_path,
        "duty-gap",
        lists={
            "empower": lst("empowerment", "X1-gov", [row("d1"), row("d2")]),
            "t1-basic": lst("basic", "T1-gov", [row("d1", "T1-gov")]),
        },
    )
    assert got == {(None, "d2", ("empower",))}


def test_cooperating_orphan(store: Store, tmp_path: Path) -> None:
    got = run(
        store,
        tmp_path,
        "duty-cooperating-orphan",
        lists={
            "t1-coop": lst(
                "cooperating",
                "T1-gov",
                [
                    row("d1", "", "T1-gov"),  # positive
                    row("d2", "", "T1-gov；T1-zhb"),  # led on the department's list: fine
                    row("d3", "X1-nr", "T1-gov"),  # lead named on the row: fine
                    row("d4"),  # no cooperating body: the gap rule's case
                ],
            ),
            "nr-power": lst("power", "X1-nr", [row("d2", "X1-nr"), row("d3", "X1-nr")]),
        },
    )
    assert got == {("T1", "d1", ("T1-gov", "t1-coop"))}


# --------------------------------------------------------------------------- DL-1.3-access

SCOPE = {"date": "2024-01-01", "items": ["d1", "d2", "d3"], "all_townships_of": ["X1"]}
DECISIONS = [
    {
        "id": "dec-ok",
        "name": "统一部署",
        "kind": "unified_deployment",
        "issuer": "X1-pc",
        "document_no": "甲委发〔2024〕1号",
        **SCOPE,
    },
    {
        "id": "dec-city",
        "name": "市统一部署",
        **SCOPE,
        "kind": "unified_deployment",
        "issuer": "C1-gov",
        "all_townships_of": ["C1"],
    },
    {"id": "dec-other", "name": "部门通知", "kind": "other", "issuer": "X1-gov"},
    {"id": "dec-by-dept", "name": "部门的统一部署", **SCOPE, "kind": "unified_deployment", "issuer": "X1-sj"},
    {"id": "dec-x2", "name": "乙县统一部署", **SCOPE, "kind": "unified_deployment", "issuer": "X2-gov"},
    {"id": "dec-no-issuer", "name": "无发文机关", **SCOPE, "kind": "unified_deployment"},
    # issue 11: scope, date, repeal, 两办, annexed list
    {
        "id": "dec-items",
        "name": "只列d2",
        **SCOPE,
        "kind": "unified_deployment",
        "issuers": ["X1-gov"],
        "items": ["d2"],
    },
    {
        "id": "dec-towns",
        "name": "只含二号镇",
        **{**SCOPE, "all_townships_of": []},
        "kind": "unified_deployment",
        "issuers": ["X1-gov"],
        "townships": ["T2"],
    },
    {
        "id": "dec-late",
        "name": "晚于交办",
        **SCOPE,
        "kind": "unified_deployment",
        "issuers": ["X1-gov"],
        "date": "2024-07-01",
    },
    {
        "id": "dec-repealed",
        "name": "已废止",
        **SCOPE,
        "kind": "unified_deployment",
        "issuers": ["X1-gov"],
        "repealed_date": "2024-12-01",
    },
]
#: a 两办 document of the two offices, covering d1 through the annexed list t1-basic
BAN = [
    {
        "id": "dec-ban",
        "name": "两办统一部署",
        **{**SCOPE, "items": []},
        "kind": "unified_deployment",
        "issuers": ["X1-pc-ban", "X1-gov-ban"],
        "lists": ["t1-basic"],
    },
]
OFFICES = [
    {
        "id": "X1-pc-ban",
        "name": "中共甲区委办公室",
        "kind": "office",
        "level": "county",
        "area": "X1",
        "parent": "X1-pc",
    },
    {
        "id": "X1-gov-ban",
        "name": "甲区人民政府办公室",
        "kind": "office",
        "level": "county",
        "area": "X1",
        "parent": "X1-gov",
    },
]


def ho(hid: str, duty: str, frm: str, to: str, decision: str | None = None, date: str = "2024-06-01") -> dict[str, Any]:
    h = {"id": hid, "name": f"交办{hid}", "duty": duty, "from_body": frm, "to_body": to, "mode": "委托", "date": date}
    if decision:
        h["decision"] = decision
    return h


#: hand-overs of DECISIONS + BAN
HANDOVERS = [
    ho("h-none", "d1", "X1-nr", "T1-gov"),
    ho("h-other", "d1", "X1-nr", "T1-gov", "dec-other"),
    ho("h-by-dept", "d1", "X1-sj", "T1-zhb", "dec-by-dept"),
    ho("h-x2", "d1", "X1-nr", "T2-gov", "dec-x2"),
    ho("h-no-issuer", "d1", "X1-nr", "T1-gov", "dec-no-issuer"),
    ho("h-ok", "d1", "X1-nr", "T1-gov", "dec-ok"),
    ho("h-city", "d1", "X1-sj", "T2-gov", "dec-city"),
    ho("h-integrated", "d1", "X1-nr", "T1-zrs", "dec-ok"),
    ho("h-to-dispatched", "d1", "X1-sj", "T1-scs"),  # not a township body: out of scope
    ho("h-from-township", "d1", "T1-gov", "V1-jwh"),  # not from a county department: out of scope
    ho("h-item", "d1", "X1-nr", "T1-gov", "dec-items"),  # item not in scope
    ho("h-town", "d1", "X1-nr", "T1-gov", "dec-towns"),  # township not in scope
    ho("h-town-ok", "d1", "X1-nr", "T2-gov", "dec-towns"),
    ho("h-late", "d1", "X1-nr", "T1-gov", "dec-late"),  # decision after the hand-over
    ho("h-late-ok", "d1", "X1-nr", "T1-gov", "dec-late", date="2024-07-01"),  # same day: fine
    ho("h-repealed", "d1", "X1-nr", "T1-gov", "dec-repealed"),
    ho("h-ban", "d1", "X1-nr", "T1-gov", "dec-ban"),  # 两办, item through the annexed list
    ho("h-ban-d2", "d2", "X1-nr", "T1-gov", "dec-ban"),  # d2 is not on the annexed list
    ho("h-future", "d1", "X1-nr", "T1-gov", date="2099-01-01"),  # not in force yet: not judged
    {**ho("h-ended", "d1", "X1-nr", "T1-gov"), "end_date": "2024-09-01"},  # no longer in force
]


def test_handover_without_decision(store: Store, tmp_path: Path) -> None:
    lists = {
        "t1-basic": lst("basic", "T1-gov", [row("d1", "T1-gov")]),
        "x1-power": lst("power", "X1-nr", [row("d2", "X1-nr"), row("d3", "X1-nr")]),
    }
    got = run(
        store,
        tmp_path,
        "access-handover-without-decision",
        decisions=DECISIONS + BAN,
        handovers=HANDOVERS,
        lists=lists,
        bodies=OFFICES,
    )
    assert got == {
        ("T1", "h-none", ("T1-gov", "X1-nr", "d1")),
        ("T1", "h-other", ("T1-gov", "X1-nr", "d1", "dec-other")),
        ("T1", "h-by-dept", ("T1-zhb", "X1-sj", "d1", "dec-by-dept")),
        ("T2", "h-x2", ("T2-gov", "X1-nr", "d1", "dec-x2")),
        ("T1", "h-no-issuer", ("T1-gov", "X1-nr", "d1", "dec-no-issuer")),
        ("T1", "h-item", ("T1-gov", "X1-nr", "d1", "dec-items")),
        ("T1", "h-town", ("T1-gov", "X1-nr", "d1", "dec-towns")),
        ("T1", "h-late", ("T1-gov", "X1-nr", "d1", "dec-late")),
        ("T1", "h-repealed", ("T1-gov", "X1-nr", "d1", "dec-repealed")),
        ("T1", "h-ban-d2", ("T1-gov", "X1-nr", "d2", "dec-ban")),
    }
    # the same hand-overs are refused by kg.audit.access (check-transfer, load --strict);
    # the Python rule has no audit date, so it judges every hand-over (h-future, h-ended too)
    # and leaves repeal to the audit
    ds = read_dataset(tmp_path / "ds")
    strict = {h.id: [r.code for r in reasons] for h, reasons in violating_handovers(ds)}
    assert set(strict) == {s for _, s, _ in got} - {"h-repealed"} | {"h-future", "h-ended"}
    assert strict["h-item"] == ["item_not_in_scope"]
    assert strict["h-town"] == ["township_not_in_scope"]
    assert strict["h-late"] == ["decision_after_handover"]
    assert strict["h-ban-d2"] == ["item_not_in_scope"]
    # before the hand-overs' date nothing is in force, so nothing is judged
    early = {(f.subject_id) for f in run_audit(store, rules=["access-handover-without-decision"], as_of="2024-05-31")}
    assert early == set()
    later = {f.subject_id for f in run_audit(store, rules=["access-handover-without-decision"], as_of="2099-06-30")}
    assert "h-future" in later and "h-ended" not in later


def test_decision_single_issuer(store: Store, tmp_path: Path) -> None:
    """A unified deployment of one side only is reported as info; a 两办 document is not."""
    lists = {
        "t1-basic": lst("basic", "T1-gov", [row("d1", "T1-gov")]),
        "x1-power": lst("power", "X1-nr", [row("d2", "X1-nr"), row("d3", "X1-nr")]),
    }
    got = run(
        store,
        tmp_path,
        "access-decision-single-issuer",
        decisions=DECISIONS + BAN,
        handovers=HANDOVERS,
        lists=lists,
        bodies=OFFICES,
    )
    subjects = {s for _, s, _ in got}
    assert ("dec-ok" in subjects) and ("dec-ban" not in subjects)
    # dec-ok by the county Party committee alone; the hand-overs it authorises are related
    assert (None, "dec-ok", ("X1-pc", "h-integrated", "h-ok")) in {(t, s, tuple(sorted(r))) for t, s, r in got}
    # a decision authorising nothing in force is not reported (dec-other: not a unified deployment)
    assert "dec-other" not in subjects and "dec-by-dept" not in subjects


def test_unrecorded_handover(store: Store, tmp_path: Path) -> None:
    got = run(
        store,
        tmp_path,
        "access-unrecorded-handover",
        decisions=DECISIONS,
        handovers=[ho("h1", "d2", "X1-nr", "T1-gov", "dec-ok"), ho("h2", "d3", "X1-nr", "T1-zhb")],
        lists={
            "t1-basic": lst(
                "basic",
                "T1-gov",
                [
                    row("d1", "T1-gov"),  # positive: the department's list holds it, nothing recorded
                    row("d2", "T1-gov"),  # recorded hand-over (with decision)
                    row("d3", "T1-gov"),  # recorded hand-over (without decision: another rule's finding)
                    row("d4", "T1-scs"),  # still-dispatched body: the department's own arm
                    row("d5", "T1-gov"),  # only on a superseded version of the department's list
                    row("d6", "T1-gov"),  # held by a department of another county
                    row("d7", "T1-gov", "X1-nr"),  # department only cooperates on its list
                ],
            ),
            "nr-old": lst("power", "X1-nr", [row("d5", "X1-nr")], date="2022-01-01", series="nr"),
            "nr-new": lst(
                "power",
                "X1-nr",
                [row("d1", "X1-nr"), row("d2", "X1-nr"), row("d3", "X1-nr"), row("d7", "", "X1-nr")],
                date="2024-01-01",
                series="nr",
            ),
            "sj-power": lst("power", "X1-sj", [row("d4", "X1-sj")]),
            "x2-power": lst("power", "X2-sj", [row("d6", "X2-sj")]),
        },
    )
    assert got == {("T1", "d1", ("T1-gov", "X1-nr", "nr-new"))}


def test_taken_back_still_held(store: Store, tmp_path: Path) -> None:
    got = run(
        store,
        tmp_path,
        "access-taken-back-still-held",
        lists={
            "t1-back": lst(
                "taken_back",
                "T1-gov",
                [row("d1", "X1-nr"), row("d2", "X1-nr"), row("d3", "X1-nr"), row("d4", "X1-sj"), row("d5", "X1-nr")],
            ),
            "t1-basic": lst(
                "basic", "T1-gov", [row("d1", "T1-gov"), row("d4", "T1-scs")]
            ),  # d1 positive; d4 held by a dispatched body
            "t1-coop": lst("cooperating", "T1-gov", [row("d2", "X1-nr", "T1-zhb")]),  # positive: still cooperating
            "t2-basic": lst("basic", "T2-gov", [row("d3", "T2-gov")]),  # another township
            "t1-old": lst("basic", "T1-gov", [row("d5", "T1-gov")], date="2020-01-01", series="t1b"),
            "t1-new": lst("basic", "T1-gov", [row("d9", "T1-gov")], date="2024-01-01", series="t1b"),
        },
    )
    assert got == {
        ("T1", "d1", ("T1-gov", "t1-back", "t1-basic")),
        ("T1", "d2", ("T1-zhb", "t1-back", "t1-coop")),
    }


# --------------------------------------------------------------------------- DL-1.2


def grant(gid: str, holder: str, power: str, subject: str | None = None, **kw: Any) -> dict[str, Any]:
    g = {"id": gid, "name": f"授权{gid}", "holder": holder, "power": power, **kw}
    if subject:
        g["subject"] = subject
    return g


def test_powers_missing(store: Store, tmp_path: Path) -> None:
    powers = [grant(f"g-{p}", "T1-pc", p, "T1") for p in ALL_A_POWERS[:2]]
    powers.append(grant("g-eh", "T1-pc", "emergency_handling"))  # no subject: over its jurisdiction
    powers.append(grant("g-pa-gov", "T1-gov", "participation_advice", "T1"))  # held by the government: does not count
    powers += [grant(f"g2-{p}", "T2-pc", p, "T2") for p in ALL_A_POWERS[:3]]
    powers.append(grant("g2-pa", "T2-pc", "participation_advice", "T1"))  # over another township: does not count
    got = run(store, tmp_path, "powers-township-missing", powers=powers)
    assert got == {("T1", "participation_advice", ("T1-pc",)), ("T2", "participation_advice", ("T2-pc",))}


def test_powers_missing_without_party_committee(store: Store, tmp_path: Path) -> None:
    powers = [grant(f"g-{p}", "T1-pc", p, "T1") for p in ALL_A_POWERS] + [
        grant(f"g2-{p}", "T2-pc", p, "T2") for p in ALL_A_POWERS
    ]
    extra_area = [{"id": "T3", "name": "三号乡", "level": "township", "parent": "X1"}]
    got = run(store, tmp_path, "powers-township-missing", powers=powers, areas=extra_area)
    assert got == {("T3", p, ()) for p in ALL_A_POWERS}


@pytest.mark.parametrize("aspect, other", [("assessment", "appointment"), ("appointment", "assessment")])
def test_dispatched_input(store: Store, tmp_path: Path, aspect: str, other: str) -> None:
    bodies = [
        {
            "id": "T1-pcs",
            "name": "一号派出所",
            "kind": "dispatched",
            "level": "township",
            "area": "T1",
            "dispatched_by": "X1-nr",
            "dispatch_status": "dispatched",
        },
        {
            "id": "T2-scs",
            "name": "二号市场监管所",
            "kind": "dispatched",
            "level": "township",
            "area": "T2",
            "dispatched_by": "X1-sj",
        },
    ]
    powers = [
        grant("g1", "T1-pc", "personnel_advice", "T1-pcs", aspect=aspect),  # T1-pcs: covered
        grant("g2", "T1-pc", "personnel_advice", "T1-scs", aspect=other),  # T1-scs: only the other aspect
        grant("g3", "T1-gov", "personnel_advice", "T1-scs", aspect=aspect),  # held by the government: does not count
        grant("g4", "T1-pc", "personnel_advice", "T2-scs", aspect=aspect),  # by another township's committee
    ]
    # T1-zrs is integrated: needs nothing; T2-scs has no status recorded: treated as dispatched
    got = run(store, tmp_path, f"dispatched-no-{aspect}-input", bodies=bodies, powers=powers)
    assert got == {("T1", "T1-scs", ("T1-pc", "X1-sj")), ("T2", "T2-scs", ("T2-pc", "X1-sj"))}


def test_enforcement_legal_basis(store: Store, tmp_path: Path) -> None:
    powers = [
        grant("le1", "T1-gov", "law_enforcement", "T1", guided_by="X1-nr"),
        grant("le2", "T1-gov", "law_enforcement", "T1", legal_basis=" ", guided_by="X1-nr"),
        grant("le3", "T1-gov", "law_enforcement", "T1", legal_basis="《行政处罚法》第二十四条", guided_by="X1-nr"),
        grant("le4", "X1-nr", "law_enforcement", "X1"),  # a county department's own power: not a township's
    ]
    got = run(store, tmp_path, "enforcement-no-legal-basis", powers=powers)
    assert got == {("T1", "le1", ("T1-gov",)), ("T1", "le2", ("T1-gov",))}


def test_enforcement_guidance(store: Store, tmp_path: Path) -> None:
    basis = "《行政处罚法》第二十四条"
    powers = [
        grant("le1", "T1-gov", "law_enforcement", "T1", legal_basis=basis),
        grant("le2", "T1-gov", "law_enforcement", "T1", legal_basis=basis, guided_by="X2-sj"),  # another county
        grant("le3", "T1-gov", "law_enforcement", "T1", legal_basis=basis, guided_by="T1-zhb"),  # not a department
        grant("le4", "T2-gov", "law_enforcement", "T2", legal_basis=basis, guided_by="X1-sj"),
    ]
    got = run(store, tmp_path, "enforcement-no-guidance", powers=powers)
    assert got == {("T1", "le1", ("T1-gov",)), ("T1", "le2", ("T1-gov", "X2-sj")), ("T1", "le3", ("T1-gov", "T1-zhb"))}


# --------------------------------------------------------------------------- DL-1.1


def test_party_building_office(store: Store, tmp_path: Path) -> None:
    bodies = [
        {
            "id": "T1-djb",
            "name": "一号街道党建办",
            "kind": "office",
            "level": "township",
            "area": "T1",
            "office_type": "party_building",
        },
        # T2: only through its Party committee (no area of its own): counts
        {
            "id": "T2-djb",
            "name": "二号镇党建办",
            "kind": "office",
            "level": "township",
            "parent": "T2-pc",
            "office_type": "party_building",
        },
    ]
    extra_area = [{"id": "T3", "name": "三号乡", "level": "township", "parent": "X1"}]
    extra_bodies = [
        *bodies,
        {"id": "T3-gov", "name": "三号乡人民政府", "kind": "government", "level": "township", "area": "T3"},
        {
            "id": "T3-zhb",
            "name": "三号乡党政综合办",
            "kind": "office",
            "level": "township",
            "area": "T3",
            "office_type": "comprehensive",
        },
    ]
    got = run(store, tmp_path, "office-party-building-missing", bodies=extra_bodies, areas=extra_area)
    assert got == {("T3", "T3", ("T3-gov",))}


# --------------------------------------------------------------------------- across stores


def test_every_rule_same_on_all_stores(both_stores: dict[str, Store]) -> None:
    results = {}
    for name, s in both_stores.items():
        load_dataset(s, SAMPLE)
        # the sample's pinned date, and before the plan's deadlines (the -pending rules, issue 12)
        results[name] = {
            (r.id, as_of): [f.model_dump() for f in run_audit(s, rules=[r.id], as_of=as_of)]
            for r in list_rules()
            for as_of in ("2025-06-30", "2023-05-01")
        }
    first = next(iter(results.values()))
    assert all(first[r.id, "2025-06-30"] or first[r.id, "2023-05-01"] for r in list_rules()), "every rule has a finding"
    for name, res in results.items():
        assert res == first, f"{name} differs"


# --------------------------------------------------------------------------- time (issue 11 item 5)


def test_future_list_does_not_displace_the_one_in_force(store: Store, tmp_path: Path) -> None:
    """A list version effective in the future leaves its predecessor in force until then."""
    lists = {
        "x-2024": lst("power", "X1-nr", [row("d1", "X1-nr")], date="2024-01-01", series="x"),
        "x-2030": lst("power", "X1-nr", [row("d9", "X1-nr")], date="2030-01-01", series="x"),
        "t1-basic": lst("basic", "T1-gov", [row("d1", "T1-gov")]),
    }
    run(store, tmp_path, "duty-overlap", lists=lists)
    on = dict(store.run("MATCH (l:DutyList) RETURN l.id, l.superseded_on").rows)
    assert on == {"x-2024": "2030-01-01", "x-2030": None, "t1-basic": None}

    def overlaps(day: str) -> set[str]:
        return {f.subject_id for f in run_audit(store, rules=["duty-overlap"], as_of=day)}

    assert overlaps("2025-06-30") == {"d1"}  # x-2024 still in force: it and 一号街道 both lead d1
    assert overlaps("2030-06-30") == set()  # x-2030 in force: it no longer leads d1
    assert overlaps("2023-06-30") == set()  # neither x version in force yet; t1-basic neither
    # loading twice gives the same dates
    load_dataset(store, tmp_path / "ds")
    assert dict(store.run("MATCH (l:DutyList) RETURN l.id, l.superseded_on").rows) == on


# --------------------------------------------------------------------------- one line of responsibility (item 3)


def test_overlap_counts_lines_of_responsibility(store: Store, tmp_path: Path) -> None:
    """A department and its still-dispatched station are one line (info, not an overlap);
    an integrated station is the township's own; a 委托 township is the department's line;
    a department that devolved (下放) an item to the township is no lead there."""
    decisions = [{"id": "dec-ok", "name": "统一部署", **SCOPE, "kind": "unified_deployment", "issuer": "X1-gov"}]
    handovers = [
        ho("h-e", "d2", "X1-nr", "T1-gov", "dec-ok"),  # 委托: X1-nr keeps d2, T1-gov acts in its name
        {**ho("h-d", "d3", "X1-nr", "T1-gov", "dec-ok"), "mode": "下放"},  # 下放: T1-gov alone leads d3 in T1
    ]
    lists = {
        "sj-power": lst("power", "X1-sj", [row("d1", "X1-sj")]),
        "nr-power": lst("power", "X1-nr", [row("d2", "X1-nr"), row("d3", "X1-nr"), row("d4", "X1-nr")]),
        "t1-basic": lst(
            "basic",
            "T1-gov",
            [
                row("d1", "T1-scs"),  # still dispatched by X1-sj: one line with X1-sj
                row("d2", "T1-gov"),
                row("d3", "T1-gov"),
                row("d4", "T1-zrs"),  # integrated: the township's own, a second line
            ],
        ),
    }
    parts = {"decisions": decisions, "handovers": handovers, "lists": lists}
    overlap = run(store, tmp_path, "duty-overlap", **parts)
    assert {(t, s, tuple(sorted(r))) for t, s, r in overlap} == {("T1", "d4", ("T1-zrs", "X1-nr"))}
    same = {
        (f.township_id, f.subject_id, tuple(sorted(f.related_ids)))
        for f in run_audit(store, rules=["duty-overlap-same-line"])
    }
    assert same == {("T1", "d1", ("T1-scs", "X1-sj"))}
    # before the hand-overs (2024-06-01) the 委托 and 下放 do not exist yet: two lines each
    early = {f.subject_id for f in run_audit(store, rules=["duty-overlap"], as_of="2024-05-01")}
    assert early == {"d2", "d3", "d4"}
