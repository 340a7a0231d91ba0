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
from typing import Any

from kg.errors import UsageError
from kg.ingest.load import LoadReport, Progress, load_dataset
from kg.model import NODE_KINDS, RELATIONSHIP_TYPES
from kg.resources import resource_dir
from kg.stores import Result, Store


def load(
    store: Store, path: str | Path, *, strict: bool = False, progress: Progress | None = None, match: bool = True
) -> LoadReport:
    """Validate the dataset folder at ``path`` and write it; nothing is written on any error.

    With ``strict``, hand-overs that break the duty-access rule (DL-1.3) are refused too.
    With ``match`` (the default), candidate pairs of items that may be one duty in
    different words are written too (RESEMBLES, see :mod:`kg.match`).
    """
    return load_dataset(store, path, progress=progress, strict=strict, match=match)


def stats(store: Store) -> dict[str, dict[str, int]]:
    """Node counts by label and relationship counts by type (zeros included)."""
    labels = {k.LABEL: 0 for k in NODE_KINDS}
    for label, n in store.run("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n").rows:
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
    """Run Cypher (text, file or shipped query name) with parameters; read-only unless ``write``."""
    return store.run(resolve_query(text_or_name), {**(params or {}), **kw}, write=write)
