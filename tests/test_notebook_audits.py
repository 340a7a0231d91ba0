"""The notebooks' analyses agree with the audits (issue 14): every figure or table of a
notebook that stands for an audit — the findings, the counts per township and rule or
severity, the hand-overs without a decision per department — gives, through the notebook
API (kg.notebook), what `kg audit` gives on the same store, on every pinned run of the
sample's expected_findings.yaml, on both stores."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import yaml
from conftest import SAMPLE

import kg
from kg import notebook as nb
from kg.audit import Finding, run_audit
from kg.stores import Store


def pinned_runs() -> list[dict[str, Any]]:
    doc = yaml.safe_load((SAMPLE / "expected_findings.yaml").read_text(encoding="utf-8"))
    runs = [{"as_of": str(doc["as_of"])}]
    runs += [{"as_of": str(r["as_of"]), "rules": r.get("rules"), "clauses": r.get("clauses")} for r in doc["runs"]]
    return runs


RUNS = pinned_runs()


@pytest.fixture
def sample(store: Store) -> Store:
    kg.load(store, SAMPLE)
    return store


def by_rule(findings: list[Finding]) -> dict[str, Counter[tuple[str | None, str]]]:
    out: dict[str, Counter[tuple[str | None, str]]] = {}
    for f in findings:
        out.setdefault(f.rule_id, Counter())[(f.township_id, f.subject_id)] += 1
    return out


@pytest.mark.parametrize("run", RUNS, ids=[f"{r['as_of']}-{i}" for i, r in enumerate(RUNS)])
def test_findings_frame_and_counts_equal_the_audit(sample: Store, run: dict[str, Any]) -> None:
    audit = run_audit(sample, **run)
    assert audit, f"the pinned run {run} finds the seeded problems"
    frame = nb.findings_frame(sample, **run)
    # the findings, rule by rule: the same subjects in the same townships, as often
    got: dict[str, Counter[tuple[str | None, str]]] = {}
    for rule, township, subject in zip(frame.rule_id, frame.township_id, frame.subject_id, strict=True):
        got.setdefault(rule, Counter())[(township, subject)] += 1
    assert got == by_rule(audit)
    # the chart of findings per township and rule
    counts = nb.findings_by_township_and_rule(frame)
    want = Counter((f.township_name or "—", f.rule_id) for f in audit)
    shown = Counter({(t, r): int(counts.loc[t, r]) for t in counts.index for r in counts.columns if counts.loc[t, r]})
    assert shown == want
    # the chart of findings per township and severity
    sev = nb.findings_by_township_and_severity(frame)
    assert list(sev.columns) == ["error", "warning", "info"]
    want_sev = Counter((f.township_name or "—", f.severity) for f in audit)
    shown_sev = Counter({(t, s): int(sev.loc[t, s]) for t in sev.index for s in sev.columns if sev.loc[t, s]})
    assert shown_sev == want_sev


def test_findings_frame_honours_the_audit_date(sample: Store) -> None:
    """Before the DL-3.1 deadline the in-service report is pending, not overdue: a frame
    that ignored ``as_of`` would show today's findings instead."""
    early = nb.findings_frame(sample, rules=["in-service-member-not-reported"], as_of="2023-05-01")
    late = nb.findings_frame(sample, rules=["in-service-member-not-reported"], as_of="2025-06-30")
    assert early.empty and list(late.subject_id) == ["ism-03"]


@pytest.mark.parametrize("as_of", sorted({r["as_of"] for r in RUNS}))
def test_handovers_without_decision_per_department_equal_the_audit(sample: Store, as_of: str) -> None:
    audit = run_audit(sample, as_of=as_of)
    reported = [f.subject_id for f in audit if f.rule_id == nb.WITHOUT_DECISION]
    # the department that hands each reported hand-over over, read from the store
    rows = sample.run(
        "MATCH (d:Body)-[:HANDS_OVER]->(h:Handover) WHERE h.id IN $ids RETURN h.id, d.id", {"ids": reported}
    ).rows
    assert sorted(h for h, _ in rows) == sorted(reported)
    want = Counter(d for _, d in rows)
    ranking = nb.handover_ranking(kg.to_networkx(sample), audit)
    shown = Counter({d: int(n) for d, n in zip(ranking.department_id, ranking.without_decision, strict=True) if n})
    assert shown == want
    assert ranking.without_decision.sum() == len(reported)


def test_handover_ranking_without_findings_is_a_lower_bound(sample: Store) -> None:
    """Without the audit's findings only hand-overs no decision authorises are counted: the
    sample's S7, Q6–Q8 have a decision that is not a unified deployment covering them."""
    g = kg.to_networkx(sample)
    audit = run_audit(sample, as_of="2025-06-30")
    bare = nb.handover_ranking(g).set_index("department_id").without_decision
    full = nb.handover_ranking(g, audit).set_index("department_id").without_decision
    assert (bare <= full.reindex(bare.index)).all()
    assert bare.sum() < full.sum()
