"""National scale on Neo4j: bulk export, ``neo4j-admin database import``, then the audits.

    python benchmarks/bench_bulk.py [--townships 5000] [--data DIR] [--work DIR] [--heap 2g]

1. generates a dataset of N townships (``kg generate``, seed 1; reused from ``--data``);
2. ``kg export --bulk`` (:func:`kg.bulk.export_bulk`) in a child process: wall and CPU
   seconds, peak RSS, CSV size;
3. ``neo4j-admin database import full`` with the jars of ``neo4j-local/`` (build them with
   ``scripts/neo4j-local build``) into a fresh NEO4J_HOME: wall seconds and the tool's own
   report of nodes and relationships;
4. serves the imported database on free ports, creates kg's constraints and indexes (what
   ``kg init`` does after an import) and runs every audit rule once at the generator's date,
   timing each (and the provenance lookup), and checks the findings equal the dataset's
   ``expected_findings.yaml`` in number per rule.

Prints one JSON summary. Nothing here touches the Neo4j of NEO4J_URI.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
LIB = REPO / "neo4j-local" / "target"
PASSWORD = "kg-bench-bulk"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def export_child(dataset: Path, out: Path) -> None:
    from kg.bulk import export_bulk

    w0, c0 = time.perf_counter(), time.process_time()
    report = export_bulk([dataset], out)
    print(
        json.dumps(
            {
                "wall": round(time.perf_counter() - w0, 1),
                "cpu": round(time.process_time() - c0, 1),
                "nodes": report.nodes,
                "relationships": report.relationships,
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--townships", type=int, default=5000)
    ap.add_argument("--data", help="folder for the generated dataset (reused)")
    ap.add_argument("--work", help="folder for the CSV files and the Neo4j home (default: temporary, removed)")
    ap.add_argument("--heap", default="2g", help="JVM heap of the importer and the server")
    ap.add_argument("--child-export", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_export:
        export_child(Path(args.child_export[0]), Path(args.child_export[1]))
        return
    assert (LIB / "lib").is_dir(), "neo4j-local is not built: run scripts/neo4j-local build"
    from kg.generate import generate_dataset

    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="kg-bench-bulk-"))
    data_root = Path(args.data) if args.data else work
    dataset = data_root / f"gen{args.townships}"
    out: dict[str, Any] = {"townships": args.townships}
    if not (dataset / "dataset.yaml").exists():
        t = time.perf_counter()
        generate_dataset(dataset, args.townships, 1)
        out["generate_s"] = round(time.perf_counter() - t, 1)
    print(f"dataset: {dataset}", file=sys.stderr, flush=True)

    csv_dir = work / "csv"
    shutil.rmtree(csv_dir, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child-export", str(dataset), str(csv_dir)], stdout=subprocess.PIPE, env=env
    )
    assert proc.stdout is not None
    text = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"the export failed with status {status}")
    out["export"] = {**json.loads(text), "peak_rss_mb": round(usage.ru_maxrss / 1024)}
    out["csv_mb"] = round(sum(p.stat().st_size for p in csv_dir.iterdir()) / 2**20)
    print(f"export: {out['export']}", file=sys.stderr, flush=True)

    home = work / "home"
    shutil.rmtree(home, ignore_errors=True)
    (home / "conf").mkdir(parents=True)
    classpath = f"{LIB / 'classes'}{os.pathsep}{LIB / 'lib' / '*'}"
    java = ["java", f"-Xmx{args.heap}", "-cp", classpath]
    t = time.perf_counter()
    imp = subprocess.run(
        [*java, "org.neo4j.cli.AdminTool", "database", "import", "full", "neo4j", f"@{csv_dir / 'import.args'}"],
        env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")},
        cwd=work,
        capture_output=True,
        text=True,
    )
    out["import_s"] = round(time.perf_counter() - t, 1)
    if imp.returncode != 0:
        raise SystemExit(imp.stdout[-3000:] + imp.stderr[-3000:])
    out["import_summary"] = [
        line.strip() for line in imp.stdout.splitlines() if "IMPORT DONE" in line or "Imported:" in line
    ] + [line.strip() for line in imp.stdout.splitlines() if line.strip().endswith(("nodes", "relationships"))][-2:]
    print(f"import: {out['import_s']} s", file=sys.stderr, flush=True)

    from kg.audit.rules import add_provenance, list_rules, run_rule
    from kg.generate.plan_b import GENERATOR_AS_OF
    from kg.ingest.yamlio import safe_load
    from kg.stores import Neo4jSettings, Neo4jStore

    bolt, http = free_port(), free_port()
    served = work / "served"
    shutil.rmtree(served, ignore_errors=True)
    ports = ["--bolt-port", str(bolt), "--http-port", str(http)]
    server = subprocess.Popen(
        [*java, "kg.neo4jlocal.Launcher", "--data", str(served), "--from", str(home), *ports],
        env={**os.environ, "KG_NEO4J_PASSWORD": PASSWORD},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        t = time.perf_counter()
        while not (served / "READY").exists():
            if server.poll() is not None:
                raise SystemExit("the Neo4j serving the imported database exited")
            time.sleep(0.5)
        out["serve_s"] = round(time.perf_counter() - t, 1)
        store = Neo4jStore(Neo4jSettings(uri=f"bolt://127.0.0.1:{bolt}", username="neo4j", password=PASSWORD))
        t = time.perf_counter()
        store.ensure_schema()
        out["init_s"] = round(time.perf_counter() - t, 1)
        audits: dict[str, dict[str, Any]] = {}
        findings = []
        for rule in list_rules():
            t = time.perf_counter()
            got = run_rule(store, rule, GENERATOR_AS_OF)
            audits[rule.id] = {"s": round(time.perf_counter() - t, 2), "findings": len(got)}
            findings.extend(got)
            print(f"{rule.id}: {audits[rule.id]}", file=sys.stderr, flush=True)
        t = time.perf_counter()
        add_provenance(store, findings)
        out["provenance_s"] = round(time.perf_counter() - t, 1)
        out["audits"] = audits
        out["audits_total_s"] = round(sum(a["s"] for a in audits.values()), 1)
        expected = safe_load((dataset / "expected_findings.yaml").read_text(encoding="utf-8"))
        want = Counter(f["rule"] for f in expected["findings"])
        got_by_rule = Counter(f.rule_id for f in findings)
        # the generated dataset's own ground truth, rule by rule (RESEMBLES candidates are not in it)
        out["findings_differing_from_expected"] = {
            r: {"expected": want[r], "found": got_by_rule[r]}
            for r in sorted(set(want) | set(got_by_rule))
            if want[r] != got_by_rule[r] and r != "duty-overlap-candidate"
        }
        out["findings_total"] = len(findings)
        store.close()
    finally:
        server.terminate()
        server.wait(timeout=120)
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
