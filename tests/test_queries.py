"""Every query file has a valid header, a unique id, a clause of the clause reading, and
declared parameters that match the ``$names`` its Cypher uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg import policy
from kg.audit.queries import (
    AUDIT_COLUMNS,
    QueryFileError,
    check_params,
    list_queries,
    load_query,
    parse_query,
    query_files,
    used_params,
)

FILES = query_files()


def clause_ids() -> set[str]:
    """The clause ids of the project's own reading (docs/policy/clauses.yaml)."""
    return set(policy.clause_ids())


def test_query_files_exist() -> None:
    assert FILES, "no query files found in queries/"
    assert any(load_query(f).header.kind == "audit" for f in FILES)
    assert any(load_query(f).header.kind == "explore" for f in FILES)


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_header_is_valid(path: Path) -> None:
    q = load_query(path)
    assert q.cypher.strip()
    assert path.read_text(encoding="utf-8").splitlines()[0] == f"// {q.header.title_zh} / {q.header.title_en}"
    assert q.header.id == path.stem, "the file is named after its id"
    if q.header.kind == "audit":
        assert q.header.columns == AUDIT_COLUMNS
        assert q.header.severity in ("error", "warning", "info")
        assert "ORDER BY" in q.cypher


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_clause_exists(path: Path) -> None:
    q = load_query(path)
    assert q.header.clause in clause_ids(), f"{q.header.clause} is not a clause id in docs/policy/clauses.yaml"


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_params_match(path: Path) -> None:
    assert check_params(load_query(path)) == []


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_portable_cypher(path: Path) -> None:
    """Constructs that one of the two stores does not run."""
    text = load_query(path).cypher
    for bad in (r"EXISTS\s*\{", r"COUNT\s*\{", r"CALL\s*\(", r"\bapoc\.", r"\blabels\("):
        assert not re.search(bad, text, re.I), f"{path.name} uses {bad}"


def test_ids_unique() -> None:
    ids = [load_query(f).id for f in FILES]
    assert len(ids) == len(set(ids))
    assert len(list_queries()) == len(FILES)


GOOD = """// 标题 / Title
// id: demo-rule
// title_zh: 标题
// title_en: Title
// clause: DL-1.3
// severity: warning
// description: A demo that
//   continues on a second line.
// params: none
// columns: township_id, township_name, subject_id, subject_name, related_ids, message_zh, message_en
// kind: audit
MATCH (n) RETURN n
"""


def test_parse_good_header() -> None:
    q = parse_query(GOOD, "demo-rule.cypher")
    assert q.header.description == "A demo that continues on a second line."
    assert q.header.params == {}
    assert q.cypher == "MATCH (n) RETURN n"


@pytest.mark.parametrize(
    "change, fragment",
    [
        (("// kind: audit\n", "// kind: audit\n// owner: me\n"), "unknown field"),
        (("// severity: warning\n", ""), "severity"),
        (("// clause: DL-1.3\n", ""), "missing field"),
        (("// clause: DL-1.3\n", "// clause: 1.3\n"), "clause"),
        (("// 标题 / Title\n", "// 别的 / Other\n"), "first line"),
        (("// id: demo-rule\n", "// id: Demo Rule\n"), "id"),
        (("// severity: warning\n", "// severity: fatal\n"), "severity"),
        (("// params: none\n", "// params: who: a body\n"), "no user parameters"),
        (("subject_name, related_ids", "related_ids"), "columns"),
        (("MATCH (n) RETURN n\n", ""), "Cypher"),
        (("// kind: audit\n", "// kind: audit\n// kind: explore\n"), "twice"),
    ],
)
def test_parse_bad_header(change: tuple[str, str], fragment: str) -> None:
    text = GOOD.replace(*change)
    assert text != GOOD
    with pytest.raises(QueryFileError, match=fragment):
        parse_query(text, "demo-rule.cypher")


def test_params_check_detects_mismatch() -> None:
    text = (
        GOOD.replace("// severity: warning\n", "")
        .replace("// kind: audit", "// kind: explore")
        .replace("// params: none", "// params: township: a township id; unused: nothing")
        .replace(
            "MATCH (n) RETURN n",
            "MATCH (n {id: $township}) WHERE n.x = $other AND n.s = '$notaparam' RETURN n // $nor_this",
        )
    )
    q = parse_query(text, "demo.cypher")
    assert used_params(q.cypher) == {"township", "other"}
    problems = check_params(q)
    assert any("$other" in p for p in problems)
    assert any("'unused'" in p for p in problems)
    assert len(problems) == 2


def test_params_apostrophe_in_a_comment_opens_no_string() -> None:
    """A comment such as "// a lead's area" must not hide the parameters after it, and a
    '//' inside a string literal is no comment."""
    cypher = (
        "MATCH (n)\n// the leads of a lead's area\nWHERE n.date <= $as_of AND n.url = 'http://x/$no'\n"
        "RETURN n // $nor_this\n/* $nor_that */ , $last"
    )
    assert used_params(cypher) == {"as_of", "last"}
