"""Walking the graph around one township into networkx (both stores)."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kg.errors import UsageError
from kg.export import NODES_IN, RELS_IN, _label
from kg.stores import Store

#: (label of the node we stand on, relationship type, direction) that the township
#: picture follows; "out" means (node)-[TYPE]->(other)
FOLLOW: frozenset[tuple[str, str, str]] = frozenset(
    {
        # from the township's own bodies: what they hold, own, receive, issue; who sends them
        ("Body", "HOLDS_DUTY", "out"),
        ("Body", "OWNS", "out"),
        ("Body", "HOLDS", "out"),
        ("Body", "ASSIGNS_TO", "in"),
        ("Body", "DISPATCHES", "in"),
        ("Body", "APPLIES_TO", "in"),
        ("Body", "ISSUES", "out"),
        ("Area", "APPLIES_TO", "in"),
        # from a duty: the bodies holding it (above township level: the departments behind it)
        ("Duty", "HOLDS_DUTY", "in"),
        ("DutyList", "INCLUDES", "out"),
        ("PowerGrant", "CONFERS", "out"),
        ("PowerGrant", "GUIDES", "in"),
        ("PowerGrant", "APPLIES_TO", "out"),
        ("PowerGrant", "HOLDS", "in"),
        ("Handover", "TRANSFERS", "out"),
        ("Handover", "HANDS_OVER", "in"),
        ("Handover", "AUTHORISES", "in"),
        ("Handover", "ASSIGNS_TO", "out"),
        ("Decision", "ISSUES", "in"),
        ("Decision", "AUTHORISES", "out"),
    }
)
#: labels that are never walked through (catalogue nodes and bodies outside the township are leaves)
_LEAVES = frozenset({"Power", "Body", "Area"})
_OUT = "MATCH (a)-[r]->(b) WHERE a.id IN $ids RETURN a.id, type(r), labels(b), b.id, b.level"
_IN = "MATCH (a)<-[r]-(b) WHERE a.id IN $ids RETURN a.id, type(r), labels(b), b.id, b.level"
_TOWNSHIP = "MATCH (t:Area {level: 'township'}) WHERE t.id = $x OR t.name = $x RETURN t.id, t.name ORDER BY t.id"
_TOWNSHIP_OF_BODY = (
    "MATCH (b:Body {id: $x})-[:BELONGS_TO*0..2]->(:Body)-[:GOVERNS|SERVES]->(a:Area)-[:BELONGS_TO*0..2]->(t:Area {level: 'township'}) "
    "RETURN DISTINCT t.id, t.name"
)
_CORE_AREAS = "MATCH (a:Area)-[:BELONGS_TO*0..3]->(t:Area {id: $id}) RETURN DISTINCT a.id"
_CORE_BODIES = "MATCH (b:Body)-[:GOVERNS|SERVES]->(a:Area) WHERE a.id IN $ids RETURN DISTINCT b.id"
_MEMBER_BODIES = "MATCH (o:Body)-[:BELONGS_TO*1..3]->(b:Body) WHERE b.id IN $ids RETURN DISTINCT o.id"


def resolve_township(store: Store, township: str) -> tuple[str, str]:
    """``(id, name)`` of a township given its area id, its name, or the id of one of its bodies."""
    rows = store.run(_TOWNSHIP, {"x": township}).rows or store.run(_TOWNSHIP_OF_BODY, {"x": township}).rows
    if not rows:
        raise UsageError(f"no township has id or name {township!r}")
    if len(rows) > 1:
        raise UsageError(f"{township!r} names several townships ({', '.join(r[0] for r in rows)}); give its id")
    return rows[0][0], rows[0][1]


def township_core(store: Store, township_id: str) -> tuple[set[str], set[str]]:
    """The township's own areas (itself, its villages, communities and grids) and bodies
    (those governing or serving them, and the offices and institutions belonging to those)."""
    areas = {r[0] for r in store.run(_CORE_AREAS, {"id": township_id}).rows}
    bodies = {r[0] for r in store.run(_CORE_BODIES, {"ids": sorted(areas)}).rows}
    bodies |= {r[0] for r in store.run(_MEMBER_BODIES, {"ids": sorted(bodies)}).rows}
    return areas, bodies


def township_ids(store: Store, township: str, hops: int = 2) -> set[str]:
    """The ids of the nodes in :func:`township_graph` (see there)."""
    if not 0 <= hops <= 4:
        raise UsageError("hops must be between 0 and 4")
    tid, _ = resolve_township(store, township)
    areas, bodies = township_core(store, tid)
    core = areas | bodies
    label_of: dict[str, str] = dict.fromkeys(areas, "Area") | dict.fromkeys(bodies, "Body")
    seen = set(core)
    frontier = set(core)
    for _ in range(hops):
        # non-core bodies, areas and powers are leaves: the walk does not go through them
        walkable = sorted(i for i in frontier if i in core or label_of[i] not in _LEAVES)
        if not walkable:
            break
        found: set[str] = set()
        for cypher, direction in ((_OUT, "out"), (_IN, "in")):
            for a, rel_type, labels, b, level in store.run(cypher, {"ids": walkable}).rows:
                if b in seen or b is None:
                    continue
                if (label_of[a], rel_type, direction) not in FOLLOW:
                    continue
                lb = _label(labels)
                if lb == "Area":
                    continue  # only the township's own areas
                if lb == "Body" and level not in ("city", "county"):
                    continue  # bodies of other townships and villages stay out
                label_of[b] = lb
                found.add(b)
        seen |= found
        frontier = found
    return seen


def township_graph(store: Store, township: str, hops: int = 2) -> nx.MultiDiGraph:
    """A township's neighbourhood as a networkx MultiDiGraph, like :func:`kg.to_networkx`.

    ``township`` is the township's area id (``ds-hb``), its name (``湖滨街道``) or the
    id of one of its bodies. The graph starts from the township's *core*: the township
    area with its villages, communities and grids, and the bodies governing or serving
    them (its Party committee and government, their offices and institutions, the
    dispatched bodies, the village committees). From there it walks ``hops`` steps
    (default 2) along :data:`FOLLOW` only — hop 1 reaches the duties, duty lists, power
    grants and hand-overs of the core bodies and the departments that dispatch them;
    hop 2 reaches the departments behind those duties and hand-overs, the powers the
    grants confer, the departments guiding them and the decisions behind hand-overs.
    Bodies outside the township are kept only above township level (departments,
    county and city bodies) and are never walked through, so other townships stay
    out. Every relationship between the nodes kept is in the graph.
    """
    ids = township_ids(store, township, hops)
    return _subgraph(store, ids)


def _subgraph(store: Store, ids: Iterable[str]) -> nx.MultiDiGraph:
    ids = sorted(ids)
    g = nx.MultiDiGraph()
    for labels, props in store.run(NODES_IN, {"ids": ids}).rows:
        g.add_node(props["id"], label=_label(labels), **{k: v for k, v in props.items() if k != "id"})
    for start, end, rel_type, props in store.run(RELS_IN, {"ids": ids}).rows:
        key = props.get("key") or f"{rel_type}|{start}|{end}"
        g.add_edge(start, end, key=key, type=rel_type, **{k: v for k, v in props.items() if k != "key"})
    return g
