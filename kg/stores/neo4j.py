"""The Neo4j store: a Neo4j server through the official ``neo4j`` driver; reads in read
transactions, writes in managed write transactions with the driver's retries."""

from __future__ import annotations

import contextlib
import os
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j import exceptions as nx

from kg.errors import StoreError
from kg.stores.base import (
    META_SCHEMA,
    POWER_ROWS,
    READ_ONLY_MESSAGE,
    SEED_POWERS,
    Result,
    Say,
    Store,
    default_read_workers,
    obsolete_schema_statements,
    plain,
    schema_statements,
)
from kg.stores.locking import LockTimeout

#: a write lock whose holder has not written for this long is taken over (the holder died)
LOCK_STALE_MS = 120_000
LOCK_ACQUIRE = (
    "CREATE (l:KgLock {name: $name, owner: $owner, pid: $pid, host: $host, since: timestamp(), heartbeat: timestamp()})"
)
LOCK_HOLDER = (
    "MATCH (l:KgLock {name: $name}) RETURN l.owner, l.pid, l.host, (timestamp() - l.since) / 1000, "
    "timestamp() - l.heartbeat"
)
LOCK_BEAT = "MATCH (l:KgLock {name: $name, owner: $owner}) SET l.heartbeat = timestamp() RETURN count(l)"
LOCK_TAKE_OVER = (
    "MATCH (l:KgLock {name: $name}) WHERE l.owner = $stale AND timestamp() - l.heartbeat > $stale_ms DELETE l"
)
LOCK_RELEASE = "MATCH (l:KgLock {name: $name, owner: $owner}) DELETE l"


