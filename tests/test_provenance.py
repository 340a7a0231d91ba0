"""Provenance of findings: every finding of the sample resolves to rows of its files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from kg.audit import run_audit
from kg.audit.provenance import lookup_sources
from kg.audit.render import render_csv, render_markdown
from kg.cli import cli
from kg.ingest.load import load_dataset
from kg.stores import Store

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "sample"
SCHEMA = json.loads((REPO / "schema" / "findings.schema.json").read_text(encoding="utf-8"))


class Obj:
    def __init__(self, store: Store) -> None:
        self._store = store

    def store(self) -> Store:
        return self._store


@pytest.fixture
def sample(store: Store) -> Store:
    load_dataset(store, SAMPLE)
    return store


def _line(file: str, row: int) -> str:
    path = SAMPLE.parent / file
    assert path.is_file(), file
    lines = path.read_text(encoding="utf-8").splitlines()
    assert 1 <= row <= len(lines), (file, row, len(lines))
    return lines[row - 1]


#: rules whose finding is a relationship that is not there (a power not held, a grid without
#: a branch, a branch that reports to nothing): no relationship of the subject to show
ABSENCE_RULES = ("powers-township-missing", "grid-no-party-branch", "party-chain-broken")


def test_every_sample_finding_resolves_to_a_file_row(sample: Store) -> None:
    res = CliRunner().invoke(cli, ["audit", "--format", "json"], obj=Obj(sample))
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert doc["findings"]
    for f in doc["findings"]:
        rows = [s for s in f["sources"] if s["row"] is not None]
        assert rows, f"{f['rule_id']} {f['subject_id']} has no source row"
        for s in rows:
            line = _line(s["file"], s["row"])
            if s["file"].endswith(".yaml"):
                # a YAML entry's row is the line of its "- id:" (relationships: the entry that states them)
                assert "id:" in line, (s, line)
                if s["kind"] == "node":
                    assert line.split("id:", 1)[1].strip() == s["start_id"], (s, line)
            elif s["type"] in ("HOLDS_DUTY", "INCLUDES") or (s["kind"] == "node" and s["type"] == "Duty"):
                duty = s["end_id"] if s["kind"] == "relationship" else s["start_id"]
                assert duty in next(csv.reader([line])), (s, line)
        # the facts among the finding's own ids are there: at least one relationship touches the
        # subject, unless the finding is about a relationship that is missing
        assert (
            any(s["kind"] == "relationship" and f["subject_id"] in (s["start_id"], s["end_id"]) for s in f["sources"])
            or f["rule_id"] in ABSENCE_RULES
        ), f
        assert f["clause_sentence"], f


def test_overlap_sources_are_the_lead_rows(sample: Store) -> None:
    overlaps = [f for f in run_audit(sample, rules=["duty-overlap"]) if f.subject_id == "d201"]
    assert len(overlaps) == 1
    leads = {(s.start_id, s.file, s.row) for s in overlaps[0].sources if s.type == "HOLDS_DUTY" and s.role == "lead"}
    assert {b for b, _, _ in leads} == set(overlaps[0].related_ids)
    for _, file, row in leads:
        assert "d201" in _line(file, row)


def test_lookup_keeps_findings_apart(sample: Store) -> None:
    # relationships only count when both ends belong to the same finding
    a, b, empty = lookup_sources(sample, [{"d201", "ds-qn-pab"}, {"d201"}, set()])
    assert [s.start_id for s in a if s.kind == "relationship"] == ["ds-qn-pab"]
    assert [s.kind for s in b] == ["node"]
    assert empty == []


def test_csv_and_markdown_carry_sources(sample: Store) -> None:
    findings = run_audit(sample, rules=["duty-gap"])
    rows = list(csv.DictReader(io.StringIO(render_csv(findings))))
    assert rows and "list-ds-hb-basic.csv, row" in rows[0]["sources"]
    assert rows[0]["clause_sentence"]
    md = render_markdown(findings)
    assert "依据与出处" in md and "list-ds-hb-basic.csv, row" in md
    assert findings[0].clause_sentence is not None and findings[0].clause_sentence[:10] in md
