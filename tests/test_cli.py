"""The kg command: exit codes, errors as one sentence, outputs — on both stores."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import STORES
from datasets import make_dataset, small_org

from kg.cli import cli
from kg.stores import Store

BASIC = {"name": "一号街道基本履职事项清单", "kind": "basic", "owner": "T1-gov", "effective_date": "2024-01-01"}


@pytest.fixture(params=STORES)
def kg(request: pytest.FixtureRequest, tmp_path: Path):
    """Run ``kg`` against an empty store of each kind; returns (exit code, stdout, stderr)."""
    if request.param == "neo4j":
        store: Store = request.getfixturevalue("_neo4j")
        store.clear()
        prefix = ["--store", "neo4j"]
    else:
        prefix = ["--store", "embedded", "--data-dir", str(tmp_path / "db")]
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str, str]:
        res = runner.invoke(cli, [*prefix, *args], catch_exceptions=False)
        return res.exit_code, res.stdout, res.stderr

    return run


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    rows = [
        {"duty_id": "D1", "name": "农村宅基地使用审查", "duty_type": "行政确认", "lead": "T1-gov"},
        {
            "duty_id": "D2",
            "name": "地质灾害隐患巡查",
            "duty_type": "行政检查",
            "lead": "T1-gov",
            "cooperating": "X1-nr",
        },
    ]
    return make_dataset(tmp_path / "ds", **small_org(), lists={"L1": (BASIC, rows)})


def test_load_stats_query_export(kg, dataset: Path, tmp_path: Path) -> None:
    code, out, _ = kg("load", str(dataset))
    assert code == 0 and "loaded test" in out
    code, out, _ = kg("stats", "--format", "json")
    assert code == 0
    counts = json.loads(out)
    assert counts["nodes"]["Body"] == 4 and counts["relationships"]["HOLDS_DUTY"] == 3
    code, out, _ = kg(
        "query", "MATCH (d:Duty) WHERE d.id = $id RETURN d.name AS name", "-p", "id", "D2", "--format", "json"
    )
    assert code == 0 and json.loads(out) == [{"name": "地质灾害隐患巡查"}]
    code, out, _ = kg(
        "query",
        "MATCH (a:Area) WHERE a.level IN $levels RETURN a.id ORDER BY a.id",
        "-j",
        "levels",
        '["city","county"]',
        "--format",
        "csv",
    )
    assert code == 0 and out.split() == ["a.id", "C1", "X1"]
    code, out, _ = kg("export", str(tmp_path / "g.graphml"))
    assert code == 0 and (tmp_path / "g.graphml").read_text(encoding="utf-8").count("<node ") == counts_total(counts)
    code, out, _ = kg("export", str(tmp_path / "t.json"), "--around", "T1", "--hops", "1")
    assert code == 0
    ids = {n["id"] for n in json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["nodes"]}
    assert ids == {"T1", "X1", "T1-gov", "T1-pc"}


def counts_total(counts: dict) -> int:
    return sum(counts["nodes"].values())


def test_queries_are_read_only_unless_asked(kg, dataset: Path) -> None:
    assert kg("load", str(dataset))[0] == 0
    code, _, err = kg("query", "CREATE (:Area {id: 'zz', name: 'x', level: 'city'})")
    assert code == 3 and "--write" in err and "Traceback" not in err
    assert kg("query", "CREATE (:Area {id: 'zz', name: 'x', level: 'city'})", "--write")[0] == 0


def test_a_refused_dataset_exits_non_zero_with_located_errors(kg, dataset: Path) -> None:
    (dataset / "lists" / "L1.csv").write_text("duty_id,name,lead\nD1,事项,nobody\n", encoding="utf-8")
    code, out, err = kg("load", str(dataset))
    assert code == 3
    assert "ds/lists/L1.csv, row 2, column lead" in err and "nothing was written" in err
    code, out, err = kg("stats", "--format", "json")  # nothing was written: the store holds no dataset
    assert code == 3 and "holds no dataset" in err and out == ""


def test_usage_errors_exit_2(kg) -> None:
    code, _, err = kg("stats", "--format", "xml")
    assert code == 2 and "'table', 'json'" in err
    code, _, err = kg("query", "MATCH (n) RETURN n", "-j", "x", "{not json")
    assert code == 2 and "not JSON" in err


def test_missing_dataset_is_one_sentence(kg, tmp_path: Path) -> None:
    code, _, err = kg("load", str(tmp_path / "nowhere"))
    assert code == 3 and err.strip() == f"error: dataset folder not found: {tmp_path / 'nowhere'}"


def test_every_command_has_help_with_an_example() -> None:
    runner = CliRunner()
    for name in cli.commands:
        res = runner.invoke(cli, [name, "--help"])
        assert res.exit_code == 0, name
        assert "Example" in res.output, name


def run_kg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, env=env, timeout=120)


def test_connection_failures_are_one_sentence(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": "x"}
    res = run_kg("--store", "neo4j", "stats", env=env)
    assert res.returncode == 3
    assert (
        res.stderr.strip()
        == "error: cannot connect to Neo4j at bolt://127.0.0.1:1: connection refused or server unavailable"
    )
    env.pop("NEO4J_PASSWORD")
    res = run_kg("--store", "neo4j", "stats", env=env)
    assert res.returncode == 3 and "NEO4J_PASSWORD is not set" in res.stderr and "Traceback" not in res.stderr


def test_strict_load_refuses_duty_access_violations(kg) -> None:
    from conftest import SAMPLE

    code, _, err = kg("load", "--strict", str(SAMPLE))
    assert code == 3 and "nothing was written" in err
    assert "sample/handovers.yaml" in err and "ho-ds-zf-d104" in err and "DL-1.3" in err
    code, out, err = kg("stats", "--format", "json")
    assert code == 3 and "holds no dataset" in err  # nothing was written
    code, out, _ = kg("load", str(SAMPLE))  # analysts must still be able to see real violations
    assert code == 0
    code, out, _ = kg("stats", "--format", "json")
    handovers = yaml.safe_load((SAMPLE / "handovers.yaml").read_text(encoding="utf-8"))
    assert json.loads(out)["nodes"]["Handover"] == len(handovers)
