"""Run time of every audit rule on a generated dataset (default 300 townships).

    python benchmarks/bench_audit.py [--townships 300] [--seed 1] [--repeat 3] [--dataset DIR]
                                     [--stores embedded,neo4j] [--queries DIR] [--rules a,b]

Generates the dataset into a temporary folder (or uses ``--dataset``, a folder ``kg
generate`` wrote, generating it there first if it is missing), loads it into a fresh embedded store
(FalkorDBLite, in a temporary folder) and, when NEO4J_URI is set, into Neo4j (the
server of NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD, which is emptied!). Then times
each audit query of ``queries/`` (or of ``--queries DIR``, e.g. an older copy to
compare with): one warm-up run, then ``--repeat`` timed runs, reporting the best and
the number of findings. The first run of each rule is reported too ("cold": on Neo4j it
includes planning the query). Then the whole audit as ``kg audit`` runs it
(:func:`kg.run_audit`: the rules ``read_workers`` at a time, then provenance), best of
``--repeat``, and again with one rule at a time. Prints a table (one row per rule, one
column per store) and a JSON summary at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from kg import api
from kg.audit.queries import Query, list_queries
from kg.audit.rules import Rule, add_provenance, rule_params, run_audit
from kg.generate import generate_dataset
from kg.generate.plan_b import GENERATOR_AS_OF
from kg.stores import EmbeddedStore, Neo4jSettings, Neo4jStore, Store
from kg.stores.embedded import stop_server


def time_rules(
    name: str, store: Store, rules: list[Query], repeat: int, warmup: bool
) -> dict[str, dict[str, float | None]]:
    out: dict[str, dict[str, float | None]] = {}
    for q in rules:
        params = rule_params(Rule.from_query(q), GENERATOR_AS_OF)  # the runner's as_of, plan year, numbers
        cold = None
        if warmup:
            t0 = time.perf_counter()
            store.run(q.cypher, params)
            cold = time.perf_counter() - t0
        best = float("inf")
        n = 0
        for _ in range(max(1, repeat)):
            t0 = time.perf_counter()
            n = len(store.run(q.cypher, params).rows)
            best = min(best, time.perf_counter() - t0)
        out[q.id] = {"seconds": round(best, 3), "findings": n, "cold": round(cold, 3) if cold is not None else None}
        print(f"{name}: {q.id}: {n} findings, best of {repeat}: {best:.3f}s", flush=True)
    return out


def time_whole_audit(name: str, store: Store, rule_ids: list[str], repeat: int) -> dict[str, float]:
    """``kg audit``'s own path: the rules ``store.read_workers`` at a time, then provenance;
    and the same with one rule at a time. Best of ``repeat`` each (wall seconds)."""
    out: dict[str, float] = {"workers": store.read_workers}
    parallel = store.read_workers
    for label, workers in (("parallel", parallel), ("sequential", 1)):
        store.read_workers = workers
        best_rules = best_prov = float("inf")
        for _ in range(max(1, repeat)):
            t0 = time.perf_counter()
            found = run_audit(store, rules=rule_ids, as_of=GENERATOR_AS_OF, provenance=False)
            t1 = time.perf_counter()
            add_provenance(store, found)
            t2 = time.perf_counter()
            best_rules, best_prov = min(best_rules, t1 - t0), min(best_prov, t2 - t1)
        out[f"{label}_rules"], out[f"{label}_provenance"] = round(best_rules, 2), round(best_prov, 2)
        print(
            f"{name}: kg audit, {label} ({workers} at a time): rules {best_rules:.2f}s + provenance {best_prov:.2f}s",
            flush=True,
        )
    store.read_workers = parallel
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--townships", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per rule; the best is reported (default 3)")
    ap.add_argument("--no-warmup", action="store_true", help="do not run each rule once before timing it")
    ap.add_argument(
        "--stores",
        default=None,
        help="comma-separated: embedded, neo4j (default: embedded, plus neo4j if NEO4J_URI is set)",
    )
    ap.add_argument("--queries", default=None, help="folder of query files (default: the project's queries/)")
    ap.add_argument("--rules", default=None, help="comma-separated rule ids to time (default: every audit)")
    ap.add_argument("--dataset", default=None, help="a generated dataset folder to use (generated there if missing)")
    args = ap.parse_args()

    stores = [
        s.strip()
        for s in (args.stores or ("embedded,neo4j" if os.environ.get("NEO4J_URI") else "embedded")).split(",")
        if s.strip()
    ]
    rules = list_queries(args.queries, kind="audit")
    if args.rules:
        wanted = {r.strip() for r in args.rules.split(",") if r.strip()}
        unknown = wanted - {q.id for q in rules}
        if unknown:
            sys.exit(f"unknown rules: {', '.join(sorted(unknown))}")
        rules = [q for q in rules if q.id in wanted]

    summary: dict[str, object] = {
        "townships": args.townships,
        "seed": args.seed,
        "repeat": args.repeat,
        "python": platform.python_version(),
    }
    timings: dict[str, dict[str, dict[str, float | None]]] = {}
    whole: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.dataset) if args.dataset else Path(tmp) / "gen"
        if not (path / "dataset.yaml").exists():
            t0 = time.perf_counter()
            g = generate_dataset(path, args.townships, args.seed)
            print(
                f"generated {g.townships} townships ({g.duty_links} duty links, {g.lists} lists) "
                f"in {time.perf_counter() - t0:.1f}s",
                flush=True,
            )
            summary["duty_links"] = g.duty_links
        for name in stores:
            if name == "embedded":
                store: Store = EmbeddedStore(Path(tmp) / "embedded")
            elif name == "neo4j":
                store = Neo4jStore(Neo4jSettings.from_env())
            else:
                sys.exit(f"unknown store {name!r} (embedded or neo4j)")
            try:
                store.clear()
                store.ensure_schema()
                t0 = time.perf_counter()
                api.load(store, path)
                load_s = time.perf_counter() - t0
                print(f"{name}: loaded in {load_s:.1f}s", flush=True)
                summary[f"{name}_load_s"] = round(load_s, 2)
                timings[name] = time_rules(name, store, rules, args.repeat, not args.no_warmup)
                whole[name] = time_whole_audit(name, store, [q.id for q in rules], args.repeat)
            finally:
                store.close()
                if name == "embedded":  # its server outlives the client: stop it before its folder goes
                    stop_server(Path(tmp) / "embedded")

    summary["rules"] = timings
    summary["kg_audit"] = whole
    width = max(len(q.id) for q in rules)
    head = f"| {'rule':<{width}} | " + " | ".join(f"{s + ' (s)':>14} | {'findings':>8}" for s in stores) + " |"
    print()
    print(f"{args.townships} townships, seed {args.seed}, best of {args.repeat}")
    print(head)
    print("|" + "-" * (width + 2) + "|" + "|".join("-" * 15 + ":|" + "-" * 9 + ":" for _ in stores) + "|")
    for q in rules:
        cells = " | ".join(
            f"{timings[s][q.id]['seconds']:>14.3f} | {int(timings[s][q.id]['findings'] or 0):>8}" for s in stores
        )
        print(f"| {q.id:<{width}} | {cells} |")
    totals = " | ".join(f"{sum(v['seconds'] or 0 for v in timings[s].values()):>14.3f} | {'':>8}" for s in stores)
    print(f"| {'total':<{width}} | {totals} |")
    colds = " | ".join(f"{sum(v['cold'] or 0 for v in timings[s].values()):>14.3f} | {'':>8}" for s in stores)
    print(f"| {'total, first runs':<{width}} | {colds} |")
    for label in ("parallel", "sequential"):
        cells = " | ".join(
            f"{whole[s][label + '_rules'] + whole[s][label + '_provenance']:>14.3f} | {'':>8}" for s in stores
        )
        print(f"| {'kg audit, ' + label + ' (+ provenance)':<{width}} | {cells} |")
    print()
    print(json.dumps(summary, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
