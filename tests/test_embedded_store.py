"""The embedded store keeps what it wrote even when its process dies without closing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from kg.stores import EmbeddedStore

REPO = Path(__file__).resolve().parent.parent


def test_writes_survive_a_killed_process(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import os, sys
        from kg.stores import EmbeddedStore
        s = EmbeddedStore(sys.argv[1])
        s.run("UNWIND range(1, 500) AS i MERGE (a:Area {id: 'A' + toString(i)}) SET a.name = '区' + toString(i)", write=True)
        print(s.server_pid, flush=True)
        os._exit(0)  # no close, no save
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60,
    )
    server_pid = int(out.stdout.split()[-1])
    os.kill(server_pid, signal.SIGKILL)  # the server dies too, before any snapshot
    while Path(f"/proc/{server_pid}").exists() and "Z" not in Path(f"/proc/{server_pid}/stat").read_text().split()[2]:
        time.sleep(0.05)
    store = EmbeddedStore(tmp_path)
    try:
        assert store.run("MATCH (a:Area) RETURN count(a)").value() == 500
        assert store.run("MATCH (a:Area {id: 'A77'}) RETURN a.name").value() == "区77"
    finally:
        store.close()


def test_data_is_there_after_a_clean_close(tmp_path: Path) -> None:
    s = EmbeddedStore(tmp_path)
    s.run("CREATE (:Area {id: 'x', name: '甲'})", write=True)
    s.close()
    s = EmbeddedStore(tmp_path)
    try:
        assert s.run("MATCH (a:Area {id: 'x'}) RETURN a.name").value() == "甲"
    finally:
        s.close()


def _pairs_summing_to_a_multiple_of_7(n: int) -> int:
    per_residue = Counter(x % 7 for x in range(1, n + 1))
    return sum(per_residue[r] * per_residue[(7 - r) % 7] for r in range(7))


def test_long_queries_are_not_cut_off(tmp_path: Path) -> None:
    """A query that runs longer than redis-py's default 5 s socket timeout (which would
    abort, and silently re-send, a long audit) returns its one right answer."""
    cypher = "UNWIND range(1, $n) AS a UNWIND range(1, $n) AS b WITH a, b WHERE (a + b) % 7 = 0 RETURN count(*)"
    s = EmbeddedStore(tmp_path)
    try:
        t0 = time.perf_counter()
        assert s.run(cypher, {"n": 1000}).value() == _pairs_summing_to_a_multiple_of_7(1000)
        per_million = max(time.perf_counter() - t0, 1e-3)
        n = max(2000, int(1000 * (7.0 / per_million) ** 0.5))  # about 7 s on this machine
        for _ in range(3):
            t0 = time.perf_counter()
            assert s.run(cypher, {"n": n}).value() == _pairs_summing_to_a_multiple_of_7(n)
            if time.perf_counter() - t0 > 5.5:
                break
            n = n * 3 // 2
        else:
            pytest.fail("could not make a query run longer than 5.5 s")
    finally:
        s.close()
