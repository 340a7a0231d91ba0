"""Write the notebooks in this folder from the cell sources below (outputs stripped).

The sources here are the reviewable truth; ``tests/test_notebooks.py`` checks that the
``.ipynb`` files equal what this script writes, and runs each of them. After editing::

    python notebooks/build_notebooks.py

Notebooks only call the API (``kg`` and ``kg.notebook``); logic belongs in the package.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

SETUP = """\
import kg
from kg import notebook as nb

# A fresh embedded store in a temporary folder (never your default store), with the
# illustrative sample city loaded. Set KG_STORE=neo4j (and NEO4J_*) to use Neo4j instead.
store = nb.notebook_store()
store.describe()"""

CLOSE = """\
store.close()"""


def md(text: str) -> nbformat.NotebookNode:
    return new_markdown_cell(text.strip("\n"))


def code(text: str) -> nbformat.NotebookNode:
    return new_code_cell(text.strip("\n"))


NOTEBOOKS: dict[str, list[nbformat.NotebookNode]] = {}

# --------------------------------------------------------------------------- 01

NOTEBOOKS["01-quick-start.ipynb"] = [
    md("""
# kg 快速入门 / kg quick start

kg 是基层治理权责知识图谱：区域、机构、履职事项清单、赋权、部门向乡镇（街道）交办的事项及其依据的决策。

本笔记本载入**示例市**（虚构数据，并非官方数据），按标签和关系类型统计图谱内容，并展示一个乡镇（街道）的履职事项清单。
所有操作都通过 Python 接口（`kg` 和 `kg.notebook`），与 `kg` 命令使用的接口相同。

kg is a knowledge graph of duties (事项) and powers (权力) in Chinese grassroots governance:
areas, bodies, duty lists, power grants, hand-overs of duties from departments to
townships and the decisions behind them.

This notebook loads the **illustrative sample city** (示例市 — fictional, not official data),
counts what it holds by label and relationship type, and shows one township's duty list.
Everything goes through the Python API (`kg` and `kg.notebook`), the same one the `kg`
command uses.
"""),
    code(SETUP),
    md("""
## 图谱内容 / What the graph holds

按标签统计节点、按类型统计关系（模型中的每个标签和类型都列出，包括为零的）。

Nodes by label and relationships by type (every label and type of the model, zeros included).
"""),
    code("nb.label_counts(store)"),
    code("nb.rel_type_counts(store)"),
    md("""
## 乡镇（街道） / Townships

示例市有两个区县，各有三个乡镇（街道）。

The sample city has two counties with three townships (乡镇/街道) each.
"""),
    code("nb.townships(store)"),
    md("""
## 一个乡镇（街道）的清单 / One township's list

内置查询 `explore-township-duties` 以乡镇（街道）的 id 为参数，返回其机构所持现行清单上的每个事项，以及牵头单位和配合单位。

The shipped query `explore-township-duties` takes the township's id as a parameter and
returns every duty on a current list owned by one of its bodies, with the bodies that lead
(牵头) and cooperate (配合).
"""),
    code("""
township = "ds-hb"
duties = nb.query_frame(store, "explore-township-duties", township=township)
duties"""),
    md(
        "按清单类型统计事项：基本履职、配合履职、上级部门收回。 / Duties per list kind: basic (基本履职), cooperating (配合履职), taken back (上级部门收回)."
    ),
    code('duties.groupby(["list_kind", "list_name"]).size().rename("duties").to_frame()'),
    md(
        "同一乡镇（街道）获得的赋权（`explore-township-powers`）： / The same township's power grants (`explore-township-powers`):"
    ),
    code('nb.query_frame(store, "explore-township-powers", township=township)'),
    md("""
## 任意 Cypher 查询，带参数 / Any Cypher, with parameters

`kg.query` 可运行 Cypher 文本、`.cypher` 文件或内置查询名；取值一律作为参数传入。返回的 `Result` 含 `columns`、`rows` 和 `records()`。

