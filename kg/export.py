"""The graph (or one township's neighbourhood) as a networkx ``MultiDiGraph``.

Node keys are the nodes' ``id``s; each node keeps its label as ``label`` and its
properties; each edge is keyed by its relationship ``key`` and keeps its ``type`` and
properties. ``write_json`` and ``write_graphml`` write such a graph to a file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import UsageError
from kg.model import NODE_LABELS
from kg.stores import Store
from kg.stores.base import NOT_META

NODES_ALL = f"MATCH (n) WHERE {NOT_META} RETURN labels(n) AS labels, properties(n) AS props"
RELS_ALL = "MATCH (a)-[r]->(b) RETURN a.id AS start, b.id AS end, type(r) AS type, properties(r) AS props"
NEIGHBOURHOOD = "MATCH (t {id: $id})-[*0..%d]-(n) RETURN DISTINCT n.id AS id"
NODES_IN = f"MATCH (n) WHERE n.id IN $ids AND {NOT_META} RETURN labels(n) AS labels, properties(n) AS props"
RELS_IN = (
    "MATCH (a)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids "
    "RETURN a.id AS start, b.id AS end, type(r) AS type, properties(r) AS props"
)


def _label(labels: list[str]) -> str:
    known = [lb for lb in labels if lb in NODE_LABELS]
    return known[0] if known else (labels[0] if labels else "")


def to_networkx(store: Store, around: str | None = None, hops: int = 2) -> nx.MultiDiGraph:
    """The whole graph, or the nodes within ``hops`` of the node with id ``around``."""
    if around is None:
        nodes = store.run(NODES_ALL).rows
        rels = store.run(RELS_ALL).rows
    else:
        if not 0 <= hops <= 4:
            raise UsageError("hops must be between 0 and 4")
        ids = [r[0] for r in store.run(NEIGHBOURHOOD % hops, {"id": around}).rows]
        if not ids:
            raise UsageError(f"no node has id {around!r}")
        nodes = store.run(NODES_IN, {"ids": ids}).rows
        rels = store.run(RELS_IN, {"ids": ids}).rows
    g = nx.MultiDiGraph()
    for labels, props in nodes:
        g.add_node(props["id"], label=_label(labels), **{k: v for k, v in props.items() if k != "id"})
    for start, end, rel_type, props in rels:
        key = props.get("key") or f"{rel_type}|{start}|{end}"
        g.add_edge(start, end, key=key, type=rel_type, **{k: v for k, v in props.items() if k != "key"})
    return g


def graph_json(g: nx.MultiDiGraph) -> dict[str, Any]:
    return {
        "nodes": [{"id": n, **attrs} for n, attrs in sorted(g.nodes(data=True))],
        "relationships": [
            {"start": a, "end": b, "key": k, **attrs}
            for a, b, k, attrs in sorted(g.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1]))
        ],
    }


def write_json(g: nx.MultiDiGraph, path: Path) -> None:
    path.write_text(json.dumps(graph_json(g), ensure_ascii=False, indent=1), encoding="utf-8")


def write_graphml(g: nx.MultiDiGraph, path: Path) -> None:
    """GraphML holds scalars only: list values are written as JSON text."""
    h = nx.MultiDiGraph()
    for n, attrs in g.nodes(data=True):
        h.add_node(n, **{k: _scalar(v) for k, v in attrs.items()})
    for a, b, k, attrs in g.edges(keys=True, data=True):
        h.add_edge(a, b, key=k, **{kk: _scalar(v) for kk, v in attrs.items()})
    nx.write_graphml(h, path, encoding="utf-8")


def _scalar(v: Any) -> Any:
    return json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v


__all__ = ["graph_json", "to_networkx", "write_graphml", "write_json"]
