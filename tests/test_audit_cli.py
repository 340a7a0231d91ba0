"""`kg audit` and `kg check-transfer` through click, on every store."""

from __future__ import annotations

import json
from pathlib import Path

import click.testing
import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import StoreError
from kg.ingest.load import load_dataset
from kg.stores import Store

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "sample"
SCHEMA = json.loads((REPO / "schema" / "findings.schema.json").read_text(encoding="utf-8"))
RULE_FILES = sorted(
    p.stem for p in (REPO / "queries").glob("*.cypher") if "// kind: audit" in p.read_text(encoding="utf-8")
)


class Obj:
    def __init__(self, store: Store | None) -> None:
        self._store = store

    def store(self) -> Store:
        if self._store is None:
            raise StoreError("cannot connect to Neo4j at bolt://nowhere:7687: connection refused or server unavailable")
        return self._store


def invoke(store: Store | None, *args: str) -> click.testing.Result:
    """Run the real ``kg`` group with this store."""
    return CliRunner().invoke(cli, list(args), obj=Obj(store))


@pytest.fixture
def sample(store: Store) -> Store:
    load_dataset(store, SAMPLE)
    return store


def expected() -> list[dict]:
    return yaml.safe_load((SAMPLE / "expected_findings.yaml").read_text(encoding="utf-8"))["findings"]


def pinned_date() -> str:
    """The sample's ground truth holds on this audit date (the plan's rules count months and years)."""
    return yaml.safe_load((SAMPLE / "expected_findings.yaml").read_text(encoding="utf-8"))["as_of"]


def test_json_output_validates(sample: Store) -> None:
    res = invoke(sample, "audit", "--format", "json", "--as-of", pinned_date())
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert doc["summary"]["total"] == len(doc["findings"]) == len(expected())
    assert doc["rules"] == RULE_FILES
    assert {(f["rule_id"], f["subject_id"]) for f in doc["findings"]} == {(e["rule"], e["subject"]) for e in expected()}