`kg.query` runs Cypher text, a `.cypher` file or a shipped query's name; values are always
passed as parameters. It returns a `Result` with `columns`, `rows` and `records()`.
"""),
    code("""
res = kg.query(store, "MATCH (b:Body {kind: $kind}) RETURN b.id AS id, b.name AS name ORDER BY id", kind="department")
res.records()[:5]"""),
    md("""
## 用 networkx 分析图谱 / The graph in networkx

`kg.to_networkx` 把整个图谱（或某个节点的邻域）导出为 `networkx.MultiDiGraph`：节点以 id 为键，保留标签和属性；关系保留类型和属性。没有任何丢失：数量与存储中的相同。

`kg.to_networkx` exports the whole graph (or the neighbourhood of one node) as a
`networkx.MultiDiGraph`: node keys are ids, each node keeps its `label` and properties, each
relationship its `type` and properties. Nothing is lost: the counts equal the store's.
"""),
    code("""
g = kg.to_networkx(store)
counts = kg.stats(store)
print(g.number_of_nodes(), "nodes,", g.number_of_edges(), "relationships")
assert g.number_of_nodes() == sum(counts["nodes"].values())
assert g.number_of_edges() == sum(counts["relationships"].values())
g.nodes[township]"""),
    code(CLOSE),
]

# --------------------------------------------------------------------------- 02

NOTEBOOKS["02-overlaps-and-gaps.ipynb"] = [
    md("""
# 职责交叉与职责空白：审计发现 / Overlaps and gaps: the audit findings

每条审计规则都是 `queries/` 中的一个 Cypher 查询，并引用其检查的政策条款（`DL-…`）。`nb.findings_frame` 运行全部规则，以 pandas DataFrame 返回审计发现：每个发现一行，每个字段一列，内容与 `kg audit --format json` 相同；`as_of` 参数与 `kg audit --as-of` 一样指定审计日期（默认今天）。

示例市特意埋设了问题：职责交叉、职责空白、没有统一部署的交办、缺少的法定权力等。

Each audit rule is a Cypher query in `queries/` that cites the policy clause it checks
(`DL-…`). `nb.findings_frame` runs them all and returns the findings as a pandas DataFrame:
one row per finding, one column per field — the same content as `kg audit --format json`;
`as_of` sets the audit date like `kg audit --as-of` (default today).

The sample city has problems seeded on purpose: duty overlaps (职责交叉), gaps (职责空白),
hand-overs without a decision, missing powers and more.
"""),
    code(SETUP),
    code("""
# Chinese labels in charts need a CJK font (Debian: apt-get install fonts-noto-cjk);
# without one the charts still draw, with boxes instead of characters.
nb.use_cjk_font()"""),
    md("## 审计规则 / The rules"),
    code("nb.rules_frame()"),
    md("## 全部审计发现 / All findings"),
    code("""
findings = nb.findings_frame(store)
print(findings.attrs["summary"])
findings[["rule_id", "severity", "clause", "township_name", "subject_name", "message_zh"]]"""),
    md("""
## 职责交叉与职责空白 / Overlaps and gaps

**职责交叉**（`duty-overlap`）指同一事项在一个乡镇（街道）的职责链条上有多个牵头单位；**职责空白**（`duty-gap`）指乡镇（街道）清单上没有牵头单位的事项。

A duty **overlap** (`duty-overlap`) is a duty held as lead by more than one body of a
township; a **gap** (`duty-gap`) is a duty on a township's list that nobody leads.
"""),
    code("""
cols = ["township_name", "subject_id", "subject_name", "related_ids", "message_zh"]
findings.loc[findings.rule_id == "duty-overlap", cols]"""),
    code('findings.loc[findings.rule_id == "duty-gap", cols]'),
    md("""
## 按乡镇（街道）和规则统计 / Findings per township and rule

