"""Published lists keep every column they read (issue 11 item 7): 原实施主体 + 赋权方式
become hand-overs that the access audits see; the row's content (职责边界划分, 责任事项,
追责, 工作方式, 备注) reaches the graph; no mapping declares a field nothing stores; and a
load says which layout each file used and which columns it ignored."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from datasets import dump

from kg import api
from kg import model as m
from kg.audit import run_audit
from kg.cli.load import layout_lines
from kg.errors import DataError
from kg.export import graph_json, to_networkx
from kg.ingest.dataset import read_dataset
from kg.ingest.load import Plan, build_plan
from kg.ingest.mappings import FIELD_STORAGE, load_mappings
from kg.ingest.names import mapped_duty_id, norm_name
from kg.stores import Store
from tests.test_cli import kg  # noqa: F401  (the fixture: runs kg on each store)
from tests.test_mapped_lists import body, canonical, county_dataset, lst, org

LIST_FILE = "lists/empower-2024.csv"
HEADER = ["序号", "赋权事项", "权力类型", "法律法规依据", "责任主体", "原实施主体", "赋权方式", "联系电话", "备注"]
PLANNING = "对未取得乡村建设规划许可证进行建设的处罚"
FIRE = "对在森林防火期内未经批准擅自野外用火的处罚"
VILLAGE = "农村人居环境整治指导"
ROWS = [
    [
        "1",
        PLANNING,
        "行政处罚",
        "《中华人民共和国城乡规划法》第六十五条",
        "某某镇人民政府",
        "县自然资源局",
        "下放",
        "0411-1234",
        "由镇综合执法队实施",
    ],
    ["2", FIRE, "行政处罚", "《森林防火条例》第五十条", "某某镇综合行政执法队", "县林业和草原局", "委托", "", ""],
    ["3", VILLAGE, "其他", "", "某某镇人民政府", "", "", "", ""],
]


def county_org() -> dict[str, list[dict[str, Any]]]:
    """The county of test_mapped_lists, with its Party committee and government."""
    data = org()
    data["bodies"] += [
        body("X1-gov", "某某县人民政府", "government"),
        body("X1-cpc", "中共某某县委员会", "party_committee"),
    ]
    return data


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], title: str | None = "某某县赋予某某镇县级管理权限清单"
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        if title:
            w.writerow([title] + [""] * (len(header) - 1))
        w.writerow(header)
        w.writerows(rows)


def user_county(
    root: Path,
    rows: list[list[str]] | None = None,
    *,
    header: list[str] = HEADER,
    decisions: list[dict[str, Any]] | None = None,
    lists: list[dict[str, Any]] | None = None,
    org_data: dict[str, Any] | None = None,
) -> Path:
    """A user's county: its org, the alias table and its empowerment list in layout B (CSV)."""
    write_csv(root / LIST_FILE, header, ROWS if rows is None else rows)
    county_dataset(
        root,
        lists or [lst("E1", "empowerment", LIST_FILE, layout="layout-b-empowerment-list")],
        {},
        org_data=org_data or county_org(),
    )
    if decisions is not None:
        dump(root / "decisions.yaml", decisions)
    return root


def deployment(date: str = "2024-05-01", **scope: Any) -> dict[str, Any]:
    """A unified deployment of the county's Party committee and government."""
    return {
        "id": "dec-X1-2024",
        "name": "某某县关于赋予乡镇（街道）县级管理权限的决定",
        "kind": "unified_deployment",
        "issuers": ["X1-cpc", "X1-gov"],
        "date": date,
        **(scope or {"lists": ["E1"], "all_townships_of": ["X1"]}),
    }


def handovers(store: Store) -> list[tuple[str, str, str, str, str, str | None]]:
    rows = store.run(
        "MATCH (f:Body)-[:HANDS_OVER]->(h:Handover)-[:ASSIGNS_TO]->(t:Body) MATCH (h)-[:TRANSFERS]->(d:Duty) "
        "OPTIONAL MATCH (dec:Decision)-[:AUTHORISES]->(h) "
        "RETURN d.name, f.id, h.mode, t.id, toString(h.date), dec.id ORDER BY d.name"
    ).rows
    return [tuple(r) for r in rows]


