"""The plan's rules of issue 12, part B — service centres (DL-3.3), cadres sent down
(DL-4.1), pairing (DL-4.2), deputies' sessions (DL-4.3) and special funds (DL-4.4,
DL-4.4-threshold) — each on a small fixture with positive and negative cases, on every
store, at a pinned audit date."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kg.audit import run_audit
from kg.errors import DataError
from kg.ingest.dataset import read_dataset
from kg.ingest.load import load_dataset
from kg.stores import Store
from tests.datasets import dump, make_dataset

AS_OF = "2025-06-30"


def org() -> dict[str, list[dict[str, Any]]]:
    """A city, a county with a department, a sub-district (T1) and a town (T2) with
    villages and communities of known size."""
    return {
        "areas": [
            {"id": "C1", "name": "示例市", "level": "city"},
            {"id": "X1", "name": "甲区", "level": "county", "parent": "C1"},
            {"id": "T1", "name": "一号街道", "level": "township", "parent": "X1", "subtype": "街道"},
            {"id": "T2", "name": "二号镇", "level": "township", "parent": "X1", "subtype": "镇"},
            {"id": "M1", "name": "一号社区", "level": "community", "parent": "T1", "households": 1000},
            {"id": "M2", "name": "二号社区", "level": "community", "parent": "T1", "households": 600},
            {"id": "VB", "name": "大村", "level": "village", "parent": "T2", "population": 1800},
            {"id": "VS", "name": "小村", "level": "village", "parent": "T2", "population": 900},
            {"id": "VE", "name": "边村", "level": "village", "parent": "T2", "population": 1500},
        ],
        "bodies": [
            {"id": "X1-gov", "name": "甲区人民政府", "kind": "government", "level": "county", "area": "X1"},
            {"id": "X1-nr", "name": "甲区自然资源局", "kind": "department", "level": "county", "area": "X1"},
            {"id": "X1-sj", "name": "甲区市场监督管理局", "kind": "department", "level": "county", "area": "X1"},
        ],
    }


def build(tmp_path: Path, areas: list[dict[str, Any]] | None = None, **files: list[dict[str, Any]]) -> Path:
    """The fixture folder: org() (areas overridden by id) plus the plan's YAML files."""
    base = org()
    by_id = {a["id"]: a for a in base["areas"]}
    for a in areas or []:
        by_id[a["id"]] = a
    root = make_dataset(tmp_path / "ds", areas=list(by_id.values()), bodies=base["bodies"])
    for name, items in files.items():
        dump(root / f"{name}.yaml", items)
    return root


def run(store: Store, tmp_path: Path, rules: list[str], as_of: str = AS_OF, **files: Any) -> set[tuple]:
    """Load a fixture and return the rules' findings as (rule, township, subject, related ids)."""
    load_dataset(store, build(tmp_path, **files))
    return {
        (f.rule_id, f.township_id, f.subject_id, tuple(f.related_ids))
        for f in run_audit(store, rules=rules, as_of=as_of)
    }


def fund(place: str, year: int, amount: int, city: int | None = None, county: int | None = None) -> dict[str, Any]:
    f: dict[str, Any] = {"id": f"f-{place}-{year}", "name": f"{place}{year}年专项经费", "place": place}
    f.update(year=year, amount_yuan=amount)
    if city is not None:
        f["city_share_yuan"] = city
    if county is not None:
        f["county_share_yuan"] = county
    return f


# --------------------------------------------------------------------------- DL-4.4


def test_fund_amount_by_class(store: Store, tmp_path: Path) -> None:
    funds = [
        fund("M1", 2024, 200000),  # community: right
        fund("M1", 2023, 150000),  # community: wrong
        fund("VB", 2024, 50000, 25000, 25000),  # large village paid as small: wrong
        fund("VB", 2023, 100000, 50000, 50000),  # right
        fund("VS", 2024, 50000, 25000, 25000),  # small village: right
        fund("VS", 2023, 100000, 50000, 50000),  # small village paid as large: wrong
        fund("VE", 2024, 100000, 50000, 50000),  # exactly 1,500 people: never judged here
        fund("VE", 2023, 50000, 25000, 25000),
        fund("M2", 2026, 1, 0, 1),  # a year after the as-of year: not yet
    ]
    got = run(store, tmp_path, ["fund-amount-mismatch"], funds=funds)
    assert got == {
        ("fund-amount-mismatch", "T1", "f-M1-2023", ("M1",)),
        ("fund-amount-mismatch", "T2", "f-VB-2024", ("VB",)),
        ("fund-amount-mismatch", "T2", "f-VS-2023", ("VS",)),
    }
    [f] = [f for f in run_audit(store, rules=["fund-amount-mismatch"], as_of=AS_OF) if f.subject_id == "f-VB-2024"]
    assert "100000" in f.message_zh and "50000" in f.message_en and "DL-4.4" in f.message_zh


