"""The offline interactive picture (vendored vis-network) of a graph."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.palette import PALETTE, RELATIONSHIP_COLOR, style

STATIC = Path(__file__).resolve().parent / "_static"
VIS_NETWORK_JS = STATIC / "vis-network" / "vis-network.min.js"

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
    "department": "部门",
    "dispatched": "派驻机构",
    "government": "政府",
    "party_committee": "党委",
    "office": "内设机构",
    "institution": "事业单位",
    "village_committee": "村（居）委会",
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
        nodes.append(
            {
                "id": n,
                "label": _caption(attrs, n),
                "group": label,
                "shape": shape,
                "size": 30 if n in focus else (18 if label in ("Area", "Body") else 13),
                "color": {
                    "background": st.color,
                    "border": st.border,
                    "highlight": {"background": st.color, "border": "#333333"},
                },
                "borderWidth": 4 if n in focus else 2,
                "title": f"{label} · {attrs.get('name') or n} ({n})",
                "kg": {"label": label, "properties": props},
            }
        )
    edges = []
    multi = g.is_multigraph()
    for i, e in enumerate(g.edges(keys=True, data=True) if multi else g.edges(data=True)):
        a, b, *rest = e
        attrs = rest[-1]
        key = rest[0] if multi else f"{a}|{b}"
        rel_type = attrs.get("type", "")
        edges.append(
            {
                "id": i,
                "from": a,
                "to": b,
                "label": rel_type,
                "arrows": "to",
                "dashes": attrs.get("role") == "cooperating",
                "color": {"color": RELATIONSHIP_COLOR, "highlight": "#333333"},
                "title": f"{rel_type} ({a} → {b})",
                "kg": {"type": rel_type, "key": key, "properties": dict(attrs)},
            }
        )
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
        f"{sym}{BODY_KIND_ZH[k]}"
        for k, sym in (("department", "◆"), ("dispatched", "▲"), ("government", "★"), ("office", "■"))
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


def show_graph(
    graph: nx.MultiDiGraph, title: str | None = None, *, focus: Iterable[str] | str = (), height: int = 650
) -> Any:
    """Display :func:`graph_html` inline in Jupyter (an ``<iframe srcdoc>``: still no network request)."""
    from IPython.display import HTML  # only inside Jupyter

    page = graph_html(graph, title=title, focus=focus, height=f"{height - 4}px")
    return HTML(
        f'<div class="kg-graph"><iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width:100%;height:{height}px;border:1px solid #ddd"></iframe></div>'
    )
