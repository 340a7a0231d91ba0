"""Reliability corpus, part 1: one writer, safely (issue 10, "Nothing lost, nothing leaked").

Real processes race on one store; nothing is mocked.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import STORES
from reliability import SAMPLE, Target, clean_load_snapshot, env, run_kg, snapshot

from kg.api import load
from kg.stores import EmbeddedStore
from kg.stores.embedded import stop_server


def test_racing_commands_share_one_embedded_server(tmp_path: Path) -> None:
    """Six processes opening a store with no server at once start exactly one server."""
    data_dir = tmp_path / "db"
    s = EmbeddedStore(data_dir)
    load(s, SAMPLE)
    expected = s.run("MATCH (n) RETURN count(n)").value()
    s.close()
    go = tmp_path / "go"
    script = textwrap.dedent(
        """
        import os, sys, time
        go = sys.argv[2]
        while not os.path.exists(go):
            time.sleep(0.005)
        from kg.stores import EmbeddedStore
        s = EmbeddedStore(sys.argv[1])
        print(s.server_pid, s.run("MATCH (n) RETURN count(n)").value(), flush=True)
        s.close()
        """
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(data_dir), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env(KG_SERVER_IDLE="30"),
        )
        for _ in range(6)
    ]
    try:
        go.touch()
        outs = [p.communicate(timeout=120) for p in procs]
    finally:
        stop_server(data_dir)
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    pids = {o[0].split()[0] for o in outs}
    counts = {int(o[0].split()[1]) for o in outs}
    assert len(pids) == 1 and counts == {expected}


def test_a_second_writer_waits_or_fails_clearly(target: Target) -> None:
    holder = target.open()
    try:
        with holder.write_lock():
            res = target.kg("--lock-timeout", "0.5", "load", str(SAMPLE))
            assert res.returncode == 3, res.stderr
            assert "still held by another kg process" in res.stderr and "Traceback" not in res.stderr
            waiting = target.popen("load", str(SAMPLE))
            assert waiting.stderr is not None
            first = waiting.stderr.readline()
            assert "waiting for" in first and "write lock" in first
        out, err = waiting.communicate(timeout=180)
        assert waiting.returncode == 0, err
        assert "loaded sample" in out
    finally:
        target.close(holder)
    res = target.kg("stats", "--format", "json")
    assert res.returncode == 0 and json.loads(res.stdout)["nodes"]["Duty"] > 0


def test_concurrent_loads_end_in_one_clean_graph(target: Target) -> None:
    procs = [target.popen("load", str(SAMPLE)) for _ in range(3)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [r[1] for r in results]
    s = target.open()
    try:
        after_race = snapshot(s)
    finally:
        target.close(s)
    assert after_race == clean_load_snapshot(target)
    assert target.kg("audit").returncode in (0, 1)  # audits run: the store is complete


def test_a_dead_writers_lock_is_taken_over_on_neo4j(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if "neo4j" not in STORES:
        pytest.skip("KG_TEST_STORES excludes neo4j")
    store = request.getfixturevalue("_neo4j")
    store.clear()
    store.ensure_schema()
    store.run(
        "CREATE (:KgLock {name: 'write', owner: 'gone', pid: 4242, host: 'elsewhere', "
        "since: timestamp() - 600000, heartbeat: timestamp() - 600000})",
        write=True,
    )
    res = run_kg("neo4j", tmp_path, "load", str(SAMPLE))
    assert res.returncode == 0, res.stderr
    assert "took over the write lock of pid 4242 on elsewhere" in res.stderr
    assert store.run("MATCH (l:KgLock) RETURN count(l)").value() == 0
