"""What Neo4jStore does that only Neo4j can show.

* constraints and indexes are created (IF NOT EXISTS, so repeatable) before any data is
  written, and they are the ones ``SHOW CONSTRAINTS`` / ``SHOW INDEXES`` list;
* writes run in managed write transactions (``execute_write``: retried on transient
  errors), reads in read transactions (``execute_read``: a write there is refused);
* ``neo4j://`` (routing) URIs work, ``neo4j+s://`` and ``bolt+s://`` are accepted;
* the database name is honoured, from the settings and from ``NEO4J_DATABASE``;
* a wrong password, a refused connection, an unknown host and an unknown database each
  give one clear sentence (a :class:`StoreError`), never a driver traceback.

Needs the live server of the test run (``NEO4J_URI``…); only one wrong password is sent,
so the server's lock-out after repeated failures is never triggered.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from typing import Any, Self

import pytest
from conftest import STORES
from datasets import make_dataset, small_org

from kg import api
from kg.errors import StoreError
from kg.stores import READ_ONLY_MESSAGE, Neo4jSettings, Neo4jStore, schema_statements
from kg.stores.base import META_SCHEMA

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif("neo4j" not in STORES, reason="Neo4j is not among KG_TEST_STORES"),
]


@pytest.fixture
def neo(request: pytest.FixtureRequest) -> Neo4jStore:
    store = request.getfixturevalue("_neo4j")
    store.clear()
    store.ensure_schema()
    return store


@pytest.fixture(scope="module")
def base() -> Neo4jSettings:
    return Neo4jSettings.from_env()


def with_(settings: Neo4jSettings, **changes: Any) -> Neo4jSettings:
    return Neo4jSettings(**{**settings.__dict__, **changes})


def open_error(settings: Neo4jSettings, cypher: str = "RETURN 1") -> str:
    """The StoreError text from opening a store with these settings and running one query."""
    with pytest.raises(StoreError) as info:
        store = Neo4jStore(settings)
        try:
            store.run(cypher)
        finally:
            store.close()
    return str(info.value)


def assert_one_sentence(message: str) -> None:
    assert message and "\n" not in message, f"not one line: {message!r}"
    assert "Traceback" not in message and len(message) < 300, message
    # no second sentence: no ". X" / "! X" with a capital after the first stop
    assert not re.search(r"[.!?]\s+[A-Z]", message), f"more than one sentence: {message!r}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- schema


def _expected_schema() -> tuple[set[str], set[str]]:
    constraints, indexes = set(), set()
    for stmt in schema_statements():
        m = re.match(r"CREATE (CONSTRAINT|INDEX) (\w+) IF NOT EXISTS", stmt)
        assert m, stmt
        (constraints if m.group(1) == "CONSTRAINT" else indexes).add(m.group(2))
    return constraints, indexes


def test_the_driver_packs_and_unpacks_with_its_rust_codec(neo: Neo4jStore) -> None:
    """kg depends on neo4j-rust-ext: the driver's codec in Rust (about 4x less client CPU per
    write, benchmarks/README.md); the pure-Python one would still work, only slower."""
    from neo4j._codec.packstream import v1 as packstream

    assert packstream._rust_pack is not None and packstream._rust_unpack is not None
    rows = [{"id": "甲", "n": 2**40, "x": [1.5, None, True]}]
    assert neo.run("UNWIND $rows AS r RETURN r", {"rows": rows}).rows == [[rows[0]]]


def test_schema_statements_are_idempotent() -> None:
    assert all(" IF NOT EXISTS " in s for s in schema_statements())


def test_constraints_and_indexes_are_in_place(neo: Neo4jStore) -> None:
    neo.ensure_schema()  # a second time: IF NOT EXISTS makes it a no-op
    constraints, indexes = _expected_schema()
    shown = {
        r[0]: r[1:]
        for r in neo.run(
            "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN name, type, labelsOrTypes, properties"
        ).rows
    }
    assert constraints <= set(shown), sorted(constraints - set(shown))
    for name in constraints:
        ctype, _labels, props = shown[name]
        assert ctype in ("UNIQUENESS", "NODE_PROPERTY_UNIQUENESS") and props == ["id"], (name, shown[name])
    shown_idx = {
        r[0]: r[1:]
        for r in neo.run("SHOW INDEXES YIELD name, entityType, properties RETURN name, entityType, properties").rows
    }
    assert indexes <= set(shown_idx), sorted(indexes - set(shown_idx))
    for name in indexes:
        entity, props = shown_idx[name]
        assert entity == ("RELATIONSHIP" if name.rsplit("_", 1)[0].upper() in _rel_types() else "NODE"), (name, entity)
        assert props in (["dataset"], ["key"]), (name, props)
    # each uniqueness constraint is backed by its own index
    assert all(shown_idx.get(n) for n in constraints)


def _rel_types() -> set[str]:
    from kg.model import RELATIONSHIP_TYPES

    return {r.type for r in RELATIONSHIP_TYPES}


def test_schema_comes_before_the_first_write(neo: Neo4jStore, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    neo.run("DROP INDEX duty_dataset IF EXISTS", write=True)
    seen: list[str] = []
    real = neo.run

    def spy(cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> Any:
        seen.append(cypher)
        return real(cypher, params, write=write)

    monkeypatch.setattr(neo, "run", spy)
    api.load(neo, make_dataset(tmp_path / "ds", **small_org()))
    first_data = next(i for i, c in enumerate(seen) if c.startswith("UNWIND $rows"))
    schema = [i for i, c in enumerate(seen) if c.startswith(("CREATE CONSTRAINT", "CREATE INDEX"))]
    assert len(schema) == len(schema_statements()) + len(META_SCHEMA)  # each once, plus kg's own labels
    assert max(schema) < first_data
    monkeypatch.undo()
    assert neo.run("SHOW INDEXES YIELD name WHERE name = 'duty_dataset' RETURN count(*)").value() == 1


# --------------------------------------------------------------------------- transactions


class SessionSpy:
    """Wraps a driver session: records the transaction functions used and can make the
    first attempt of a write fail with a transient error, as a deadlock would."""

    def __init__(self, session: Any, log: list[str], fail_first_write: bool) -> None:
        self._s, self._log, self._fail = session, log, fail_first_write

    def __enter__(self) -> Self:
        self._s.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._s.__exit__(*exc)

    def execute_write(self, work: Any) -> Any:
        from neo4j.exceptions import TransientError

        def attempt(tx: Any) -> Any:
            self._log.append("write attempt")
            if self._fail:
                self._fail = False
                raise TransientError("simulated deadlock", "Neo.TransientError.Transaction.DeadlockDetected")
            return work(tx)

        self._log.append("execute_write")
        return self._s.execute_write(attempt)

    def execute_read(self, work: Any) -> Any:
        self._log.append("execute_read")
        return self._s.execute_read(work)

    def run(self, *a: Any, **k: Any) -> Any:  # auto-commit: must never be used
        self._log.append("auto-commit run")
        return self._s.run(*a, **k)


@pytest.fixture
def spied(neo: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Neo4jStore, list[str], dict[str, bool]]]:
    log: list[str] = []
    flags = {"fail_first_write": False}
    real = neo._session

    def session() -> SessionSpy:
        spy = SessionSpy(real(), log, flags["fail_first_write"])
        flags["fail_first_write"] = False
        return spy

    monkeypatch.setattr(neo, "_session", session)
    yield neo, log, flags


def test_reads_use_read_transactions_and_writes_write_transactions(spied: Any) -> None:
    neo, log, _ = spied
    neo.run("MATCH (n) RETURN count(n)")
    assert log == ["execute_read"]
    log.clear()
    neo.run("CREATE (:Area {id: 'tx-probe', name: 'probe', level: 'city'})", write=True)
    assert log == ["execute_write", "write attempt"]


def test_a_write_in_a_read_transaction_is_refused(neo: Neo4jStore) -> None:
    with pytest.raises(StoreError) as info:
        neo.run("CREATE (:Area {id: 'ro-probe', name: 'probe', level: 'city'})")
    assert str(info.value) == READ_ONLY_MESSAGE
    assert neo.run("MATCH (a:Area {id: 'ro-probe'}) RETURN count(a)").value() == 0


def test_a_transient_failure_is_retried(spied: Any) -> None:
    neo, log, flags = spied
    flags["fail_first_write"] = True
    neo.run("MERGE (:Area {id: 'retry-probe', name: 'probe', level: 'city'})", write=True)
    assert log == ["execute_write", "write attempt", "write attempt"]
    assert neo.run("MATCH (a:Area {id: 'retry-probe'}) RETURN count(a)").value() == 1


def test_a_load_uses_only_managed_transactions(spied: Any, tmp_path: Any) -> None:
    neo, log, _ = spied
    api.load(neo, make_dataset(tmp_path / "ds", **small_org()))
    assert "auto-commit run" not in log
    assert log.count("execute_write") >= len(schema_statements())


# --------------------------------------------------------------------------- URIs and databases


def test_a_routing_uri_works(base: Neo4jSettings) -> None:
    uri = re.sub(r"^bolt://", "neo4j://", base.uri)
    with Neo4jStore(with_(base, uri=uri)) as store:
        assert store.run("RETURN 1 AS x").value() == 1
        assert store.run("RETURN 2 AS x", write=True).value() == 2
        assert "neo4j://" in store.describe()


@pytest.mark.parametrize("scheme", ["neo4j+s", "bolt+s", "neo4j+ssc"])
def test_tls_uris_are_accepted(base: Neo4jSettings, scheme: str) -> None:
    # the local server speaks no TLS: the URI is accepted, the handshake fails, one sentence
    uri = re.sub(r"^\w+(\+\w+)?://", f"{scheme}://", base.uri)
    message = open_error(with_(base, uri=uri))
    assert uri in message
    assert_one_sentence(message)


def test_the_database_name_is_honoured(base: Neo4jSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    for db in ("system", "neo4j"):
        with Neo4jStore(with_(base, database=db)) as store:
            assert store.run("CALL db.info() YIELD name RETURN name").value() == db
            assert f"({db})" in store.describe()
    monkeypatch.setenv("NEO4J_DATABASE", "system")
    with Neo4jStore(Neo4jSettings.from_env()) as store:
        assert store.run("CALL db.info() YIELD name RETURN name").value() == "system"


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_an_unknown_database_is_one_sentence(base: Neo4jSettings, scheme: str) -> None:
    uri = re.sub(r"^\w+(\+\w+)?://", f"{scheme}://", base.uri)
    message = open_error(with_(base, uri=uri, database="kg-no-such-db"))
    assert "kg-no-such-db" in message
    assert_one_sentence(message)


def test_a_wrong_password_is_one_sentence(base: Neo4jSettings) -> None:
    message = open_error(with_(base, password="not-the-password"))
    assert "credentials" in message and base.uri in message and base.username in message
    assert "not-the-password" not in message
    assert_one_sentence(message)


def test_a_refused_connection_is_one_sentence(base: Neo4jSettings) -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    message = open_error(with_(base, uri=uri))
    assert message.startswith(f"cannot connect to Neo4j at {uri}")
    assert_one_sentence(message)


def test_an_unknown_host_is_one_sentence(base: Neo4jSettings) -> None:
    message = open_error(with_(base, uri="neo4j://kg-no-such-host.invalid:7687"))
    assert "kg-no-such-host.invalid" in message
    assert_one_sentence(message)


def test_a_missing_password_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    with pytest.raises(StoreError) as info:
        Neo4jSettings.from_env()
    assert "NEO4J_PASSWORD" in str(info.value)
    assert_one_sentence(str(info.value))


def test_an_unsupported_scheme_is_one_sentence(base: Neo4jSettings) -> None:
    message = open_error(with_(base, uri="http://127.0.0.1:7474"))
    assert "bolt://" in message and "neo4j://" in message
    assert_one_sentence(message)