def roles(store: Store, list_id: str) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for name, role, b in store.run(
        "MATCH (b:Body)-[h:HOLDS_DUTY]->(d:Duty) WHERE h.list_id = $l RETURN d.name, h.role, b.id ORDER BY b.id",
        {"l": list_id},
    ).rows:
        out.setdefault(name, []).append((role, b))
    return out


# --------------------------------------------------------------------------- the bar


def test_user_list_loads_into_handovers(store: Store, tmp_path: Path) -> None:
    root = user_county(tmp_path / "county")
    report = api.load(store, root)
    assert handovers(store) == [
        (FIRE, "X1-fo", "委托", "T1-zf", "2024-06-01", None),  # dated by the list's effective date
        (PLANNING, "X1-nr", "下放", "T1-gov", "2024-06-01", None),
    ]
    held = roles(store, "E1")
    assert held[PLANNING] == [("lead", "T1-gov")]
    assert held[FIRE] == [("entrusted", "T1-zf")]  # 委托: acts in the department's name
    assert held[VILLAGE] == [("lead", "T1-gov")]  # no 原实施主体: the township's own item
    # the load says which layout the file used and which column it ignored
    [layout] = report.layouts
    assert (layout.file.endswith(LIST_FILE), layout.layout, layout.header_row) == (True, "layout-b-empowerment-list", 2)
    assert layout.ignored == ["联系电话"]
    assert layout.columns["原实施主体"] == "original_holder" and layout.columns["备注"] == "note"
    assert any(
        "layout-b-empowerment-list" in line and "ignored columns: 联系电话" in line for line in layout_lines(report)
    )
    assert report.warnings == []
    # 备注 reaches the graph (on the list row) and kg export
    edges = [r for r in graph_json(to_networkx(store))["relationships"] if r["type"] == "INCLUDES"]
    assert {r.get("note") for r in edges} == {"由镇综合执法队实施", None}
    # loading twice gives the same graph
    before = canonical(store)
    again = api.load(store, root)
    assert canonical(store) == before and (again.nodes_removed, again.relationships_removed) == (0, 0)


def test_access_audit_sees_list_handovers(store: Store, tmp_path: Path) -> None:
    rule = "access-handover-without-decision"

    def findings(decisions: list[dict[str, Any]] | None, name: str) -> dict[str, str]:
        store.clear()
        api.load(store, user_county(tmp_path / name, decisions=decisions))
        return {f.subject_id: f.message_en for f in run_audit(store, rules=[rule], as_of="2024-12-31")}

    none = findings(None, "no-decision")
    ids = {frm: hid for hid, frm in store.run("MATCH (f:Body)-[:HANDS_OVER]->(h:Handover) RETURN h.id, f.id").rows}
    assert set(none) == {ids["X1-nr"], ids["X1-fo"]}
    assert "with no unified-deployment decision" in none[ids["X1-nr"]]
    # the decision that annexes the list covers both hand-overs: nothing to report
    assert findings([deployment()], "covered") == {}
    assert {r[5] for r in handovers(store)} == {"dec-X1-2024"}
    # a decision dated after the list does not authorise it
    late = findings([deployment("2024-09-01")], "late")
    assert set(late) == {ids["X1-nr"], ids["X1-fo"]} and "before" in late[ids["X1-nr"]]
    # a decision that covers only another township does not either
    other = findings([deployment(lists=["E1"], townships=["T2"])], "other-township")
    assert set(other) == {ids["X1-nr"], ids["X1-fo"]}
    # the 委托 row names the township body as entrusted, so it is not "listed as its own"
    findings([deployment()], "entrusted")
    assert run_audit(store, rules=["entrusted-listed-as-own"], as_of="2024-12-31") == []


