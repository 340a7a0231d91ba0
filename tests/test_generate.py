"""The dataset generator (kg.generate, `kg generate`): deterministic, valid, and the
problems it seeds are exactly what `kg audit` finds, on every store.

These tests do not depend on the differential test (which needs both stores): they run
with any KG_TEST_STORES.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from findings import assert_findings_exactly, check_expected_file, read_as_of, read_expected

from kg.audit import run_audit
from kg.generate import generate_country, generate_dataset
from kg.generate.catalogue import DEFAULT_RATES
from kg.generate.plan_b import PLACE_PROBLEMS
from kg.ingest.dataset import Dataset, read_dataset
from kg.ingest.load import load_dataset
from kg.model import Duty
from kg.stores import Store

#: high rates, so that a small dataset holds every kind of seeded problem, several times
#: and in combination (two problems in one township); hand-overs share one roll
HIGH_RATES = (
    dict.fromkeys(DEFAULT_RATES, 0.3)
    | {
        "handover_without_decision": 0.2,
        "handover_wrong_decision": 0.2,
        # one roll per county (3 here): high enough that both kinds occur
        "posts_over_allotted": 0.5,
        "posts_not_allotted": 0.9,
    }
    # a village or community gets the first per-place problem that hits: lower rates, so
    # that the last one tried (the 1,500-people village) is reached too
    | dict.fromkeys(PLACE_PROBLEMS, 0.2)
    | {"fund_threshold_village": 0.9}
)


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generator_is_deterministic(tmp_path: Path) -> None:
    a = generate_dataset(tmp_path / "a", 30, seed=7)
    b = generate_dataset(tmp_path / "b", 30, seed=7)
    c = generate_dataset(tmp_path / "c", 30, seed=8)
    assert _tree(a.path) == _tree(b.path)
    assert _tree(a.path) != _tree(c.path)
    assert a.problems == b.problems
    assert a.problems, "30 townships at the default rates seed some problems"


def test_generated_dataset_is_valid(tmp_path: Path) -> None:
    g = generate_dataset(tmp_path / "g", 25, seed=3)
    ds = read_dataset(g.path)
    townships = [e for e in ds.entities if getattr(e, "level", None) == "township" and e.LABEL == "Area"]
    assert len(townships) == 25
    assert g.counties == 3
    links = len(ds.entries) + sum(len(e.leads) + len(e.cooperating) for e in ds.entries)
    assert links == g.duty_links
    assert links >= 100 * 25


def test_generator_rates_can_be_switched_off(tmp_path: Path) -> None:
    g = generate_dataset(tmp_path / "g", 24, seed=1, rates=dict.fromkeys(DEFAULT_RATES, 0.0))
    assert g.problems == []
    assert read_expected(g.path) == []
    with pytest.raises(ValueError, match="unknown problem rates"):
        generate_dataset(tmp_path / "h", 1, rates={"typo": 1.0})


def test_every_seeded_problem_states_its_findings(tmp_path: Path) -> None:
    """expected_findings.yaml names shipped rules with their clauses, and every seeded
    problem (seeded_problems.yaml, G1 …) gives at least one expected finding."""
    g = generate_dataset(tmp_path / "g", 72, seed=5, rates=HIGH_RATES)
    assert set(g.problem_counts()) == set(DEFAULT_RATES), "every kind of problem is seeded at these rates"
    expected = read_expected(g.path)
    check_expected_file(expected)
    assert {e["seed"] for e in expected} == {f"G{i}" for i in range(1, len(g.problems) + 1)}
    by_seed = {f"G{i}": p for i, p in enumerate(g.problems, start=1)}
    for e in expected:
        assert e["township"] == by_seed[e["seed"]]["township"], e


@pytest.mark.parametrize(("townships", "seed", "rates"), [(24, 5, HIGH_RATES), (36, 2, None)], ids=["high", "default"])
def test_audit_finds_exactly_the_seeded_problems(
    store: Store, tmp_path: Path, townships: int, seed: int, rates: dict[str, float] | None
) -> None:
    g = generate_dataset(tmp_path / "g", townships, seed=seed, rates=rates)
    expected = read_expected(g.path)
    assert expected, "the generated dataset has seeded problems to find"
    load_dataset(store, g.path, match=False)  # the generator seeds no differently worded twins
    assert_findings_exactly(run_audit(store, as_of=read_as_of(g.path)), expected)


def test_provinces_of_a_country_share_no_id_and_declare_the_catalogue_alike(tmp_path: Path) -> None:
    """Two provinces: no id in common (they load side by side), and every catalogue item
    keeps the national catalogue's id as its code, with the same name, type and legal
    basis in both provinces."""
    p1, p2 = generate_country(tmp_path / "country", 2, 13, seed=4)
    assert [p1.path.name, p2.path.name] == ["p01", "p02"]
    a, b = read_dataset(p1.path), read_dataset(p2.path)
    assert a.id != b.id
    ids_a, ids_b = {e.id for e in a.entities}, {e.id for e in b.entities}
    assert ids_a and ids_b and not ids_a & ids_b
    assert all("p01-" in i for i in ids_a) and all("p02-" in i for i in ids_b)

    def catalogue(ds: Dataset) -> dict[str, tuple[str, str | None, str | None]]:
        duties = [e for e in ds.entities if isinstance(e, Duty)]
        assert all(d.code for d in duties), "every generated item carries its national code"
        return {str(d.code): (d.name, d.duty_type, d.legal_basis) for d in duties}

    ca, cb = catalogue(a), catalogue(b)
    shared = set(ca) & set(cb)
    assert len(shared) > 50, "most catalogue items are listed in both provinces"
    assert {c: ca[c] for c in shared} == {c: cb[c] for c in shared}
    # a stand-alone dataset keeps the national ids themselves, without codes
    alone = read_dataset(generate_dataset(tmp_path / "alone", 13, seed=4).path)
    assert {e.id for e in alone.entities if isinstance(e, Duty)} <= set(ca) | set(cb)
    with pytest.raises(ValueError, match="province must be between"):
        generate_dataset(tmp_path / "x", 1, province=98)


def test_audit_of_a_country_finds_the_union_of_the_provinces_expected_findings(store: Store, tmp_path: Path) -> None:
    """Two provinces loaded into one graph: exactly the findings both expected_findings.yaml
    files state together, none lost and none added by the other province."""
    provinces = generate_country(tmp_path / "country", 2, 24, seed=5, rates=HIGH_RATES)
    expected = [e for g in provinces for e in read_expected(g.path)]
    assert {e["township"][:4] for e in expected if e["township"]} == {"p01-", "p02-"}
    for g in provinces:
        load_dataset(store, g.path, match=False)
    assert_findings_exactly(run_audit(store, as_of=read_as_of(provinces[0].path)), expected)