def _holder_dead(pid: Any, host: Any) -> bool:
    """A lock holder on this machine whose process is gone."""
    if host != socket.gethostname() or not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def mask_uri(uri: str) -> str:
    """The URI with any password in it replaced by ``***``."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<unparseable URI>"
    if parts.password is None:
        return uri
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


@dataclass
class Neo4jSettings:
    uri: str
    username: str
    password: str = field(repr=False)
    database: str | None = None

    def __repr__(self) -> str:
        return (
            f"Neo4jSettings(uri={mask_uri(self.uri)!r}, username={self.username!r}, password='***', "
            f"database={self.database!r})"
        )

    @classmethod
    def from_env(
        cls, uri: str | None = None, username: str | None = None, database: str | None = None
    ) -> Neo4jSettings:
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
        self.settings = settings or Neo4jSettings.from_env()
        self.read_workers = default_read_workers()  # the driver is thread-safe: one session per statement
        s = self.settings
        if mask_uri(s.uri) != s.uri:
            raise StoreError(
                f"the Neo4j URI {mask_uri(s.uri)!r} carries a password; give the password in NEO4J_PASSWORD instead"
            )
        scheme = s.uri.split("://", 1)[0].lower() if "://" in s.uri else ""
        if scheme not in NEO4J_SCHEMES:
            raise StoreError(
                f"the Neo4j URI {mask_uri(s.uri)!r} must start with one of {', '.join(x + '://' for x in NEO4J_SCHEMES)}"
            )
        try:
            # The server's notifications (e.g. "property key does not exist" on a store that holds
            # no such property yet) would be logged as warnings on every command: kg's own queries
            # are tested on both stores, and a user's query reports its errors, not hints.
            self._driver: Any = neo4j.GraphDatabase.driver(
                s.uri, auth=(s.username, s.password), notifications_min_severity="OFF"
            )
            self._driver.verify_connectivity()
        except nx.AuthError:
            raise StoreError(f"Neo4j at {mask_uri(s.uri)} refused the credentials of user {s.username!r}") from None
        except (nx.ServiceUnavailable, OSError):
            raise StoreError(
                f"cannot connect to Neo4j at {mask_uri(s.uri)}: connection refused or server unavailable"
            ) from None
        except (ValueError, nx.ConfigurationError) as e:
            msg = str(e).replace(s.uri, mask_uri(s.uri)).replace(s.password, "***") if s.password else str(e)
            raise StoreError(f"the Neo4j URI {mask_uri(s.uri)!r} is not valid: {msg}") from None
        except nx.Neo4jError as e:
            raise StoreError(f"Neo4j at {mask_uri(s.uri)} refused the connection: {e.message}") from None

    def describe(self) -> str:
        db = self.settings.database or "default database"
        return f"Neo4j at {mask_uri(self.settings.uri)} ({db})"

    def _session(self) -> Any:
        return self._driver.session(database=self.settings.database)  # None: the server's default

    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> Result:
        def work(tx: Any) -> Result:
            res = tx.run(cypher, params or {})
            keys = list(res.keys())
            return Result(columns=keys, rows=[[plain(v) for v in rec.values()] for rec in res])

        with self._errors(), self._session() as session:
            return session.execute_write(work) if write else session.execute_read(work)
        raise AssertionError("unreachable")  # pragma: no cover - _errors always raises or returns

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver errors → one-sentence :class:`StoreError`."""
        try:
            yield
        except nx.AuthError:
            raise StoreError(f"Neo4j at {mask_uri(self.settings.uri)} refused the credentials") from None
        except nx.ServiceUnavailable:
            raise StoreError(f"lost the connection to Neo4j at {mask_uri(self.settings.uri)}") from None
        except nx.ClientError as e:
            if "AccessMode" in (e.code or ""):
                raise StoreError(READ_ONLY_MESSAGE) from None
            if (e.code or "").endswith("DatabaseNotFound"):
                raise StoreError(
                    f"Neo4j at {mask_uri(self.settings.uri)} has no database {self.settings.database!r}"
                ) from None
            raise StoreError(f"Neo4j refused the query: {e.message}") from None
        except nx.Neo4jError as e:
            raise StoreError(f"Neo4j failed: {e.message}") from None

    @contextlib.contextmanager
    def scratch(self) -> Iterator[Store]:
        """One explicit transaction that is always rolled back: every statement run through
        the view sees the graph and the view's own writes, which no other reader ever sees
        (they are never committed). If the process dies the server rolls it back."""
        with self._errors():
            session = self._session()
            try:
                tx = session.begin_transaction()
            except BaseException:
                session.close()
                raise
        try:
            yield _TransactionView(self, tx)
        finally:
            try:
                with contextlib.suppress(nx.Neo4jError, nx.DriverError, OSError):
                    if not tx.closed():
                        tx.rollback()
            finally:
                with contextlib.suppress(nx.Neo4jError, nx.DriverError, OSError):
                    session.close()

    def plan_operators(self, cypher: str, params: dict[str, Any] | None = None) -> list[str]:
        def walk(plan: Any) -> list[str]:
            if not plan:
                return []
            ops = [str(plan.get("operatorType", ""))]
            for child in plan.get("children", []) or []:
                ops.extend(walk(child))
            return ops

        try:
            with self._session() as session:
                summary = session.run("EXPLAIN " + cypher, params or {}).consume()
        except nx.Neo4jError as e:
            raise StoreError(f"Neo4j refused the query: {e.message}") from None
        return walk(summary.plan)

    def ensure_schema(self) -> None:
        for stmt in [*schema_statements(), *META_SCHEMA, *obsolete_schema_statements()]:
            try:
                self.run(stmt, write=True)
            except StoreError as e:  # a concurrent kg created an equivalent rule meanwhile
                if "already exists" not in str(e).lower():
                    raise
        self.run(SEED_POWERS, {"rows": POWER_ROWS}, write=True)
        self._meta_ready = True

    def where(self) -> str:
        return "--store neo4j"

    @contextlib.contextmanager
    def write_lock(self, *, wait: float | None = None, say: Say | None = None) -> Iterator[None]:
        """One writer per database: a ``KgLock`` node, unique by name; a holder that has
        been silent (no heartbeat) for ``LOCK_STALE_MS`` is taken over."""
        if not getattr(self, "_meta_ready", False):
            for stmt in META_SCHEMA:
                with contextlib.suppress(StoreError):
                    self.run(stmt, write=True)
            self._meta_ready = True
        name, owner = "write", uuid.uuid4().hex
        params = {"name": name, "owner": owner, "pid": os.getpid(), "host": socket.gethostname()}
        deadline = None if wait is None else time.monotonic() + wait
        said = False
        while True:
            try:
                self.run(LOCK_ACQUIRE, params, write=True)
                break
            except StoreError as e:
                if "already exists" not in str(e) and "KgLock" not in str(e):
                    raise
            holder = self.run(LOCK_HOLDER, {"name": name}).rows
            if holder:
                h_owner, pid, host, secs, silent_ms = holder[0]
                dead = _holder_dead(pid, host)
                if dead or (silent_ms is not None and silent_ms > LOCK_STALE_MS):
                    stale_ms = -1 if dead else LOCK_STALE_MS
                    self.run(LOCK_TAKE_OVER, {"name": name, "stale": h_owner, "stale_ms": stale_ms}, write=True)
                    if say:
                        why = "which has exited" if dead else f"silent for {silent_ms // 1000} s"
                        say(f"took over the write lock of pid {pid} on {host}, {why}")
                    continue
                what = f"the write lock of {self.describe()} (pid {pid} on {host}, for {secs} s)"
                if deadline is not None and time.monotonic() >= deadline:
                    raise LockTimeout(f"{what} is still held by another kg process after {wait:g} s")
                if say and not said:
                    say(f"waiting for {what} …")
                    said = True
            time.sleep(0.1)
        self._lock: dict[str, Any] | None = params
        try:
            yield
        finally:
            self._lock = None
            with contextlib.suppress(StoreError):
                self.run(LOCK_RELEASE, {"name": name, "owner": owner}, write=True)

    def heartbeat(self) -> None:
        lock = getattr(self, "_lock", None)
        if lock and not self.run(LOCK_BEAT, {"name": lock["name"], "owner": lock["owner"]}, write=True).value(0):
            raise StoreError("another kg process broke this load's write lock; rerun kg load")

    def writer_active(self) -> bool:
        rows = self.run("MATCH (l:KgLock {name: 'write'}) RETURN timestamp() - l.heartbeat, l.pid, l.host").rows
        if not rows or rows[0][0] is None or rows[0][0] > LOCK_STALE_MS:
            return False
        return not _holder_dead(rows[0][1], rows[0][2])

    def close(self) -> None:
        drv = getattr(self, "_driver", None)
        if drv is not None:
            drv.close()
            self._driver = None


class _TransactionView(Store):
    """The statements of a :meth:`Neo4jStore.scratch` block, all in its one transaction."""

    backend = "neo4j"

    def __init__(self, parent: Neo4jStore, tx: Any) -> None:
        self._parent, self._tx = parent, tx

    def describe(self) -> str:
        return f"a rolled-back transaction on {self._parent.describe()}"

    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> Result:
        with self._parent._errors():
            res = self._tx.run(cypher, params or {})
            keys = list(res.keys())
            return Result(columns=keys, rows=[[plain(v) for v in rec.values()] for rec in res])
        raise AssertionError("unreachable")  # pragma: no cover

    def ensure_schema(self) -> None:
        raise StoreError("a scratch transaction cannot change the schema")

    def plan_operators(self, cypher: str, params: dict[str, Any] | None = None) -> list[str]:
        return self._parent.plan_operators(cypher, params)

    @contextlib.contextmanager
    def scratch(self) -> Iterator[Store]:
        raise StoreError("a scratch transaction cannot open another")
        yield self  # pragma: no cover - unreachable; makes this a generator
