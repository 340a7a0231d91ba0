"""`kg audit` on the illustrative sample finds exactly the seeded problems of
data/sample/expected_findings.yaml — none missing, none extra — on every store."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml
from findings import assert_findings_exactly, check_expected_file, read_expected

from kg.audit import list_rules, run_audit, select_rules
from kg.audit.access import access_violations, violating_handovers
from kg.ingest.dataset import read_dataset
from kg.ingest.load import load_dataset
from kg.stores import Store

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "sample"


def truth() -> dict:
    return yaml.safe_load((SAMPLE / "expected_findings.yaml").read_text(encoding="utf-8"))


def expected() -> list[dict]:
    return read_expected(SAMPLE)


#: the audit date the sample's ground truth is pinned to
AS_OF = truth()["as_of"]


def key(rule: str, township: str | None, subject: str, related: list[str]) -> tuple:
    return (rule, township, subject, frozenset(related))


def test_expected_file_is_well_formed() -> None:
    rules = {r.id: r for r in list_rules()}
    items = expected()
    assert items
    check_expected_file(items)
    runs = truth().get("runs") or []
    for run in runs:
        check_expected_file(run["findings"])
        selected = {r.id for r in select_rules(list_rules(), run.get("rules"), run.get("clauses"))}
        for e in run["findings"]:
            assert e["rule"] in selected, e
    # every rule is exercised by at least one seeded problem (on the pinned date or in an earlier run)
    assert {e["rule"] for e in items} | {e["rule"] for run in runs for e in run["findings"]} == set(rules)


def test_sample_is_illustrative() -> None:
    spec = yaml.safe_load((SAMPLE / "dataset.yaml").read_text(encoding="utf-8"))
    assert spec["illustrative"] is True
    assert "ILLUSTRATIVE" in spec["description"] and "NOT OFFICIAL" in spec["description"]
    assert "NOT OFFICIAL" in (SAMPLE / "README.md").read_text(encoding="utf-8")


def test_readme_lists_the_same_findings() -> None:
    """The README table and expected_findings.yaml agree row by row."""
    rows = []
    for line in (SAMPLE / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 8 and cells[0][:1] in ("S", "Q", "P") and cells[0][1:].rstrip("′").isdigit():
            township = None if cells[4] in ("—", "-", "") else cells[4]
            rows.append(key(cells[1], township, cells[5], [x.strip() for x in cells[6].split(",") if x.strip()]))
    assert Counter(rows) == Counter(key(e["rule"], e["township"], e["subject"], e["related"]) for e in expected())


def test_sample_findings_exactly(store: Store) -> None:
    """Precision and recall for every rule: a rule with findings not in the file, or a
    seeded finding no rule reports, fails (rules added later are covered as they come)."""
    load_dataset(store, SAMPLE)
    findings = run_audit(store, as_of=AS_OF)
    assert_findings_exactly(findings, expected())
    for f in findings:
        assert f.clause.startswith("DL-")
        assert f.message_zh and f.message_en
        assert "DL-" in f.message_zh and "DL-" in f.message_en


def test_selection_by_clause_on_sample(store: Store) -> None:
    load_dataset(store, SAMPLE)
    findings = run_audit(store, clauses=["DL-1.2"], as_of=AS_OF)
    want = [e for e in expected() if e["clause"].startswith("DL-1.2")]
    assert len(findings) == len(want)
    assert {f.clause for f in findings} == {"DL-1.2a", "DL-1.2b", "DL-1.2c"}
    only = run_audit(store, rules=["duty-gap"], clauses=["DL-1.1-office"])
    assert sorted(f.rule_id for f in only) == ["duty-gap", "office-party-building-missing"]


def early_run() -> dict:
    """The run before the June 2023 deadlines of DL-3 and DL-4 (the one selected by clause)."""
    return next(r for r in truth()["runs"] if r.get("clauses"))


def test_readme_lists_the_early_run() -> None:
    """The README's table of the early run and expected_findings.yaml agree row by row."""
    rows = []
    for line in (SAMPLE / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 8 and cells[0].startswith("E") and cells[0][1:].isdigit():
            rows.append(key(cells[1], cells[4], cells[5], [x.strip() for x in cells[6].split(",") if x.strip()]))
    want = early_run()["findings"]
    assert Counter(rows) == Counter(key(e["rule"], e["township"], e["subject"], e["related"]) for e in want)


def test_sample_before_the_plans_deadlines(store: Store) -> None:
    """On the early date the dated rules of the plan report progress (info) instead."""
    run = early_run()
    load_dataset(store, SAMPLE)
    findings = run_audit(store, clauses=run["clauses"], as_of=run["as_of"])
    got = Counter(key(f.rule_id, f.township_id, f.subject_id, f.related_ids) for f in findings)
    want = Counter(key(e["rule"], e["township"], e["subject"], e["related"]) for e in run["findings"])
    assert got == want, f"missing: {sorted(want - got)}\nextra: {sorted(got - want)}"
    assert {f.severity for f in findings} == {"info"}


def test_superseded_version_is_ignored(store: Store) -> None:
    """list-ds-zr-2023 (superseded) still leads d301, which 松岭镇 now leads: no overlap."""
    load_dataset(store, SAMPLE)
    superseded = store.run("MATCH (l:DutyList {id: 'list-ds-zr-2023'}) RETURN l.superseded").value()
    assert superseded is True
    assert not [f for f in run_audit(store, rules=["duty-overlap"]) if f.subject_id == "d301"]


def test_strict_access_matches_audit(store: Store) -> None:
    """kg.audit.access (used by check-transfer and load --strict) and the audit query agree."""
    ds = read_dataset(SAMPLE)
    strict = {h.id: reasons for h, reasons in violating_handovers(ds)}
    load_dataset(store, SAMPLE)
    audited = {f.subject_id: f for f in run_audit(store, rules=["access-handover-without-decision"])}
    assert set(strict) == set(audited)
    assert set(audited) == {
        "ho-ds-zf-d104",
        "ho-ds-sj-d203",
        "ho-ds-sj-d206",
        "ho-ds-zr-d307",
        "ho-xh-ny-d406",
        "ho-sl-zj-d207",
    }
    # the query states the first failing test, in the order of kg.audit.access.decision_reasons
    first = {h: reasons[0].code for h, reasons in strict.items()}
    assert first == {
        "ho-ds-zf-d104": "no_decision",
        "ho-ds-sj-d203": "not_unified_deployment",
        "ho-ds-sj-d206": "township_not_in_scope",
        "ho-ds-zr-d307": "item_not_in_scope",
        "ho-xh-ny-d406": "decision_after_handover",
        "ho-sl-zj-d207": "no_decision",
    }
    phrases = {
        "no_decision": "with no unified-deployment decision",
        "not_unified_deployment": "which is not a unified deployment",
        "township_not_in_scope": "which does not cover 湖滨街道",
        "item_not_in_scope": "which does not cover the item",
        "decision_after_handover": "before",
    }
    for h, code in first.items():
        assert phrases[code] in audited[h].message_en, (h, audited[h].message_en)
    issues = access_violations(ds)
    assert {i.row for i in issues} and all(i.file.endswith("handovers.yaml") and i.column == "decision" for i in issues)
    assert all("DL-1.3" in i.message for i in issues)
