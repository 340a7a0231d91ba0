"""Validation alone: ``read_dataset`` (read + validate) on generated datasets, wall and CPU.

    python benchmarks/bench_validate.py [--townships 300,1500] [--runs 3] [--data DIR]

For each size a dataset is generated (``kg generate``, seed 1; kept under ``--data`` and
reused when it is there) and read ``--runs`` times, each time in a fresh child process (as
``kg load`` reads it: nothing cached, the collector as at start-up). Every run prints its
wall and CPU seconds; the summary gives the best and the median of each, the counts, and a
digest of the validated dataset (every entity, entry, match, layout and warning, in
order), so that two versions of kg can be checked to validate to the same dataset. CPU
seconds are the better figure on a shared machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def digest(ds: Any) -> str:
    h = hashlib.sha256()
    for seq in (ds.entities, ds.entries, ds.matches):
        for x in seq:
            h.update(type(x).__name__.encode())
            h.update(json.dumps(x.model_dump(mode="json"), sort_keys=True, ensure_ascii=False).encode())
    for other in (ds.layouts, ds.warnings):
        for x in other:
            h.update(repr(x).encode())
    h.update(repr((ds.id, ds.name, ds.extends)).encode())
    return h.hexdigest()[:16]


def child(path: Path) -> dict[str, Any]:
    from kg.ingest.dataset import read_dataset

    w0, c0 = time.perf_counter(), time.process_time()
    ds = read_dataset(path)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    return {
        "wall": round(wall, 2),
        "cpu": round(cpu, 2),
        "entities": len(ds.entities),
        "entries": len(ds.entries),
        "digest": digest(ds),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--townships", default="300,1500")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", help="folder for the generated datasets (reused); a temporary one by default")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child))))
        return
    from kg.generate import generate_dataset

    with tempfile.TemporaryDirectory() as tmp_name:
        data = Path(args.data) if args.data else Path(tmp_name)
        for n in [int(x) for x in args.townships.split(",")]:
            path = data / f"gen{n}"
            if not (path / "dataset.yaml").exists():
                generate_dataset(path, n, 1)
            runs = []
            for i in range(args.runs):
                out = subprocess.run(
                    [sys.executable, __file__, "--child", str(path)],
                    check=True,
                    capture_output=True,
                    text=True,
                    env={**os.environ, "PYTHONPATH": os.getcwd()},
                )
                runs.append(json.loads(out.stdout))
                print(f"{n} townships, run {i + 1}: {runs[-1]['wall']} s wall, {runs[-1]['cpu']} s CPU", flush=True)
            walls, cpus = [r["wall"] for r in runs], [r["cpu"] for r in runs]
            last = runs[-1]
            print(
                f"{n} townships: {last['entities']:,} entities, {last['entries']:,} list entries, "
                f"digest {last['digest']}; wall best {min(walls)} / median {statistics.median(walls)} s, "
                f"CPU best {min(cpus)} / median {statistics.median(cpus)} s",
                flush=True,
            )


if __name__ == "__main__":
    main()
