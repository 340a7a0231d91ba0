"""kg: a knowledge graph of duties and powers in grassroots governance, with audits.

The Python API the CLI, notebooks and tests share::

    import kg
    store = kg.open_store()                 # embedded; kg.open_store("neo4j") for Neo4j
    kg.load(store, "data/sample")
    findings = kg.run_audit(store)          # list of Finding
    kg.who(store, "食品摊贩", township="ds-qn")  # who is responsible, township by township
    frame = kg.findings_frame(store)        # the same as a pandas DataFrame
    g = kg.to_networkx(store)               # networkx MultiDiGraph
"""

from importlib import import_module
from typing import Any

from kg.api import load, query, stats
from kg.errors import DataError, KgError, StoreError, UsageError
from kg.stores import EmbeddedStore, Store, open_store

# imported on first use, so that the command line does not pay for pandas, networkx, neo4j
_LAZY = {
    "to_networkx": "kg.export",
    "Neo4jStore": "kg.stores.neo4j",
    "run_audit": "kg.audit",
    "check_transfer": "kg.audit",
    "what_if_transfer": "kg.audit",
    "findings_frame": "kg.notebook",
    "township_graph": "kg.notebook",
    "graph_html": "kg.notebook",
    "who": "kg.responsibility",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


__all__ = [
    "load",
    "query",
    "stats",
    "to_networkx",
    "open_store",
    "Store",
    "EmbeddedStore",
    "Neo4jStore",
    "KgError",
    "DataError",
    "StoreError",
    "UsageError",
    *_LAZY,
]
__version__ = "0.1.0"
