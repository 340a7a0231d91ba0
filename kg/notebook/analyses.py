"""Helpers for exploring kg in Jupyter: data frames, networkx analyses and pictures.

The notebooks in ``notebooks/`` call these and nothing else of substance, so what they
show is what the package tests::

    from kg import notebook as nb
    store = nb.notebook_store()                 # a fresh embedded store with the sample
    nb.label_counts(store)                      # DataFrame: label, nodes
    nb.findings_frame(store)                    # the audit findings, as `kg audit --format json`
    nb.query_frame(store, "explore-township-duties", township="ds-hb")
    g = nb.township_graph(store, "湖滨街道")     # networkx MultiDiGraph
    nb.graph_html(g, "ds-hb.html")              # self-contained interactive picture
    nb.show_graph(g)                            # the same, inline in the notebook

Everything that reads the store works on both stores; the analyses
(:func:`handover_ranking`, :func:`duties_shared_by_most_bodies`,
:func:`department_township_projection`) take the networkx graph of
:func:`kg.export.to_networkx`.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from kg.api import load, query, stats
from kg.errors import UsageError
from kg.export import NODES_IN, RELS_IN, _label
from kg.palette import PALETTE, RELATIONSHIP_COLOR, style
from kg.resources import resource_dir
from kg.stores import Store, default_backend, open_store

if TYPE_CHECKING:  # pragma: no cover
    from kg.audit import Finding

STATIC = Path(__file__).resolve().parent / "_static"
VIS_NETWORK_JS = STATIC / "vis-network" / "vis-network.min.js"

# --------------------------------------------------------------------------- stores


def notebook_store(backend: str | None = None, data_dir: str | Path | None = None, *, sample: bool = True) -> Store:
    """A store for a notebook, with the illustrative sample loaded (unless ``sample=False``).

    Embedded by default, in ``data_dir`` or a new temporary folder — never the user's
    default store. ``backend="neo4j"`` (or ``KG_STORE=neo4j``) opens Neo4j from the
    usual ``NEO4J_*`` variables; loading the sample there replaces only what the
    sample dataset wrote before.
    """
    backend = (backend or default_backend()).lower()
    if backend == "embedded" and data_dir is None:
        data_dir = tempfile.mkdtemp(prefix="kg-notebook-")
    store = open_store(backend, data_dir=data_dir)
    if sample:
        load(store, resource_dir("sample"))
    return store


# --------------------------------------------------------------------------- frames


def label_counts(store: Store) -> pd.DataFrame:
    """Nodes per label (every label of the model, zeros included), as ``label, nodes``."""
    counts = stats(store)["nodes"]
    return pd.DataFrame({"label": list(counts), "nodes": list(counts.values())})


def rel_type_counts(store: Store) -> pd.DataFrame:
    """Relationships per type (every type of the model, zeros included), as ``type, relationships``."""
    counts = stats(store)["relationships"]
    return pd.DataFrame({"type": list(counts), "relationships": list(counts.values())})


def query_frame(store: Store, text_or_name: str, params: dict[str, Any] | None = None, **kw: Any) -> pd.DataFrame:
    """:func:`kg.query` (Cypher text, a ``.cypher`` file or a shipped query's name) as a DataFrame."""
    res = query(store, text_or_name, params, **kw)
    return pd.DataFrame(res.rows, columns=res.columns)


def townships(store: Store) -> pd.DataFrame:
    """Every township: ``id, name, subtype, county_id, county``, ordered by id."""
    return query_frame(
        store,
        "MATCH (t:Area {level: 'township'}) OPTIONAL MATCH (t)-[:BELONGS_TO]->(c:Area) "
        "RETURN t.id AS id, t.name AS name, t.subtype AS subtype, c.id AS county_id, c.name AS county ORDER BY id",
    )


def finding_columns() -> list[str]:
    """The columns of :func:`findings_frame`: the fields of :class:`kg.audit.Finding`, in order."""
    from kg.audit import Finding

    return list(Finding.model_fields)


def findings_frame(
    findings_or_store: Store | Iterable[Finding],
    rules: Sequence[str] | None = None,
    clauses: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Audit findings as a DataFrame: one row per finding, one column per Finding field.

    Given a store, runs :func:`kg.audit.run_audit` (optionally only ``rules`` or
    ``clauses``); given findings, uses them. Values are those of ``kg audit --format
    json``: the ``findings`` of :func:`kg.audit.findings_document`, in its order (lists
    stay lists, missing values are ``None``); ``frame.attrs["summary"]`` holds its counts.
    """
    if isinstance(findings_or_store, Store):
        from kg.audit import run_audit

        findings = run_audit(findings_or_store, rules=rules, clauses=clauses)
    else:
        findings = list(findings_or_store)
    from kg.audit import findings_document

    doc = findings_document(findings)  # exactly what `kg audit --format json` prints
    frame = pd.DataFrame(doc["findings"], columns=finding_columns(), dtype=object)
    frame.attrs["summary"] = doc["summary"]
    return frame


def rules_frame() -> pd.DataFrame:
    """The audit rules: ``id, clause, severity, title_zh, title_en, description``."""
    from kg.audit import list_rules

    return pd.DataFrame(
        [{"id": r.id, "clause": r.clause, "severity": r.severity, "title_zh": r.title_zh, "title_en": r.title_en,
          "description": r.description} for r in list_rules()],
        columns=["id", "clause", "severity", "title_zh", "title_en", "description"],
    )


def findings_by_township_and_rule(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts of findings per township (rows) and rule (columns); findings above township level under ``—``."""
    if frame.empty:
        return pd.DataFrame()
    township = frame["township_name"].fillna("—")
    return pd.crosstab(township, frame["rule_id"]).rename_axis(index="township", columns="rule")


# --------------------------------------------------------------------------- township graph

#: (label of the node we stand on, relationship type, direction) that the township
#: picture follows; "out" means (node)-[TYPE]->(other)
FOLLOW: frozenset[tuple[str, str, str]] = frozenset({
    # from the township's own bodies: what they hold, own, receive, issue; who sends them
    ("Body", "HOLDS_DUTY", "out"), ("Body", "OWNS", "out"), ("Body", "HOLDS", "out"),
    ("Body", "ASSIGNS_TO", "in"), ("Body", "DISPATCHES", "in"), ("Body", "APPLIES_TO", "in"),
    ("Body", "ISSUES", "out"), ("Area", "APPLIES_TO", "in"),
    # from a duty: the bodies holding it (above township level: the departments behind it)
    ("Duty", "HOLDS_DUTY", "in"),
    ("DutyList", "INCLUDES", "out"),
    ("PowerGrant", "CONFERS", "out"), ("PowerGrant", "GUIDES", "in"), ("PowerGrant", "APPLIES_TO", "out"),
    ("PowerGrant", "HOLDS", "in"),
    ("Handover", "TRANSFERS", "out"), ("Handover", "HANDS_OVER", "in"), ("Handover", "AUTHORISES", "in"),
    ("Handover", "ASSIGNS_TO", "out"),
    ("Decision", "ISSUES", "in"), ("Decision", "AUTHORISES", "out"),
})
#: labels that are never walked through (catalogue nodes and bodies outside the township are leaves)
_LEAVES = frozenset({"Power", "Body", "Area"})
_OUT = "MATCH (a)-[r]->(b) WHERE a.id IN $ids RETURN a.id, type(r), labels(b), b.id, b.level"
_IN = "MATCH (a)<-[r]-(b) WHERE a.id IN $ids RETURN a.id, type(r), labels(b), b.id, b.level"
_TOWNSHIP = (
    "MATCH (t:Area {level: 'township'}) WHERE t.id = $x OR t.name = $x RETURN t.id, t.name ORDER BY t.id"
)
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
    label_of: dict[str, str] = {i: "Area" for i in areas} | {i: "Body" for i in bodies}
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


# --------------------------------------------------------------------------- analyses (on networkx graphs)


def _by_label(g: nx.MultiDiGraph, label: str) -> list[str]:
    return [n for n, d in g.nodes(data=True) if d.get("label") == label]


def _edges(g: nx.MultiDiGraph, rel_type: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [(a, b, d) for a, b, d in g.edges(data=True) if d.get("type") == rel_type]


def _name(g: nx.MultiDiGraph, n: str | None) -> str | None:
    return None if n is None else g.nodes[n].get("name", n)


def township_of(g: nx.MultiDiGraph) -> dict[str, str]:
    """Body id → the township (area id) it works in, for bodies at or below township level.

    A body's area is the one it governs or serves, else its parent body's; an area's
    township is itself or the township it lies in.
    """
    parent_area = {a: b for a, b, _ in _edges(g, "BELONGS_TO") if g.nodes[a].get("label") == "Area"}

    def township_area(area: str | None) -> str | None:
        for _ in range(5):
            if area is None or g.nodes[area].get("level") == "township":
                return area
            area = parent_area.get(area)
        return None

    body_area = {a: b for a, b, d in g.edges(data=True) if d.get("type") in ("GOVERNS", "SERVES")}
    parent_body = {a: b for a, b, _ in _edges(g, "BELONGS_TO") if g.nodes[a].get("label") == "Body"}
    out = {}
    for body in _by_label(g, "Body"):
        b: str | None = body
        for _ in range(4):
            if b is None or b in body_area:
                break
            b = parent_body.get(b)
        t = township_area(body_area.get(b)) if b is not None else None
        if t is not None:
            out[body] = t
    return out


def department_of(g: nx.MultiDiGraph) -> dict[str, str]:
    """Body id → the county or city department it stands for: a department is its own;
    a dispatched body (派驻机构) stands for the department that sends it."""
    out = {n: n for n in _by_label(g, "Body") if g.nodes[n].get("kind") == "department"}
    for dep, body, _ in _edges(g, "DISPATCHES"):
        out.setdefault(body, dep)
    return out


def handover_ranking(g: nx.MultiDiGraph) -> pd.DataFrame:
    """Departments by the duties they hand over (下放/委托) to townships, most first.

    Columns: ``department_id, department, handovers, duties, townships, 下放, 委托,
    without_decision`` (hand-overs with no authorising decision).
    """
    tof = township_of(g)
    rows: dict[str, dict[str, Any]] = {}
    for h in _by_label(g, "Handover"):
        froms = [a for a, _, d in g.in_edges(h, data=True) if d.get("type") == "HANDS_OVER"]
        duties = {b for _, b, d in g.out_edges(h, data=True) if d.get("type") == "TRANSFERS"}
        tos = {b for _, b, d in g.out_edges(h, data=True) if d.get("type") == "ASSIGNS_TO"}
        decided = any(d.get("type") == "AUTHORISES" for _, _, d in g.in_edges(h, data=True))
        for dep in froms:
            r = rows.setdefault(dep, {"handovers": 0, "duties": set(), "townships": set(), "下放": 0, "委托": 0, "without_decision": 0})
            r["handovers"] += 1
            r["duties"] |= duties
            r["townships"] |= {tof[t] for t in tos if t in tof}
            mode = g.nodes[h].get("mode")
            if mode in ("下放", "委托"):
                r[mode] += 1
            r["without_decision"] += 0 if decided else 1
    out = pd.DataFrame(
        [
            {"department_id": dep, "department": _name(g, dep), "handovers": r["handovers"], "duties": len(r["duties"]),
             "townships": len(r["townships"]), "下放": r["下放"], "委托": r["委托"], "without_decision": r["without_decision"]}
            for dep, r in rows.items()
        ],
        columns=["department_id", "department", "handovers", "duties", "townships", "下放", "委托", "without_decision"],
    )
    return out.sort_values(["duties", "handovers", "department_id"], ascending=[False, False, True], ignore_index=True)


def duties_shared_by_most_bodies(g: nx.MultiDiGraph, top: int | None = 10) -> pd.DataFrame:
    """Duties by the number of distinct bodies holding them (lead or cooperating), most first.

    Columns: ``duty_id, duty, duty_type, bodies, leads, cooperating, townships,
    departments, holders`` (names, sorted).
    """
    tof, dof = township_of(g), department_of(g)
    holders: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for body, duty, d in _edges(g, "HOLDS_DUTY"):
        holders[duty][d.get("role") or "?"].add(body)
    rows = []
    for duty, roles in holders.items():
        bodies = set().union(*roles.values())
        rows.append({
            "duty_id": duty, "duty": _name(g, duty), "duty_type": g.nodes[duty].get("duty_type"),
            "bodies": len(bodies), "leads": len(roles.get("lead", ())), "cooperating": len(roles.get("cooperating", ())),
            "townships": len({tof[b] for b in bodies if b in tof}),
            "departments": len({dof[b] for b in bodies if b in dof}),
            "holders": sorted(_name(g, b) for b in bodies),
        })
    cols = ["duty_id", "duty", "duty_type", "bodies", "leads", "cooperating", "townships", "departments", "holders"]
    out = pd.DataFrame(rows, columns=cols).sort_values(["bodies", "duty_id"], ascending=[False, True], ignore_index=True)
    return out.head(top) if top else out


def department_township_projection(g: nx.MultiDiGraph) -> nx.Graph:
    """Departments and townships, joined when they hold the same duty.

    A bipartite ``nx.Graph``: department nodes (``bipartite=0``, ``kind="department"``;
    a dispatched body's duties count for the department that sends it) and township
    nodes (``bipartite=1``, ``kind="township"``; a township holds the duties of its
    government, Party committee, offices, institutions and village committees). An
    edge's ``weight`` is the number of duties both hold and ``duties`` lists their ids.
    Nodes carry ``name`` and their ``county``/``county_name`` (a department's
    jurisdiction, a township's parent area).
    Every department and township of ``g`` is a node, linked or not.
    """
    tof, dof = township_of(g), department_of(g)
    governs = {a: b for a, b, _ in _edges(g, "GOVERNS")}
    area_parent = {a: b for a, b, _ in _edges(g, "BELONGS_TO") if g.nodes[a].get("label") == "Area"}
    p = nx.Graph()
    for n in _by_label(g, "Body"):
        if g.nodes[n].get("kind") == "department":
            county = governs.get(n)
            p.add_node(n, bipartite=0, kind="department", name=_name(g, n), county=county, county_name=_name(g, county))
    for n in _by_label(g, "Area"):
        if g.nodes[n].get("level") == "township":
            county = area_parent.get(n)
            p.add_node(n, bipartite=1, kind="township", name=_name(g, n), county=county, county_name=_name(g, county))
    dep_duties: dict[str, set[str]] = defaultdict(set)
    town_duties: dict[str, set[str]] = defaultdict(set)
    for body, duty, _ in _edges(g, "HOLDS_DUTY"):
        if body in dof:  # departments and the bodies they dispatch
            dep_duties[dof[body]].add(duty)
        elif body in tof:
            town_duties[tof[body]].add(duty)
    for dep, dd in dep_duties.items():
        for town, td in town_duties.items():
            shared = dd & td
            if shared:
                p.add_edge(dep, town, weight=len(shared), duties=sorted(shared))
    return p


def projection_table(p: nx.Graph) -> pd.DataFrame:
    """Per node of a :func:`department_township_projection`: ``id, name, kind,
    county, component, degree, shared_duties`` (weighted degree) and ``betweenness``,
    most connected first."""
    comp = {n: i for i, c in enumerate(sorted(nx.connected_components(p), key=lambda c: (-len(c), min(c)))) for n in c}
    btw = nx.betweenness_centrality(p) if p.number_of_nodes() else {}
    rows = [
        {"id": n, "name": d.get("name"), "kind": d.get("kind"), "county": d.get("county_name"), "component": comp[n],
         "degree": p.degree(n),
         "shared_duties": p.degree(n, weight="weight"), "betweenness": round(btw.get(n, 0.0), 4)}
        for n, d in p.nodes(data=True)
    ]
    cols = ["id", "name", "kind", "county", "component", "degree", "shared_duties", "betweenness"]
    return pd.DataFrame(rows, columns=cols).sort_values(["shared_duties", "id"], ascending=[False, True], ignore_index=True)


def cross_county_links(p: nx.Graph) -> pd.DataFrame:
    """Links of a projection between a department and a township of another county:
    ``department, department_county, township, township_county, shared_duties, duties``."""
    rows = []
    for a, b, d in p.edges(data=True):
        dep, town = (a, b) if p.nodes[a].get("kind") == "department" else (b, a)
        if p.nodes[dep].get("county") != p.nodes[town].get("county"):
            rows.append({"department": p.nodes[dep].get("name"), "department_county": p.nodes[dep].get("county_name"),
                         "township": p.nodes[town].get("name"), "township_county": p.nodes[town].get("county_name"),
                         "shared_duties": d.get("weight"), "duties": d.get("duties")})
    cols = ["department", "department_county", "township", "township_county", "shared_duties", "duties"]
    return pd.DataFrame(rows, columns=cols).sort_values(["department", "township"], ignore_index=True)


def projection_summary(p: nx.Graph) -> dict[str, Any]:
    """Structure of a projection: node and edge counts, density, connected components
    (as lists of names), and isolated nodes (departments or townships sharing no duty)."""
    deps = [n for n, d in p.nodes(data=True) if d.get("kind") == "department"]
    towns = [n for n, d in p.nodes(data=True) if d.get("kind") == "township"]
    comps = sorted(nx.connected_components(p), key=lambda c: (-len(c), min(c)))
    density = nx.bipartite.density(p, deps) if deps and towns else 0.0
    return {
        "departments": len(deps),
        "townships": len(towns),
        "links": p.number_of_edges(),
        "shared_duty_links": int(sum(w for _, _, w in p.edges(data="weight", default=0))),
        "bipartite_density": round(density, 4),
        "components": [sorted(p.nodes[n].get("name") or n for n in c) for c in comps if len(c) > 1],
        "isolated": sorted(p.nodes[n].get("name") or n for n in nx.isolates(p)),
    }


# --------------------------------------------------------------------------- matplotlib

#: fonts that draw Chinese, best first (family names as matplotlib knows them)
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC",
    "AR PL UMing CN", "Droid Sans Fallback",
)
_CJK_FILES = ("notosanscjk", "notoserifcjk", "wqy-microhei", "wqy-zenhei", "sourcehansans", "droidsansfallback", "uming", "simhei", "msyh")


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese text with an installed CJK font; its family name, or
    ``None`` (with a warning) if none is installed — then Chinese shows as boxes.

    On Debian/Ubuntu: ``apt-get install fonts-noto-cjk`` (or ``fonts-wqy-microhei``).
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    if not any(name in known for name in CJK_FONTS):
        # fonts installed after matplotlib built its cache are not in it yet
        for path in font_manager.findSystemFonts():
            if any(key in Path(path).name.lower().replace("_", "") for key in _CJK_FILES):
                try:
                    font_manager.fontManager.addfont(path)
                except Exception:  # pragma: no cover - an unreadable font file
                    continue
        known = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in known:
            mpl.rcParams["font.sans-serif"] = [name, *[f for f in mpl.rcParams["font.sans-serif"] if f != name]]
            mpl.rcParams["font.family"] = "sans-serif"
            mpl.rcParams["axes.unicode_minus"] = False
            return name
    warnings.warn(
        "no CJK font found: Chinese text in charts will show as boxes; "
        "install one, e.g. 'apt-get install fonts-noto-cjk' or 'fonts-wqy-microhei'",
        stacklevel=2,
    )
    return None


def draw_projection(p: nx.Graph, ax: Any = None, *, seed: int = 7) -> Any:
    """Draw a :func:`department_township_projection` with matplotlib: departments as
    squares and townships as circles in the palette's Body and Area colours, edge width
    by shared duties. Returns the axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(11, 8))
    pos = nx.spring_layout(p, seed=seed, weight="weight", k=1.2 / max(1, p.number_of_nodes()) ** 0.5)
    deps = [n for n, d in p.nodes(data=True) if d.get("kind") == "department"]
    towns = [n for n, d in p.nodes(data=True) if d.get("kind") == "township"]
    widths = [0.6 + 0.8 * d.get("weight", 1) for _, _, d in p.edges(data=True)]
    nx.draw_networkx_edges(p, pos, ax=ax, width=widths, edge_color=RELATIONSHIP_COLOR, alpha=0.8)
    nx.draw_networkx_nodes(p, pos, nodelist=deps, ax=ax, node_shape="s", node_size=600,
                           node_color=PALETTE["Body"].color, edgecolors=PALETTE["Body"].border)
    nx.draw_networkx_nodes(p, pos, nodelist=towns, ax=ax, node_shape="o", node_size=900,
                           node_color=PALETTE["Area"].color, edgecolors=PALETTE["Area"].border)
    nx.draw_networkx_labels(p, pos, labels={n: p.nodes[n].get("name") or n for n in p}, ax=ax, font_size=9,
                            font_family=_font_family())
    nx.draw_networkx_edge_labels(p, pos, edge_labels={(a, b): d.get("weight") for a, b, d in p.edges(data=True)},
                                 ax=ax, font_size=8)
    ax.set_axis_off()
    return ax


def _font_family() -> str:
    import matplotlib as mpl

    fams = mpl.rcParams["font.sans-serif"]
    return fams[0] if fams else "sans-serif"


# --------------------------------------------------------------------------- interactive picture

#: vis-network shapes per Body kind (the colour is always the label's)
BODY_SHAPES = {
    "department": "diamond",
    "dispatched": "triangle",
    "government": "star",
    "party_committee": "star",
    "office": "square",
    "institution": "square",
    "village_committee": "dot",
}
BODY_KIND_ZH = {
    "department": "部门", "dispatched": "派驻机构", "government": "政府", "party_committee": "党委",
    "office": "内设机构", "institution": "事业单位", "village_committee": "村（居）委会",
}


def _caption(attrs: dict[str, Any], node_id: str, width: int = 12) -> str:
    name = str(attrs.get("name") or node_id)
    if attrs.get("label") == "PowerGrant":
        name = str(attrs.get("power") or name)
    return name if len(name) <= width else name[: width - 1] + "…"


def _vis_data(g: nx.MultiGraph | nx.MultiDiGraph, focus: Iterable[str] = ()) -> dict[str, Any]:
    focus = set(focus)
    nodes = []
    for n, attrs in sorted(g.nodes(data=True), key=lambda x: str(x[0])):
        label = attrs.get("label", "")
        st = style(label)
        shape = BODY_SHAPES.get(attrs.get("kind"), "dot") if label == "Body" else "dot"
        props = {"id": n, **{k: v for k, v in attrs.items() if k != "label"}}
        nodes.append({
            "id": n,
            "label": _caption(attrs, n),
            "group": label,
            "shape": shape,
            "size": 30 if n in focus else (18 if label in ("Area", "Body") else 13),
            "color": {"background": st.color, "border": st.border,
                      "highlight": {"background": st.color, "border": "#333333"}},
            "borderWidth": 4 if n in focus else 2,
            "title": f"{label} · {attrs.get('name') or n} ({n})",
            "kg": {"label": label, "properties": props},
        })
    edges = []
    multi = g.is_multigraph()
    for i, e in enumerate(g.edges(keys=True, data=True) if multi else g.edges(data=True)):
        a, b, *rest = e
        attrs = rest[-1]
        key = rest[0] if multi else f"{a}|{b}"
        rel_type = attrs.get("type", "")
        edges.append({
            "id": i,
            "from": a,
            "to": b,
            "label": rel_type,
            "arrows": "to",
            "dashes": attrs.get("role") == "cooperating",
            "color": {"color": RELATIONSHIP_COLOR, "highlight": "#333333"},
            "title": f"{rel_type} ({a} → {b})",
            "kg": {"type": rel_type, "key": key, "properties": dict(attrs)},
        })
    return {"nodes": nodes, "edges": edges}


def _json_for_script(value: Any) -> str:
    """JSON that can sit inside ``<script>…</script>``: every ``<`` is escaped (it only
    occurs inside strings, where ``\\u003c`` means the same)."""
    return json.dumps(value, ensure_ascii=False, default=str).replace("<", "\\u003c")


def _vis_js() -> str:
    js = VIS_NETWORK_JS.read_text(encoding="utf-8")
    # no source map: nothing for a browser's developer tools to fetch
    js = "\n".join(line for line in js.splitlines() if not line.lstrip().startswith("//# sourceMappingURL="))
    if re.search(r"</script|<!--", js, re.I):  # pragma: no cover - checked when vendoring
        raise RuntimeError(f"{VIS_NETWORK_JS} cannot be inlined: it contains </script or <!--")
    return js


_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>
  html, body { margin: 0; height: 100%; font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 13px; }
  #kg-wrap { display: flex; height: 100%; }
  #kg-graph { flex: 1; min-width: 0; height: __HEIGHT__; border-right: 1px solid #ddd; }
  #kg-side { width: 300px; overflow: auto; padding: 8px 10px; box-sizing: border-box; height: __HEIGHT__; }
  #kg-side h1 { font-size: 15px; margin: 0 0 6px 0; }
  .kg-legend label { display: flex; align-items: center; gap: 6px; margin: 2px 0; cursor: pointer; }
  .kg-swatch { display: inline-block; width: 14px; height: 14px; border-radius: 50%; border: 2px solid; }
  #kg-info table { border-collapse: collapse; width: 100%; margin-top: 6px; }
  #kg-info td { border-top: 1px solid #eee; padding: 2px 4px; vertical-align: top; word-break: break-all; }
  #kg-info td:first-child { color: #666; white-space: nowrap; }
  .kg-note { color: #666; margin: 8px 0; }
</style>
</head>
<body>
<div id="kg-wrap">
  <div id="kg-graph"></div>
  <div id="kg-side">
    <h1>__TITLE__</h1>
    <div class="kg-note">__SUMMARY__</div>
    <div class="kg-legend" id="kg-legend"></div>
    <div class="kg-note">__SHAPES__ · 虚线 = 配合 (cooperating)</div>
    <div id="kg-info" class="kg-note">点击节点或关系查看属性 / click a node or relationship for its properties</div>
  </div>
</div>
<script>__VIS_JS__</script>
<script type="application/json" id="kg-data">__DATA__</script>
<script type="application/json" id="kg-palette">__PALETTE__</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var palette = JSON.parse(document.getElementById("kg-palette").textContent);
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("kg-graph"), {nodes: nodes, edges: edges}, {
    layout: {randomSeed: 7, improvedLayout: data.nodes.length < 400},
    physics: {solver: "forceAtlas2Based", forceAtlas2Based: {gravitationalConstant: -60, springLength: 110},
              stabilization: {iterations: 300}},
    interaction: {hover: true, tooltipDelay: 150, navigationButtons: false, keyboard: true},
    nodes: {font: {size: 12, face: "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"}},
    edges: {font: {size: 8, color: "#888888", strokeWidth: 0, align: "middle"}, smooth: {type: "continuous"},
            arrows: {to: {scaleFactor: 0.5}}}
  });
  network.once("stabilizationIterationsDone", function () { network.setOptions({physics: false}); });
  var legend = document.getElementById("kg-legend");
  var counts = {};
  data.nodes.forEach(function (n) { counts[n.group] = (counts[n.group] || 0) + 1; });
  Object.keys(counts).sort().forEach(function (label) {
    var st = palette[label] || palette[""];
    var row = document.createElement("label");
    var box = document.createElement("input"); box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () {
      nodes.update(nodes.get({filter: function (n) { return n.group === label; }})
        .map(function (n) { return {id: n.id, hidden: !box.checked}; }));
    });
    var sw = document.createElement("span"); sw.className = "kg-swatch";
    sw.style.background = st[0]; sw.style.borderColor = st[1];
    row.appendChild(box); row.appendChild(sw);
    row.appendChild(document.createTextNode(label + " (" + counts[label] + ")"));
    legend.appendChild(row);
  });
  function show(title, props) {
    var info = document.getElementById("kg-info");
    info.textContent = "";
    var h = document.createElement("b"); h.textContent = title; info.appendChild(h);
    var table = document.createElement("table");
    Object.keys(props).forEach(function (k) {
      var tr = document.createElement("tr"), a = document.createElement("td"), b = document.createElement("td");
      var v = props[k];
      a.textContent = k; b.textContent = (typeof v === "object" && v !== null) ? JSON.stringify(v) : String(v);
      tr.appendChild(a); tr.appendChild(b); table.appendChild(tr);
    });
    info.appendChild(table);
  }
  network.on("click", function (params) {
    if (params.nodes.length) { var n = nodes.get(params.nodes[0]); show(n.kg.label, n.kg.properties); }
    else if (params.edges.length) { var e = edges.get(params.edges[0]); show(e.kg.type, Object.assign({key: e.kg.key}, e.kg.properties)); }
  });
  window.kgNetwork = network;
})();
</script>
</body>
</html>
"""


def graph_html(
    graph: nx.MultiDiGraph,
    path: str | Path | None = None,
    title: str | None = None,
    *,
    focus: Iterable[str] | str = (),
    height: str = "100vh",
) -> str:
    """An interactive picture of ``graph`` as one self-contained HTML page; written to ``path`` if given.

    The page inlines vis-network (vendored under ``kg/notebook/_static``) and the graph's data and
    makes no network request (its Content-Security-Policy forbids any). Nodes are
    coloured per label as in ``browser/kg.grass`` (:data:`kg.palette.PALETTE`); bodies
    are shaped by kind (department ◆, dispatched ▲, government/Party committee ★, office
    ■); cooperating duties are dashed. ``focus`` node ids are drawn larger. Clicking a
    node or relationship shows its properties; the legend's boxes hide a label.
    """
    focus_ids = [focus] if isinstance(focus, str) else list(focus)
    title = title or "kg graph"
    data = _vis_data(graph, focus_ids)
    kinds = Counter(n["kg"]["properties"].get("kind") for n in data["nodes"] if n["group"] == "Body")
    shapes = " ".join(
        f"{sym}{BODY_KIND_ZH[k]}" for k, sym in (("department", "◆"), ("dispatched", "▲"), ("government", "★"), ("office", "■"))
        if kinds.get(k)
    )
    palette = {label: [st.color, st.border, st.text] for label, st in PALETTE.items()}
    palette[""] = list(style(""))
    values = {
        "HEIGHT": html.escape(height),
        "TITLE": html.escape(title),
        "SUMMARY": html.escape(f"{graph.number_of_nodes()} nodes · {graph.number_of_edges()} relationships"),
        "SHAPES": html.escape(shapes or "●"),
        "PALETTE": _json_for_script(palette),
        "DATA": _json_for_script(data),
        "VIS_JS": _vis_js(),
    }
    # one pass: no value is searched for another's placeholder
    page = re.sub(r"__(HEIGHT|TITLE|SUMMARY|SHAPES|PALETTE|DATA|VIS_JS)__", lambda m: values[m.group(1)], _PAGE)
    if path is not None:
        Path(path).write_text(page, encoding="utf-8")
    return page


def show_graph(graph: nx.MultiDiGraph, title: str | None = None, *, focus: Iterable[str] | str = (), height: int = 650) -> Any:
    """Display :func:`graph_html` inline in Jupyter (an ``<iframe srcdoc>``: still no network request)."""
    from IPython.display import HTML

    page = graph_html(graph, title=title, focus=focus, height=f"{height - 4}px")
    return HTML(
        f'<div class="kg-graph"><iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width:100%;height:{height}px;border:1px solid #ddd"></iframe></div>'
    )


__all__ = [
    "notebook_store", "label_counts", "rel_type_counts", "query_frame", "townships", "finding_columns",
    "findings_frame", "rules_frame", "findings_by_township_and_rule", "resolve_township", "township_core", "township_ids",
    "township_graph", "township_of", "department_of", "handover_ranking", "duties_shared_by_most_bodies",
    "department_township_projection", "projection_table", "cross_county_links", "projection_summary", "use_cjk_font", "draw_projection",
    "graph_html", "show_graph", "FOLLOW", "BODY_SHAPES",
]
