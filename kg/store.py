"""Graph stores: one interface, two implementations.

* :class:`EmbeddedStore` — FalkorDBLite, in-process, no server; a database file in a
  data directory. Writes go to an append-only file fsynced on every write, so data
  survives the process without waiting for a snapshot timer.
* :class:`Neo4jStore` — a Neo4j server through the official ``neo4j`` driver; reads in
  read transactions, writes in managed write transactions with the driver's retries.

Both run the same Cypher and return plain Python values (nodes and relationships as
property maps), so a query's result is comparable across stores.
"""

from __future__ import annotations

import json
import os
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import StoreError
from .model import NODE_KINDS, POWERS, RELATIONSHIP_TYPES

DEFAULT_GRAPH = "kg"
READ_ONLY_MESSAGE = "the query writes to the graph but was run read-only; allow it with --write (write=True in Python)"
BATCH_SIZE = 5000


@dataclass
class Result:
    """A query result: column names and rows of plain Python values."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r)) for r in self.rows]

    def value(self, default: Any = None) -> Any:
        """The first column of the first row."""
        return self.rows[0][0] if self.rows else default


def batches(rows: Sequence[Any], size: int = BATCH_SIZE) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def schema_statements() -> list[str]:
    """Constraints and indexes, in Neo4j's syntax, derived from the model.

    ``schema/constraints.cypher`` is this list written out (a test keeps them equal).
    """
    out = []
    for kind in NODE_KINDS:
        label = kind.LABEL
        out.append(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE")
    for kind in NODE_KINDS:
        label = kind.LABEL
        out.append(f"CREATE INDEX {label.lower()}_dataset IF NOT EXISTS FOR (n:{label}) ON (n.dataset)")
    for rel in RELATIONSHIP_TYPES:
        t = rel.type
        out.append(f"CREATE INDEX {t.lower()}_key IF NOT EXISTS FOR ()-[r:{t}]-() ON (r.key)")
        out.append(f"CREATE INDEX {t.lower()}_dataset IF NOT EXISTS FOR ()-[r:{t}]-() ON (r.dataset)")
    return out


POWER_ROWS = [p.node_properties() for p in POWERS]
SEED_POWERS = "UNWIND $rows AS row MERGE (n:Power {id: row.id}) SET n = row"


def _plain(value: Any) -> Any:
    """Driver values → plain Python: nodes and relationships become property maps."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    props = getattr(value, "properties", None)  # falkordb Node / Edge
    if isinstance(props, dict):
        return {k: _plain(v) for k, v in props.items()}
    if hasattr(value, "items") and hasattr(value, "keys"):  # neo4j Node / Relationship
        return {k: _plain(v) for k, v in dict(value.items()).items()}
    if hasattr(value, "iso_format"):  # neo4j temporal
        return value.iso_format()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class Store(ABC):
    """What every store does. Values are always passed as parameters."""

    backend: str

    @abstractmethod
    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> Result:
        """Run one statement; read-only unless ``write``."""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create constraints and indexes if missing, and the fixed Power catalogue."""

    def clear(self) -> None:
        """Remove every node and relationship (schema stays)."""
        while self.run("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*)", write=True).value(0):
            pass

    def close(self) -> None:  # pragma: no cover - trivial
        pass

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self) -> str:
        return self.backend


# --------------------------------------------------------------------------- embedded


def default_data_dir() -> Path:
    env = os.environ.get("KG_DATA_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kg"


class EmbeddedStore(Store):
    """FalkorDBLite: a private redis-server with the FalkorDB module, on a unix socket."""

    backend = "embedded"

    def __init__(self, data_dir: str | Path | None = None, graph: str = DEFAULT_GRAPH) -> None:
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the data directory {self.data_dir}: {e.strerror}") from None
        self.graph_name = graph
        self._db = self._start()
        self._graph = self._db.select_graph(graph)
        if not self._db.client.exists(graph):
            # FalkorDB refuses reads on a graph key that does not exist yet
            self.ensure_schema()
        else:
            self._wait_for_indexes()

    def _wait_for_indexes(self, timeout: float = 120.0) -> None:
        """A reopened store rebuilds its indexes in the background; until they are
        operational, queries are planned without them (full scans). Wait for them."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            statuses = {r[0] for r in self.run("CALL db.indexes() YIELD status RETURN DISTINCT status").rows}
            if statuses <= {"OPERATIONAL"}:
                return
            time.sleep(0.05)

    def _start(self) -> Any:
        from redislite.falkordb_client import FalkorDB

        db_file = self.data_dir / "kg.rdb"
        # A server that died without cleaning up leaves a settings file naming a dead
        # socket, which redislite would try to reuse: drop it and start a new server.
        settings = Path(str(db_file) + ".settings")
        config = {"appendonly": "yes", "appendfsync": "always", "dir": str(self.data_dir)}
        for attempt in (1, 2):
            if settings.exists() and not _socket_alive(_settings_socket(settings)):
                settings.unlink(missing_ok=True)
            try:
                # no socket timeout: a long audit query is not a dead server (redis-py
                # would otherwise give up after 5 s and silently re-send the query)
                return FalkorDB(str(db_file), serverconfig=config, socket_timeout=None)
            except Exception as e:  # redislite raises several kinds
                if attempt == 1 and settings.exists():
                    settings.unlink(missing_ok=True)  # the old server died meanwhile
                    continue
                raise StoreError(f"the embedded store in {self.data_dir} could not start: {e}") from None
        raise AssertionError("unreachable")

    def describe(self) -> str:
        return f"embedded store in {self.data_dir}"

    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> Result:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import ResponseError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        try:
            if write:
                res = self._graph.query(cypher, params or {})
            else:
                res = self._graph.ro_query(cypher, params or {})
        except ResponseError as e:
            if "read-only" in str(e):
                raise StoreError(READ_ONLY_MESSAGE) from None
            raise StoreError(f"the embedded store refused the query: {e}") from None
        except (RedisConnectionError, RedisTimeoutError) as e:
            raise StoreError(f"lost the connection to the embedded store in {self.data_dir}: {e}") from None
        header = [h[1] if isinstance(h, (list, tuple)) else h for h in (res.header or [])]
        return Result(columns=list(header), rows=[[_plain(v) for v in row] for row in res.result_set or []])

    def ensure_schema(self) -> None:
        from redis.exceptions import ResponseError

        self.run(SEED_POWERS, {"rows": POWER_ROWS}, write=True)
        existing: set[tuple[str, str]] = set()
        for label, props in self.run("CALL db.indexes() YIELD label, properties RETURN label, properties").rows:
            existing.update((label, p) for p in props)
        constraints = {r[1] for r in self.run("CALL db.constraints() YIELD label, type RETURN type, label").rows}
        for kind in NODE_KINDS:
            for prop in ("id", "dataset"):
                if (kind.LABEL, prop) not in existing:
                    self.run(f"CREATE INDEX FOR (n:{kind.LABEL}) ON (n.{prop})", write=True)
            if kind.LABEL not in constraints:
                try:
                    self._db.client.execute_command(
                        "GRAPH.CONSTRAINT", "CREATE", self.graph_name, "UNIQUE", "NODE", kind.LABEL, "PROPERTIES", 1, "id"
                    )
                except ResponseError as e:  # pragma: no cover - raced or already there
                    if "already" not in str(e).lower():
                        raise StoreError(f"cannot create the uniqueness constraint on {kind.LABEL}: {e}") from None
        for rel in RELATIONSHIP_TYPES:
            for prop in ("key", "dataset"):
                if (rel.type, prop) not in existing:
                    self.run(f"CREATE INDEX FOR ()-[r:{rel.type}]-() ON (r.{prop})", write=True)

    def close(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None:
            try:
                db.client._cleanup()  # noqa: SLF001 - redislite's own shutdown: save, stop the server
            except Exception:  # pragma: no cover - best effort on shutdown
                pass
            self._db = None


def _settings_socket(settings: Path) -> str:
    try:
        return str(json.loads(settings.read_text()).get("unixsocket", ""))
    except (OSError, ValueError):
        return ""


def _socket_alive(path: str) -> bool:
    import socket

    if not path or not os.path.exists(path):
        return False
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
        return True
    except OSError:
        return False
    finally:
        s.close()


# --------------------------------------------------------------------------- neo4j


@dataclass
class Neo4jSettings:
    uri: str
    username: str
    password: str
    database: str | None = None

    @classmethod
    def from_env(cls, uri: str | None = None, username: str | None = None, database: str | None = None) -> "Neo4jSettings":
        uri = uri or os.environ.get("NEO4J_URI") or "bolt://localhost:7687"
        username = username or os.environ.get("NEO4J_USERNAME") or os.environ.get("NEO4J_USER") or "neo4j"
        password = os.environ.get("NEO4J_PASSWORD")
        if password is None:
            raise StoreError("NEO4J_PASSWORD is not set; kg reads the Neo4j password only from the environment")
        database = database or os.environ.get("NEO4J_DATABASE") or None
        return cls(uri=uri, username=username, password=password, database=database)


NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jStore(Store):
    backend = "neo4j"

    def __init__(self, settings: Neo4jSettings | None = None) -> None:
        import neo4j
        from neo4j import exceptions as nx

        self.settings = settings or Neo4jSettings.from_env()
        s = self.settings
        scheme = s.uri.split("://", 1)[0].lower() if "://" in s.uri else ""
        if scheme not in NEO4J_SCHEMES:
            raise StoreError(f"the Neo4j URI {s.uri!r} must start with one of {', '.join(x + '://' for x in NEO4J_SCHEMES)}")
        try:
            self._driver = neo4j.GraphDatabase.driver(s.uri, auth=(s.username, s.password))
            self._driver.verify_connectivity()
        except nx.AuthError:
            raise StoreError(f"Neo4j at {s.uri} refused the credentials of user {s.username!r}") from None
        except (nx.ServiceUnavailable, OSError):
            raise StoreError(f"cannot connect to Neo4j at {s.uri}: connection refused or server unavailable") from None
        except (ValueError, nx.ConfigurationError) as e:
            raise StoreError(f"the Neo4j URI {s.uri!r} is not valid: {e}") from None
        except nx.Neo4jError as e:
            raise StoreError(f"Neo4j at {s.uri} refused the connection: {e.message}") from None

    def describe(self) -> str:
        db = self.settings.database or "default database"
        return f"Neo4j at {self.settings.uri} ({db})"

    def _session(self) -> Any:
        kwargs = {"database": self.settings.database} if self.settings.database else {}
        return self._driver.session(**kwargs)

    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> Result:
        from neo4j import exceptions as nx

        def work(tx: Any) -> Result:
            res = tx.run(cypher, params or {})
            keys = list(res.keys())
            return Result(columns=keys, rows=[[_plain(v) for v in rec.values()] for rec in res])

        try:
            with self._session() as session:
                return session.execute_write(work) if write else session.execute_read(work)
        except nx.AuthError:
            raise StoreError(f"Neo4j at {self.settings.uri} refused the credentials") from None
        except nx.ServiceUnavailable:
            raise StoreError(f"lost the connection to Neo4j at {self.settings.uri}") from None
        except nx.ClientError as e:
            if "AccessMode" in (e.code or ""):
                raise StoreError(READ_ONLY_MESSAGE) from None
            if (e.code or "").endswith("DatabaseNotFound"):
                raise StoreError(f"Neo4j at {self.settings.uri} has no database {self.settings.database!r}") from None
            raise StoreError(f"Neo4j refused the query: {e.message}") from None
        except nx.Neo4jError as e:
            raise StoreError(f"Neo4j failed: {e.message}") from None

    def ensure_schema(self) -> None:
        for stmt in schema_statements():
            self.run(stmt, write=True)
        self.run(SEED_POWERS, {"rows": POWER_ROWS}, write=True)

    def close(self) -> None:
        drv = getattr(self, "_driver", None)
        if drv is not None:
            drv.close()
            self._driver = None


# --------------------------------------------------------------------------- opening


def open_store(
    backend: str | None = None,
    *,
    data_dir: str | Path | None = None,
    uri: str | None = None,
    username: str | None = None,
    database: str | None = None,
) -> Store:
    """Open the embedded store (default) or Neo4j (``backend="neo4j"`` or ``KG_STORE=neo4j``)."""
    backend = (backend or os.environ.get("KG_STORE") or "embedded").lower()
    if backend == "embedded":
        return EmbeddedStore(data_dir)
    if backend == "neo4j":
        return Neo4jStore(Neo4jSettings.from_env(uri, username, database))
    raise StoreError(f"unknown store {backend!r}; choose embedded or neo4j")
