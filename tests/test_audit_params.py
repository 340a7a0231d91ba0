"""Audits take no user parameters: only what the runner supplies (kg.audit.params)."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from kg.audit.params import allowed_params, as_of_date, runner_params
from kg.audit.queries import QueryFileError, parse_query
from kg.audit.rules import Rule, list_rules, run_rule
from kg.cli import cli
from kg.stores import Store

HEADER = """// 测试 / Test
// id: test-rule
// title_zh: 测试
// title_en: Test
// clause: {clause}
// severity: info
// description: a test rule
// params: {params}
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
{cypher}
"""

CYPHER = (
    "RETURN null AS township_id, null AS township_name, $as_of AS subject_id, null AS subject_name, "
    "[] AS related_ids, 'x' AS message_zh, 'x' AS message_en ORDER BY subject_id"
)


def _query(clause: str, params: str, cypher: str = CYPHER):
    return parse_query(HEADER.format(clause=clause, params=params, cypher=cypher), "test-rule.cypher")


def test_an_audit_may_declare_what_the_runner_supplies() -> None:
    q = _query("DL-3.3", "as_of: audit date; deadline: the plan's date; sub_district_min_m2: the floor")
    assert set(q.header.params) == {"as_of", "deadline", "sub_district_min_m2"}


@pytest.mark.parametrize(
    ("clause", "params", "bad"),
    [
        ("DL-1.3-list", "township: a user parameter", "township"),
        ("DL-1.3-list", "deadline: there is none", "deadline"),  # DL-1.3 sets no deadline
        ("DL-1.3-list", "sub_district_min_m2: another clause's number", "sub_district_min_m2"),
    ],
)
def test_anything_else_is_refused(clause: str, params: str, bad: str) -> None:
    with pytest.raises(QueryFileError, match=bad):
        _query(clause, params)


def test_an_unknown_clause_is_refused() -> None:
    with pytest.raises(QueryFileError, match=r"DL-9\.9"):
        _query("DL-9.9", "none")


def test_runner_values_come_from_the_clause_reading() -> None:
    values = runner_params("DL-3.3", {"as_of", "deadline", "sub_district_min_m2", "plan_year"}, "2024-05-01")
    assert values == {"as_of": "2024-05-01", "deadline": "2024-12-31", "sub_district_min_m2": 1000, "plan_year": 2023}
    assert "community_m2_per_100_households" in allowed_params("DL-3.3")
    assert "deadline" not in allowed_params("DL-4.2")


def test_as_of_dates() -> None:
    assert as_of_date(None) == dt.date.today()
    assert as_of_date(" 2023-05-01 ") == dt.date(2023, 5, 1)
    with pytest.raises(ValueError, match="31/12"):
        as_of_date("31/12/2023")


def test_the_runner_passes_as_of_to_the_query(store: Store) -> None:
    rule = Rule.from_query(_query("DL-1.3-list", "as_of: audit date"))
    assert [f.subject_id for f in run_rule(store, rule, "2023-05-01")] == ["2023-05-01"]
    assert [f.subject_id for f in run_rule(store, rule)] == [dt.date.today().isoformat()]


def test_kg_audit_as_of_and_browser_params() -> None:
    runner = CliRunner()
    bad = runner.invoke(cli, ["audit", "--as-of", "yesterday", "--rule", "duty-gap"])
    assert bad.exit_code == 2 and "yesterday" in bad.output
    plain = runner.invoke(cli, ["audit", "--browser-params", "--rule", "dispatched-no-assessment-input"])
    assert plain.exit_code == 0 and "take no parameters" in plain.output
    for rule in (r for r in list_rules() if r.query.header.params):
        out = runner.invoke(cli, ["audit", "--browser-params", "--as-of", "2023-05-01", "--rule", rule.id])
        assert out.exit_code == 0, out.output
        names = {line.split()[1] for line in out.output.splitlines() if line.startswith(":param ")}
        assert names == set(rule.query.header.params), rule.id
        if "as_of" in names:
            assert ':param as_of => "2023-05-01"' in out.output
