"""Relationship identity on each store, measured: how should kg write its relationships?

    python benchmarks/bench_rel_identity.py [--townships 300] [--stores embedded,neo4j]

The rows are those of a generated dataset (``kg generate``). For each store and each
strategy the store is emptied, the nodes are written (the same statement for every
strategy), then the relationships are timed twice: a first load into an empty graph and
a reload of the same rows (every key already there). Strategies:

* ``merge+index``  — ``MATCH`` both endpoints by id, ``MERGE (a)-[r:T {key}]->(b)``, with
  an index on every relationship type's ``key`` (kg up to this change);
* ``merge``        — the same ``MERGE`` without the relationship key index: the key is
  found by expanding between the two bound endpoints;
* ``create``       — ``CREATE`` (first load only; a reload would duplicate): the engine's
  floor for these rows.

Neo4j is the server of NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD (it is emptied!).
Prints wall and process CPU seconds (the client's; the server's CPU on Neo4j is not in it).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from kg import model as m
from kg.generate import generate_dataset
from kg.ingest.dataset import read_dataset
from kg.ingest.load import Plan, _merge_nodes, build_plan
from kg.stores import BATCH_SIZE, EmbeddedStore, Neo4jSettings, Neo4jStore, Store, batches

STRATEGIES = ("merge+index", "merge", "create")


def rel_statement(verb: str, t: str, sl: str, el: str) -> str:
    head = f"UNWIND $rows AS row MATCH (a:{sl} {{id: row.start}}) MATCH (b:{el} {{id: row.end}}) "
    if verb == "create":
        return head + f"CREATE (a)-[r:{t}]->(b) SET r = row.props"
    return head + f"MERGE (a)-[r:{t} {{key: row.props.key}}]->(b) SET r = row.props"


def set_key_indexes(store: Store, on: bool) -> None:
    for rel in m.RELATIONSHIP_TYPES:
        t = rel.type
        if store.backend == "neo4j":
            stmt = (
                f"CREATE INDEX {t.lower()}_key IF NOT EXISTS FOR ()-[r:{t}]-() ON (r.key)"
                if on
                else f"DROP INDEX {t.lower()}_key IF EXISTS"
            )
            store.run(stmt, write=True)
        else:
            have = {
                (label, p)
                for label, props in store.run("CALL db.indexes() YIELD label, properties RETURN label, properties").rows
                for p in props
            }
            if on and (t, "key") not in have:
                store.run(f"CREATE INDEX FOR ()-[r:{t}]-() ON (r.key)", write=True)
            if not on and (t, "key") in have:
                store.run(f"DROP INDEX FOR ()-[r:{t}]-() ON (r.key)", write=True)
    if store.backend == "neo4j":
        store.run("CALL db.awaitIndexes(300)", write=False)


def timed(store: Store, plan: Plan, verb: str) -> tuple[float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    write_rels(store, plan, verb)
    return time.perf_counter() - w0, time.process_time() - c0


def write_rels(store: Store, plan: Plan, verb: str) -> None:
    for (t, sl, el), rows in plan.rels.items():
        stmt = rel_statement(verb, t, sl, el)
        for chunk in batches(rows, BATCH_SIZE):
            store.run(stmt, {"rows": list(chunk)}, write=True)


def run(store: Store, plan: Plan) -> None:
    for strategy in STRATEGIES:
        store.clear()
        store.ensure_schema()
        set_key_indexes(store, strategy == "merge+index")
        for kind in m.NODE_KINDS:
            for chunk in batches(plan.nodes.get(kind.LABEL, []), BATCH_SIZE):
                store.run(_merge_nodes(kind.LABEL), {"rows": list(chunk)}, write=True)
        verb = "create" if strategy == "create" else "merge"
        w, c = timed(store, plan, verb)
        line = f"{store.backend:8} {strategy:12} first load {w:7.1f} s wall {c:6.1f} s cpu"
        if verb == "merge":
            w2, c2 = timed(store, plan, verb)
            line += f" | reload {w2:7.1f} s wall {c2:6.1f} s cpu"
        n = store.run("MATCH ()-[r]->() RETURN count(r)").value()
        print(line + f" | {n} relationships", flush=True)
    set_key_indexes(store, True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--townships", type=int, default=300)
    ap.add_argument("--stores", default="embedded,neo4j")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gen"
        generate_dataset(path, args.townships, 1)
        plan = build_plan(read_dataset(path))
        print(f"{args.townships} townships: {plan.node_count()} nodes, {plan.rel_count()} relationships", flush=True)
        for name in [s.strip() for s in args.stores.split(",") if s.strip()]:
            store: Store = (
                EmbeddedStore(Path(tmp) / "emb") if name == "embedded" else Neo4jStore(Neo4jSettings.from_env())
            )
            try:
                run(store, plan)
            finally:
                store.close()


if __name__ == "__main__":
    main()
