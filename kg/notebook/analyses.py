"""Analyses on the networkx graph of :func:`kg.export.to_networkx`: hand-over rankings,
shared duties and the department-township projection."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx
import pandas as pd

from kg.audit.rules import Finding


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


#: the audit rule whose findings :func:`handover_ranking` counts as ``without_decision``
WITHOUT_DECISION = "access-handover-without-decision"


def handover_ranking(g: nx.MultiDiGraph, findings: Iterable[Finding] | None = None) -> pd.DataFrame:
    """Departments by the duties they hand over (下放/委托) to townships, most first.

    Columns: ``department_id, department, handovers, duties, townships, 下放, 委托,
    without_decision``. Given the findings of ``kg audit`` (:func:`kg.audit.run_audit`,
    all rules or at least ``access-handover-without-decision``), ``without_decision``
    counts the department's hand-overs that rule reports — no unified deployment by the
    Party committee and government that covers the hand-over on the audit date (DL-1.3) —
    so the column says what the audit says. Without findings it counts only the
    hand-overs that no decision authorises at all: a lower bound, since a decision by the
    department itself, or one that does not cover the township or the item, does not
    count either.
    """
    reported = None if findings is None else {f.subject_id for f in findings if f.rule_id == WITHOUT_DECISION}
    tof = township_of(g)
    rows: dict[str, dict[str, Any]] = {}
    for h in _by_label(g, "Handover"):
        froms = [a for a, _, d in g.in_edges(h, data=True) if d.get("type") == "HANDS_OVER"]
        duties = {b for _, b, d in g.out_edges(h, data=True) if d.get("type") == "TRANSFERS"}
        tos = {b for _, b, d in g.out_edges(h, data=True) if d.get("type") == "ASSIGNS_TO"}
        decided = any(d.get("type") == "AUTHORISES" for _, _, d in g.in_edges(h, data=True))
        for dep in froms:
            r = rows.setdefault(
                dep, {"handovers": 0, "duties": set(), "townships": set(), "下放": 0, "委托": 0, "without_decision": 0}
            )
            r["handovers"] += 1
            r["duties"] |= duties
            r["townships"] |= {tof[t] for t in tos if t in tof}
            mode = g.nodes[h].get("mode")
            if mode in ("下放", "委托"):
                r[mode] += 1
            if reported is not None:
                r["without_decision"] += 1 if h in reported else 0
            else:
                r["without_decision"] += 0 if decided else 1
    out = pd.DataFrame(
        [
            {
                "department_id": dep,
                "department": _name(g, dep),
                "handovers": r["handovers"],
                "duties": len(r["duties"]),
                "townships": len(r["townships"]),
                "下放": r["下放"],
                "委托": r["委托"],
                "without_decision": r["without_decision"],
            }
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
        rows.append(
            {
                "duty_id": duty,
                "duty": _name(g, duty),
                "duty_type": g.nodes[duty].get("duty_type"),
                "bodies": len(bodies),
                "leads": len(roles.get("lead", ())),
                "cooperating": len(roles.get("cooperating", ())),
                "townships": len({tof[b] for b in bodies if b in tof}),
                "departments": len({dof[b] for b in bodies if b in dof}),
                "holders": sorted(_name(g, b) or b for b in bodies),
            }
        )
    cols = ["duty_id", "duty", "duty_type", "bodies", "leads", "cooperating", "townships", "departments", "holders"]
    out = pd.DataFrame(rows, columns=cols).sort_values(
        ["bodies", "duty_id"], ascending=[False, True], ignore_index=True
    )
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
        {
            "id": n,
            "name": d.get("name"),
            "kind": d.get("kind"),
            "county": d.get("county_name"),
            "component": comp[n],
            "degree": p.degree(n),
            "shared_duties": p.degree(n, weight="weight"),
            "betweenness": round(btw.get(n, 0.0), 4),
        }
        for n, d in p.nodes(data=True)
    ]
    cols = ["id", "name", "kind", "county", "component", "degree", "shared_duties", "betweenness"]
    return pd.DataFrame(rows, columns=cols).sort_values(
        ["shared_duties", "id"], ascending=[False, True], ignore_index=True
    )


def cross_county_links(p: nx.Graph) -> pd.DataFrame:
    """Links of a projection between a department and a township of another county:
    ``department, department_county, township, township_county, shared_duties, duties``."""
    rows = []
    for a, b, d in p.edges(data=True):
        dep, town = (a, b) if p.nodes[a].get("kind") == "department" else (b, a)
        if p.nodes[dep].get("county") != p.nodes[town].get("county"):
            rows.append(
                {
                    "department": p.nodes[dep].get("name"),
                    "department_county": p.nodes[dep].get("county_name"),
                    "township": p.nodes[town].get("name"),
                    "township_county": p.nodes[town].get("county_name"),
                    "shared_duties": d.get("weight"),
                    "duties": d.get("duties"),
                }
            )
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