def test_fund_shares_one_to_one(store: Store, tmp_path: Path) -> None:
    funds = [
        fund("VS", 2023, 50000, 25000, 25000),  # 1:1 and adds up
        fund("VS", 2024, 50000, 30000, 20000),  # not 1:1
        fund("VB", 2023, 100000, 50000),  # county share missing
        fund("VB", 2024, 100000, 60000, 60000),  # 1:1 but more than the amount
        fund("M1", 2024, 200000),  # a community's fund: shares not judged
    ]
    got = run(store, tmp_path, ["fund-shares-mismatch"], funds=funds)
    assert got == {
        ("fund-shares-mismatch", "T2", "f-VS-2024", ("VS",)),
        ("fund-shares-mismatch", "T2", "f-VB-2023", ("VB",)),
        ("fund-shares-mismatch", "T2", "f-VB-2024", ("VB",)),
    }
    msgs = {f.subject_id: f.message_en for f in run_audit(store, rules=["fund-shares-mismatch"], as_of=AS_OF)}
    assert "not recorded" in msgs["f-VB-2023"] and "30000" in msgs["f-VS-2024"]


def test_fund_missing_years(store: Store, tmp_path: Path) -> None:
    full = [
        fund(p, y, a, a // 2 if p.startswith("V") else None, a // 2 if p.startswith("V") else None)
        for p, a in (("VB", 100000), ("VS", 50000), ("VE", 50000))
        for y in (2023, 2024)
    ]
    funds = [*full, fund("M1", 2023, 200000), fund("M1", 2025, 200000)]  # M1 lacks 2024; M2 has nothing
    got = run(store, tmp_path, ["fund-missing"], funds=funds)
    assert got == {("fund-missing", "T1", "M1", ("2024",)), ("fund-missing", "T1", "M2", ("2023", "2024"))}
    # the plan year itself is not over on 2023-06-30: nothing is due yet
    assert run_audit(store, rules=["fund-missing"], as_of="2023-06-30") == []


def test_fund_missing_needs_fund_records(store: Store, tmp_path: Path) -> None:
    """A dataset that records no special funds does not track them: nothing is missing."""
    assert run(store, tmp_path, ["fund-missing"]) == set()


def test_village_of_exactly_the_threshold(store: Store, tmp_path: Path) -> None:
    areas = [{"id": "VN", "name": "近村", "level": "village", "parent": "T2", "population": 1499}]
    funds = [fund("VE", 2023, 100000, 50000, 50000), fund("VE", 2024, 50000, 25000, 25000)]
    got = run(store, tmp_path, ["fund-village-threshold", "fund-amount-mismatch"], areas=areas, funds=funds)
    assert got == {("fund-village-threshold", "T2", "VE", ("f-VE-2023", "f-VE-2024"))}
    [f] = run_audit(store, rules=["fund-village-threshold"], as_of=AS_OF)
    assert f.severity == "info" and f.clause == "DL-4.4-threshold"
    assert "1500" in f.message_zh and "2023年100000元、2024年50000元" in f.message_zh


def test_village_of_the_threshold_without_funds_is_still_reported(store: Store, tmp_path: Path) -> None:
    assert run(store, tmp_path, ["fund-village-threshold"]) == {("fund-village-threshold", "T2", "VE", ())}


def test_a_funded_village_needs_its_population(tmp_path: Path) -> None:
    areas = [{"id": "VS", "name": "小村", "level": "village", "parent": "T2"}]
    root = build(tmp_path, areas=areas, funds=[fund("VS", 2024, 50000, 25000, 25000)])
    with pytest.raises(DataError) as e:
        read_dataset(root)
    [issue] = e.value.issues
    assert issue.file.endswith("areas.yaml") and issue.column == "population" and issue.row


# --------------------------------------------------------------------------- DL-3.3


def centre(cid: str, area: str, m2: float, opened: str | None = None) -> dict[str, Any]:
    c: dict[str, Any] = {"id": cid, "name": f"{area}党群服务中心{cid}", "area": area, "floor_area_m2": m2}
    if opened:
        c["opened_date"] = opened
    return c


def test_service_centre_area_with_shortfall(store: Store, tmp_path: Path) -> None:
    areas = [
        {"id": "T3", "name": "三号街道", "level": "township", "parent": "X1", "subtype": "街道"},
        {"id": "M3", "name": "三号社区", "level": "community", "parent": "T3", "households": 1234},
    ]
    centres = [
        centre("sc-t1", "T1", 800),  # sub-district: 200 short
        centre("sc-t3a", "T3", 600),  # two sites of one sub-district's centre: 1,000 together, meets it
        centre("sc-t3b", "T3", 400),
        centre("sc-t2", "T2", 300),  # a town (乡镇): no figure in the plan, not judged
        centre("sc-m1", "M1", 300),  # exactly 30 m² per 100 of 1,000 households: meets it
        centre("sc-m2", "M2", 150.5),  # 600 households need 180: 29.5 short
        centre("sc-m3", "M3", 500, opened="2025-07-01"),  # opens after the as-of date: M3 has 0 of 370.2
    ]
    got = run(
        store,
        tmp_path,
        ["service-centre-below-standard", "service-centre-below-standard-pending"],
        areas=areas,
        service_centres=centres,
    )
    assert got == {
        ("service-centre-below-standard", "T1", "T1", ("sc-t1",)),
        ("service-centre-below-standard", "T1", "M2", ("sc-m2",)),
        ("service-centre-below-standard", "T3", "M3", ()),
    }
    msgs = {f.subject_id: f for f in run_audit(store, rules=["service-centre-below-standard"], as_of=AS_OF)}
    assert "800.0" in msgs["T1"].message_zh and "1000.0" in msgs["T1"].message_zh and "差200.0" in msgs["T1"].message_zh
    assert "short by 29.5 m²" in msgs["M2"].message_en and "180.0" in msgs["M2"].message_en
    assert "370.2" in msgs["M3"].message_en and msgs["M3"].severity == "warning"


def test_service_centre_before_the_deadline_is_progress(store: Store, tmp_path: Path) -> None:
    centres = [centre("sc-t1", "T1", 800), centre("sc-m1", "M1", 300), centre("sc-m2", "M2", 180)]
    rules = ["service-centre-below-standard", "service-centre-below-standard-pending"]
    got = run(store, tmp_path, rules, as_of="2024-12-31", service_centres=centres)
    assert got == {("service-centre-below-standard-pending", "T1", "T1", ("sc-t1",))}
    [f] = run_audit(store, rules=rules, as_of="2024-12-31")
    assert f.severity == "info" and "2024-12-31" in f.message_zh


def test_service_centres_not_recorded_are_not_judged(store: Store, tmp_path: Path) -> None:
    assert run(store, tmp_path, ["service-centre-below-standard"]) == set()


def test_a_community_needs_households_once_centres_are_recorded(tmp_path: Path) -> None:
    areas = [{"id": "M2", "name": "二号社区", "level": "community", "parent": "T1"}]
    root = build(tmp_path, areas=areas, service_centres=[centre("sc-t1", "T1", 1000)])
    with pytest.raises(DataError) as e:
        read_dataset(root)
    [issue] = e.value.issues
    assert issue.file.endswith("areas.yaml") and issue.column == "households" and issue.row


# --------------------------------------------------------------------------- DL-4.1


def cadre(cid: str, name: str, unit: str, place: str, role: str, start: str, end: str | None = None) -> dict[str, Any]:
    c: dict[str, Any] = {"id": cid, "name": f"{place}{role}{cid}", "cadre": name, "unit": unit, "place": place}
    c.update(role=role, start_date=start)
    if end:
        c["end_date"] = end
    return c


CADRES = [
    cadre("c1", "王磊", "X1-nr", "VB", "resident", "2023-06-01"),  # VB: complete
    cadre("c2", "李娜", "X1-sj", "VB", "pairing_liaison", "2023-06-01"),
    cadre("c3", "刘洋", "X1-nr", "VS", "resident", "2023-06-01"),  # VS: no liaison
    cadre("c4", "陈静", "X1-sj", "M1", "resident", "2023-06-01"),  # M1: one person in both roles
    cadre("c5", "陈静", "X1-sj", "M1", "pairing_liaison", "2023-06-01"),
    cadre("c6", "赵强", "X1-nr", "M2", "resident", "2023-06-01", end="2024-12-31"),  # M2: replaced in 2025
    cadre("c7", "孙丽", "X1-nr", "M2", "resident", "2025-01-01"),
    cadre("c8", "周涛", "X1-sj", "M2", "pairing_liaison", "2023-06-01"),
    cadre("c9", "吴敏", "X1-nr", "VE", "resident", "2023-06-01", end="2025-03-31"),  # VE: resident left
    cadre("c10", "郑洁", "X1-sj", "VE", "pairing_liaison", "2023-06-01"),
]


def test_cadres_two_of_the_two_roles(store: Store, tmp_path: Path) -> None:
    rules = ["cadres-missing-role", "cadres-missing-role-pending"]
    got = run(store, tmp_path, rules, cadres=CADRES)
    assert got == {
        ("cadres-missing-role", "T2", "VS", ("X1-nr", "c3")),
        ("cadres-missing-role", "T1", "M1", ("X1-sj", "c4", "c5")),
        ("cadres-missing-role", "T2", "VE", ("X1-sj", "c10")),
    }
    msgs = {f.subject_id: f.message_en for f in run_audit(store, rules=rules, as_of=AS_OF)}
    assert "no pairing liaison" in msgs["VS"] and "no full-time resident" not in msgs["VS"]
    assert "1 cadre(s) in post" in msgs["M1"] and "no pairing liaison" not in msgs["M1"]
    assert "no full-time resident" in msgs["VE"]


def test_cadres_before_the_deadline_are_progress(store: Store, tmp_path: Path) -> None:
    rules = ["cadres-missing-role", "cadres-missing-role-pending"]
    got = run(store, tmp_path, rules, as_of="2023-05-01", cadres=CADRES)
    # nobody is in post yet: every place is pending, none is overdue
    assert {(r, s) for r, _, s, _ in got} == {
        ("cadres-missing-role-pending", p) for p in ("VB", "VS", "VE", "M1", "M2")
    }
    assert all(f.severity == "info" for f in run_audit(store, rules=rules, as_of="2023-05-01"))


def test_cadres_not_recorded_are_not_judged(store: Store, tmp_path: Path) -> None:
    assert run(store, tmp_path, ["cadres-missing-role"]) == set()


# --------------------------------------------------------------------------- DL-4.2


def pairing(pid: str, unit: str, place: str, start: str, leader: str | None = "副局长") -> dict[str, Any]:
    p: dict[str, Any] = {
        "id": pid,
        "name": f"{unit}与{place}结对共建",
        "unit": unit,
        "place": place,
        "start_date": start,
    }
    if leader is not None:
        p["leader"] = leader
    return p


def test_pairing_rules(store: Store, tmp_path: Path) -> None:
    cadres = [
        cadre("c1", "王磊", "X1-nr", "VB", "resident", "2023-06-01"),  # X1-nr paired with VB
        cadre("c2", "李娜", "X1-sj", "VB", "pairing_liaison", "2023-06-01"),  # X1-sj not paired with VB
        cadre("c3", "刘洋", "X1-nr", "VS", "resident", "2023-06-01", end="2024-12-31"),  # ended: not judged
        cadre("c4", "陈静", "X1-sj", "M1", "resident", "2023-06-01"),  # pairing starts after the as-of date
    ]
    pairings = [
        pairing("p1", "X1-nr", "VB", "2023-06-01"),  # with a project
        pairing("p2", "X1-sj", "VS", "2023-06-01", leader=None),  # no project, no leader
        pairing("p3", "X1-nr", "M2", "2025-06-10"),  # started in the as-of month: project not judged yet
        pairing("p4", "X1-sj", "M1", "2025-07-01"),  # not yet started
        pairing("p5", "X1-nr", "VE", "2024-01-01", leader=" "),  # a project that starts too late, blank leader
    ]
    projects = [
        {"id": "j1", "name": "智慧安防共建项目", "pairing": "p1", "field": "governance", "start_date": "2023-09-01"},
        {"id": "j5", "name": "产业共建项目", "pairing": "p5", "field": "industry", "start_date": "2025-08-01"},
    ]
    got = run(
        store,
        tmp_path,
        ["pairing-missing", "pairing-no-project", "pairing-no-leader"],
        cadres=cadres,
        pairings=pairings,
        pairing_projects=projects,
    )
    assert got == {
        ("pairing-missing", "T2", "VB", ("X1-sj", "c2")),
        ("pairing-missing", "T1", "M1", ("X1-sj", "c4")),
        ("pairing-no-project", "T2", "p2", ("VS", "X1-sj")),
        ("pairing-no-project", "T2", "p5", ("VE", "X1-nr")),
        ("pairing-no-leader", "T2", "p2", ("VS", "X1-sj")),
        ("pairing-no-leader", "T2", "p5", ("VE", "X1-nr")),
    }


# --------------------------------------------------------------------------- DL-4.3


def session(sid: str, place: str, date: str, kinds: list[str] | None = None) -> dict[str, Any]:
    s: dict[str, Any] = {"id": sid, "name": f"{place}{date}社情民意恳谈", "place": place, "date": date}
    s["participant_kinds"] = ["npc_deputy"] if kinds is None else kinds
    return s


def test_deputy_session_every_month(store: Store, tmp_path: Path) -> None:
    areas = [
        {"id": "X1", "name": "甲区", "level": "county", "parent": "C1", "sessions_from": "2025-01"},
        {
            "id": "T1",
            "name": "一号街道",
            "level": "township",
            "parent": "X1",
            "subtype": "街道",
            "sessions_from": "2025-03",
        },
    ]
    sessions = [
        # T2's places: due from 2025-01 (the county); VB misses 2025-02, VS's 2025-04 session has no deputy
        *[session(f"s-vb-{m}", "VB", f"2025-{m:02d}-10") for m in (1, 3, 4, 5)],
        *[session(f"s-vs-{m}", "VS", f"2025-{m:02d}-10") for m in (1, 2, 3, 5)],
        session("s-vs-4", "VS", "2025-04-10", kinds=[]),
        *[session(f"s-ve-{m}", "VE", f"2025-{m:02d}-10", ["party_deputy", "cppcc_member"]) for m in range(1, 6)],
        # T1's places: due from 2025-03 (the nearer sub-district); M1 held none in 2025-01/02 and that is fine
        *[session(f"s-m1-{m}", "M1", f"2025-{m:02d}-20") for m in (3, 4, 5)],
        *[session(f"s-m2-{m}", "M2", f"2025-{m:02d}-20") for m in (3, 5)],
        # the as-of month (2025-06) is not over: nobody has a session in it and that is not judged
    ]
    got = run(store, tmp_path, ["deputy-session-month-missing"], areas=areas, deputy_sessions=sessions)
    assert got == {
        ("deputy-session-month-missing", "T2", "VB", ("2025-02",)),
        ("deputy-session-month-missing", "T2", "VS", ("2025-04",)),
        ("deputy-session-month-missing", "T1", "M2", ("2025-04",)),
    }


def test_deputy_sessions_from_the_first_session(store: Store, tmp_path: Path) -> None:
    """Without sessions_from, a place is due from its first session; a place with none is not judged."""
    sessions = [session("s1", "VB", "2024-11-05"), session("s2", "VB", "2025-01-05")]
    got = run(store, tmp_path, ["deputy-session-month-missing"], as_of="2025-03-01", deputy_sessions=sessions)
    assert got == {
        ("deputy-session-month-missing", "T2", "VB", ("2024-12",)),
        ("deputy-session-month-missing", "T2", "VB", ("2025-02",)),
    }
