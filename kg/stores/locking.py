"""Inter-process locks on files (``flock``) and private file creation.

``flock`` locks are released by the kernel when their holder exits, killed or not, so
a crashed kg process never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.errors import StoreError

Say = Callable[[str], None]


class LockTimeout(StoreError):
    """Another kg process held a lock for longer than we were willing to wait."""


def lock_timeout_from_env() -> float | None:
    """``KG_LOCK_TIMEOUT`` in seconds; unset: wait as long as it takes."""
    raw = os.environ.get("KG_LOCK_TIMEOUT")
    if raw is None or raw.strip() == "":
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        raise StoreError(f"KG_LOCK_TIMEOUT must be a number of seconds, not {raw!r}") from None


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Files and folders created inside are private to the user (umask 077)."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def open_private(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (tmp + rename), readable by the owner only."""
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def try_flock(fd: int, mode: int) -> bool:
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


@contextlib.contextmanager
def flocked(
    path: Path,
    mode: int = fcntl.LOCK_EX,
    *,
    wait: float | None = None,
    what: str = "",
    say: Say | None = None,
) -> Iterator[int]:
    """Hold ``flock(path)``; wait for it (saying so once), or give up after ``wait`` seconds."""
    fd = open_private(path)
    try:
        if not try_flock(fd, mode):
            if say:
                say(f"waiting for {what or path.name} (held by another kg process) …")
            deadline = None if wait is None else time.monotonic() + wait
            while not try_flock(fd, mode):  # poll, so Ctrl-C and the timeout work
                if deadline is not None and time.monotonic() >= deadline:
                    raise LockTimeout(f"{what or path.name} is still held by another kg process after {wait:g} s")
                time.sleep(0.05)
        yield fd
    finally:
        os.close(fd)


def is_locked(path: Path) -> bool:
    """True if another process holds an exclusive flock on ``path`` right now."""
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        return not try_flock(fd, fcntl.LOCK_SH)
    finally:
        os.close(fd)
