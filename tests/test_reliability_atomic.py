"""Reliability corpus, part 2: atomic loads (issue 10, "Nothing lost, nothing leaked").

A load that is killed or interrupted never looks complete: every reading command says
so, and rerunning the load completes it. Values that would fail (or be silently
changed) at write time are refused before the first write, with their location.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from datasets import make_dataset, small_org
from reliability import SAMPLE, Target, clean_load_snapshot, datasets, env, snapshot

from kg.api import load

KILL_MID_LOAD = textwrap.dedent(
    """
    import os, signal, sys
    import kg.api
    from kg.ingest.load import load_dataset
    from kg.stores import open_store
    backend, data_dir, sample, sig = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    store = open_store(backend, data_dir=data_dir)

    def progress(stage, done, total):
        if stage == "write" and done >= total // 2:
            os.kill(os.getpid(), sig)

    load_dataset(store, sample, progress=progress, batch_size=40)
    print("finished", flush=True)  # never reached
    """
)


def kill_mid_load(t: Target, sig: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", KILL_MID_LOAD, t.backend, str(t.data_dir), str(SAMPLE), str(sig)],
        capture_output=True,
        text=True,
        env=env(),
        timeout=300,
    )


def test_a_killed_load_is_reported_and_a_rerun_completes_it(target: Target) -> None:
    res = kill_mid_load(target, signal.SIGKILL)
    assert res.returncode == -signal.SIGKILL and "finished" not in res.stdout
    for command in (["stats"], ["audit"], ["query", "MATCH (d:Duty) RETURN count(d)"], ["export", "x.json"]):
        r = target.kg(*command)
        assert r.returncode == 3, (command, r.stdout, r.stderr)
        assert "the load of dataset sample was interrupted" in r.stderr and "rerun" in r.stderr, command
    s = target.open()
    try:
        assert datasets(s) == {"sample": "loading"}
        partial = s.run("MATCH ()-[r]->() RETURN count(r)").value()
    finally:
        target.close(s)
    rerun = target.kg("load", str(SAMPLE))
    assert rerun.returncode == 0, rerun.stderr
    s = target.open()
    try:
        assert datasets(s) == {"sample": "complete"}
        completed = snapshot(s)
        assert s.run("MATCH ()-[r]->() RETURN count(r)").value() > partial
    finally:
        target.close(s)
    assert completed == clean_load_snapshot(target)
    assert target.kg("stats").returncode == 0


def test_ctrl_c_during_a_load_exits_130_and_leaves_the_marker(target: Target) -> None:
    """Ctrl-C (SIGINT) in ``kg load``: exit 130 with a message, never 1 (= findings)."""
    script = textwrap.dedent(
        """
        import os, signal, sys
        import kg.api, kg.ingest.load as L
        real = L.write_plan

        def write_plan(store, plan, progress=None, batch_size=40, **kw):
            def tick(stage, done, total):
                if stage == "write" and done >= total // 2:
                    os.kill(os.getpid(), signal.SIGINT)
            return real(store, plan, progress=tick, batch_size=40, **kw)

        L.write_plan = write_plan
        from kg.cli import main
        sys.argv = ["kg", *sys.argv[1:]]
        main()
        """
    )
    opts = ["--store", "neo4j"] if target.backend == "neo4j" else ["--data-dir", str(target.data_dir)]
    res = subprocess.run(
        [sys.executable, "-c", script, *opts, "load", str(SAMPLE)],
        capture_output=True,
        text=True,
        env=env(),
        timeout=300,
    )
    assert res.returncode == 130, res.stderr
    assert "interrupted:" in res.stderr and "rerun kg load" in res.stderr and "Aborted" not in res.stderr
    r = target.kg("audit", "--fail-on", "error")
    assert r.returncode == 3 and "was interrupted" in r.stderr


def _refused(target: Target, ds: Path) -> subprocess.CompletedProcess:
    res = target.kg("load", str(ds))
    assert res.returncode == 3, res.stdout + res.stderr
    assert "nothing was written" in res.stderr and "unexpected" not in res.stderr
    return res


@pytest.mark.parametrize(
    ("case", "where", "message"),
    [
        ("nul", "bodies.yaml", "contains a NUL character"),
        ("int64", "bodies.yaml", "column staffing_posts: the value is outside the 64-bit integer range"),
        ("long", "lists/L1.csv, row 2", "has a cell longer than 10,000 characters"),
    ],
)
def test_values_that_fail_at_write_time_are_refused_before_writing(
    target: Target, tmp_path: Path, case: str, where: str, message: str
) -> None:
    s = target.open()
    try:
        load(s, SAMPLE)
        before = snapshot(s)
    finally:
        target.close(s)
    org = small_org()
    row = {"duty_id": "D1", "name": "农村宅基地使用审查", "duty_type": "行政确认", "lead": "T1-gov"}
    if case == "nul":
        org["bodies"][0]["name"] = "甲区\x00人民政府"
    elif case == "int64":
        org["bodies"][0]["staffing_posts"] = 2**63
    else:
        row["legal_basis"] = "法" * 20_000
    spec = {"name": "一号街道权责清单", "kind": "basic", "owner": "T1-gov", "effective_date": "2024-01-01"}
    ds = make_dataset(tmp_path / "bad", **org, lists={"L1": (spec, [row])})
    res = _refused(target, ds)
    assert where in res.stderr and message in res.stderr, res.stderr
    assert len(res.stderr) < 2000  # a 20,000-character value is not echoed
    s = target.open()
    try:
        assert snapshot(s) == before
    finally:
        target.close(s)
