"""`kg export --bulk`: neo4j-admin import files that give the graph `kg load` gives.

A small generated dataset is exported, imported with ``neo4j-admin database import full``
(run from the jars of neo4j-local/, as the packaged neo4j-admin does) into a fresh data
folder, served by a second local Neo4j started on that folder, and audited: the findings
equal those of a normal load into each store. A reload and an incremental load on top
of the imported graph keep working.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import STORES

from kg import api
from kg.audit.rules import run_audit
from kg.bulk import export_bulk
from kg.export import graph_json, to_networkx
from kg.generate import generate_dataset
from kg.resources import resource_dir
from kg.stores import Neo4jSettings, Neo4jStore, Store

REPO = Path(__file__).resolve().parents[1]
LIB = REPO / "neo4j-local" / "target"
PASSWORD = "kgbulkpass"

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif("neo4j" not in STORES, reason="Neo4j is not among KG_TEST_STORES"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _findings(store: Store) -> list[tuple[str, str, str]]:
    return sorted((f.rule_id, f.subject_id, f.message_en) for f in run_audit(store))


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bulk") / "gen"
    generate_dataset(path, 24, 3)
    return path


@pytest.fixture(scope="module")
def imported(dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jStore]:
    """A second Neo4j serving a database that neo4j-admin imported from the bulk files."""
    assert (LIB / "lib").is_dir(), "neo4j-local is not built: run scripts/neo4j-local build"
    base = tmp_path_factory.mktemp("bulk-neo4j")
    report = export_bulk([dataset], base / "csv")
    assert report.nodes > 0 and report.relationships > 0
    home = base / "home"
    (home / "conf").mkdir(parents=True)
    classpath = f"{LIB / 'classes'}{os.pathsep}{LIB / 'lib' / '*'}"
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    args = ["java", "-Xmx512m", "-cp", classpath]
    imp = subprocess.run(
        [*args, "org.neo4j.cli.AdminTool", "database", "import", "full", "neo4j", f"@{base / 'csv' / 'import.args'}"],
        env=env,
        cwd=base,  # neo4j-admin writes its import.report into the working directory
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert imp.returncode == 0, imp.stdout[-2000:] + imp.stderr[-2000:]
    assert f"{report.nodes} nodes" in imp.stdout and f"{report.relationships} relationships" in imp.stdout
    bolt, http = _free_port(), _free_port()
    data = base / "served"
    ports = ("--bolt-port", str(bolt), "--http-port", str(http))
    server = subprocess.Popen(
        [*args, "kg.neo4jlocal.Launcher", *("--data", str(data), "--from", str(home)), *ports],
        env={**os.environ, "KG_NEO4J_PASSWORD": PASSWORD},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while not (data / "READY").exists():
            assert server.poll() is None, "the Neo4j serving the imported database exited"
            assert time.monotonic() < deadline, "the Neo4j serving the imported database did not start"
            time.sleep(0.5)
        store = Neo4jStore(Neo4jSettings(uri=f"bolt://127.0.0.1:{bolt}", username="neo4j", password=PASSWORD))
        store.ensure_schema()  # what `kg init` does after an import
        yield store
        store.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(base, ignore_errors=True)


def test_an_imported_graph_audits_like_a_loaded_one(imported: Neo4jStore, store: Store, dataset: Path) -> None:
    api.load(store, dataset)
    assert api.stats(store) == api.stats(imported)
    # every node and relationship with the same properties, of the same types
    got, want = graph_json(to_networkx(imported)), graph_json(to_networkx(store))
    for part in ("nodes", "links", "edges"):
        if part in want:
            diffs = [(a, b) for a, b in zip(got[part], want[part], strict=False) if a != b]
            assert not diffs, f"{part}: first difference, imported vs loaded: {diffs[0]}"
    assert got == want
    expected = _findings(store)
    assert expected  # the generator seeds problems
    assert _findings(imported) == expected


def test_loads_keep_working_after_a_bulk_import(imported: Neo4jStore, dataset: Path, tmp_path: Path) -> None:
    before = api.stats(imported)
    findings = _findings(imported)
    report = api.load(imported, dataset)  # the same dataset again: every key is there already
    assert (report.nodes_removed, report.relationships_removed) == (0, 0)
    assert api.stats(imported) == before
    assert _findings(imported) == findings
    # an incremental load of another dataset beside the imported one (the sample: its ids are
    # its own; a second generated dataset would reuse the generator's ids, which kg refuses)
    api.load(imported, resource_dir("sample"))
    after = api.stats(imported)
    assert after != before
    # and the imported dataset reloads unchanged next to it
    api.load(imported, dataset)
    assert api.stats(imported) == after
