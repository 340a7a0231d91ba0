"""kg: a knowledge graph of duties and powers in grassroots governance, with audits."""

from .api import load, query, stats
from .errors import DataError, KgError, StoreError, UsageError
from .export import to_networkx
from .store import EmbeddedStore, Neo4jStore, Store, open_store

__all__ = [
    "load", "query", "stats", "to_networkx", "open_store",
    "Store", "EmbeddedStore", "Neo4jStore",
    "KgError", "DataError", "StoreError", "UsageError",
]
__version__ = "0.1.0"
