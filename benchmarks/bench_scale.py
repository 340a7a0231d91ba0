"""kg against the engine's own floor, per store, in one run: load, reload, audits, memory.

    python benchmarks/bench_scale.py [--townships 300,1500] [--stores embedded,neo4j] [--data DIR]
                                     [--codecs python,rust] [--no-audits]

For each size a dataset is generated (``kg generate``, seed 1; kept under ``--data`` and
reused when it is there). For each store and size, two child processes run in turn, so
that peak memory is that of one ``kg load`` and nothing else:

1. **kg** — empties the store and warms it up (untimed: a small generated dataset written
   with the raw statements and with ``write_plan``, then removed, so a freshly started
   Neo4j has compiled every statement and warmed its JIT before the timed write; without
   it kg's first write, which runs first, paid for the cold JVM alone), then
   ``read_dataset`` (read + validate), ``build_plan`` and ``write_plan``: what ``kg load``
   does; its peak RSS (``os.wait4``'s ``ru_maxrss``) is the figure for memory;
2. **raw** — a second ``write_plan`` of the same dataset (the reload), every audit query
   once (its first run: on Neo4j that includes planning it) and their provenance, then the
   whole ``kg audit`` as it runs (``run_audit``: the rules ``read_workers`` at a time, each
   query run once before, then provenance), then the store is emptied and the same rows are written with the plain
   statements (nodes ``UNWIND … MERGE (n:L {id}) SET n = row``; relationships ``MATCH``
   both endpoints by id, ``MERGE (a)-[r:T {key}]->(b) SET r = row``), written a second time
   (the raw reload), and once more into an emptied store with ``CREATE``.

The machine may be shared: every phase reports wall and CPU seconds (the client's; the
server's own CPU is not in it) and the summary prints the ratios kg / raw of the same
engine in the same run, which load on the machine affects far less than absolute times.
Neo4j is the server of NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD (it is emptied!).
``--codecs python,rust`` runs the Neo4j children twice, with the driver's pure-Python
PackStream codec and with the Rust one of ``neo4j-rust-ext`` (installed with kg), so the
two are compared in one run; ``--no-audits`` leaves the audits out of the second child.
For the embedded store the peak RSS is that of the Python process; the FalkorDB engine
runs in its own process.
"""

from __future__ import annotations

import os
import sys

if os.environ.get("KG_BENCH_CODEC") == "python":  # before the driver is imported: no Rust codec
    sys.modules["neo4j._rust"] = None  # type: ignore[assignment]

import argparse
import contextlib
import json
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg import model as m
from kg.audit.queries import list_queries
from kg.audit.rules import Rule, add_provenance, run_audit, run_rule
from kg.generate import generate_dataset
from kg.generate.plan_b import GENERATOR_AS_OF
from kg.ingest.dataset import read_dataset
from kg.ingest.load import Plan, build_plan, write_plan
from kg.stores import BATCH_SIZE, EmbeddedStore, Neo4jSettings, Neo4jStore, Store, batches
from kg.stores.embedded import stop_server


def timed(fn: Callable[[], Any]) -> tuple[Any, dict[str, float]]:
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, {"wall": round(time.perf_counter() - w0, 2), "cpu": round(time.process_time() - c0, 2)}


def open_named(name: str, tmp: Path) -> Store:
    return EmbeddedStore(tmp / "embedded") if name == "embedded" else Neo4jStore(Neo4jSettings.from_env())


def raw_write(store: Store, plan: Plan, verb: str) -> None:
    for kind in m.NODE_KINDS:
        for chunk in batches(plan.nodes.get(kind.LABEL, []), BATCH_SIZE):
            store.run(
                f"UNWIND $rows AS row MERGE (n:{kind.LABEL} {{id: row.id}}) SET n = row",
                {"rows": list(chunk)},
                write=True,
            )
    for (t, sl, el), rows in plan.rels.items():
        head = f"UNWIND $rows AS row MATCH (a:{sl} {{id: row.start}}) MATCH (b:{el} {{id: row.end}}) "
        tail = f"CREATE (a)-[r:{t}]->(b)" if verb == "create" else f"MERGE (a)-[r:{t} {{key: row.props.key}}]->(b)"
        for chunk in batches(rows, BATCH_SIZE):
            store.run(head + tail + " SET r = row.props", {"rows": list(chunk)}, write=True)


def codec() -> str:
    import neo4j._codec.packstream.v1 as packstream

    return "rust" if packstream._rust_pack else "python"


def warm_up(store: Store, tmp: Path) -> None:
    """Write a small dataset both ways, then empty the store (compiles the statements, warms the JIT)."""
    path = tmp / "warm-up"
    if not (path / "dataset.yaml").exists():
        generate_dataset(path, WARM_UP_TOWNSHIPS, 2)
    plan = build_plan(read_dataset(path))
    store.ensure_schema()
    raw_write(store, plan, "merge")
    store.clear()
    store.ensure_schema()
    write_plan(store, plan)
    write_plan(store, plan)
    store.clear()


WARM_UP_TOWNSHIPS = 24


