"""What every graph store shares: the :class:`Store` interface, :class:`Result`, write
batches, the schema statements derived from the model and the conversion of driver
values to plain Python (nodes and relationships as property maps), so a query's result
is comparable across stores."""

from __future__ import annotations

import contextlib
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.errors import KgError, StoreError
from kg.model import NODE_KINDS, POWERS, RELATIONSHIP_TYPES

DEFAULT_GRAPH = "kg"
READ_ONLY_MESSAGE = "the query writes to the graph but was run read-only; allow it with --write (write=True in Python)"
BATCH_SIZE = 5000

Say = Callable[[str], None]


@dataclass
class Result:
    """A query result: column names and rows of plain Python values."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r, strict=False)) for r in self.rows]

    def value(self, default: Any = None) -> Any:
        """The first column of the first row."""
        return self.rows[0][0] if self.rows else default


def batches(rows: Sequence[Any], size: int = BATCH_SIZE) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def schema_statements() -> list[str]:
    """Constraints and indexes, in Neo4j's syntax, derived from the model.

    ``schema/constraints.cypher`` is this list written out (a test keeps them equal).
    """
    out = []
    for kind in NODE_KINDS:
        label = kind.LABEL
        out.append(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE")
    for kind in NODE_KINDS:
        label = kind.LABEL
        out.append(f"CREATE INDEX {label.lower()}_dataset IF NOT EXISTS FOR (n:{label}) ON (n.dataset)")
    for rel in RELATIONSHIP_TYPES:
        t = rel.type
        out.append(f"CREATE INDEX {t.lower()}_dataset IF NOT EXISTS FOR ()-[r:{t}]-() ON (r.dataset)")
    return out


def obsolete_schema_statements() -> list[str]:
    """Indexes earlier versions created and kg no longer wants on Neo4j: the relationship
    ``key`` indexes made every relationship MERGE about 3x slower (benchmarks/README.md);
    a relationship is found by its endpoints' indexed ids instead."""
    return [f"DROP INDEX {rel.type.lower()}_key IF EXISTS" for rel in RELATIONSHIP_TYPES]


#: labels kg keeps for itself (load markers, the Neo4j write lock); not part of the data
DATASET_LABEL = "KgDataset"
LOCK_LABEL = "KgLock"
META_LABELS = (DATASET_LABEL, LOCK_LABEL)
META_SCHEMA = [
    f"CREATE CONSTRAINT kgdataset_id IF NOT EXISTS FOR (d:{DATASET_LABEL}) REQUIRE d.id IS UNIQUE",
    f"CREATE CONSTRAINT kglock_name IF NOT EXISTS FOR (l:{LOCK_LABEL}) REQUIRE l.name IS UNIQUE",
]
NOT_META = " AND ".join(f"NOT n:{label}" for label in META_LABELS)

POWER_ROWS = [p.node_properties() for p in POWERS]
SEED_POWERS = "UNWIND $rows AS row MERGE (n:Power {id: row.id}) SET n = row"


def plain(value: Any) -> Any:
    """Driver values → plain Python: nodes and relationships become property maps, paths
    ``{"nodes": [...], "relationships": [...]}`` of those maps."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "relationships") and hasattr(value, "start_node"):  # neo4j Path
        return {"nodes": [plain(n) for n in value.nodes], "relationships": [plain(r) for r in value.relationships]}
    if callable(getattr(value, "edges", None)) and callable(getattr(value, "nodes", None)):  # falkordb Path
        return {"nodes": [plain(n) for n in value.nodes()], "relationships": [plain(e) for e in value.edges()]}
    props = getattr(value, "properties", None)  # falkordb Node / Edge
    if isinstance(props, dict):
        return {k: plain(v) for k, v in props.items()}
    if hasattr(value, "items") and hasattr(value, "keys"):  # neo4j Node / Relationship
        return {k: plain(v) for k, v in dict(value.items()).items()}
    if hasattr(value, "iso_format"):  # neo4j temporal
        return value.iso_format()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def count_setting(name: str, error: type[KgError]) -> int | None:
    """The whole number of at least 1 that the environment variable ``name`` sets; None when
    it is unset or blank; ``error``, naming the variable, when it is anything else."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        n = int(raw)
    except ValueError:
        raise error(f"{name} must be a whole number, not {raw!r}") from None
    if n < 1:
        raise error(f"{name} must be at least 1, not {n}")
    return n


def default_read_workers() -> int:
    """How many read statements a store may run at once from one process: the
    ``KG_READ_WORKERS`` environment variable, else the number of CPUs (at most 4)."""
    n = count_setting("KG_READ_WORKERS", StoreError)
    return n if n is not None else max(1, min(os.cpu_count() or 1, 4))


class Store(ABC):
    """What every store does. Values are always passed as parameters."""

    backend: str
    #: how many read statements may run at once through this store (from threads of one
    #: process); 1 for a view bound to one transaction
    read_workers: int = 1

    @abstractmethod
    def run(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False) -> Result:
        """Run one statement; read-only unless ``write``."""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create constraints and indexes if missing, and the fixed Power catalogue."""

    @abstractmethod
    def plan_operators(self, cypher: str, params: dict[str, Any] | None = None) -> list[str]:
        """The operator names of the query's plan (EXPLAIN; nothing runs)."""

    def heartbeat(self) -> None:  # noqa: B027 - optional hook
        """Called by a load after each batch (Neo4j: proves the write lock's holder is alive)."""

    def clear(self) -> None:
        """Remove every node and relationship (schema stays)."""
        while self.run("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*)", write=True).value(0):
            pass

    def close(self) -> None:  # noqa: B027  # pragma: no cover - optional hook, nothing to release by default
        pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self) -> str:
        return self.backend

    def where(self) -> str:
        """The command-line options that reach this store (for messages)."""
        return f"--store {self.backend}"

    @contextlib.contextmanager
    def write_lock(self, *, wait: float | None = None, say: Say | None = None) -> Iterator[None]:
        """Hold the store's one-writer lock: other writers wait (or give up after ``wait`` s)."""
        yield

    def writer_active(self) -> bool:
        """True if some process holds the write lock right now."""
        return False

    @contextlib.contextmanager
    def scratch(self) -> Iterator[Store]:
        """A private, throw-away view of the graph as it is now, for a what-if: what is
        written through it is never seen by any other reader and is gone when the block
        ends, also on an exception or Ctrl-C (the embedded store audits a copy of the graph,
        ``GRAPH.COPY``, deleted afterwards; Neo4j one explicit transaction, rolled back)."""
        raise StoreError(f"the {self.backend} store cannot make a scratch view of its graph")
        yield self  # pragma: no cover - unreachable; makes this a generator
