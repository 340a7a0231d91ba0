"""Exact comparison of audit findings with an ``expected_findings.yaml`` (the sample's or a
generated dataset's): precision AND recall, over every rule, so a rule added later is
covered without editing the tests.

A finding is identified by rule id, township (area id), subject id and related ids
(compared as a set). Duplicates count: two equal findings are not one.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from kg.audit import Finding, list_rules

Key = tuple[str, str | None, str, frozenset[str]]


def read_expected(folder: Path) -> list[dict[str, Any]]:
    doc = yaml.safe_load((folder / "expected_findings.yaml").read_text(encoding="utf-8"))
    findings = doc["findings"]
    assert isinstance(findings, list), f"{folder}/expected_findings.yaml: 'findings' is not a list"
    return findings


def read_as_of(folder: Path) -> str:
    """The audit date an expected_findings.yaml is pinned to (``as_of``)."""
    doc = yaml.safe_load((folder / "expected_findings.yaml").read_text(encoding="utf-8"))
    return str(doc["as_of"])


def expected_key(e: dict[str, Any]) -> Key:
    """The key of an expected finding that states its related ids."""
    return (e["rule"], e["township"], e["subject"], frozenset(e["related"]))


def finding_key(f: Finding) -> Key:
    return (f.rule_id, f.township_id, f.subject_id, frozenset(f.related_ids))


def check_expected_file(expected: list[dict[str, Any]]) -> None:
    """Every expected finding names a shipped rule and that rule's clause."""
    rules = {r.id: r for r in list_rules()}
    for e in expected:
        assert e["rule"] in rules, f"expected finding of an unknown rule: {e}"
        assert e["clause"] == rules[e["rule"]].clause, f"clause is not the rule's ({rules[e['rule']].clause}): {e}"


def _show(k: Key) -> str:
    return f"{k[1]} {k[2]} {sorted(k[3])}"


def assert_findings_exactly(findings: list[Finding], expected: list[dict[str, Any]]) -> None:
    """Fail, rule by rule, with what is missing (recall) and what is extra (precision).

    An expected finding with ``related: null`` (a generated problem that states only its
    rule, township and subject) matches a finding whatever its related ids."""
    got = Counter(finding_key(f) for f in findings)
    want = Counter(expected_key(e) for e in expected if e["related"] is not None)
    loose = Counter((e["rule"], e["township"], e["subject"]) for e in expected if e["related"] is None)
    rest = got - want
    rest_loose = Counter(k[:3] for k in rest.elements())
    unmatched = rest_loose - loose
    missing_all = list((want - got).elements()) + [(*k, frozenset()) for k in (loose - rest_loose).elements()]
    extra_all = [k for k in rest.elements() if unmatched[k[:3]] > 0]
    problems = []
    for rule in sorted({k[0] for k in got} | {k[0] for k in want} | {k[0] for k in loose}):
        missing = sorted(_show(k) for k in missing_all if k[0] == rule)
        extra = sorted(_show(k) for k in extra_all if k[0] == rule)
        if missing or extra:
            problems.append(f"{rule}: {len(missing)} missing {missing[:5]}; {len(extra)} extra {extra[:5]}")
    assert not problems, "findings differ from expected_findings.yaml:\n  " + "\n  ".join(problems)
