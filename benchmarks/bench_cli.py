"""Per-command latency of the ``kg`` command on a loaded embedded store.

    python benchmarks/bench_cli.py [--townships 0] [--repeat 5] [--idle 300]

Loads the sample (or, with ``--townships N``, a generated dataset of N townships) into
a fresh embedded store in a temporary folder, then runs ``kg stats``, ``kg query``,
``kg audit`` and ``kg export`` as separate processes, ``--repeat`` times each:

* **cold**: the store's server is stopped before each run (``kg server stop``), so
  the run starts it (and replays the append-only file);
* **warm**: the server is left running between runs (what users see within
  ``KG_SERVER_IDLE`` seconds of the previous command).

Reports median and max wall time per command and mode, and the import time of
``kg.cli`` alone (the floor of any command). The bar is a warm median under 1 s.
Prints a table and a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMANDS = {
    "stats": ["stats"],
    "query": ["query", "MATCH (d:Duty) RETURN count(d) AS n", "--format", "json"],
    "audit": ["audit", "--format", "json"],
    "export": ["export", "{tmp}/graph.json"],
}


def kg(data_dir: Path, *args: str, env: dict[str, str]) -> float:
    t = time.perf_counter()
    res = subprocess.run(
        [sys.executable, "-m", "kg.cli", "--data-dir", str(data_dir), *args], capture_output=True, text=True, env=env
    )
    elapsed = time.perf_counter() - t
    if res.returncode not in (0, 1):
        raise SystemExit(f"kg {' '.join(args)} failed ({res.returncode}): {res.stderr}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--townships", type=int, default=0, help="0: the sample; N: a generated dataset")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--idle", type=float, default=300.0, help="KG_SERVER_IDLE for the warm runs")
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO), "KG_SERVER_IDLE": str(args.idle)}
    with tempfile.TemporaryDirectory(prefix="kg-bench-cli-") as tmp:
        data_dir = Path(tmp) / "store"
        dataset = REPO / "data" / "sample"
        if args.townships:
            dataset = Path(tmp) / "generated"
            subprocess.run(
                [sys.executable, "-m", "kg.cli", "generate", str(dataset), "--townships", str(args.townships)],
                check=True,
                env=env,
                capture_output=True,
            )
        t = time.perf_counter()
        kg(data_dir, "load", str(dataset), env=env)
        load_s = time.perf_counter() - t
        imports = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import kg.cli"], check=True, env=env)
            imports.append(time.perf_counter() - t)
        results: dict[str, dict[str, dict[str, float]]] = {}
        try:
            for name, argv in COMMANDS.items():
                argv = [a.replace("{tmp}", tmp) for a in argv]
                cold, warm = [], []
                for _ in range(args.repeat):
                    kg(data_dir, "server", "stop", env=env)
                    cold.append(kg(data_dir, *argv, env=env))
                kg(data_dir, *argv, env=env)  # the server is up now
                for _ in range(args.repeat):
                    warm.append(kg(data_dir, *argv, env=env))
                results[name] = {
                    "cold": {"median": statistics.median(cold), "max": max(cold)},
                    "warm": {"median": statistics.median(warm), "max": max(warm)},
                }
        finally:
            kg(data_dir, "server", "stop", env=env)
    print(f"dataset: {'sample' if not args.townships else f'{args.townships} townships'}; load {load_s:.2f} s")
    print(f"python -c 'import kg.cli': median {statistics.median(imports):.3f} s")
    print(f"{'command':8} {'cold median':>12} {'cold max':>9} {'warm median':>12} {'warm max':>9}")
    for name, r in results.items():
        print(
            f"{name:8} {r['cold']['median']:12.3f} {r['cold']['max']:9.3f} "
            f"{r['warm']['median']:12.3f} {r['warm']['max']:9.3f}"
        )
    summary = {
        "townships": args.townships,
        "load_s": load_s,
        "import_s": statistics.median(imports),
        "commands": results,
        "load_average": os.getloadavg(),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