def test_named_decision_and_row_date(tmp_path: Path) -> None:
    header = [*HEADER[:7], "赋权时间"]
    rows = [[*ROWS[0][:7], "2024年7月1日"], [*ROWS[1][:7], ""]]
    spec = lst("E1", "empowerment", LIST_FILE, layout="auto", decision="dec-X1-2024")
    ds = read_dataset(user_county(tmp_path / "c", rows, header=header, decisions=[deployment()], lists=[spec]))
    got = {h.from_body: (str(h.date), h.decision) for h in ds.entities if isinstance(h, m.Handover)}
    assert got == {"X1-nr": ("2024-07-01", "dec-X1-2024"), "X1-fo": ("2024-06-01", "dec-X1-2024")}


def test_versions_record_one_handover_ended_by_a_later_version(tmp_path: Path) -> None:
    root = tmp_path / "c"
    write_csv(root / "lists/empower-2025.csv", HEADER, [ROWS[0]])  # 2025 drops the 委托 item
    lists = [
        lst("E1-2024", "empowerment", LIST_FILE, layout="auto", series="E1"),
        lst("E1-2025", "empowerment", "lists/empower-2025.csv", layout="auto", series="E1", date="2025-01-01"),
    ]
    ds = read_dataset(user_county(root, lists=lists))
    got = {h.from_body: (str(h.date), str(h.end_date)) for h in ds.entities if isinstance(h, m.Handover)}
    assert got == {"X1-nr": ("2024-06-01", "None"), "X1-fo": ("2024-06-01", "2025-01-01")}


def test_declared_handover_wins_over_the_list(tmp_path: Path) -> None:
    root = user_county(tmp_path / "c")
    duty = mapped_duty_id("X1", norm_name(PLANNING))
    own = {
        "id": "ho-own",
        "name": "自报",
        "duty": duty,
        "from_body": "X1-nr",
        "to_body": "T1-gov",
        "mode": "下放",
        "date": "2024-01-01",
    }
    dump(root / "handovers.yaml", [own])
    ds = read_dataset(root)
    got = {h.from_body: h.id for h in ds.entities if isinstance(h, m.Handover)}
    assert got["X1-nr"] == "ho-own" and set(got) == {"X1-nr", "X1-fo"}  # one hand-over per department


# --------------------------------------------------------------------------- located errors and warnings


def issue_at(root: Path, rows: list[list[str]], **kw: Any) -> list[tuple[str, int | None, str | None, str]]:
    with pytest.raises(DataError) as e:
        read_dataset(user_county(root, rows, **kw))
    return [(i.file.rsplit("/", 1)[-1], i.row, i.column, i.message) for i in e.value.issues]


def test_unknown_or_ambiguous_department_is_a_located_error(tmp_path: Path) -> None:
    bad = [ROWS[0], [*ROWS[1][:5], "县森林公安局", *ROWS[1][6:]]]
    [(file, row, col, msg)] = issue_at(tmp_path / "unknown", bad)
    assert (file, row, col) == ("empower-2024.csv", 4, "F") and "县森林公安局" in msg and "not a known body" in msg
    twins = county_org()
    twins["bodies"].append(body("X1-nr2", "县自然资源和规划局"))  # two bodies of X1 carry this name
    bad = [[*ROWS[0][:5], "县自然资源和规划局", *ROWS[0][6:]]]
    [(file, row, col, msg)] = issue_at(tmp_path / "ambiguous", bad, org_data=twins)
    assert (row, col) == (3, "F") and "several bodies" in msg


def test_bad_mode_date_or_receiver_is_a_located_error(tmp_path: Path) -> None:
    [(_, row, col, msg)] = issue_at(tmp_path / "mode", [[*ROWS[0][:6], "授权", *ROWS[0][7:]]])
    assert (row, col) == (3, "G") and "neither 下放" in msg
    header = [*HEADER[:7], "赋权时间"]
    [(_, row, col, msg)] = issue_at(tmp_path / "date", [[*ROWS[0][:7], "去年"]], header=header)
    assert (row, col) == (3, "H") and "not a date" in msg
    [(_, row, col, msg)] = issue_at(tmp_path / "county-body", [[*ROWS[0][:4], "县农业农村局", *ROWS[0][5:]]])
    assert (row, col) == (3, "E") and "not a township body" in msg


