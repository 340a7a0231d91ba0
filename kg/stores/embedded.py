"""The embedded store: FalkorDBLite, in-process, no server; a database file in a data
directory. Writes go to an append-only file fsynced on every write, so data survives the
process without waiting for a snapshot timer."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from pathlib import Path
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redislite.falkordb_client import FalkorDB

from kg.errors import StoreError
from kg.model import NODE_KINDS, RELATIONSHIP_TYPES
from kg.stores.base import DEFAULT_GRAPH, POWER_ROWS, READ_ONLY_MESSAGE, SEED_POWERS, Result, Store, plain


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
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            statuses = {r[0] for r in self.run("CALL db.indexes() YIELD status RETURN DISTINCT status").rows}
            if statuses <= {"OPERATIONAL"}:
                return
            time.sleep(0.05)

    def _start(self) -> Any:
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
        try:
            res = self._graph.query(cypher, params or {}) if write else self._graph.ro_query(cypher, params or {})
        except ResponseError as e:
            if "read-only" in str(e):
                raise StoreError(READ_ONLY_MESSAGE) from None
            raise StoreError(f"the embedded store refused the query: {e}") from None
        except (RedisConnectionError, RedisTimeoutError) as e:
            raise StoreError(f"lost the connection to the embedded store in {self.data_dir}: {e}") from None
        header = [h[1] if isinstance(h, (list, tuple)) else h for h in (res.header or [])]
        return Result(columns=list(header), rows=[[plain(v) for v in row] for row in res.result_set or []])

    def ensure_schema(self) -> None:
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
                        "GRAPH.CONSTRAINT",
                        "CREATE",
                        self.graph_name,
                        "UNIQUE",
                        "NODE",
                        kind.LABEL,
                        "PROPERTIES",
                        1,
                        "id",
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
            with contextlib.suppress(Exception):  # best effort on shutdown
                db.client._cleanup()  # redislite's own shutdown: save, stop the server
            self._db = None


def _settings_socket(settings: Path) -> str:
    try:
        return str(json.loads(settings.read_text()).get("unixsocket", ""))
    except (OSError, ValueError):
        return ""


def _socket_alive(path: str) -> bool:
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
