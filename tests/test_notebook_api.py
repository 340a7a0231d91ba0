"""The notebook API (kg.notebook): findings as a DataFrame equal to `kg audit --format json`,
networkx exports that keep every node and relationship, a township's neighbourhood, and
a self-contained picture that makes no network request — on both stores."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO, SAMPLE, STORES, _fresh

import kg
from kg import notebook as nb
from kg.audit import list_rules
from kg.cli import cli
from kg.export import graph_json
from kg.palette import PALETTE, grass_palette
from kg.stores import Store
from kg.stores.base import NOT_META

TOWNSHIP = "ds-hb"


@pytest.fixture
def sample(store: Store) -> Store:
    kg.load(store, SAMPLE)
    return store


# --------------------------------------------------------------------------- findings


def _cli_findings(store: Store, tmp_path: Path) -> dict:
    """`kg audit --format json` on the sample, in the same kind of store."""
    if store.backend == "neo4j":
        prefix = ["--store", "neo4j"]  # the same server, already loaded
    else:
        prefix = ["--store", "embedded", "--data-dir", str(tmp_path / "cli-db")]
        res = CliRunner().invoke(cli, [*prefix, "load", str(SAMPLE)], catch_exceptions=False)
        assert res.exit_code == 0, res.output
    res = CliRunner().invoke(cli, [*prefix, "audit", "--format", "json"], catch_exceptions=False)
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def test_findings_frame_equals_audit_json(sample: Store, tmp_path: Path) -> None:
    doc = _cli_findings(sample, tmp_path)
    frame = nb.findings_frame(sample)
    assert list(frame.columns) == nb.finding_columns()
    assert doc["findings"], "the sample has findings seeded on purpose"
    assert list(frame.columns) == list(doc["findings"][0])
    assert frame.to_dict(orient="records") == doc["findings"]
    assert frame.attrs["summary"] == doc["summary"]
    # from a list of findings too, and for a selection of rules
    from kg.audit import run_audit

    assert nb.findings_frame(run_audit(sample)).to_dict(orient="records") == doc["findings"]
    overlap = nb.findings_frame(sample, rules=["duty-overlap"])
    assert set(overlap.rule_id) == {"duty-overlap"}
    assert overlap.to_dict(orient="records") == [f for f in doc["findings"] if f["rule_id"] == "duty-overlap"]


def test_findings_frame_empty_has_columns(store: Store) -> None:
    frame = nb.findings_frame([])
    assert frame.empty and list(frame.columns) == nb.finding_columns()
    assert nb.findings_by_township_and_rule(frame).empty


def test_findings_by_township_and_rule(sample: Store) -> None:
    frame = nb.findings_frame(sample)
    counts = nb.findings_by_township_and_rule(frame)
    assert int(counts.to_numpy().sum()) == len(frame)
    assert set(counts.columns) == set(frame.rule_id)


# --------------------------------------------------------------------------- counts and networkx


def test_counts_frames_equal_stats(sample: Store) -> None:
    counts = kg.stats(sample)
    labels = nb.label_counts(sample)
    rels = nb.rel_type_counts(sample)
    assert dict(zip(labels.label, labels.nodes, strict=False)) == counts["nodes"]
    assert dict(zip(rels.type, rels.relationships, strict=False)) == counts["relationships"]


def test_networkx_export_keeps_every_node_and_relationship(sample: Store) -> None:
    counts = kg.stats(sample)
    g = kg.to_networkx(sample)
    assert g.number_of_nodes() == sum(counts["nodes"].values())
    assert g.number_of_edges() == sum(counts["relationships"].values())
    assert Counter(label for _, label in g.nodes(data="label")) == +Counter(counts["nodes"])
    assert Counter(t for _, _, t in g.edges(data="type")) == +Counter(counts["relationships"])
    # labels and properties intact
    for labels, props in sample.run(f"MATCH (n) WHERE {NOT_META} RETURN labels(n), properties(n)").rows:
        attrs = dict(g.nodes[props["id"]])
        assert attrs.pop("label") in labels
        assert attrs == {k: v for k, v in props.items() if k != "id"}
    for start, end, rel_type, props in sample.run(
        "MATCH (a)-[r]->(b) WHERE NOT a:KgDataset AND NOT a:KgLock RETURN a.id, b.id, type(r), properties(r)"
    ).rows:
        attrs = dict(g.edges[start, end, props["key"]])
        assert attrs.pop("type") == rel_type
        assert attrs == {k: v for k, v in props.items() if k != "key"}


def test_query_frame_with_parameters(sample: Store) -> None:
    frame = nb.query_frame(sample, "explore-township-duties", township=TOWNSHIP)
    res = kg.query(sample, "explore-township-duties", township=TOWNSHIP)
    assert list(frame.columns) == res.columns and len(frame) == len(res.rows) > 0
    towns = nb.townships(sample)
    assert len(towns) == 6 and TOWNSHIP in set(towns.id)


# --------------------------------------------------------------------------- a township's neighbourhood


def test_township_graph(sample: Store) -> None:
    g = nb.township_graph(sample, TOWNSHIP)
    assert nb.resolve_township(sample, "湖滨街道") == (TOWNSHIP, "湖滨街道")
    assert nb.resolve_township(sample, "ds-hb-gov") == (TOWNSHIP, "湖滨街道")
    assert set(g) == nb.township_ids(sample, "湖滨街道")
    labels = Counter(label for _, label in g.nodes(data="label"))
    assert {"Area", "Body", "Duty", "DutyList", "PowerGrant", "Power", "Handover"} <= set(labels)
    bodies = {n: d for n, d in g.nodes(data=True) if d["label"] == "Body"}
    kinds = Counter(d["kind"] for d in bodies.values())
    assert kinds["dispatched"] >= 1 and kinds["department"] >= 1 and kinds["government"] == 1
    # only this township's own bodies below county level: no other township's
    areas, core = nb.township_core(sample, TOWNSHIP)
    assert {n for n, d in bodies.items() if d["level"] not in ("city", "county")} == core
    assert {n for n, d in g.nodes(data=True) if d["label"] == "Area"} == areas
    # the departments behind the township's duties are there, with the relationship
    full = kg.to_networkx(sample)
    duties = {n for n, d in g.nodes(data=True) if d["label"] == "Duty"}
    behind = {
        a
        for a, b, d in full.edges(data=True)
        if d["type"] == "HOLDS_DUTY" and b in duties and full.nodes[a].get("kind") == "department"
    }
    assert behind and behind <= set(g)
    # every dispatched body's sending department is there too
    for a, b, d in full.edges(data=True):
        if d["type"] == "DISPATCHES" and b in core:
            assert a in g and g.has_edge(a, b)
    # every relationship among the kept nodes, with its properties
    expected = {(a, b, k) for a, b, k in full.edges(keys=True) if a in g and b in g}
    assert set(g.edges(keys=True)) == expected
    for a, b, k, d in g.edges(keys=True, data=True):
        assert d == full.edges[a, b, k]
    with pytest.raises(kg.UsageError):
        nb.township_graph(sample, "no-such-township")
    with pytest.raises(kg.UsageError):
        nb.township_graph(sample, TOWNSHIP, hops=5)
    assert set(nb.township_graph(sample, TOWNSHIP, hops=0)) == areas | core


@pytest.mark.skipif(len(STORES) < 2, reason="compares the two stores")
def test_township_graph_same_on_both_stores(both_stores: dict[str, Store]) -> None:
    docs = []
    for store in both_stores.values():
        kg.load(store, SAMPLE)
        docs.append(graph_json(nb.township_graph(store, TOWNSHIP)))
    assert docs[0] == docs[1]


# --------------------------------------------------------------------------- analyses


def test_analyses(sample: Store) -> None:
    g = kg.to_networkx(sample)
    ranking = nb.handover_ranking(g)
    handovers = yaml.safe_load((SAMPLE / "handovers.yaml").read_text(encoding="utf-8"))
    assert len(handovers) > 1 and ranking.handovers.sum() == len(handovers)
    assert set(ranking.department_id) == {h["from_body"] for h in handovers}
    assert list(ranking.duties) == sorted(ranking.duties, reverse=True)
    shared = nb.duties_shared_by_most_bodies(g, top=5)
    assert len(shared) == 5 and list(shared.bodies) == sorted(shared.bodies, reverse=True)
    top = shared.iloc[0]
    holders = {a for a, b, d in g.edges(data=True) if d["type"] == "HOLDS_DUTY" and b == top.duty_id}
    assert top.bodies == len(holders)
    p = nb.department_township_projection(g)
    kinds = Counter(k for _, k in p.nodes(data="kind"))
    assert kinds["township"] == 6 and kinds["department"] == sum(
        1 for _, d in g.nodes(data=True) if d.get("kind") == "department"
    )
    assert nx.is_bipartite(p) and p.number_of_edges() > 0
    for _a, _b, d in p.edges(data=True):
        assert d["weight"] == len(d["duties"]) > 0
    table = nb.projection_table(p)
    assert len(table) == p.number_of_nodes()
    summary = nb.projection_summary(p)
    assert summary["links"] == p.number_of_edges()
    cross = nb.cross_county_links(p)
    # the sample's one duty a department shares with townships of another county:
    # d004 (人民调解), of 东山区司法局, with the three townships of 西河县
    assert sorted(zip(cross.department, cross.township_county, cross.township, strict=True)) == [
        ("东山区司法局", "西河县", "城关街道"),
        ("东山区司法局", "西河县", "白杨镇"),
        ("东山区司法局", "西河县", "鹤山乡"),
    ]
    assert set(cross.department_county) == {"东山区"}
    assert [list(d) for d in cross.duties] == [["d004"]] * 3


def test_rules_frame() -> None:
    rules = nb.rules_frame()
    shipped = list_rules()
    assert len(shipped) > 1
    assert list(rules.id) == [r.id for r in shipped]
    assert list(rules.clause) == [r.clause for r in shipped]
    assert rules.clause.str.startswith("DL-").all() and "duty-overlap" in set(rules.id)


# --------------------------------------------------------------------------- the picture


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_graph_html_is_self_contained(sample: Store, tmp_path: Path) -> None:
    g = nb.township_graph(sample, TOWNSHIP)
    path = tmp_path / "township.html"
    page = nb.graph_html(g, path, title="湖滨街道 <测试>", focus=TOWNSHIP)
    assert path.read_text(encoding="utf-8") == page
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert '<script src="http' not in page
    parser = _Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        for attr in ("src", "href", "data", "srcset", "action"):
            value = attrs.get(attr) or ""
            assert not re.match(r"\s*(https?:)?//", value, re.I), f"<{tag} {attr}={value!r}> loads from the network"
        if tag in ("script", "link", "img", "iframe", "object", "embed"):
            assert "src" not in attrs and "href" not in attrs, f"<{tag}> refers to a file"
    assert not any(tag in ("link", "img", "iframe", "object", "embed") for tag, _ in parser.tags)
    # the page forbids any request of its own
    csp = [
        a["content"]
        for t, a in parser.tags
        if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert csp and "default-src 'none'" in csp[0] and "http" not in csp[0]
    assert "sourceMappingURL" not in page and "@import" not in page
    # the township's nodes are all in the page, and the title is escaped
    data = json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S).group(1))
    assert {n["id"] for n in data["nodes"]} == set(g) and len(data["edges"]) == g.number_of_edges()
    for node_id in g:
        assert json.dumps(node_id, ensure_ascii=False) in page
    assert "湖滨街道 &lt;测试&gt;" in page and "<测试>" not in page
    # coloured per label from the shared palette
    colours = {n["group"]: n["color"]["background"] for n in data["nodes"]}
    assert all(colours[label] == PALETTE[label].color for label in colours)
    # the vendored library is inlined, with its licences beside it
    static = Path(nb.VIS_NETWORK_JS).parent
    assert (static / "LICENSE-MIT").is_file() and (static / "LICENSE-APACHE-2.0").is_file()
    assert "vis-network" in page


def test_graph_html_escapes_script_breaking_text(tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_node("x</script><script src=http://example.org/a.js>", label="Duty", name="</script><!--")
    g.add_node("y", label="Body", kind="department", name="部门")
    g.add_edge("y", "x</script><script src=http://example.org/a.js>", key="k", type="HOLDS_DUTY", role="lead")
    page = nb.graph_html(g)
    assert page.count("</script>") == 4  # vis-network, data, palette, app
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)


def test_show_graph_is_an_inline_iframe(sample: Store) -> None:
    g = nb.township_graph(sample, TOWNSHIP, hops=1)
    html = nb.show_graph(g, title="湖滨街道", focus=TOWNSHIP).data
    opening = re.search(r"<iframe[^>]*>", html).group(0)
    assert opening.startswith("<iframe srcdoc=") and " src=" not in opening


def test_graph_html_renders_offline_in_chromium(_embedded: Store, tmp_path: Path) -> None:
    """Headless Chromium runs the page's scripts (the legend is built by them) under its CSP."""
    store = _fresh(_embedded)
    kg.load(store, SAMPLE)
    path = tmp_path / "township.html"
    nb.graph_html(nb.township_graph(store, TOWNSHIP), path, title="湖滨街道")
    res = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--virtual-time-budget=5000",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    assert re.search(r'id="kg-legend"><label>', res.stdout), "the page's script did not build the legend"
    assert "<canvas" in res.stdout, "vis-network drew no canvas"
    console = [line for line in res.stderr.splitlines() if "CONSOLE" in line]
    assert not [line for line in console if "Uncaught" in line or "Refused" in line], console


