"""Reliability corpus, part 5: private by default, and an embedded server that is
shared, found again after a crash and stopped when idle (issue 10)."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import time
from pathlib import Path

import pytest
from reliability import SAMPLE

from kg.api import load
from kg.stores import EmbeddedStore
from kg.stores.embedded import server_status, stop_server


def loose_paths(root: Path) -> list[str]:
    out = []
    for dirpath, dirs, files in os.walk(root):
        for name in [*dirs, *files, ""]:
            p = Path(dirpath) / name
            st = p.lstat()
            if stat.S_ISSOCK(st.st_mode) or stat.S_ISLNK(st.st_mode):
                continue
            if stat.S_IMODE(st.st_mode) & 0o077:
                out.append(f"{p.relative_to(root)} {oct(stat.S_IMODE(st.st_mode))}")
    return out


def test_a_new_store_is_private(tmp_path: Path) -> None:
    s = EmbeddedStore(tmp_path / "store")
    try:
        load(s, SAMPLE)
        s.compact()  # an append-only-file rewrite makes new files too
        time.sleep(0.5)
    finally:
        s.close()
    assert loose_paths(tmp_path / "store") == []


def test_an_old_world_readable_store_is_made_private(tmp_path: Path) -> None:
    d = tmp_path / "store"
    s = EmbeddedStore(d)
    load(s, SAMPLE)
    s.close()
    os.chmod(d, 0o755)
    for p in d.rglob("*"):
        if p.is_file():
            os.chmod(p, 0o644)
        elif p.is_dir():
            os.chmod(p, 0o755)
    assert loose_paths(d)
    s = EmbeddedStore(d)
    s.close()
    assert loose_paths(d) == []


def test_the_server_is_shared_and_survives_closing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_SERVER_IDLE", "60")
    d = tmp_path / "store"
    try:
        a = EmbeddedStore(d)
        load(a, SAMPLE)
        pid = a.server_pid
        a.close()
        b = EmbeddedStore(d)  # no stop in between: the same server answers
        assert b.server_pid == pid and server_status(d) is not None
        b.close()
    finally:
        assert stop_server(d)
    assert server_status(d) is None and not (d / "redis.sock").exists()


def test_a_killed_server_is_replaced_and_nothing_is_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_SERVER_IDLE", "60")
    d = tmp_path / "store"
    try:
        s = EmbeddedStore(d)
        load(s, SAMPLE)
        count = s.run("MATCH (n) RETURN count(n)").value()
        old = s.server_pid
        s.close()
        os.kill(old, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while server_status(d) is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        s = EmbeddedStore(d)
        assert s.server_pid != old
        assert s.run("MATCH (n) RETURN count(n)").value() == count
        s.close()
    finally:
        stop_server(d)


def test_an_idle_server_stops_itself_but_not_under_a_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_SERVER_IDLE", "1")
    d = tmp_path / "store"
    try:
        s = EmbeddedStore(d)
        time.sleep(4)  # a connected client keeps it up
        assert (d / "redis.sock").exists()
        s.close()
        deadline = time.monotonic() + 60
        while (d / "redis.sock").exists() and time.monotonic() < deadline:
            time.sleep(0.2)  # watch the socket file: a client would count as activity
        assert not (d / "redis.sock").exists() and server_status(d) is None
    finally:
        stop_server(d)


@pytest.mark.parametrize("started", [False, True], ids=["before-the-watchdog-starts", "under-a-running-watchdog"])
def test_a_server_whose_folder_is_removed_stops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: bool) -> None:
    """A temporary store's folder deleted while its server runs (a benchmark's or a test's
    temporary folder), right away or later: the server stops within seconds, long before its
    idle time, instead of running on for good on a folder that is gone."""
    monkeypatch.setenv("KG_SERVER_IDLE", "600")
    d = tmp_path / "store"
    s = EmbeddedStore(d)
    s.run("CREATE (:Area {id: 'x'})", write=True)
    pid = s.server_pid
    s.close()
    if started:
        deadline = time.monotonic() + 30
        while not _watchdogs(d) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(2)  # its first ticks
        assert _watchdogs(d), "no watchdog runs for the store"
    assert _pid_alive(pid)
    shutil.rmtree(d)
    deadline = time.monotonic() + 30
    while (_pid_alive(pid) or _watchdogs(d)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _pid_alive(pid), "the server outlived its data folder"
    assert not _watchdogs(d)


def _pid_alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, exited but not yet reaped, counts as stopped)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _watchdogs(d: Path) -> list[int]:
    """The pids of the watchdog processes of data folder ``d``."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                args = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"watch" in args and str(d).encode() in args and _pid_alive(int(proc.name)):
                found.append(int(proc.name))
    return found
