"""The Python API: what the CLI, the notebooks and the tests call.

import kg
store = kg.open_store()                  # embedded by default; KG_STORE=neo4j for Neo4j
kg.load(store, "data/sample")
kg.stats(store)
kg.query(store, "MATCH (t:Area {level: $level}) RETURN t.name", level="township")
g = kg.to_networkx(store, around="ds-hb")   # one township and what lies within two hops
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import StoreError, UsageError
from kg.ingest.storable import param_problem
from kg.model import NODE_KINDS, RELATIONSHIP_TYPES
from kg.resources import resource_dir
from kg.stores import Result, Store
from kg.stores.base import DATASET_LABEL, NOT_META, Say

if TYPE_CHECKING:  # reading datasets pulls in openpyxl: only ``load`` needs it
    from kg.ingest.load import LoadReport, Progress


def load(
    store: Store,
    path: str | Path,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    lock_wait: float | None = None,
    say: Say | None = None,
    match: bool = True,
) -> LoadReport:
    """Validate the dataset folder at ``path`` and write it; nothing is written on any error.

    With ``strict``, hand-overs that break the duty-access rule (DL-1.3) are refused too.
    Another writer on the same store makes this wait (or fail after ``lock_wait`` s).
    With ``match`` (the default), candidate pairs of items that may be one duty in
    different words are written too (RESEMBLES, see :mod:`kg.match`).
    """
    from kg.ingest.load import load_dataset

    return load_dataset(store, path, progress=progress, strict=strict, lock_wait=lock_wait, say=say, match=match)


def datasets(store: Store) -> list[dict[str, Any]]:
    """The load marker of every dataset: id, state (``loading``/``complete``), source, times."""
    rows = store.run(
        f"MATCH (d:{DATASET_LABEL}) RETURN d.id, d.state, d.source, d.started_at, d.finished_at ORDER BY d.id"
    ).rows
    return [dict(zip(("id", "state", "source", "started_at", "finished_at"), r, strict=True)) for r in rows]


def _when(ms: Any) -> str:
    import datetime as dt

    if not isinstance(ms, int):
        return "?"
    return dt.datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M:%S")


def require_ready(store: Store) -> None:
    """Refuse to answer from a store that holds no dataset, or one whose load is under
    way or was interrupted: its graph is partial, and audits would report nonsense."""
    marks = datasets(store)
    if not marks:
        if not store.run(f"MATCH (n) WHERE NOT n:Power AND {NOT_META} RETURN n.id LIMIT 1").rows:
            raise StoreError(f"the {store.describe()} holds no dataset; load one with: kg {store.where()} load PATH")
        return  # data written by an older kg, without load markers
    busy = [d for d in marks if d["state"] != "complete"]
    if not busy:
        return
    d = busy[0]
    if store.writer_active():
        raise StoreError(f"dataset {d['id']} is being loaded (started {_when(d['started_at'])}); wait for it to finish")
    raise StoreError(
        f"the load of dataset {d['id']} was interrupted (started {_when(d['started_at'])}, never finished); "
        f"rerun: kg {store.where()} load {d['source'] or 'PATH'}"
    )


def stats(store: Store) -> dict[str, dict[str, int]]:
    """Node counts by label and relationship counts by type (zeros included)."""
    labels = {k.LABEL: 0 for k in NODE_KINDS}
    for label, n in store.run(f"MATCH (n) WHERE {NOT_META} UNWIND labels(n) AS label RETURN label, count(*) AS n").rows:
        labels[label] = n
    rels = {r.type: 0 for r in RELATIONSHIP_TYPES}
    for rel_type, n in store.run("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n").rows:
        rels[rel_type] = n
    return {"nodes": labels, "relationships": rels}


def resolve_query(text_or_name: str) -> str:
    """Cypher text, a path to a ``.cypher`` file, or the name of a file in ``queries/``."""
    candidate = Path(text_or_name)
    if candidate.suffix == ".cypher":
        if not candidate.is_file():
            shipped = resource_dir("queries") / candidate.name
            if not shipped.is_file():
                raise UsageError(f"query file not found: {text_or_name}")
            candidate = shipped
        return candidate.read_text(encoding="utf-8")
    named = resource_dir("queries") / f"{text_or_name}.cypher"
    if " " not in text_or_name.strip() and named.is_file():
        return named.read_text(encoding="utf-8")
    return text_or_name


def query(
    store: Store, text_or_name: str, params: dict[str, Any] | None = None, *, write: bool = False, **kw: Any
) -> Result:
    """Run Cypher (text, file or shipped query name) with parameters; read-only unless ``write``.

    Read-only also means the query may not read files or URLs from the server (``LOAD
    CSV``, ``apoc.load.*`` …): the plan is checked before the query runs.
    """
    cypher = resolve_query(text_or_name)
    values = {**(params or {}), **kw}
    for name, value in values.items():
        problem = param_problem(value)
        if problem:
            raise UsageError(f"the parameter ${name} {problem}")
    if not write:
        ops = [op.lower().replace("@neo4j", "") for op in store.plan_operators(cypher, values)]
        if any(op.startswith(("loadcsv", "load csv", "load_csv")) for op in ops):
            raise UsageError(READS_SERVER_FILES)
        if any(op.startswith("procedurecall") for op in ops) and any(
            w in cypher.lower() for w in ("apoc.load", "apoc.import", "apoc.export")
        ):
            raise UsageError(READS_SERVER_FILES)
    return store.run(cypher, values, write=write)


READS_SERVER_FILES = (
    "LOAD CSV (and apoc.load/import/export) read files or URLs from the server; kg query runs them only with --write"
)
