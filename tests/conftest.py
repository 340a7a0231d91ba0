"""Test fixtures: every store-backed test runs on both stores.

``store`` is parametrised over the embedded store (FalkorDBLite, in-process) and a
live Neo4j server (``NEO4J_URI``/``NEO4J_USERNAME``/``NEO4J_PASSWORD``, which
``.ci/run`` starts and exports). A missing Neo4j server is a test failure, not a
skip. To run only the embedded half on purpose, set ``KG_TEST_STORES=embedded``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability import Target

from kg.stores import EmbeddedStore, Neo4jSettings, Neo4jStore, Store
from kg.stores.embedded import stop_server

# Servers of test stores stop when their last connection closes (no idle watchdogs
# left behind by the suite); the watchdog has its own test.
os.environ.setdefault("KG_SERVER_IDLE", "0")

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "sample"
STORES = [s.strip() for s in os.environ.get("KG_TEST_STORES", "embedded,neo4j").split(",") if s.strip()]


@pytest.fixture(scope="session")
def _embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(tmp_path_factory.mktemp("embedded"))
    yield s
    s.close()


@pytest.fixture(scope="session")
def _neo4j() -> Iterator[Neo4jStore]:
    # No skip: if the server is not there, every Neo4j-backed test fails with the reason.
    s = Neo4jStore(Neo4jSettings.from_env())
    yield s
    s.close()


def _fresh(store: Store) -> Store:
    store.clear()
    store.ensure_schema()
    return store


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest) -> Store:
    """An empty store (schema and Power catalogue in place), once per backend."""
    if request.param == "neo4j":
        request.node.add_marker(pytest.mark.neo4j)
    return _fresh(request.getfixturevalue(f"_{request.param}"))


@pytest.fixture
def both_stores(request: pytest.FixtureRequest) -> dict[str, Store]:
    """Every configured store, emptied: for tests that compare results across stores."""
    return {name: _fresh(request.getfixturevalue(f"_{name}")) for name in STORES}


@pytest.fixture(params=STORES)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    """A store for tests that drive real ``kg`` processes: CLI options plus an in-process handle."""
    data_dir = tmp_path / "db"
    neo4j = None
    if request.param == "neo4j":
        request.node.add_marker(pytest.mark.neo4j)
        neo4j = request.getfixturevalue("_neo4j")
        neo4j.clear()
    yield Target(request.param, data_dir, neo4j)
    stop_server(data_dir)  # no server outlives its test


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that runs on Neo4j, so the run can say how many did."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        uses_neo4j = (
            "neo4j" in params.values()
            or "_neo4j" in getattr(item, "fixturenames", ())
            or "both_stores" in getattr(item, "fixturenames", ())
        )
        if uses_neo4j or item.get_closest_marker("neo4j"):
            item.add_marker(pytest.mark.neo4j)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """A line per store: how many store-backed tests passed, failed or were skipped."""
    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for rep in terminalreporter.stats.get(outcome, []):
            if getattr(rep, "when", "call") != "call" and outcome == "passed":
                continue
            keywords = getattr(rep, "keywords", {})
            store = "Neo4j-backed" if "neo4j" in keywords else "other (embedded store or no store)"
            counts.setdefault(store, {}).setdefault(outcome, 0)
            counts[store][outcome] += 1
    for store, c in sorted(counts.items()):
        terminalreporter.write_line(f"{store} tests: " + ", ".join(f"{n} {k}" for k, n in sorted(c.items())))
