"""Explain queries and `kg audit --explain`: every sample finding draws as paths, the same on both stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.audit import list_rules, run_audit
from kg.audit.explain import GENERIC, explain_finding, explain_queries
from kg.audit.queries import EXPLAIN_COLUMNS, QueryFileError, parse_query
from kg.cli import cli
from kg.ingest.load import load_dataset
from kg.stores import Store

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


class Obj:
    def __init__(self, store: Store) -> None:
        self._store = store

    def store(self) -> Store:
        return self._store


@pytest.fixture
def sample(store: Store) -> Store:
    load_dataset(store, SAMPLE)
    return store


def test_explain_queries_belong_to_rules() -> None:
    queries = explain_queries()
    assert GENERIC in queries
    rules = {r.id for r in list_rules()}
    for qid, q in queries.items():
        assert q.header.columns == EXPLAIN_COLUMNS
        assert "subject_id" in q.header.params
        if qid != GENERIC:
            assert qid.removeprefix("explain-") in rules, qid
    # the core rules have their own
    for rule in ("duty-overlap", "duty-gap", "access-handover-without-decision", "powers-township-missing"):
        assert f"explain-{rule}" in queries


def test_every_sample_finding_draws_as_existing_paths(sample: Store) -> None:
    findings = run_audit(sample)
    assert findings
    for f in findings:
        paths = explain_finding(sample, f)
        assert paths, f"{f.rule_id}:{f.subject_id} has no path"
        assert any(f.subject_id in p.node_ids for p in paths), f
        for p in paths:
            assert len(p.node_ids) == len(p.rel_types) + 1
            for start, rtype, forward, end in p.steps():
                a, b = (start, end) if forward else (end, start)
                n = sample.run(
                    "MATCH (a {id: $a})-[r]->(b {id: $b}) WHERE type(r) = $t RETURN count(r)",
                    {"a": a, "b": b, "t": rtype},
                ).value()
                assert n >= 1, (f.rule_id, a, rtype, b)


def test_same_paths_on_both_stores(both_stores: dict[str, Store]) -> None:
    seen = {}
    for name, s in both_stores.items():
        load_dataset(s, SAMPLE)
        seen[name] = {(f.rule_id, f.subject_id): [p.text() for p in explain_finding(s, f)] for f in run_audit(s)}
    first, *rest = seen.values()
    assert first
    for other in rest:
        assert other == first


def test_cli_explain(sample: Store) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["audit", "--explain", "duty-overlap:d201"], obj=Obj(sample))
    assert res.exit_code == 0, res.output
    assert "explain-duty-overlap" in res.stdout
    assert "-[HOLDS_DUTY]->(辖区防汛抗旱物资储备管理 d201)" in res.stdout
    assert "list-ds-qn-basic.csv, row" in res.stdout
    res = runner.invoke(cli, ["audit", "--explain", "d201", "--format", "json"], obj=Obj(sample))
    assert res.exit_code == 0, res.output
    assert '"query": "explain-duty-overlap"' in res.stdout
    res = runner.invoke(cli, ["audit", "--explain", "no-such-id"], obj=Obj(sample))
    assert res.exit_code == 2 and "duty-overlap:d201" in res.output


def test_explain_header_needs_path_columns() -> None:
    text = """// 图示 / Explain
// id: explain-x
// title_zh: 图示
// title_en: Explain
// clause: DL-1.3
// description: d
// params: subject_id: the subject
// columns: a, b
// kind: explain
MATCH p = (n {id: $subject_id}) RETURN p
"""
    with pytest.raises(QueryFileError, match="path, node_ids"):
        parse_query(text, "explain-x.cypher")
