"""`kg export --bulk`: neo4j-admin import files that give the graph `kg load` gives.

A small generated country (two province datasets, ``kg generate --provinces 2``) is
exported, imported with ``neo4j-admin database import full`` (run from the jars of
neo4j-local/, as the packaged neo4j-admin does) into a fresh data folder, served by a
second local Neo4j started on that folder, and audited: the graph and the findings equal
those of a normal load of both provinces into each store, and the findings are exactly
the union of the provinces' expected_findings.yaml. A reload, the reload of one province
whose list changed, and an incremental load on top of the imported graph keep working.
"""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import STORES
from findings import assert_findings_exactly, read_as_of, read_expected

from kg import api
from kg.audit.rules import run_audit
from kg.bulk import BulkReport, export_bulk
from kg.export import graph_json, to_networkx
from kg.generate import generate_country
from kg.ingest.load import load_dataset
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


def _findings(store: Store, as_of: str | None = None) -> list[tuple[str, str, str]]:
    return sorted((f.rule_id, f.subject_id, f.message_en) for f in run_audit(store, as_of=as_of))


@pytest.fixture(scope="module")
def country(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two provinces of a generated country: two datasets with ids of their own."""
    root = tmp_path_factory.mktemp("bulk") / "country"
    return [g.path for g in generate_country(root, 2, 24, seed=3)]


@contextmanager
def _import_and_serve(datasets: list[Path], base: Path) -> Iterator[tuple[Neo4jStore, BulkReport]]:
    """Export ``datasets`` in bulk, import the files with neo4j-admin into a fresh data
    folder and serve it with a second local Neo4j: that store and the export's report."""
    assert (LIB / "lib").is_dir(), "neo4j-local is not built: run scripts/neo4j-local build"
    report = export_bulk(datasets, base / "csv", match=False)
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
        yield store, report
        store.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def imported(country: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jStore]:
    """A second Neo4j serving a database that neo4j-admin imported from the bulk files."""
    with _import_and_serve(country, tmp_path_factory.mktemp("bulk-neo4j")) as (store, report):
        assert report.datasets == ["generated-p01-24-s3", "generated-p02-24-s3"]
        yield store


@pytest.fixture(scope="module")
def imported_mixed(country: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jStore]:
    """The sample and a generated province imported together: labels and types whose columns
    differ between the two datasets go in as two inputs, each with its own header file."""
    with _import_and_serve([resource_dir("sample"), country[0]], tmp_path_factory.mktemp("bulk-mixed")) as (
        store,
        report,
    ):
        assert any(name.endswith("-header-2.csv") for name in report.files), "no second header: nothing mixed"
        yield store


def test_an_imported_graph_audits_like_a_loaded_one(imported: Neo4jStore, store: Store, country: list[Path]) -> None:
    for path in country:
        load_dataset(store, path, match=False)
    assert api.stats(store) == api.stats(imported)
    # every node and relationship with the same properties, of the same types
    got, want = graph_json(to_networkx(imported)), graph_json(to_networkx(store))
    for part in ("nodes", "links", "edges"):
        if part in want:
            diffs = [(a, b) for a, b in zip(got[part], want[part], strict=False) if a != b]
            assert not diffs, f"{part}: first difference, imported vs loaded: {diffs[0]}"
    assert got == want
    as_of = read_as_of(country[0])
    expected = _findings(store, as_of)
    assert expected  # the generator seeds problems
    assert _findings(imported, as_of) == expected
    # and they are what the provinces' ground truth says, together: none lost, none added
    assert_findings_exactly(run_audit(imported, as_of=as_of), [e for p in country for e in read_expected(p)])


def _change_a_list(province: Path, into: Path) -> tuple[str, str, tuple[str, str, str]]:
    """A copy of ``province`` in which one township's basic list drops its last row and
    gives a second lead to a row led by one body: the list id, the dropped duty, and the
    (duty, lead, added lead) of the overlap it now holds."""
    shutil.copytree(province, into)
    path = sorted((into / "lists").glob("list-*-t01-basic.csv"))[0]
    township = path.name.removeprefix("list-").removesuffix("-basic.csv")
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns, rows = list(reader.fieldnames or ()), list(reader)
    dropped = rows.pop()["duty_id"]
    added = f"{township}-fwzx"  # every generated township has its service centre
    for row in rows:
        if row["lead"] and ";" not in row["lead"] and row["lead"] != added and not row["cooperating"]:
            lead, row["lead"] = row["lead"], f"{row['lead']};{added}"
            with path.open("w", encoding="utf-8", newline="") as f:
                writer = csv.DictWriter(f, columns, lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
            return path.stem, dropped, (row["duty_id"], lead, added)
    raise AssertionError(f"{path}: no row with a single lead to change")


def test_a_province_reloads_with_a_changed_list_after_a_bulk_import(
    imported: Neo4jStore, store: Store, country: list[Path], tmp_path: Path
) -> None:
    """After the import of two provinces, one province's list changes and that province is
    reloaded: the imported graph is then the graph a normal load of the unchanged province
    and the changed one gives, and holds the change (one row fewer, one overlap more)."""
    before = api.stats(imported)
    report = api.load(imported, country[0], match=False)  # unchanged: every key is there already
    assert (report.nodes_removed, report.relationships_removed) == (0, 0)
    assert api.stats(imported) == before
    changed = tmp_path / country[1].name
    list_id, dropped, (duty, lead, added) = _change_a_list(country[1], changed)
    load_dataset(imported, changed, match=False)
    for path in (country[0], changed):
        load_dataset(store, path, match=False)
    assert api.stats(imported) == api.stats(store)
    as_of = read_as_of(country[0])
    assert _findings(imported, as_of) == _findings(store, as_of)
    rows = imported.run(
        "MATCH (l:DutyList {id: $list})-[:INCLUDES]->(d:Duty {id: $duty}) RETURN count(*)",
        {"list": list_id, "duty": dropped},
    ).rows
    assert rows == [[0]], "the dropped row's INCLUDES is gone"
    overlaps = [f for f in run_audit(imported, as_of=as_of) if f.rule_id == "duty-overlap" and f.subject_id == duty]
    assert any({lead, added} <= set(f.related_ids) for f in overlaps), overlaps


def test_loads_keep_working_after_a_bulk_import(imported: Neo4jStore, country: list[Path]) -> None:
    before = api.stats(imported)
    findings = _findings(imported)
    report = api.load(imported, country[0], match=False)  # the same dataset again: every key is there already
    assert (report.nodes_removed, report.relationships_removed) == (0, 0)
    assert api.stats(imported) == before
    assert _findings(imported) == findings
    # an incremental load of another dataset beside the imported ones (the sample: its ids are its own)
    api.load(imported, resource_dir("sample"))
    after = api.stats(imported)
    assert after != before
    # and an imported province reloads unchanged next to it
    api.load(imported, country[0], match=False)
    assert api.stats(imported) == after


def test_datasets_with_other_columns_import_like_a_load(
    imported_mixed: Neo4jStore, store: Store, country: list[Path]
) -> None:
    """The sample and a province in one import (several inputs for one label) give the graph
    and the findings of a normal load of both, but for empty lists: neo4j-admin's CSV has no
    empty array (an empty field is no property, a lone delimiter is ['', '']), so a list
    property that a load stores as [] (the sample's DeputySession.participant_kinds) is
    absent after an import. The findings are the same."""
    for path in (resource_dir("sample"), country[0]):
        load_dataset(store, path, match=False)
    assert api.stats(imported_mixed) == api.stats(store)
    got, want = graph_json(to_networkx(imported_mixed)), graph_json(to_networkx(store))
    for part in ("nodes", "links", "edges"):
        for item in want.get(part, []):
            for key in [k for k, v in item.items() if v == []]:
                del item[key]
    for part in ("nodes", "links", "edges"):
        if part in want:
            diffs = [(a, b) for a, b in zip(got[part], want[part], strict=False) if a != b]
            assert not diffs, f"{part}: first difference, imported vs loaded: {diffs[0]}"
    assert got == want
    for as_of in (read_as_of(resource_dir("sample")), read_as_of(country[0])):
        assert _findings(imported_mixed, as_of) == _findings(store, as_of)
