"""National scale on Neo4j: a generated country, bulk export, ``neo4j-admin database import``, audits.

    python benchmarks/bench_bulk.py --provinces 4 --townships-per-province 1250 --work /tmp/w15n/b5000
    python benchmarks/bench_bulk.py --townships 300          # one stand-alone dataset, as before

1. generates a country of K province datasets of N townships each (:func:`kg.generate.
   generate_country`, seed 1; reused from ``--data``): wall and CPU seconds;
2. ``kg export --bulk`` of all provinces (:func:`kg.bulk.export_bulk`) in a child process, ``--jobs``
   provinces side by side in worker processes:
   wall and CPU seconds, peak RSS, CSV size;
3. ``neo4j-admin database import full`` with the jars of ``neo4j-local/`` (build them with
   ``scripts/neo4j-local build``) into a fresh NEO4J_HOME: wall seconds, the tool's own
   clock, CPU seconds and peak RSS of the JVM (``os.wait4``), nodes and relationships;
4. serves the imported database on free ports (page cache ``--pagecache``), creates kg's
   constraints and indexes (what ``kg init`` does after an import) and runs every audit
   rule once at the generator's date, timing each (and the provenance lookup), and checks
   the findings against the union of the provinces' ``expected_findings.yaml``: per rule,
   by (rule, township, subject) (RESEMBLES candidates, ``duty-overlap-candidate``, are not
   in the generator's ground truth and are only counted).

Prints one JSON summary (and progress on stderr). Nothing here touches the Neo4j of
NEO4J_URI. Run big sizes with ``nice -n 10`` on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
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


def log(*parts: Any) -> None:
    print(time.strftime("%H:%M:%S"), *parts, file=sys.stderr, flush=True)


def export_child(out: Path, datasets: list[Path], match: bool) -> None:
    from kg.bulk import export_bulk

    w0, c0 = time.perf_counter(), time.process_time()

    def progress(stage: str, done: int, total: int) -> None:
        log(f"{stage} {done}/{total}: {time.perf_counter() - w0:.0f} s")

    report = export_bulk(datasets, out, progress, match=match)
    print(
        json.dumps(
            {
                "wall_s": round(time.perf_counter() - w0, 1),
                "cpu_s": round(time.process_time() - c0, 1),
                "nodes": report.nodes,
                "relationships": report.relationships,
            }
        )
    )


def run_measured(cmd: list[str], **kw: Any) -> tuple[int, str, dict[str, float]]:
    """Run ``cmd``; its status, stdout+stderr, and wall / CPU seconds and peak RSS (MB)."""
    t = time.perf_counter()
    with tempfile.TemporaryFile() as f:
        proc = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, **kw)
        _, status, usage = os.wait4(proc.pid, 0)
        f.seek(0)
        text = f.read().decode("utf-8", "replace")
    figures = {
        "wall_s": round(time.perf_counter() - t, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
    }
    return os.waitstatus_to_exitcode(status), text, figures


def generate(args: argparse.Namespace, data_root: Path) -> tuple[list[Path], dict[str, Any]]:
    from kg.generate import generate_country, generate_dataset

    if args.provinces:
        root = data_root / f"country-{args.provinces}x{args.townships_per_province}"
        paths = [root / f"p{n:02d}" for n in range(1, args.provinces + 1)]
    else:
        root = data_root / f"gen{args.townships}"
        paths = [root]
    if all((p / "expected_findings.yaml").exists() for p in paths):
        return paths, {"reused": str(root)}
    w, c = time.perf_counter(), time.process_time()
    if args.provinces:
        generate_country(root, args.provinces, args.townships_per_province, 1)
    else:
        generate_dataset(root, args.townships, 1)
    return paths, {
        "wall_s": round(time.perf_counter() - w, 1),
        "cpu_s": round(time.process_time() - c, 1),
        "mb": round(sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) / 2**20),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--provinces", type=int, default=0, help="K province datasets (a generated country)")
    ap.add_argument("--townships-per-province", type=int, default=1520)
    ap.add_argument("--townships", type=int, default=300, help="without --provinces: one stand-alone dataset")
    ap.add_argument("--data", help="folder for the generated datasets (reused)")
    ap.add_argument("--work", help="folder for the CSV files and the Neo4j homes (default: temporary, removed)")
    ap.add_argument("--heap", default="2g", help="JVM heap of the importer and the server")
    ap.add_argument("--pagecache", type=int, default=2048, help="page cache of the serving Neo4j, MB")
    ap.add_argument("--no-match", action="store_true", help="export without RESEMBLES candidates")
    ap.add_argument("--jobs", type=int, help="provinces exported side by side (KG_EXPORT_JOBS; default: the CPUs)")
    ap.add_argument("--no-audits", action="store_true", help="stop after the import")
    ap.add_argument("--child-export", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_export:
        out, *paths = args.child_export
        export_child(Path(out), [Path(p) for p in paths], not args.no_match)
        return
    assert (LIB / "lib").is_dir(), "neo4j-local is not built: run scripts/neo4j-local build"

    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="kg-bench-bulk-"))
    work.mkdir(parents=True, exist_ok=True)
    data_root = Path(args.data) if args.data else work
    townships = args.provinces * args.townships_per_province if args.provinces else args.townships
    out: dict[str, Any] = {"townships": townships, "provinces": args.provinces or None}
    out["load_average_start"] = [round(x, 1) for x in os.getloadavg()]
    datasets, out["generate"] = generate(args, data_root)
    log(f"generate: {out['generate']}")

    csv_dir = work / "csv"
    shutil.rmtree(csv_dir, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if args.jobs:
        env["KG_EXPORT_JOBS"] = str(args.jobs)
    child = [sys.executable, __file__, *(["--no-match"] if args.no_match else [])]
    status, text, figures = run_measured([*child, "--child-export", str(csv_dir), *map(str, datasets)], env=env)
    if status != 0:
        raise SystemExit(f"the export failed with status {status}:\n{text[-3000:]}")
    # cpu_s: the export's own process; all_cpu_s: with its worker processes (one per job)
    out["export"] = {
        **json.loads(text.strip().splitlines()[-1]),
        "all_cpu_s": figures["cpu_s"],
        "peak_rss_mb": figures["peak_rss_mb"],  # the largest of the export's processes
        "jobs": int(env.get("KG_EXPORT_JOBS") or 0) or "CPUs",
    }
    out["csv_mb"] = round(sum(p.stat().st_size for p in csv_dir.iterdir()) / 2**20)
    log(f"export: {out['export']}, {out['csv_mb']} MB of CSV")

    home = work / "home"
    shutil.rmtree(home, ignore_errors=True)
    (home / "conf").mkdir(parents=True)
    classpath = f"{LIB / 'classes'}{os.pathsep}{LIB / 'lib' / '*'}"
    java = ["java", f"-Xmx{args.heap}", "-cp", classpath]
    status, text, figures = run_measured(
        [*java, "org.neo4j.cli.AdminTool", "database", "import", "full", "neo4j", f"@{csv_dir / 'import.args'}"],
        env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")},
        cwd=work,  # neo4j-admin writes its import.report into the working directory
    )
    if status != 0:
        raise SystemExit(text[-6000:])
    done = re.search(r"IMPORT DONE in (.+?)\. *\n", text)
    imported = re.search(r"Imported:\s*\n\s*(\d+) nodes\s*\n\s*(\d+) relationships\s*\n\s*(\d+) properties", text)
    out["import"] = {
        **figures,
        "tool_clock": done.group(1) if done else None,
        "nodes": int(imported.group(1)) if imported else None,
        "relationships": int(imported.group(2)) if imported else None,
        "properties": int(imported.group(3)) if imported else None,
        "peak_memory_reported": (re.findall(r"Peak memory usage: (.+)", text) or [None])[-1],
    }
    out["store_mb"] = round(sum(f.stat().st_size for f in (home / "data").rglob("*") if f.is_file()) / 2**20)
    log(f"import: {out['import']}, store {out['store_mb']} MB")
    if args.no_audits:
        print(json.dumps(out, ensure_ascii=False))
        return

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
        env={**os.environ, "KG_NEO4J_PASSWORD": PASSWORD, "KG_NEO4J_PAGECACHE_MB": str(args.pagecache)},
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
        log(f"served in {out['serve_s']} s, kg init {out['init_s']} s")
        audits: dict[str, dict[str, Any]] = {}
        findings = []
        c0 = time.process_time()
        for rule in list_rules():
            t = time.perf_counter()
            got = run_rule(store, rule, GENERATOR_AS_OF)
            audits[rule.id] = {"s": round(time.perf_counter() - t, 2), "findings": len(got)}
            findings.extend(got)
            log(f"{rule.id}: {audits[rule.id]}")
        t = time.perf_counter()
        add_provenance(store, findings)
        out["provenance_s"] = round(time.perf_counter() - t, 1)
        out["audits_client_cpu_s"] = round(time.process_time() - c0, 1)
        out["audits"] = audits
        out["audits_total_s"] = round(sum(a["s"] for a in audits.values()), 1)
        out["slowest_audits"] = dict(sorted(((k, v["s"]) for k, v in audits.items()), key=lambda x: -x[1])[:5])
        expected = [
            e
            for p in datasets
            for e in safe_load((p / "expected_findings.yaml").read_text(encoding="utf-8"))["findings"]
        ]
        candidate = "duty-overlap-candidate"
        want = Counter((e["rule"], e["township"], e["subject"]) for e in expected if e["rule"] != candidate)
        got_keys = Counter((f.rule_id, f.township_id, f.subject_id) for f in findings if f.rule_id != candidate)
        out["findings_total"] = len(findings)
        out["findings_expected"] = sum(want.values())
        out["candidates"] = sum(1 for f in findings if f.rule_id == candidate)
        out["findings_missing"] = sum((want - got_keys).values())
        out["findings_extra"] = sum((got_keys - want).values())
        out["findings_differing_by_rule"] = {
            r: {"expected": n, "found": m}
            for r in sorted({k[0] for k in want} | {k[0] for k in got_keys})
            if (n := sum(v for k, v in want.items() if k[0] == r))
            != (m := sum(v for k, v in got_keys.items() if k[0] == r))
        }
        store.close()
    finally:
        server.terminate()
        server.wait(timeout=300)
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    out["load_average_end"] = [round(x, 1) for x in os.getloadavg()]
    out["bench_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
