"""Load time of a generated dataset (default 300 townships) on both stores.

    python benchmarks/bench_generated.py [--townships 300] [--seed 1] [--stores embedded,neo4j]

Generates the dataset into a temporary folder, then for each store: empties it, loads
the dataset (validation, the plan with its match candidates (timed apart), write, as
``kg load`` does), loads it a second time (the
idempotent re-sync), and times a few audits. Neo4j is the server of NEO4J_URI /
NEO4J_USERNAME / NEO4J_PASSWORD (it is emptied!); the embedded store lives in a
temporary folder. Prints one line per measurement and a JSON summary at the end.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

from kg.audit.queries import list_queries
from kg.generate import generate_dataset
from kg.ingest.dataset import read_dataset
from kg.ingest.load import build_plan, write_plan
from kg.stores import EmbeddedStore, Neo4jSettings, Neo4jStore, Store


def bench(name: str, store: Store, path: Path, audits: bool) -> dict[str, float]:
    out: dict[str, float] = {}
    store.clear()
    store.ensure_schema()
    t0 = time.perf_counter()
    ds = read_dataset(path)
    out["validate"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    plan = build_plan(ds, match=False)
    out["plan"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    plan = build_plan(ds)
    out["plan+match"] = time.perf_counter() - t0
    out["match"] = out["plan+match"] - out["plan"]
    t0 = time.perf_counter()
    write_plan(store, plan)
    out["write"] = time.perf_counter() - t0
    out["load"] = out["validate"] + out["plan+match"] + out["write"]
    t0 = time.perf_counter()
    write_plan(store, build_plan(read_dataset(path)))
    out["reload"] = time.perf_counter() - t0
    print(
        f"{name}: validate {out['validate']:.1f}s, plan {out['plan']:.1f}s, matching {out['match']:.1f}s "
        f"({len(plan.rels.get(('RESEMBLES', 'Duty', 'Duty'), []))} candidates), write {out['write']:.1f}s, "
        f"load {out['load']:.1f}s, reload {out['reload']:.1f}s",
        flush=True,
    )
    if audits:
        for q in list_queries(kind="audit"):
            t0 = time.perf_counter()
            n = len(store.run(q.cypher).rows)
            out[f"audit {q.id}"] = time.perf_counter() - t0
            print(f"{name}: {q.id}: {n} findings in {out[f'audit {q.id}']:.1f}s", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--townships", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stores", default="embedded,neo4j")
    ap.add_argument("--no-audits", action="store_true", help="only time the loads")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gen"
        t0 = time.perf_counter()
        g = generate_dataset(path, args.townships, args.seed)
        gen_s = time.perf_counter() - t0
        plan = build_plan(read_dataset(path))
        print(
            f"generated {g.townships} townships in {gen_s:.1f}s: {plan.node_count()} nodes, {plan.rel_count()} relationships, "
            f"{g.duty_links} duty links, {g.lists} lists",
            flush=True,
        )
        summary: dict[str, object] = {
            "townships": g.townships,
            "seed": g.seed,
            "nodes": plan.node_count(),
            "relationships": plan.rel_count(),
            "duty_links": g.duty_links,
            "generate_s": round(gen_s, 2),
            "python": platform.python_version(),
        }
        for name in [s.strip() for s in args.stores.split(",") if s.strip()]:
            if name == "embedded":
                store: Store = EmbeddedStore(Path(tmp) / "embedded")
            else:
                store = Neo4jStore(Neo4jSettings.from_env())
            try:
                summary[name] = {k: round(v, 2) for k, v in bench(name, store, path, not args.no_audits).items()}
            finally:
                store.close()
    print(json.dumps(summary, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