# --------------------------------------------------------------------------- palette


def test_palette_matches_the_browser_style_sheet() -> None:
    grass = REPO / "browser" / "kg.grass"
    from kg.model import NODE_LABELS

    colours = grass_palette(grass)
    for label in NODE_LABELS:
        assert label in colours, f"kg.grass has no colour for {label}"
        assert colours[label].color == PALETTE[label].color.upper(), label
        assert colours[label].border == PALETTE[label].border.upper(), label


def _fonts(monkeypatch: pytest.MonkeyPatch, names: list[str]) -> None:
    """Make matplotlib know exactly these font families, and find no other font file."""
    from matplotlib import font_manager

    entries = [font_manager.FontEntry(fname=f"/nonexistent/{n}.ttf", name=n) for n in names]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", entries)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])


def test_use_cjk_font_picks_the_best_installed_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib as mpl

    _fonts(monkeypatch, ["DejaVu Sans", "SimHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei"])
    with mpl.rc_context():
        assert nb.use_cjk_font() == "Noto Sans CJK SC"
        assert mpl.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
        assert mpl.rcParams["font.family"] == ["sans-serif"]
        assert mpl.rcParams["axes.unicode_minus"] is False
    _fonts(monkeypatch, ["DejaVu Sans", "SimHei"])
    with mpl.rc_context():
        assert nb.use_cjk_font() == "SimHei"
        assert mpl.rcParams["font.sans-serif"].count("SimHei") == 1


