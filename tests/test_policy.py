"""The clause reading (docs/policy/clauses.yaml) is faithful to the plan text, its ids are
well-formed and stable, every query cites a known clause, and clauses.md is generated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg import policy
from kg.audit.queries import load_query, query_files
from kg.model import CLAUSE_RE
from kg.resources import resource_dir

#: the ids of the first clause reading (clauses.md before it moved into the repository):
#: data, queries and reports already cite them, so none may disappear
STABLE_IDS = (
    "DL-1",
    "DL-1.1",
    "DL-1.1-office",
    "DL-1.1-posts",
    "DL-1.2",
    "DL-1.2a",
    "DL-1.2b",
    "DL-1.2c",
    "DL-1.3",
    "DL-1.3-list",
    "DL-1.3-access",
    "DL-2",
    "DL-2.1",
    "DL-2.2",
    "DL-2.3",
    "DL-3",
    "DL-3.1",
    "DL-3.2",
    "DL-3.3",
    "DL-4",
    "DL-4.1",
    "DL-4.2",
    "DL-4.3",
    "DL-4.4",
)
#: the rules issue 12 asks audits for: each must be in the reading and checkable
ISSUE_12_RULES = (
    "DL-1.1-posts",
    "DL-2.1",
    "DL-2.2",
    "DL-2.3",
    "DL-3.1",
    "DL-3.3",
    "DL-4.1",
    "DL-4.2",
    "DL-4.3",
    "DL-4.4",
    "DL-4.4-threshold",
)

CLAUSES = policy.load_policy().clauses
PLAN = policy.normalise_space(policy.plan_text())


def test_the_reading_ships_in_the_repository() -> None:
    folder = resource_dir("policy")
    assert (folder / "clauses.yaml").is_file()
    assert (folder / "plan.zh.txt").is_file()
    assert Path(policy.__file__).resolve().parent.parent in folder.resolve().parents


@pytest.mark.parametrize("c", CLAUSES, ids=[c.id for c in CLAUSES])
def test_source_sentences_are_verbatim(c: policy.Clause) -> None:
    for sentence in (c.source_zh, *c.context_zh):
        assert policy.normalise_space(sentence) in PLAN, f"{c.id}: not in plan.zh.txt: {sentence}"


def test_a_sentence_not_in_the_plan_is_caught() -> None:
    # the check above can fail: an edited sentence is not found
    sentence = policy.source_sentence("DL-4.4").replace("1500", "2000")
    assert policy.normalise_space(sentence) not in PLAN


def test_ids_are_unique_and_well_formed() -> None:
    ids = policy.clause_ids()
    assert len(ids) == len(set(ids))
    for i in ids:
        assert policy.CLAUSE_ID_RE.match(i), i
        assert CLAUSE_RE.match(i), f"{i} is refused by kg.model.CLAUSE_RE"


def test_stable_ids_are_kept() -> None:
    assert set(STABLE_IDS) <= set(policy.clause_ids())


@pytest.mark.parametrize("rule", ISSUE_12_RULES)
def test_plan_rules_are_checkable_with_a_check(rule: str) -> None:
    c = policy.clause(rule)
    assert c.checkable and c.check


def test_ancestors() -> None:
    assert policy.ancestors("DL-1.3-access") == ["DL-1.3-access", "DL-1.3", "DL-1"]
    assert policy.ancestors("DL-1.2a") == ["DL-1.2a", "DL-1.2", "DL-1"]
    assert policy.ancestors("DL-4.4-threshold") == ["DL-4.4-threshold", "DL-4.4", "DL-4"]
    assert policy.ancestors("DL-2") == ["DL-2"]
    assert "DL-1.3-access" in policy.children("DL-1.3")


def test_every_parent_is_a_clause() -> None:
    ids = set(policy.clause_ids())
    for c in CLAUSES:
        assert c.parent is None or c.parent in ids, c.id


def test_unknown_clause_is_a_clear_error() -> None:
    with pytest.raises(policy.PolicyError, match=r"DL-9\.9.*choose from"):
        policy.clause("DL-9.9")


def test_plan_numbers_are_in_the_reading() -> None:
    # the numbers an audit uses come from the plan's own sentence
    checks = {
        "DL-1.1-posts": {"city_new_posts": 1500},
        "DL-3.3": {"sub_district_min_m2": 1000, "community_m2_per_100_households": 30},
        "DL-4.4": {
            "community_yuan": 200000,
            "large_village_yuan": 100000,
            "small_village_yuan": 50000,
            "village_threshold": 1500,
        },
    }
    for cid, params in checks.items():
        c = policy.clause(cid)
        for name, value in params.items():
            assert c.params[name] == value, (cid, name)
    assert "1500" in policy.source_sentence("DL-1.1-posts")
    assert "1000平方米" in policy.source_sentence("DL-3.3")
    assert "10万元" in policy.source_sentence("DL-4.4") and "5万元" in policy.source_sentence("DL-4.4")


def test_deadlines_follow_the_plan_year() -> None:
    year = policy.load_policy().plan_year
    for c in CLAUSES:
        if c.deadline:
            assert c.deadline.date.year in (year, year + 1), c.id
            assert policy.normalise_space(c.deadline.words_zh) in PLAN, c.id


def test_checkable_rules() -> None:
    rules = policy.checkable_rules()
    assert rules and all(r.checkable for r in rules)
    assert "DL-1.3" not in [r.id for r in rules]


@pytest.mark.parametrize("path", query_files(), ids=[f.stem for f in query_files()])
def test_every_query_cites_a_known_clause(path: Path) -> None:
    q = load_query(path)
    assert q.header.clause in policy.clause_ids()
    # messages cite the clause (or one above it) they belong to
    cited = set(re.findall(r"DL-\d+(?:\.\d+)?[a-z]?(?:-[a-z]+)?", q.cypher))
    assert cited <= set(policy.clause_ids()), cited - set(policy.clause_ids())


def test_clauses_md_is_generated() -> None:
    committed = (resource_dir("policy") / "clauses.md").read_text(encoding="utf-8")
    assert committed == policy.render_markdown(), "run: python -m kg.policy --markdown > docs/policy/clauses.md"


def test_markdown_quotes_every_clause() -> None:
    md = policy.render_markdown()
    for c in CLAUSES:
        assert f"## {c.id}\n" in md or f"# {c.id}\n" in md
        assert c.source_zh in md


def test_cli_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert policy.main(["--markdown"]) == 0
    assert capsys.readouterr().out == policy.render_markdown()
    assert policy.main(["--ids"]) == 0
    assert capsys.readouterr().out.split() == policy.clause_ids()


def test_a_malformed_reading_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "clauses.yaml"
    bad.write_text(
        "plan_year: 2023\nplan_year_note: x\nclauses:\n- id: DL-1.3-access\n  title_zh: a\n  title_en: b\n"
        "  source_zh: c\n  source_en: d\n  model: e\n  check: ''\n  checkable: true\n",
        encoding="utf-8",
    )
    with pytest.raises(policy.PolicyError, match=r"clauses\.yaml"):
        policy.load_policy(bad)
