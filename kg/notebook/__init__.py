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

from kg.notebook.analyses import (
    WITHOUT_DECISION,
    cross_county_links,
    department_of,
    department_township_projection,
    duties_shared_by_most_bodies,
    handover_ranking,
    projection_summary,
    projection_table,
    township_of,
)
from kg.notebook.fonts import draw_projection, use_cjk_font
from kg.notebook.frames import (
    finding_columns,
    findings_by_township_and_rule,
    findings_by_township_and_severity,
    findings_frame,
    label_counts,
    notebook_store,
    query_frame,
    rel_type_counts,
    rules_frame,
    townships,
)
from kg.notebook.html import BODY_SHAPES, VIS_NETWORK_JS, graph_html, show_graph
from kg.notebook.walks import FOLLOW, resolve_township, township_core, township_graph, township_ids

__all__ = [
    "BODY_SHAPES",
    "FOLLOW",
    "VIS_NETWORK_JS",
    "WITHOUT_DECISION",
    "cross_county_links",
    "department_of",
    "department_township_projection",
    "draw_projection",
    "duties_shared_by_most_bodies",
    "finding_columns",
    "findings_by_township_and_rule",
    "findings_by_township_and_severity",
    "findings_frame",
    "graph_html",
    "handover_ranking",
    "label_counts",
    "notebook_store",
    "projection_summary",
    "projection_table",
    "query_frame",
    "rel_type_counts",
    "resolve_township",
    "rules_frame",
    "show_graph",
    "township_core",
    "township_graph",
    "township_ids",
    "township_of",
    "townships",
    "use_cjk_font",
]