def test_use_cjk_font_warns_when_there_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib as mpl

    _fonts(monkeypatch, ["DejaVu Sans"])
    with mpl.rc_context():
        before = list(mpl.rcParams["font.sans-serif"])
        with pytest.warns(UserWarning, match="no CJK font found.*fonts-noto-cjk"):
            assert nb.use_cjk_font() is None
        assert mpl.rcParams["font.sans-serif"] == before


def test_notebook_store_is_a_fresh_temporary_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("KG_STORE", raising=False)
    monkeypatch.setenv("KG_DATA_DIR", str(tmp_path / "default"))
    store = nb.notebook_store()
    try:
        assert store.backend == "embedded"
        assert not str(store.data_dir).startswith(str(tmp_path / "default"))
        assert kg.stats(store)["nodes"]["Duty"] > 0
    finally:
        store.close()
        shutil.rmtree(store.data_dir, ignore_errors=True)


def test_a_temporary_notebook_store_goes_when_the_kernel_exits(tmp_path: Path) -> None:
    """The kernel (here: a child Python) exits: its temporary store's server stops and the
    folder is removed, so notebook runs leave nothing running or behind in the temp folder."""
    code = "import kg.notebook as nb; s = nb.notebook_store(sample=False); s.run('CREATE (:Area {id: \"x\"})', write=True); print(s.data_dir)"
    env = {**os.environ, "KG_STORE": "embedded", "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    folder = Path(done.stdout.strip().splitlines()[-1])
    assert folder.parent == tmp_path and folder.name.startswith("kg-notebook-")
    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []


def test_townships_frame_lists_the_sample_townships(sample: Store) -> None:
    """One row per township of data/sample/areas.yaml, with its county, ordered by id."""
    areas = {a["id"]: a for a in yaml.safe_load((SAMPLE / "areas.yaml").read_text(encoding="utf-8"))}
    want = [
        {"id": a["id"], "name": a["name"], "subtype": a.get("subtype"), "county_id": a["parent"]}
        | {"county": areas[a["parent"]]["name"]}
        for a in sorted(areas.values(), key=lambda a: a["id"])
        if a["level"] == "township"
    ]
    frame = nb.townships(sample)
    assert len(want) == 6
    assert list(frame.columns) == ["id", "name", "subtype", "county_id", "county"]
    assert frame.to_dict(orient="records") == want