def child(phase: str, store_name: str, path: Path, tmp: Path, audits: bool = True) -> dict[str, Any]:
    store = open_named(store_name, tmp)
    out: dict[str, Any] = {"codec": codec()}
    try:
        if phase == "kg":
            store.clear()
            _, out["warm_up"] = timed(lambda: warm_up(store, tmp))
            ds, out["validate"] = timed(lambda: read_dataset(path))
            plan, out["plan"] = timed(lambda: build_plan(ds))
            _, out["write"] = timed(lambda: write_plan(store, plan))
            out["nodes"], out["relationships"] = plan.node_count(), plan.rel_count()
            return out
        plan = build_plan(read_dataset(path))
        _, out["kg_reload"] = timed(lambda: write_plan(store, plan))
        results: dict[str, dict[str, Any]] = {}
        findings = []
        for q in list_queries(kind="audit") if audits else []:
            rule = Rule.from_query(q)
            res, t = timed(lambda rule=rule: run_rule(store, rule, GENERATOR_AS_OF))  # type: ignore[misc]
            results[q.id] = {**t, "findings": len(res)}
            findings.extend(res)
        out["audits"] = results
        _, out["provenance"] = timed(lambda: add_provenance(store, findings))
        if audits:
            # kg audit's own path, each query run once before: the rules read_workers at a time, then provenance
            out["audit_workers"] = store.read_workers
            _, out["kg_audit"] = timed(lambda: run_audit(store, as_of=GENERATOR_AS_OF))
        store.clear()
        store.ensure_schema()
        _, out["raw_merge"] = timed(lambda: raw_write(store, plan, "merge"))
        _, out["raw_merge_reload"] = timed(lambda: raw_write(store, plan, "merge"))
        store.clear()
        store.ensure_schema()
        _, out["raw_create"] = timed(lambda: raw_write(store, plan, "create"))
        store.clear()
        return out
    finally:
        store.close()


def run_child(
    phase: str, store_name: str, path: Path, tmp: Path, codec: str | None = None, audits: bool = True
) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", phase, "--stores", store_name, "--data", str(path), "--tmp", str(tmp)]
    if not audits:
        cmd.append("--no-audits")
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    if codec:
        env["KG_BENCH_CODEC"] = codec
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    text = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"{phase} child for {store_name} failed with status {status}")
    result: dict[str, Any] = json.loads(text)
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)  # KiB on Linux
    return result


def ratio(a: dict[str, float], b: dict[str, float]) -> str:
    return f"{a['wall'] / b['wall']:.2f}" if b["wall"] else "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--townships", default="300,1500")
    ap.add_argument("--stores", default="embedded,neo4j")
    ap.add_argument("--data", help="folder for the generated datasets (reused); a temporary one by default")
    ap.add_argument("--codecs", default="", help="Neo4j driver codecs to compare: python,rust (default: as installed)")
    ap.add_argument("--no-audits", action="store_true", help="leave the audits out")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--tmp", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.stores, Path(args.data), Path(args.tmp), not args.no_audits)))
        return
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    codecs: list[str | None] = [c.strip() for c in args.codecs.split(",") if c.strip()] or [None]
    with tempfile.TemporaryDirectory() as tmp_name, contextlib.ExitStack() as cleanup:
        tmp = Path(tmp_name)
        # the embedded store's server outlives its clients (it stops when idle): stop it before
        # its folder goes, or it keeps running (and persisting) without one
        cleanup.callback(stop_server, tmp / "embedded")
        data = Path(args.data) if args.data else tmp
        summary: dict[str, Any] = {}
        for n in [int(x) for x in args.townships.split(",")]:
            path = data / f"gen{n}"
            if not (path / "dataset.yaml").exists():
                generate_dataset(path, n, 1)
            for name in stores:
                for codec in codecs if name == "neo4j" else [None]:
                    label = f"{name}/{codec}" if codec else name
                    print(f"{n} townships, {label}: kg load …", file=sys.stderr, flush=True)
                    kg = run_child("kg", name, path, tmp, codec)
                    print(f"{n} townships, {label}: reload, audits, raw writes …", file=sys.stderr, flush=True)
                    raw = run_child("raw", name, path, tmp, codec, not args.no_audits)
                    summary[f"{label} {n}"] = {"kg": kg, "raw": raw}
                    print(json.dumps({f"{label} {n}": summary[f"{label} {n}"]}), file=sys.stderr, flush=True)
    print()
    print(
        "| store | townships | nodes / rels | validate | plan | kg write | raw MERGE | raw CREATE | kg / raw MERGE | "
        "validate / kg write | kg reload | raw reload | reload ratio | all audits, first runs + provenance "
        "| kg audit (rules at a time) | peak RSS kg load |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")

    def cell(t: dict[str, float]) -> str:
        return f"{t['wall']} ({t['cpu']})"

    for key, r in summary.items():
        name, size = key.split()
        kg, raw = r["kg"], r["raw"]
        audits = sum(a["wall"] for a in raw["audits"].values())
        whole = f"{raw['kg_audit']['wall']} ({raw['audit_workers']})" if "kg_audit" in raw else "-"
        print(
            f"| {name} | {size} | {kg['nodes']:,} / {kg['relationships']:,} | {cell(kg['validate'])} "
            f"| {cell(kg['plan'])} | {cell(kg['write'])} "
            f"| {cell(raw['raw_merge'])} | {cell(raw['raw_create'])} | **{ratio(kg['write'], raw['raw_merge'])}** "
            f"| {ratio(kg['validate'], kg['write'])} | {cell(raw['kg_reload'])} | {cell(raw['raw_merge_reload'])} "
            f"| **{ratio(raw['kg_reload'], raw['raw_merge_reload'])}** | {audits:.1f} + {raw['provenance']['wall']} "
            f"| {whole} | {kg['peak_rss_mb']} MB |"
        )
    print("(seconds wall, client CPU in brackets)")
    print()
    names = sorted({q for r in summary.values() for q in r["raw"]["audits"]})
    print("| audit | " + " | ".join(summary) + " |")
    print("|---|" + "---:|" * len(summary))
    for q in names:
        cells = [
            f"{r['raw']['audits'][q]['wall']} s ({r['raw']['audits'][q]['findings']})"
            if q in r["raw"]["audits"]
            else "-"
            for r in summary.values()
        ]
        print(f"| {q} | " + " | ".join(cells) + " |")
    print()
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
