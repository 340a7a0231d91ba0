"""Every audit rule's findings are explained (issue 14): for each finding of the sample, on
its pinned date and in the pinned runs of expected_findings.yaml, `kg audit --explain`
draws relationships that tie the subject to the facts the finding rests on — its related
nodes, or its township when it names no other node — not just the subject on its own.
The same paths on both stores."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest
import yaml
from conftest import SAMPLE

from kg.audit import Finding, list_rules, run_audit
from kg.audit.explain import GENERIC, ExplainedPath, explain_finding, explain_queries
from kg.ingest.load import load_dataset
from kg.stores import Store


def pinned_runs() -> list[dict[str, Any]]:
    """The audit runs of expected_findings.yaml: the pinned date (all rules), then each earlier run."""
    doc = yaml.safe_load((SAMPLE / "expected_findings.yaml").read_text(encoding="utf-8"))
    runs = [{"as_of": str(doc["as_of"])}]
    runs += [{"as_of": str(r["as_of"]), "rules": r.get("rules"), "clauses": r.get("clauses")} for r in doc["runs"]]
    return runs


def sample_findings(store: Store) -> list[Finding]:
    """The findings of every pinned run, each once."""
    seen: dict[tuple[str, str | None, str, tuple[str, ...]], Finding] = {}
    for run in pinned_runs():
        for f in run_audit(store, provenance=False, **run):
            seen.setdefault((f.rule_id, f.township_id, f.subject_id, tuple(f.related_ids)), f)
    return list(seen.values())


def facts(store: Store, f: Finding) -> set[str]:
    """The nodes a finding rests on besides its subject: the related ids that are nodes (a
    month or a year is not), else its township."""
    ids = sorted(set(f.related_ids) - {f.subject_id})
    nodes = {r[0] for r in store.run("MATCH (n) WHERE n.id IN $ids RETURN n.id", {"ids": ids}).rows} if ids else set()
    if not nodes and f.township_id and f.township_id != f.subject_id:
        nodes = {f.township_id}
    return nodes


def drawn(paths: list[ExplainedPath]) -> nx.Graph:
    g = nx.Graph()
    for p in paths:
        g.add_nodes_from(p.node_ids)
        g.add_edges_from((a, b) for a, _, _, b in p.steps())
    return g


def unexplained(store: Store, f: Finding, paths: list[ExplainedPath]) -> str | None:
    """Why the paths do not explain the finding, or None."""
    g = drawn(paths)
    if f.subject_id not in g or g.degree(f.subject_id) == 0:
        return "no relationship touches the subject"
    reached = nx.node_connected_component(g, f.subject_id)
    missing = sorted(facts(store, f) - reached)
    return f"not connected to the subject: {missing}" if missing else None


def test_every_rule_with_a_finding_is_explained(both_stores: dict[str, Store]) -> None:
    seen: dict[str, dict[tuple[str, str | None, str], list[str]]] = {}
    for name, store in both_stores.items():
        load_dataset(store, SAMPLE)
        findings = sample_findings(store)
        queries = explain_queries()
        problems = []
        out = {}
        for f in findings:
            paths = explain_finding(store, f, queries)
            why = unexplained(store, f, paths)
            if why:
                problems.append(f"{f.rule_id}:{f.subject_id} ({f.related_ids}): {why}")
            out[(f.rule_id, f.township_id, f.subject_id)] = [p.text() for p in paths]
        assert not problems, f"on {name}:\n  " + "\n  ".join(problems)
        # every rule is seeded in the sample (tests/test_audit.py), so each is explained here
        rules = {f.rule_id for f in findings}
        assert rules == {r.id for r in list_rules()}, sorted({r.id for r in list_rules()} - rules)
        own = {q.removeprefix("explain-") for q in queries if q != GENERIC}
        assert own <= rules, f"explain queries with no sample finding to explain: {sorted(own - rules)}"
        seen[name] = out
    first, *rest = seen.values()
    for other in rest:
        assert other == first


@pytest.mark.parametrize(
    "rule",
    [
        "access-taken-back-unled",
        "access-unrecorded-handover",
        "access-handover-to-village",
        "duty-cooperating-lead-unclaimed",
        "party-chain-broken",
        "grid-no-party-branch",
        "community-no-cross-appointment",
        "deputy-session-month-missing",
        "fund-missing",
        "cadres-missing-role",
        "cadres-missing-role-pending",
    ],
)
def test_rules_of_issue_14_have_their_own_explain_query(rule: str) -> None:
    q = explain_queries()[f"explain-{rule}"]
    assert q.header.kind == "explain" and "subject_id" in q.header.params
    assert q.header.title_zh and q.header.title_en and "In Browser: :param subject_id" in q.header.description


def test_the_generic_query_cannot_reach_a_fact_three_steps_away(store: Store) -> None:
    """Why community-no-cross-appointment has its own query: the property company of a
    compound is three steps from its community, beyond the generic query's reach."""
    load_dataset(store, SAMPLE)
    [f] = [
        f
        for f in run_audit(store, rules=["community-no-cross-appointment"], as_of="2025-06-30")
        if f.subject_id == "ds-qn-hx"
    ]
    queries = explain_queries()
    generic = {k: v for k, v in queries.items() if k == GENERIC}
    assert unexplained(store, f, explain_finding(store, f, generic)) == "not connected to the subject: ['pc-bh-wy']"
    paths = explain_finding(store, f, queries)
    assert unexplained(store, f, paths) is None
    assert any(p.node_ids[-1] == "pc-bh-wy" and p.rel_types[-1] == "MANAGES" for p in paths)


def test_parallel_relationships_do_not_hide_each_other(store: Store) -> None:
    """A department leads d714 on two townships' cooperating lists (two HOLDS_DUTY edges):
    the path there and back along both edges draws the same relationships as the one-step
    path, and the one-step path stays (once, both were left out)."""
    load_dataset(store, SAMPLE)
    [f] = [
        f
        for f in run_audit(store, rules=["duty-cooperating-lead-unclaimed"], as_of="2025-06-30")
        if f.township_id == "ds-sl"
    ]
    generic = {k: v for k, v in explain_queries().items() if k == GENERIC}
    texts = [p.text() for p in explain_finding(store, f, generic)]
    assert "(森林防火宣传 d714)<-[HOLDS_DUTY]-(东山区综合行政执法局 ds-zf)" in texts
    assert not any(t.count("d714") > 1 for t in texts)
