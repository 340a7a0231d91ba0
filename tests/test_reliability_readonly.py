"""Reliability corpus, part 4: read-only means read-only, and secrets stay secret
(issue 10, "Nothing lost, nothing leaked")."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from datasets import make_dataset, small_org
from reliability import REPO, SAMPLE, run_kg

from kg.api import load, query
from kg.cli import cli
from kg.errors import StoreError, UsageError
from kg.stores import Neo4jSettings, Neo4jStore, Store

PASSWD = "LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r"


class Obj:
    def __init__(self, store: Store) -> None:
        self._store = store

    def store(self, create: bool = True) -> Store:
        return self._store


def invoke(store: Store, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), obj=Obj(store))


@pytest.mark.parametrize(
    "cypher",
    [
        PASSWD,
        "LOAD CSV WITH HEADERS FROM $u AS r RETURN r",
        "MATCH (p:Power) WITH p LIMIT 1 LOAD CSV FROM 'file:///etc/hostname' AS r RETURN r",
    ],
)
def test_read_only_queries_cannot_read_server_files(store: Store, cypher: str) -> None:
    load(store, SAMPLE)
    with pytest.raises(UsageError, match="only with --write"):
        query(store, cypher, {"u": "file:///etc/passwd"})
    res = invoke(store, "query", cypher, "-p", "u", "file:///etc/passwd")
    assert res.exit_code == 2 and "only with --write" in res.stderr and "root:" not in res.output


def test_even_write_queries_cannot_read_files_outside_the_import_folder(store: Store) -> None:
    """A server-configuration test: the embedded server reads only its empty import
    folder, the local Neo4j allows no file URLs at all."""
    load(store, SAMPLE)
    with pytest.raises(StoreError) as e:
        query(store, PASSWD, write=True)
    assert "root:" not in str(e.value)


def test_csv_output_escapes_formula_cells(store: Store, tmp_path: Path) -> None:
    org = small_org()
    names = ["=1+1", "@SUM(A1)", "-2", "+1", "\tx"]
    for body, name in zip(org["bodies"], names, strict=False):
        body["name"] = name
    spec = {"name": "清单", "kind": "basic", "owner": "T1-gov", "effective_date": "2024-01-01"}
    row = {"duty_id": "D1", "name": "事项", "duty_type": "行政确认", "lead": "T1-gov"}
    load(store, make_dataset(tmp_path / "ds", **org, lists={"L1": (spec, [row])}))
    cypher = "MATCH (b:Body) RETURN b.name AS name, size(b.name) AS n ORDER BY b.id"
    res = invoke(store, "query", cypher, "--format", "csv")
    assert res.exit_code == 0, res.output
    cells = list(csv.reader(io.StringIO(res.stdout)))[1:]
    raw = [r["name"] for r in json.loads(invoke(store, "query", cypher, "--format", "json").stdout)]
    assert sorted(raw) == sorted(names[:4])  # JSON keeps the values as they are
    assert sorted(c[0] for c in cells) == sorted("'" + n for n in names[:4])
    assert all(not c[1].startswith("'") for c in cells)  # numbers stay numbers


def test_audit_csv_escapes_formula_cells() -> None:
    from kg.audit.render import render_csv
    from kg.audit.rules import Finding

    f = Finding(
        rule_id="R1",
        title_zh="职责交叉",
        title_en="overlap",
        clause="DL-1.1",
        severity="error",
        township_id="T1",
        township_name='=HYPERLINK("http://x")',
        subject_id="D1",
        subject_name="@SUM(A1)",
        related_ids=["-1", "B2"],
        message_zh="一号",
        message_en="+1",
    )
    rows = list(csv.DictReader(io.StringIO(render_csv([f]))))
    assert rows[0]["township_name"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["subject_name"] == "'@SUM(A1)" and rows[0]["message_en"] == "'+1"
    assert rows[0]["related_ids"] == "'-1;B2" and rows[0]["message_zh"] == "一号"


def test_a_password_never_appears_in_messages_or_reprs(tmp_path: Path) -> None:
    secret = "SECRETXYZ-123"
    s = Neo4jSettings(uri=f"bolt://neo4j:{secret}@127.0.0.1:1", username="neo4j", password=secret)
    assert secret not in repr(s) and "***" in repr(s)
    with pytest.raises(StoreError) as e:
        Neo4jStore(s)
    assert secret not in str(e.value)
    res = run_kg("neo4j", tmp_path, "--uri", f"bolt://neo4j:{secret}@127.0.0.1:1", "stats", NEO4J_PASSWORD=secret)
    assert res.returncode == 3 and secret not in res.stderr + res.stdout and "***" in res.stderr


def test_unsendable_parameters_are_usage_errors(store: Store) -> None:
    load(store, SAMPLE)
    res = invoke(store, "query", "RETURN $x AS x", "-j", "x", '"\\ud800"')
    assert res.exit_code == 2 and "unpaired surrogate" in res.stderr


def test_the_local_neo4j_password_is_generated_and_private() -> None:
    state = Path(os.environ.get("KG_NEO4J_STATE_DIR") or REPO / ".neo4j-local")
    if not (state / "password").exists():
        pytest.skip("the local Neo4j of scripts/neo4j-local is not in use (NEO4J_PASSWORD given from outside)")
    for name in ("password", "env"):
        assert stat.S_IMODE((state / name).stat().st_mode) == 0o600, name
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    text = (REPO / "scripts" / "neo4j-local").read_text(encoding="utf-8")
    assert "kgtestpass" not in text