乡镇（街道）以上层级的发现（如区县部门的）计入 `—`。这些计数与 `kg audit` 的结果一致（测试会核对）。

Findings above township level (a county department's, say) are counted under `—`. The counts
are those of `kg audit` (the tests check it).
"""),
    code("""
counts = nb.findings_by_township_and_rule(findings)
counts"""),
    code("""
ax = counts.plot.barh(stacked=True, figsize=(10, 5), colormap="tab20", width=0.75)
ax.set_xlabel("findings")
ax.set_ylabel("")
ax.set_title("审计发现：按乡镇和规则 / findings per township and rule")
ax.legend(title="rule", bbox_to_anchor=(1.02, 1), loc="upper left", fontsize=8)
ax.figure.tight_layout()"""),
    md("按乡镇（街道）和严重程度统计： / And by severity, per township:"),
    code("""
by_severity = nb.findings_by_township_and_severity(findings)
ax = by_severity.plot.bar(figsize=(9, 4), color={"error": "#E06760", "warning": "#EDBA39", "info": "#68BDF6"})
ax.set_xlabel("")
ax.set_ylabel("findings")
ax.tick_params(axis="x", labelrotation=0)
ax.figure.tight_layout()"""),
    md("""
## 只看部分规则 / Only some rules

与 `kg audit --clause DL-1.3` 一样，可以只运行部分规则或条款。

Like `kg audit --clause DL-1.3`, findings can be restricted to rules or clauses.
"""),
    code("""
access = nb.findings_frame(store, clauses=["DL-1.3-access"])
access[["rule_id", "township_name", "subject_name", "message_en"]]"""),
    code(CLOSE),
]

# --------------------------------------------------------------------------- 03

NOTEBOOKS["03-network-analysis.ipynb"] = [
    md("""
# 用 networkx 做网络分析 / Network analysis with networkx

把整个图谱导出为 `networkx.MultiDiGraph`（`kg.to_networkx`），回答三个问题：

1. 哪些部门向乡镇（街道）交办（下放/委托）的事项最多；
2. 哪些事项由最多的机构共同承担；
3. 部门与乡镇（街道）如何通过共担事项联系在一起（部门—乡镇二分图按共担事项投影），其结构说明了什么。

这些分析都是 `kg.notebook` 中以 networkx 图为参数的函数。

The whole graph as a `networkx.MultiDiGraph` (`kg.to_networkx`), and three questions:

1. which departments hand the most duties to townships (下放/委托);
2. which duties are shared by the most bodies;
3. how departments and townships are tied together through the duties they share — the
   department–township graph projected through shared duties — and what its structure says.

The analyses are functions of `kg.notebook` that take the networkx graph.
"""),
    code(SETUP),
    code("""
import networkx as nx

nb.use_cjk_font()
G = kg.to_networkx(store)
print(G)"""),
    md("""
## 1. 哪些部门交办的事项最多 / Which departments hand the most duties to townships

每个交办（Handover 节点）记录交办的部门、事项和承接的乡镇（街道）机构。`without_decision` 统计审计规则 `access-handover-without-decision` 报告的交办：没有覆盖该交办的党委、政府统一部署（DL-1.3 职责准入）；与 `kg audit` 一致，因此把审计发现一并传入。

Every hand-over (Handover node) names the department that hands a duty over, the duty and
the receiving township body. `without_decision` counts the hand-overs the audit rule
`access-handover-without-decision` reports: no unified deployment by the Party committee
and government that covers them (the duty-access rule of DL-1.3); the audit's findings are
passed in so that the column says what `kg audit` says.
"""),
    code("""
ranking = nb.handover_ranking(G, kg.run_audit(store))
ranking"""),
    code("""
ax = ranking.set_index("department")[["下放", "委托"]].plot.barh(stacked=True, figsize=(8, 3.5), color=["#FFA94D", "#68BDF6"])
ax.invert_yaxis()
ax.set_xlabel("hand-overs")
ax.set_ylabel("")
ax.figure.tight_layout()"""),
    md("""
## 2. 哪些事项由最多的机构共同承担 / Which duties are shared by the most bodies

在任一清单上承担该事项（牵头或配合）的机构；`townships` 和 `departments` 分别统计其中不同的乡镇（街道）和部门（派驻机构计入派出它的部门）。

Bodies holding a duty on any list, as lead (牵头) or cooperating (配合); `townships` and
`departments` count the distinct townships and departments among them (a dispatched body
counts for the department that sends it).
"""),
    code("""
shared = nb.duties_shared_by_most_bodies(G, top=10)
shared[["duty_id", "duty", "duty_type", "bodies", "leads", "cooperating", "townships", "departments"]]"""),
    code("""
ax = shared.set_index("duty")[["leads", "cooperating"]].plot.barh(stacked=True, figsize=(9, 4.5), color=["#6DCE9E", "#FFD86E"])
ax.invert_yaxis()
ax.set_xlabel("bodies")
ax.set_ylabel("")
ax.figure.tight_layout()"""),
    md("""
## 3. 部门与乡镇（街道）：按共担事项投影 / Departments and townships, projected through shared duties

`department_township_projection` 构建二分图：部门与乡镇（街道）承担同一事项即相连，权重为共担事项数。派驻机构计入其部门；乡镇（街道）承担其政府、党（工）委、内设机构、事业单位和村（居）委会的事项。

`department_township_projection` builds a bipartite graph: a department and a township are
linked when they hold the same duty, weighted by how many they share. A dispatched body
(派驻机构) counts for its department; a township holds the duties of its government, Party
committee, offices, institutions and village committees.
"""),
    code("""
P = nb.department_township_projection(G)
nb.projection_summary(P)"""),
    code("nb.projection_table(P)"),
    code("""
ax = nb.draw_projection(P)
ax.set_title("部门—乡镇共担事项投影 / departments and townships sharing duties")
ax.figure.tight_layout()"""),
    md("""
### 结构说明了什么 / What the structure says

* **度和共担事项数**显示哪些部门延伸到最多的乡镇（街道），那里容易出现职责交叉。
* **介数中心性**找出把原本分开的部分连在一起的节点；跨区县的高介数指向全市通用的事项，或把部门错挂到其他区县乡镇的数据。跨区县的连接列在下方。
* **孤立**的部门或乡镇（街道）没有任何共担事项。

* **Degree and shared duties** show which departments reach into the most townships: they
  are where overlaps (职责交叉) are likely — the same duty held both by a department and by
  township bodies.
* **Betweenness** picks out the nodes that tie otherwise separate parts together. A
  department of one county should only share duties with townships of its own county, so a
  high betweenness across the two counties points at generic duties shared city-wide, or at
  data that attaches a department to the wrong townships. The links across counties are
  listed below.
* **Isolated** departments or townships share no duty at all: a department whose duties
  never reach a township list, or a township list whose duties no department holds.
"""),
    code("nb.cross_county_links(P)"),
    md("""
乡镇（街道）之间通过共同的部门相连（networkx 的加权二分投影），权重为两个乡镇（街道）共同的部门数。

Townships tied to each other through the departments they share (networkx's weighted
bipartite projection): the weight is the number of departments two townships have in common.
"""),
    code("""
towns = [n for n, kind in P.nodes(data="kind") if kind == "township"]
T = nx.bipartite.weighted_projected_graph(P, towns)
sorted(((P.nodes[a]["name"], P.nodes[b]["name"], w) for a, b, w in T.edges(data="weight")), key=lambda e: -e[2])"""),
    code(CLOSE),
]

# --------------------------------------------------------------------------- 04

NOTEBOOKS["04-township-picture.ipynb"] = [
    md("""
# 一个乡镇（街道）的图景 / A picture of one township

一个乡镇（街道）的交互式图：区域、自身机构（党（工）委、政府、内设机构、派驻机构、村（居）委会）、事项、清单、赋权、交办，以及背后的部门。

节点颜色与 Neo4j Browser 样式表 `browser/kg.grass` 一致；机构按类型区分形状；配合事项用虚线。可拖动、缩放、点击节点查看属性，取消勾选标签即可隐藏。页面自包含、离线可用，不发出任何网络请求。

An interactive graph of one township: its areas, its own bodies (Party committee,
government, offices, dispatched bodies, village committees), their duties, duty lists,
power grants and hand-overs, and the departments behind them (the departments that hold the
same duties, hand them over, dispatch bodies or guide enforcement).

Nodes are coloured per label exactly like the Neo4j Browser style sheet `browser/kg.grass`;
bodies are shaped by kind (◆ department, ▲ dispatched body, ★ government or Party committee,
■ office or institution); cooperating duties are dashed. Drag, zoom, click a node for its
properties, untick a label to hide it.

The page is self-contained: the graph library (vis-network, vendored in the package) and
the data are inlined and it makes no network request, so it works offline and can be sent
as one file.
"""),
    code(SETUP),
    md("""
## 乡镇（街道）的邻域 / The township's neighbourhood

`township_graph` 以乡镇（街道）的 id（或名称）为参数，从其自身机构出发，沿 `nb.FOLLOW` 列出的关系走两步，不穿过其他乡镇（街道）。

`township_graph` takes the township's id (or name) and walks two steps out from its own
bodies along the relationships that matter here (`nb.FOLLOW`), never through other
townships.
"""),
    code("""
township = "ds-hb"
tid, name = nb.resolve_township(store, township)
g = nb.township_graph(store, tid)
print(name, g)"""),
    code("""
import pandas as pd

pd.Series(dict(g.nodes(data="label"))).value_counts().rename_axis("label").rename("nodes").to_frame()"""),
    md(
        "图中的机构及其类型和层级：乡镇（街道）自身的机构，以及背后的部门。 / The bodies in the picture, with their kind and level: the township's own, and the departments behind them."
    ),
    code("""
pd.DataFrame(
    [{"id": n, "name": d["name"], "kind": d.get("kind"), "level": d.get("level")}
     for n, d in g.nodes(data=True) if d["label"] == "Body"]
).sort_values(["level", "kind", "id"], ignore_index=True)"""),
    md("## 图景 / The picture"),
    code('nb.show_graph(g, title=f"{name}（{tid}）职责与权力", focus=tid)'),
    md("""
## 保存为文件 / As a file

`graph_html` 把同一页面写入文件，可用任何浏览器打开或发送给他人。

`graph_html` writes the same page to a file you can open in any browser or send on.
"""),
    code("""
import tempfile
from pathlib import Path

path = Path(tempfile.mkdtemp(prefix="kg-picture-")) / f"township-{tid}.html"
page = nb.graph_html(g, path, title=f"{name}（{tid}）职责与权力", focus=tid)
assert "<script src" not in page  # everything is inline
print(path, f"{path.stat().st_size / 1e6:.1f} MB")"""),
    md("其他乡镇（街道）同样可按 id 或名称查看： / Any other township works the same way, by id or by name:"),
    code("""
other = nb.township_graph(store, "桥南街道")
nb.show_graph(other, title="桥南街道", focus="ds-qn", height=500)"""),
    code(CLOSE),
]


def build() -> dict[str, nbformat.NotebookNode]:
    out = {}
    for name, cells in NOTEBOOKS.items():
        nb = new_notebook(cells=cells)
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.metadata["language_info"] = {"name": "python"}
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"{name.split('-')[0]}-{i:02d}"  # stable ids: rebuilding changes nothing
        out[name] = nb
    return out


def render(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def main() -> int:
    for name, nb in build().items():
        nbformat.validate(nb)
        (HERE / name).write_text(render(nb), encoding="utf-8")
        print(f"wrote notebooks/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