def test_bad_list_writes_nothing(store: Store, tmp_path: Path) -> None:
    api.load(store, user_county(tmp_path / "good"))
    before = canonical(store)
    with pytest.raises(DataError):
        api.load(store, user_county(tmp_path / "good", [[*ROWS[0][:5], "县森林公安局", *ROWS[0][6:]]]))
    assert canonical(store) == before


def test_missing_mode_is_a_located_warning(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "赋权方式"]
    rows = [[c for i, c in enumerate(r) if i != 6] for r in ROWS[:2]]
    root = user_county(tmp_path / "c", rows, header=header)
    ds = read_dataset(root)
    assert not [e for e in ds.entities if isinstance(e, m.Handover)]  # no guess
    assert [(w.row, w.column) for w in ds.warnings] == [(3, "F"), (4, "F")]
    assert "下放 and 委托 differ" in ds.warnings[0].message and ds.warnings[0].file.endswith(LIST_FILE)
    # the rows load as the township's own items
    entries = {e.duty: e for e in ds.entries}
    assert all(e.leads and not e.entrusted for e in entries.values())
    # an empty 赋权方式 cell is the same warning; a mode without 原实施主体 is one too
    rows = [[*ROWS[0][:6], "", *ROWS[0][7:]], [*ROWS[2][:6], "下放", *ROWS[2][7:]]]
    ds = read_dataset(user_county(tmp_path / "d", rows))
    assert [(w.row, w.column) for w in ds.warnings] == [(3, "F"), (4, "G")]
    assert "原实施主体 is empty" in ds.warnings[1].message


# --------------------------------------------------------------------------- no hollow field

CELL: dict[str, str] = {
    "seq": "1",
    "code": "CODE-7",
    "name": "字段测试事项",
    "sub_item": "字段测试子项",
    "duty_type": "行政处罚",
    "legal_basis": "《中华人民共和国测试法》第一条",
    "lead": "某某镇人民政府",
    "cooperating": "县农业农村局",
    "original_holder": "县自然资源局",
    "mode": "下放",
    "handover_date": "2024-05-02",
}


def _node(plan: Plan, label: str) -> dict[str, Any]:
    [node] = plan.nodes.get(label, [{}])[-1:] or [{}]
    return node


def _rels(plan: Plan, rel_type: str) -> list[dict[str, Any]]:
    return [r for (t, _, _), rows in plan.rels.items() if t == rel_type for r in rows]


def stored(plan: Plan, field: str, cell: str) -> bool:
    """Whether the value of ``field`` read from ``cell`` is in the plan where FIELD_STORAGE says."""
    cls, attr = FIELD_STORAGE[field]
    checks: dict[tuple[str, str], Callable[[], bool]] = {
        ("Duty", "name"): lambda: cell in _node(plan, "Duty").get("name", ""),
        ("ListEntry", "leads"): lambda: any(
            r["end"] and r["start"] == "T1-gov" and r["props"]["role"] == "lead" for r in _rels(plan, "HOLDS_DUTY")
        ),
        ("ListEntry", "cooperating"): lambda: any(
            r["start"] == "X1-ag" and r["props"]["role"] == "cooperating" for r in _rels(plan, "HOLDS_DUTY")
        ),
        ("Handover", "from_body"): lambda: any(r["start"] == "X1-nr" for r in _rels(plan, "HANDS_OVER")),
    }
    if (cls, attr) in checks:
        return checks[(cls, attr)]()
    if cls == "ListEntry":
        return any(r["props"].get(attr) == cell for r in _rels(plan, "INCLUDES"))
    node = _node(plan, cls)
    return node.get(attr) == cell or (isinstance(node.get(attr), str) and cell in node[attr])