def test_schema_rejects_a_broken_document(sample: Store) -> None:
    doc = json.loads(invoke(sample, "audit", "--format", "json").stdout)
    doc["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA)


def test_an_empty_store_is_not_a_clean_audit(store: Store) -> None:
    """An empty (or mistyped) store must not pass --fail-on with "no problems"."""
    res = invoke(store, "audit", "--format", "json", "--fail-on", "warning")
    assert res.exit_code == 3
    assert "holds no dataset" in res.stderr and res.stdout == ""


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_other_formats(sample: Store, fmt: str) -> None:
    res = invoke(sample, "audit", "--format", fmt, "--clause", "DL-1.1-office")
    assert res.exit_code == 0, res.output
    assert "xh-hs" in res.stdout
    if fmt == "csv":
        lines = res.stdout.strip().splitlines()
        assert lines[0].startswith("rule_id,") and len(lines) == 2
    if fmt == "markdown":
        assert res.stdout.startswith("# 审计结果")


def test_table_languages(sample: Store) -> None:
    zh = invoke(sample, "audit", "--rule", "duty-gap")
    en = invoke(sample, "audit", "--rule", "duty-gap", "--lang", "en")
    assert "职责空白" in zh.stdout and "湖滨街道" in zh.stdout
    assert "Duty gap" in en.stdout and "职责空白" not in en.stdout


def test_unknown_rule(sample: Store) -> None:
    res = invoke(sample, "audit", "--rule", "no-such-rule")
    assert res.exit_code == 2
    assert "no-such-rule" in res.stderr
    for rule in RULE_FILES:
        assert rule in res.stderr
    assert "Traceback" not in res.output


def test_unknown_clause(sample: Store) -> None:
    res = invoke(sample, "audit", "--clause", "DL-9.9")
    assert res.exit_code == 2
    assert "DL-9.9" in res.stderr and "DL-1.3-access" in res.stderr and "DL-1.2a" in res.stderr


def test_unknown_format(sample: Store) -> None:
    res = invoke(sample, "audit", "--format", "xml")
    assert res.exit_code == 2
    for fmt in ("table", "json", "csv", "markdown"):
        assert fmt in res.stderr


@pytest.mark.parametrize(
    "args, code",
    [
        ((), 0),  # no --fail-on
        (("--fail-on", "warning"), 1),
        (("--fail-on", "error"), 1),
        (("--rule", "dispatched-no-assessment-input", "--fail-on", "error"), 0),  # warnings only
        (("--rule", "dispatched-no-assessment-input", "--fail-on", "warning"), 1),
        (("--rule", "duty-gap", "--fail-on", "error"), 1),
    ],
)
def test_fail_on(sample: Store, args: tuple[str, ...], code: int) -> None:
    res = invoke(sample, "audit", "--format", "csv", *args)
    assert res.exit_code == code, res.output


def test_list_and_help(store: Store) -> None:
    res = invoke(store, "audit", "--list")
    assert res.exit_code == 0
    assert [line.split()[0] for line in res.stdout.strip().splitlines()] and all(r in res.stdout for r in RULE_FILES)
    listed = json.loads(invoke(store, "audit", "--list", "--format", "json", "--clause", "DL-1.2b").stdout)
    assert {r["id"] for r in listed} == {"dispatched-no-assessment-input", "dispatched-no-appointment-input"}
    assert "Example" in invoke(store, "audit", "--help").stdout
    assert "Example" in invoke(store, "check-transfer", "--help").stdout


def test_store_error_is_one_sentence() -> None:
    res = invoke(None, "audit")
    assert res.exit_code == 3
    assert res.stderr.startswith("error: cannot connect") and res.stderr.count("\n") == 1
    assert "Traceback" not in res.output


# --------------------------------------------------------------------------- check-transfer


@pytest.mark.parametrize(
    "args, code, codes",
    [
        (
            ("--department", "ds-sj", "--township", "ds-qn-gov", "--duty", "d202", "--decision", "dec-ds-2023-05"),
            0,
            ["authorised"],
        ),
        (
            ("--department", "ds-sj", "--township", "ds-qn", "--duty", "d202", "--decision", "dec-ds-2023-05"),
            0,
            ["authorised"],
        ),
        (
            ("--department", "xh-ny", "--township", "xh-by-gov", "--duty", "d401", "--decision", "dec-xh-2023-12"),
            0,
            ["authorised"],
        ),
        # issue 11: the decision's scope, date and the mode
        (
            (
                "--department",
                "ds-sj",
                "--township",
                "ds-qn-gov",
                "--duty",
                "d202",
                "--decision",
                "dec-ds-2023-05",
                "--date",
                "2023-01-01",
            ),
            1,
            ["decision_after_handover"],
        ),
        (
            ("--department", "xh-zr", "--township", "xh-hs-gov", "--duty", "d505", "--decision", "dec-xh-2023-12"),
            1,
            ["entrusted_coercive_measure"],
        ),
        (
            (
                "--department",
                "xh-zr",
                "--township",
                "xh-hs-gov",
                "--duty",
                "d505",
                "--decision",
                "dec-xh-2023-12",
                "--mode",
                "下放",
            ),
            0,
            ["authorised"],
        ),
        (
            ("--department", "ds-sj", "--township", "ds-qn-gov", "--duty", "d203", "--decision", "dec-ds-2023-05"),
            1,
            ["item_not_in_scope"],
        ),
        (
            ("--department", "ds-sj", "--township", "ds-hb-gov", "--duty", "d202", "--decision", "dec-ds-2023-05"),
            1,
            ["township_not_in_scope"],
        ),
        (("--department", "ds-sj", "--township", "ds-qn-gov", "--duty", "d203"), 1, ["no_decision"]),
        (
            ("--department", "ds-sj", "--township", "ds-qn-gov", "--duty", "d203", "--decision", "dec-ds-sj-2024-03"),
            1,
            ["not_unified_deployment", "issuer_not_party_or_government", "item_not_in_scope", "township_not_in_scope"],
        ),
        (
            ("--department", "ds-sj", "--township", "ds-qn-gov", "--duty", "d203", "--decision", "nope"),
            1,
            ["unknown_decision"],
        ),
        (
            ("--department", "ds-sj", "--township", "xh-by-gov", "--duty", "d202", "--decision", "dec-ds-2023-05"),
            1,
            ["other_county", "township_not_in_scope"],
        ),
        (
            ("--department", "xh-ny", "--township", "xh-by-gov", "--duty", "d202", "--decision", "dec-ds-2023-05"),
            1,
            ["issuer_out_of_jurisdiction", "township_not_in_scope"],
        ),
        (
            ("--department", "ds-qn-gov", "--township", "ds-sl-gov", "--duty", "d202", "--decision", "dec-ds-2023-05"),
            1,
            ["not_county_department"],
        ),
        (
            ("--department", "ds-sj", "--township", "ds-qn-scs", "--duty", "d202", "--decision", "dec-ds-2023-05"),
            1,
            ["not_township_body"],
        ),
        (
            ("--department", "ds-sj", "--township", "ds-qn-gov", "--duty", "zzz", "--decision", "dec-ds-2023-05"),
            1,
            ["unknown_duty"],
        ),
        (
            ("--department", "zzz", "--township", "ds-qn-gov", "--duty", "d202", "--decision", "dec-ds-2023-05"),
            1,
            ["unknown_department"],
        ),
    ],
)
def test_check_transfer(sample: Store, args: tuple[str, ...], code: int, codes: list[str]) -> None:
    res = invoke(sample, "check-transfer", "--format", "json", *args)
    assert res.exit_code == code, res.output
    verdict = json.loads(res.stdout)
    assert verdict["allowed"] is (code == 0)
    assert [r["code"] for r in verdict["reasons"]] == codes
    assert all(
        r["clause"].startswith(("DL-1.3", "DL-1.2c"))
        and r["clause"][:6] in r["message_zh"]
        and r["clause"][:6] in r["message_en"]
        for r in verdict["reasons"]
    )


def test_check_transfer_text(sample: Store) -> None:
    res = invoke(sample, "check-transfer", "--department", "ds-zf", "--township", "ds-hb-gov", "--duty", "d104")
    assert res.exit_code == 1
    assert res.stdout.startswith("不允许") and "DL-1.3" in res.stdout
    res = invoke(
        sample,
        "check-transfer",
        "--department",
        "ds-sj",
        "--township",
        "ds-qn-gov",
        "--duty",
        "d202",
        "--decision",
        "dec-ds-2023-05",
        "--lang",
        "en",
    )
    assert res.exit_code == 0
    assert res.stdout.startswith("Allowed") and "东委办发〔2023〕5号" in res.stdout


def test_check_transfer_missing_option(sample: Store) -> None:
    res = invoke(sample, "check-transfer", "--department", "ds-sj")
    assert res.exit_code == 2
