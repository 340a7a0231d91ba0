"""Rules run several at a time (``Store.read_workers``): the findings, their order and
their errors are those of running the rules one by one, on both stores."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_audit import AS_OF, SAMPLE, expected

from kg.audit.rules import run_audit
from kg.errors import KgError, StoreError
from kg.ingest.load import load_dataset
from kg.stores import Store
from kg.stores.base import default_read_workers

QUERIES = Path(__file__).resolve().parents[1] / "queries"


def test_parallel_rules_give_the_sequential_findings(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    load_dataset(store, SAMPLE)
    monkeypatch.setattr(store, "read_workers", 1)
    one_by_one = run_audit(store, as_of=AS_OF)
    monkeypatch.setattr(store, "read_workers", 4)
    parallel = run_audit(store, as_of=AS_OF)
    assert len(one_by_one) == len(expected())  # the sample's findings, not an empty list
    assert [f.model_dump() for f in parallel] == [f.model_dump() for f in one_by_one]


def test_a_failing_rule_fails_the_parallel_audit(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule whose query the store refuses fails the audit with that rule's error,
    also when other rules run beside it."""
    load_dataset(store, SAMPLE)
    rules = tmp_path / "queries"
    rules.mkdir()
    for name in ("duty-overlap.cypher", "duty-gap.cypher", "fund-missing.cypher"):
        shutil.copy(QUERIES / name, rules / name)
    text = (QUERIES / "duty-gap.cypher").read_text(encoding="utf-8")
    broken = text.replace("// id: duty-gap", "// id: zz-broken").replace("MATCH (d:Duty)", "MATCH (d:Duty", 1)
    (rules / "zz-broken.cypher").write_text(broken, encoding="utf-8")
    monkeypatch.setattr(store, "read_workers", 3)
    with pytest.raises(KgError):
        run_audit(store, directory=rules, as_of=AS_OF)
    # the good rules alone still run
    found = run_audit(store, rules=["duty-overlap", "duty-gap", "fund-missing"], directory=rules, as_of=AS_OF)
    assert {f.rule_id for f in found} == {"duty-overlap", "duty-gap", "fund-missing"}


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_read_workers_setting_is_checked(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_READ_WORKERS", value)
    with pytest.raises(StoreError, match="KG_READ_WORKERS"):
        default_read_workers()


def test_read_workers_setting_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_READ_WORKERS", "3")
    assert default_read_workers() == 3
    monkeypatch.delenv("KG_READ_WORKERS")
    assert 1 <= default_read_workers() <= 4