@pytest.mark.parametrize("mapping", sorted(load_mappings()))
def test_every_field_of_a_shipped_mapping_reaches_the_graph(mapping: str, tmp_path: Path) -> None:
    fields = list(load_mappings()[mapping].headers)
    for f in fields:  # the declared place is a property of the model
        cls, attr = FIELD_STORAGE[f]
        assert attr in {"Duty": m.Duty, "ListEntry": m.ListEntry, "Handover": m.Handover}[cls].model_fields, f
    header = [load_mappings()[mapping].headers[f][0] for f in fields]
    row = [CELL.get(f, f"{f}的内容") for f in fields]
    root = tmp_path / "c"
    write_csv(root / "lists/x.csv", header, [row], title=None)
    kind = {"power": "power", "empowerment": "empowerment", "three-list": "basic"}[load_mappings()[mapping].kind]
    extra = {"category": "basic"} if kind == "basic" else {}
    county_dataset(root, [lst("X", kind, "lists/x.csv", layout=mapping, **extra)], {}, org_data=county_org())
    plan = build_plan(read_dataset(root), match=False)
    hollow = [f for f, cell in zip(fields, row, strict=True) if not stored(plan, f, cell)]
    assert hollow == [], f"{mapping} reads {hollow} but the graph does not hold them"


def test_a_mapping_may_not_declare_a_field_kg_does_not_store(tmp_path: Path) -> None:
    root = user_county(tmp_path / "c", lists=[lst("E1", "empowerment", LIST_FILE, layout="my-layout.yaml")])
    (root / "my-layout.yaml").write_text(
        "name: my-layout\nkind: empowerment\nheaders:\n  name: [赋权事项]\n  phone: [联系电话]\nrequired: [name]\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as e:
        read_dataset(root)
    [issue] = e.value.issues
    assert issue.file.endswith("my-layout.yaml") and issue.row == 5 and issue.column == "headers.phone"
    assert "unknown field 'phone'" in issue.message


def test_kg_load_prints_layouts_and_warnings(kg, tmp_path: Path) -> None:  # noqa: F811
    header = [h for h in HEADER if h != "赋权方式"]
    rows = [[c for i, c in enumerate(r) if i != 6] for r in ROWS[:1]]
    code, out, err = kg("load", str(user_county(tmp_path / "c", rows, header=header)))
    assert code == 0
    assert "layout layout-b-empowerment-list, header row 2; ignored columns: 联系电话" in out
    assert f"warning: c/{LIST_FILE}, row 3, column F:" in err and "下放 and 委托 differ" in err


def test_strict_load_locates_a_list_handover_at_its_row(tmp_path: Path) -> None:
    from kg.audit.access import access_violations

    issues = access_violations(read_dataset(user_county(tmp_path / "c")))
    assert sorted((i.file.endswith(LIST_FILE), i.row) for i in issues) == [(True, 3), (True, 4)]
    assert all("no unified-deployment decision" in i.message for i in issues)
    assert access_violations(read_dataset(user_county(tmp_path / "d", decisions=[deployment()]))) == []


def test_row_content_in_explore_queries_and_kg_who(store: Store, tmp_path: Path) -> None:
    from kg.responsibility import render_who, who

    api.load(store, user_county(tmp_path / "c"))
    rows = {r["duty_name"]: r for r in api.query(store, "explore-township-duties", township="T1").records()}
    assert rows[PLANNING]["note"] == "由镇综合执法队实施" and rows[FIRE]["note"] is None
    assert rows[FIRE]["entrusted"] == ["某某镇综合行政执法队"] and rows[FIRE]["leads"] == []
    [answer] = who(store, "乡村建设规划")
    assert answer.lists[0].content == (("note", "由镇综合执法队实施"),)
    assert "备注：由镇综合执法队实施" in render_who([answer])
    assert "note: 由镇综合执法队实施" in render_who([answer], lang="en")
