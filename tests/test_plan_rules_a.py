"""Issue 12, part A: staffing posts (DL-1.1-posts), big committees (DL-2.1), the grid
Party chain (DL-2.2), community–property Party building (DL-2.3) and in-service
members (DL-3.1). Each rule has a positive and a negative fixture, on both stores.

The fixture is a small clean organisation (:func:`clean`): every rule of this part
finds nothing in it after the deadlines; each test changes one fact and checks that
exactly the expected finding appears (or, for a negative, that none does).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from kg import model as m
from kg import policy
from kg.audit import list_rules
from kg.audit.rules import run_rule
from kg.errors import DataError
from kg.generate.catalogue import PROBLEM_RULE as GENERATOR_RULE
from kg.ingest.dataset import read_dataset
from kg.ingest.load import load_dataset
from kg.stores import Store
from tests.datasets import dump, make_dataset

AFTER = "2025-06-30"  # every deadline of DL-2.1 and DL-3.1 has passed
BEFORE = "2023-05-01"  # before both

PART_A_RULES = {
    "posts-over-allotted",
    "posts-not-allotted",
    "big-committee-missing",
    "big-committee-pending",
    "big-committee-no-part-time-member",
    "grid-no-party-branch",
    "party-chain-broken",
    "compound-group-no-contact-households",
    "property-company-no-party-org",
    "property-company-no-instructor",
    "owners-committee-no-party-org",
    "community-no-cross-appointment",
    "in-service-member-not-reported",
    "in-service-member-report-pending",
    "in-service-member-wrong-community",
    "in-service-member-not-placed",
}


def clean() -> dict[str, list[dict[str, Any]]]:
    """A township with a community (grid, compound) and a village; every part-A fact in order."""
    return {
        "areas": [
            {"id": "C1", "name": "示例市", "level": "city"},
            {"id": "X1", "name": "甲区", "level": "county", "parent": "C1"},
            {"id": "T1", "name": "一号街道", "level": "township", "parent": "X1", "subtype": "街道"},
            {"id": "CM1", "name": "一号社区", "level": "community", "parent": "T1"},
            {"id": "V1", "name": "一号村", "level": "village", "parent": "T1", "big_committee_eligible": True},
            {"id": "G1", "name": "一号社区第一网格", "level": "grid", "parent": "CM1"},
            {"id": "K1", "name": "一号小区", "level": "compound", "parent": "G1"},
        ],
        "bodies": [
            {"id": "X1-gov", "name": "甲区人民政府", "kind": "government", "level": "county", "area": "X1"},
            {"id": "X1-sj", "name": "甲区市场监督管理局", "kind": "department", "level": "county", "area": "X1"},
            {"id": "T1-pc", "name": "一号街道党工委", "kind": "party_committee", "level": "township", "area": "T1"},
            {"id": "CM1-jwh", "name": "一号社区居委会", "kind": "village_committee", "level": "community", "area": "CM1"},
        ],
        "staffing": [
            {"id": "sa-c1-x1", "name": "市向甲区下达", "from_area": "C1", "to_area": "X1", "posts": 1500, "date": "2023-04-01"},
            {"id": "sa-x1-t1", "name": "甲区向一号街道下达", "from_area": "X1", "to_area": "T1", "posts": 1500, "date": "2023-04-10"},
        ],
        "property_companies": [{"id": "PC1", "name": "一号物业", "manages": ["K1"], "party_members": 3}],
        "owners_committees": [{"id": "OC1", "name": "一号小区业委会", "represents": "K1", "party_members": 3}],
        "party_orgs": [
            {"id": "dgw-T1", "name": "一号街道大工委", "kind": "big_committee", "covers": "T1", "expands": "T1-pc", "formed_date": "2023-09-01"},
            {"id": "ddw-CM1", "name": "一号社区大党委", "kind": "big_committee", "covers": "CM1", "formed_date": "2023-09-01"},
            {"id": "ddw-V1", "name": "一号村大党委", "kind": "big_committee", "covers": "V1", "formed_date": "2023-09-01"},
            {"id": "dw-CM1", "name": "一号社区党委", "kind": "village_org", "covers": "CM1", "reports_to": "T1-pc", "formed_date": "2020-01-01"},
            {"id": "dw-V1", "name": "一号村党委", "kind": "village_org", "covers": "V1", "reports_to": "T1-pc", "formed_date": "2020-01-01"},
            {"id": "zb-G1", "name": "第一网格党支部", "kind": "grid_branch", "covers": "G1", "reports_to": "dw-CM1", "formed_date": "2023-01-01"},
            {"id": "xz-K1", "name": "一号小区党小组", "kind": "compound_group", "covers": "K1", "reports_to": "zb-G1", "formed_date": "2023-01-01"},
            {"id": "po-PC1", "name": "一号物业党支部", "kind": "property_org", "covers": "PC1", "formed_date": "2023-01-01"},
            {"id": "po-OC1", "name": "一号小区业委会党支部", "kind": "owners_org", "covers": "OC1", "formed_date": "2023-01-01"},
        ],
        "part_time_members": [
            {"id": f"ptm-{c}", "name": f"{c}兼职委员", "person": "张伟", "committee": c, "unit": "X1-sj",
             "unit_category": "law_enforcement", "since": "2023-09-01"}
            for c in ("dgw-T1", "ddw-CM1", "ddw-V1")
        ],
        "contact_households": [{"id": "ch-1", "name": "党员联系户", "member": "李明", "group": "xz-K1", "households": 10}],
        "cross_appointments": [
            {"id": "ca-1", "name": "交叉任职", "person": "王芳", "from_org": "dw-CM1", "to_org": "OC1", "since": "2023-07-01"}
        ],
        "in_service_members": [
            {"id": "ism-1", "name": "在职党员赵强", "person": "赵强", "employer": "X1-sj", "residence": "K1",
             "reported_to": "CM1", "reported_date": "2023-06-10", "placed_in": ["xz-K1"]}
        ],
    }  # fmt: skip


def write(tmp_path: Path, data: dict[str, list[dict[str, Any]]]) -> Path:
    root = make_dataset(tmp_path / "ds", areas=data["areas"], bodies=data["bodies"])
    for name, items in data.items():
        if name not in ("areas", "bodies"):
            dump(root / f"{name}.yaml", items)
    return root


def find(data: list[dict[str, Any]], id_: str) -> dict[str, Any]:
    return next(x for x in data if x["id"] == id_)


def drop(data: list[dict[str, Any]], *ids: str) -> None:
    data[:] = [x for x in data if x["id"] not in ids]


RULES = {r.id: r for r in list_rules()}


def findings(store: Store, tmp_path: Path, data: dict[str, Any], rule: str, as_of: str = AFTER) -> set[tuple]:
    load_dataset(store, write(tmp_path, data))
    return {(f.subject_id, f.township_id, frozenset(f.related_ids)) for f in run_rule(store, RULES[rule], as_of)}


def subjects(store: Store, tmp_path: Path, data: dict[str, Any], rule: str, as_of: str = AFTER) -> set[str]:
    return {s for s, _, _ in findings(store, tmp_path, data, rule, as_of)}


# --------------------------------------------------------------------------- the fixture itself


def test_the_clean_fixture_is_clean_after_the_deadlines(store: Store, tmp_path: Path) -> None:
    load_dataset(store, write(tmp_path, clean()))
    got = {r: [f.subject_id for f in run_rule(store, RULES[r], AFTER)] for r in sorted(PART_A_RULES)}
    assert {r: s for r, s in got.items() if s} == {}


def test_before_the_deadlines_the_pending_rules_track_progress(store: Store, tmp_path: Path) -> None:
    load_dataset(store, write(tmp_path, clean()))
    got = {r: sorted(f.subject_id for f in run_rule(store, RULES[r], BEFORE)) for r in sorted(PART_A_RULES)}
    assert {r: s for r, s in got.items() if s} == {
        # big committees are formed on 2023-09-01; the member reports on 2023-06-10
        "big-committee-pending": ["CM1", "T1", "V1"],
        "in-service-member-report-pending": ["ism-1"],
        # no deadline: the cross-appointment of 2023-07-01 does not exist yet
        "community-no-cross-appointment": ["CM1"],
    }
    severities = {RULES[r].severity for r in ("big-committee-pending", "in-service-member-report-pending")}
    assert severities == {"info"}


def test_every_part_a_rule_is_listed_with_its_clause_sentence() -> None:
    assert set(RULES) >= PART_A_RULES
    for rule_id in PART_A_RULES:
        rule = RULES[rule_id]
        assert rule.source_zh == policy.source_sentence(rule.clause)
    covered = {a for r in RULES.values() for a in policy.ancestors(r.clause)}
    for clause in ("DL-1.1-posts", "DL-2.1", "DL-2.1-members", "DL-2.2", "DL-2.3", "DL-3.1"):
        assert clause in covered, clause


# --------------------------------------------------------------------------- DL-1.1-posts


def test_posts_over_allotted(store: Store, tmp_path: Path) -> None:
    data = clean()
    find(data["staffing"], "sa-x1-t1")["posts"] = 1600
    got = findings(store, tmp_path, data, "posts-over-allotted")
    assert got == {
        ("C1", None, frozenset({"sa-x1-t1"})),
        ("X1", None, frozenset({"sa-x1-t1", "sa-c1-x1"})),
    }


def test_posts_allotted_exactly_are_no_finding(store: Store, tmp_path: Path) -> None:
    assert subjects(store, tmp_path, clean(), "posts-over-allotted") == set()
    assert subjects(store, tmp_path, clean(), "posts-not-allotted") == set()


def test_posts_not_allotted_gives_the_number_left(store: Store, tmp_path: Path) -> None:
    data = clean()
    find(data["staffing"], "sa-x1-t1")["posts"] = 1450
    load_dataset(store, write(tmp_path, data))
    got = {f.subject_id: f for f in run_rule(store, RULES["posts-not-allotted"], AFTER)}
    assert set(got) == {"C1", "X1"}
    assert "尚有50名未下达" in got["X1"].message_zh


def test_an_allotment_dated_after_the_audit_date_does_not_count(store: Store, tmp_path: Path) -> None:
    data = clean()
    find(data["staffing"], "sa-x1-t1")["date"] = "2026-01-01"
    assert subjects(store, tmp_path, data, "posts-not-allotted") == {"C1", "X1"}
    assert subjects(store, tmp_path, data, "posts-over-allotted") == set()


def test_a_dataset_without_staffing_records_is_not_judged(store: Store, tmp_path: Path) -> None:
    data = clean()
    data["staffing"] = []
    assert subjects(store, tmp_path, data, "posts-not-allotted") == set()


# --------------------------------------------------------------------------- DL-2.1


def test_big_committee_missing_after_the_deadline_pending_before(store: Store, tmp_path: Path) -> None:
    data = clean()
    drop(data["party_orgs"], "ddw-V1")
    drop(data["part_time_members"], "ptm-ddw-V1")
    assert findings(store, tmp_path, data, "big-committee-missing") == {("V1", "T1", frozenset({"dw-V1"}))}
    assert subjects(store, tmp_path, data, "big-committee-pending") == set()
    assert subjects(store, tmp_path, data, "big-committee-missing", BEFORE) == set()
    assert subjects(store, tmp_path, data, "big-committee-pending", BEFORE) == {"T1", "CM1", "V1"}


def test_a_dissolved_big_committee_does_not_count(store: Store, tmp_path: Path) -> None:
    data = clean()
    find(data["party_orgs"], "dgw-T1")["dissolved_date"] = "2024-12-31"
    assert findings(store, tmp_path, data, "big-committee-missing") == {("T1", "T1", frozenset({"T1-pc"}))}


def test_a_village_not_eligible_is_not_judged_and_unknown_is_info(store: Store, tmp_path: Path) -> None:
    data = clean()
    drop(data["party_orgs"], "ddw-V1")
    drop(data["part_time_members"], "ptm-ddw-V1")
    find(data["areas"], "V1")["big_committee_eligible"] = False
    assert subjects(store, tmp_path, data, "big-committee-missing") == set()
    assert subjects(store, tmp_path, data, "big-committee-pending") == set()
    del find(data["areas"], "V1")["big_committee_eligible"]
    assert subjects(store, tmp_path, data, "big-committee-missing") == set()
    load_dataset(store, write(tmp_path, data))
    (f,) = run_rule(store, RULES["big-committee-pending"], AFTER)
    assert f.subject_id == "V1" and "未记录是否具备组建条件" in f.message_zh


def test_a_county_without_party_organisations_is_not_judged(store: Store, tmp_path: Path) -> None:
    data = clean()
    for name in ("party_orgs", "part_time_members", "contact_households", "cross_appointments"):
        data[name] = []
    find(data["in_service_members"], "ism-1")["placed_in"] = []
    assert subjects(store, tmp_path, data, "big-committee-missing") == set()
    assert subjects(store, tmp_path, data, "grid-no-party-branch") == set()


def test_big_committee_no_part_time_member(store: Store, tmp_path: Path) -> None:
    data = clean()
    drop(data["part_time_members"], "ptm-dgw-T1")
    find(data["part_time_members"], "ptm-ddw-CM1")["until"] = "2024-01-01"
    assert findings(store, tmp_path, data, "big-committee-no-part-time-member") == {
        ("dgw-T1", "T1", frozenset({"T1"})),
        ("ddw-CM1", "T1", frozenset({"CM1"})),
    }
    assert subjects(store, tmp_path, clean(), "big-committee-no-part-time-member") == set()


# --------------------------------------------------------------------------- DL-2.2


def test_grid_no_party_branch(store: Store, tmp_path: Path) -> None:
    data = clean()
    find(data["party_orgs"], "zb-G1")["dissolved_date"] = "2024-01-01"
    assert findings(store, tmp_path, data, "grid-no-party-branch") == {("G1", "T1", frozenset({"dw-CM1"}))}
    assert subjects(store, tmp_path, clean(), "grid-no-party-branch") == set()


def test_party_chain_broken_missing_and_wrong_links(store: Store, tmp_path: Path) -> None:
    data = clean()
    del find(data["party_orgs"], "zb-G1")["reports_to"]  # no link
    find(data["party_orgs"], "xz-K1")["reports_to"] = "dw-V1"  # the wrong organisation
    find(data["party_orgs"], "dw-V1")["reports_to"] = "T1-pc"  # right
    assert findings(store, tmp_path, data, "party-chain-broken") == {
        ("zb-G1", "T1", frozenset({"dw-CM1"})),
        ("xz-K1", "T1", frozenset({"dw-V1", "zb-G1"})),
    }


def test_a_compound_group_may_report_to_the_village_org_of_its_community(store: Store, tmp_path: Path) -> None:
    data = clean()
    find(data["areas"], "K1")["parent"] = "CM1"  # the compound lies directly in the community
    find(data["party_orgs"], "xz-K1")["reports_to"] = "dw-CM1"
    assert subjects(store, tmp_path, data, "party-chain-broken") == set()
    assert subjects(store, tmp_path, clean(), "party-chain-broken") == set()


def test_compound_group_no_contact_households(store: Store, tmp_path: Path) -> None:
    data = clean()
    data["contact_households"] = []
    assert findings(store, tmp_path, data, "compound-group-no-contact-households") == {
        ("xz-K1", "T1", frozenset({"K1"}))
    }
    assert subjects(store, tmp_path, clean(), "compound-group-no-contact-households") == set()


# --------------------------------------------------------------------------- DL-2.3


def test_property_company_no_party_org(store: Store, tmp_path: Path) -> None:
    data = clean()
    drop(data["party_orgs"], "po-PC1")
    assert findings(store, tmp_path, data, "property-company-no-party-org") == {("PC1", "T1", frozenset({"K1"}))}
    find(data["property_companies"], "PC1")["party_members"] = 2  # below the Party Constitution's three
    assert subjects(store, tmp_path, data, "property-company-no-party-org") == set()


def test_property_company_no_instructor(store: Store, tmp_path: Path) -> None:
    data = clean()
    drop(data["party_orgs"], "po-PC1")
    company = find(data["property_companies"], "PC1")
    company["party_members"] = 1
    assert subjects(store, tmp_path, data, "property-company-no-instructor") == {"PC1"}
    company.update(instructor="李明", instructor_since="2026-01-01")  # not yet in post
    assert subjects(store, tmp_path, data, "property-company-no-instructor") == {"PC1"}
    company["instructor_since"] = "2023-05-01"
    assert subjects(store, tmp_path, data, "property-company-no-instructor") == set()


def test_owners_committee_no_party_org(store: Store, tmp_path: Path) -> None:
    data = clean()
    drop(data["party_orgs"], "po-OC1")
    assert findings(store, tmp_path, data, "owners-committee-no-party-org") == {("OC1", "T1", frozenset({"K1"}))}
    find(data["owners_committees"], "OC1")["party_members"] = 2
    assert subjects(store, tmp_path, data, "owners-committee-no-party-org") == set()


def test_community_no_cross_appointment(store: Store, tmp_path: Path) -> None:
    data = clean()
    find(data["cross_appointments"], "ca-1")["until"] = "2024-06-30"
    assert findings(store, tmp_path, data, "community-no-cross-appointment") == {
        ("CM1", "T1", frozenset({"PC1", "OC1"}))
    }


def test_a_cross_appointment_counts_in_either_direction(store: Store, tmp_path: Path) -> None:
    data = clean()
    # the property company's Party organisation sends a member into the residents' committee
    data["cross_appointments"] = [
        {
            "id": "ca-2",
            "name": "交叉任职",
            "person": "刘洋",
            "from_org": "po-PC1",
            "to_org": "CM1-jwh",
            "since": "2023-07-01",
        }
    ]
    assert subjects(store, tmp_path, data, "community-no-cross-appointment") == set()


# --------------------------------------------------------------------------- DL-3.1


def test_in_service_member_not_reported_after_pending_before(store: Store, tmp_path: Path) -> None:
    data = clean()
    member = find(data["in_service_members"], "ism-1")
    del member["reported_date"], member["reported_to"]
    member["placed_in"] = []
    assert findings(store, tmp_path, data, "in-service-member-not-reported") == {
        ("ism-1", "T1", frozenset({"X1-sj", "K1"}))
    }
    assert subjects(store, tmp_path, data, "in-service-member-report-pending") == set()
    assert subjects(store, tmp_path, data, "in-service-member-not-reported", BEFORE) == set()
    assert subjects(store, tmp_path, data, "in-service-member-report-pending", BEFORE) == {"ism-1"}
    assert subjects(store, tmp_path, clean(), "in-service-member-not-reported") == set()


def test_in_service_member_wrong_community(store: Store, tmp_path: Path) -> None:
    data = clean()
    find(data["in_service_members"], "ism-1")["reported_to"] = "V1"
    assert findings(store, tmp_path, data, "in-service-member-wrong-community") == {
        ("ism-1", "T1", frozenset({"X1-sj", "K1", "V1"}))
    }
    assert subjects(store, tmp_path, clean(), "in-service-member-wrong-community") == set()


def test_in_service_member_not_placed(store: Store, tmp_path: Path) -> None:
    data = clean()
    find(data["in_service_members"], "ism-1")["placed_in"] = ["po-PC1"]  # not a grid branch or compound group
    assert subjects(store, tmp_path, data, "in-service-member-not-placed") == {"ism-1"}
    assert subjects(store, tmp_path, clean(), "in-service-member-not-placed") == set()


# --------------------------------------------------------------------------- loading


def test_the_new_kinds_are_written_with_their_edges(store: Store, tmp_path: Path) -> None:
    load_dataset(store, write(tmp_path, clean()))
    rows = store.run(
        "MATCH (p:PropertyCompany)-[:MANAGES]->(k:Area) RETURN p.id AS a, k.id AS b, p.party_members AS n "
        "UNION ALL MATCH (m:InServiceMember)-[:JOINS]->(o:PartyOrg) RETURN m.id AS a, o.id AS b, 0 AS n"
    ).rows
    assert sorted(map(tuple, rows)) == [("PC1", "K1", 3), ("ism-1", "xz-K1", 0)]
    clause = store.run("MATCH (o:PartyOrg {id: 'dgw-T1'}) RETURN o.clause").rows
    assert clause == [["DL-2.1"]]


def test_loading_twice_gives_the_same_graph(store: Store, tmp_path: Path) -> None:
    root = write(tmp_path, clean())
    first = load_dataset(store, root)
    second = load_dataset(store, root)
    assert (second.nodes_removed, second.relationships_removed) == (0, 0)
    assert first.relationships_written == second.relationships_written
    counts = store.run("MATCH (n) WHERE n.dataset = 'test' RETURN count(n)").rows
    assert counts == [[first.nodes_written]]


@pytest.mark.parametrize(
    ("file", "change", "column", "words"),
    [
        ("party_orgs", lambda d: find(d["party_orgs"], "zb-G1").update(covers="nowhere"), "covers", "not defined"),
        ("property_companies", lambda d: find(d["property_companies"], "PC1").update(manages=["X1-sj"]), "manages", "a Body"),
        ("property_companies", lambda d: find(d["property_companies"], "PC1").pop("party_members"), "party_members", "required"),
        ("areas", lambda d: find(d["areas"], "K1").update(parent="T1"), "parent", "compound cannot lie in a township"),
        ("in_service_members", lambda d: find(d["in_service_members"], "ism-1").update(placed_in=["nowhere"]), "placed_in", "not defined"),
    ],
)  # fmt: skip
def test_bad_input_is_located(tmp_path: Path, file: str, change: Any, column: str, words: str) -> None:
    data = copy.deepcopy(clean())
    change(data)
    with pytest.raises(DataError) as err:
        read_dataset(write(tmp_path, data))
    issues = err.value.issues
    assert any(i.file.endswith(f"{file}.yaml") and i.column == column and words in i.message for i in issues), issues
    assert all(i.row for i in issues)


def test_node_kinds_reference_only_earlier_kinds() -> None:
    order = {k.LABEL: i for i, k in enumerate(m.NODE_KINDS)}
    for kind in m.NODE_KINDS:
        for field, (rel_type, direction) in kind.REFERENCES.items():
            for other in m.REL_TYPES[rel_type].ends_for(kind.LABEL, direction):
                assert order[other] <= order[kind.LABEL] or other == kind.LABEL or direction == "in", (kind, field)


# --------------------------------------------------------------------------- the sample


SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


def test_the_sample_before_the_deadlines(store: Store) -> None:
    """The pinned runs of expected_findings.yaml: the part-A rules find exactly what is listed."""
    import yaml

    from kg.audit import run_audit

    runs = yaml.safe_load((SAMPLE / "expected_findings.yaml").read_text(encoding="utf-8"))["runs"]
    load_dataset(store, SAMPLE)
    for run in runs:
        got = {
            (f.rule_id, f.township_id, f.subject_id, frozenset(f.related_ids))
            for f in run_audit(store, rules=run.get("rules"), clauses=run.get("clauses"), as_of=run["as_of"])
        }
        want = {(e["rule"], e["township"], e["subject"], frozenset(e["related"])) for e in run["findings"]}
        assert got == want, f"missing: {sorted(want - got)}\nextra: {sorted(got - want)}"


# --------------------------------------------------------------------------- the generator

#: the generator's problem kinds of part A and the rule that must find each
PROBLEM_RULE = {kind: rule for kind, rule in GENERATOR_RULE.items() if rule in PART_A_RULES}


def test_generated_problems_are_found_exactly(store: Store, tmp_path: Path) -> None:
    """At high rates every part-A problem kind is seeded; the part-A rules find exactly those."""
    from kg.audit import run_audit
    from kg.generate import generate_dataset

    rates = dict.fromkeys(PROBLEM_RULE, 0.25) | {"posts_over_allotted": 0.5, "posts_not_allotted": 0.9}
    g = generate_dataset(tmp_path / "gen", 24, seed=5, townships_per_county=8, rates=rates)
    seeded = [p for p in g.problems if p["problem"] in PROBLEM_RULE]
    assert {p["problem"] for p in seeded} == set(PROBLEM_RULE)
    load_dataset(store, g.path)
    got = sorted((f.rule_id, f.township_id, f.subject_id) for f in run_audit(store, rules=sorted(PART_A_RULES)))
    want = sorted((PROBLEM_RULE[p["problem"]], p["township"], p["subject"]) for p in seeded)
    assert got == want


# --------------------------------------------------------------------------- DL-1.1-integration


def _station(id_: str, form: str | None, status: str | None) -> dict[str, Any]:
    body = {"id": id_, "name": f"{id_}站", "kind": "dispatched", "level": "township", "area": "T1"}
    body |= {"dispatched_by": "X1-sj"}
    if form:
        body["dispatched_form"] = form
    if status:
        body["dispatch_status"] = status
    return body


def test_an_institution_branch_still_dispatched_is_not_integrated(store: Store, tmp_path: Path) -> None:
    data = clean()
    data["bodies"] += [
        _station("B-still", "institution_branch", "dispatched"),  # the finding
        _station("B-unrecorded", "institution_branch", None),  # not recorded counts as dispatched
        _station("B-done", "institution_branch", "integrated"),  # integrated: clean
        _station("B-police", "administrative", "dispatched"),  # an administrative station: never judged
        _station("B-unknown", None, "dispatched"),  # form not recorded: not judged
    ]
    got = findings(store, tmp_path, data, "dispatched-institution-not-integrated")
    assert got == {("B-still", "T1", frozenset({"X1-sj"})), ("B-unrecorded", "T1", frozenset({"X1-sj"}))}


def test_the_clean_fixture_has_no_unintegrated_branch(store: Store, tmp_path: Path) -> None:
    assert subjects(store, tmp_path, clean(), "dispatched-institution-not-integrated") == set()
