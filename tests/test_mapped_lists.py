"""Published lists (layouts A, B, C; XLSX and CSV encodings) loaded through a dataset
folder: same graph from every encoding, located errors, aliases, citations, versions."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from datasets import dump

from kg import api
from kg.errors import DataError
from kg.export import graph_json, to_networkx
from kg.ingest.dataset import read_dataset
from kg.ingest.legal import zh_number
from kg.ingest.names import mapped_duty_id
from kg.stores import Store

_SPEC = importlib.util.spec_from_file_location(
    "make_fixtures", Path(__file__).parent / "fixtures" / "lists" / "make_fixtures.py"
)
make_fixtures = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = make_fixtures  # dataclasses look their module up while loading
_SPEC.loader.exec_module(make_fixtures)

PROVENANCE = {"source_file", "source_sheet", "source_row"}
OWNER = "T1-gov"


def area(id_: str, name: str, level: str, parent: str | None = None) -> dict[str, Any]:
    return {"id": id_, "name": name, "level": level, **({"parent": parent} if parent else {})}


def body(id_: str, name: str, kind: str = "department", level: str = "county", area_id: str = "X1") -> dict[str, Any]:
    return {"id": id_, "name": name, "kind": kind, "level": level, "area": area_id}


def org() -> dict[str, list[dict[str, Any]]]:
    """One county X1 with township T1 (某某镇) and T2; a second county X2 whose
    department carries the same name as one of X1's (县应急管理局)."""
    return {
        "areas": [
            area("C1", "某某市", "city"),
            area("X1", "某某县", "county", "C1"),
            area("X2", "另一县", "county", "C1"),
            area("T1", "某某镇", "township", "X1"),
            area("T2", "某某街道", "township", "X1"),
        ],
        "bodies": [
            body("T1-gov", "某某镇人民政府", "government", "township", "T1"),
            body("T2-gov", "某某街道办事处", "government", "township", "T2"),
            body("T1-zf", "某某镇综合行政执法队", "office", "township", "T1"),
            body("T1-yj", "某某镇应急管理办公室", "office", "township", "T1"),
            body("T1-yjzx", "某某镇应急管理中心", "institution", "township", "T1"),
            body("X1-nr", "县自然资源和规划局"),
            body("X1-ag", "县农业农村局"),
            body("X1-hc", "县住房和城乡建设局"),
            body("X1-em", "县应急管理局"),
            body("X1-fo", "县林业和草原局"),
            body("X2-em", "县应急管理局", area_id="X2"),
        ],
    }


ALIASES = [{"name": "县自然资源局", "body": "X1-nr"}]
THREE = (("basic", "基本"), ("cooperating", "配合"), ("taken_back", "收回"))


def lst(
    list_id: str,
    kind: str,
    file: str,
    *,
    layout: str = "auto",
    date: str = "2024-06-01",
    owner: str = OWNER,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": list_id,
        "name": f"{list_id} 清单",
        "kind": kind,
        "owner": owner,
        "effective_date": date,
        "file": file,
        "layout": layout,
        **extra,
    }


def three_lists(
    prefix: str, file: str, *, date: str = "2024-06-01", owner: str = OWNER, **extra: Any
) -> list[dict[str, Any]]:
    """The three DutyLists of one three-list file (one per kind), each its own series."""
    return [
        lst(f"{prefix}-{kind}-{date[:4]}", kind, file, date=date, owner=owner, series=f"{prefix}-{kind}", **extra)
        for kind, _ in THREE
    ]


def county_dataset(
    root: Path,
    lists: list[dict[str, Any]],
    files: dict[str, Path],
    *,
    aliases: list[dict[str, str]] | None = ALIASES,
    org_data: dict[str, Any] | None = None,
    dataset_id: str = "county",
) -> Path:
    """A dataset folder: the org, the alias table, and ``files`` copied to lists/."""
    root.mkdir(parents=True, exist_ok=True)
    for dest, src in files.items():
        (root / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, root / dest)
    data = org_data or org()
    dump(root / "areas.yaml", data["areas"])
    dump(root / "bodies.yaml", data["bodies"])
    if aliases is not None:
        dump(root / "aliases.yaml", aliases)
    dump(root / "dataset.yaml", {"id": dataset_id, "name": "某某县清单", "lists": lists})
    return root


def canonical(store: Store) -> dict[str, Any]:
    """The graph without file provenance, for comparing loads of different files."""
    g = graph_json(to_networkx(store))

    def strip(d):
        return {k: v for k, v in d.items() if k not in PROVENANCE}

    return {
        "nodes": [strip(n) for n in g["nodes"]],
        "relationships": sorted((strip(r) for r in g["relationships"]), key=lambda r: r["key"]),
    }


def leads_of(store: Store, list_id: str) -> dict[str, tuple[list[str], list[str]]]:
    rows = store.run(
        "MATCH (b:Body)-[h:HOLDS_DUTY]->(d:Duty) WHERE h.list_id = $l RETURN d.name, h.role, b.id ORDER BY b.id",
        {"l": list_id},
    ).rows
    out: dict[str, tuple[list[str], list[str]]] = {}
    for name, role, body_id in rows:
        out.setdefault(name, ([], []))[0 if role == "lead" else 1].append(body_id)
    return out


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_fixtures.build_all(tmp_path_factory.mktemp("lists"))


# --------------------------------------------------------------------------- every encoding, one graph

LAYOUTS = {
    "A": (
        ["layout_a.xlsx", "layout_a_utf8.csv", "layout_a_utf8bom.csv", "layout_a_gbk.csv", "layout_a_tab.tsv"],
        lambda f: [lst("A", "power", f)],
    ),
    "B": (
        ["layout_b.xlsx", "layout_b_utf8.csv", "layout_b_utf8bom.csv", "layout_b_gbk.csv"],
        lambda f: [lst("B", "empowerment", f, layout="layout-b-empowerment-list")],
    ),
    "C": (
        [
            "layout_c.xlsx",
            "layout_c_sections.xlsx",
            "layout_c_sections_utf8.csv",
            "layout_c_sections_utf8bom.csv",
            "layout_c_sections_gbk.csv",
        ],
        lambda f: three_lists("T1", f),
    ),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_file_of_a_layout_gives_the_same_graph(
    store: Store, files: dict[str, Path], tmp_path: Path, layout: str
) -> None:
    names, make_lists = LAYOUTS[layout]
    graphs = {}
    for i, name in enumerate(names):
        dest = f"lists/list{Path(name).suffix}"
        root = county_dataset(tmp_path / f"ds{i}", make_lists(dest), {dest: files[name]})
        store.clear()
        store.ensure_schema()
        api.load(store, root)
        graphs[name] = canonical(store)
    first = graphs[names[0]]
    assert sum(n.get("label") == "Duty" for n in first["nodes"]) == {"A": 8, "B": 6, "C": 6}[layout]
    for name in names[1:]:
        assert graphs[name] == first, name


def test_layout_a_power_list(store: Store, files: dict[str, Path], tmp_path: Path) -> None:
    root = county_dataset(
        tmp_path / "ds", [lst("A", "power", "lists/a.xlsx")], {"lists/a.xlsx": files["layout_a.xlsx"]}
    )
    api.load(store, root)
    rows = store.run(
        "MATCH (l:DutyList {id: 'A'})-[i:INCLUDES]->(d:Duty) "
        "RETURN d.id, d.name, d.code, d.duty_type, d.parent_name, i.seq, i.source_sheet, i.source_row ORDER BY i.source_row"
    ).rows
    parent = "对生产经营单位安全生产违法行为的处罚"
    sub = "对未如实记录安全生产教育和培训情况的处罚"
    assert rows[1][1:] == [f"{parent} / {sub}", "XZCF-0001", "行政处罚", parent, "1", "权责清单", 5]
    assert rows[1][0] == mapped_duty_id("X1", f"{parent}/{sub}")
    assert rows[4][1:6] == ["对生产经营单位安全生产情况的监督检查", "XZJC-0001", "行政检查", None, "3"]
    assert [r[3] for r in rows].count("行政处罚") == 4
    # a power list with no lead column: the owner leads every item
    held = leads_of(store, "A")
    assert len(held) == 8 and all(v == (["T1-gov"], []) for v in held.values())


def test_layout_b_empowerment_list_leads(store: Store, files: dict[str, Path], tmp_path: Path) -> None:
    root = county_dataset(
        tmp_path / "ds", [lst("B", "empowerment", "lists/b.xlsx")], {"lists/b.xlsx": files["layout_b.xlsx"]}
    )
    api.load(store, root)
    held = leads_of(store, "B")
    # 委托 (issue 11): the township bodies act in 县应急管理局's name, role entrusted, not lead
    assert held["对生产经营单位安全生产违法行为的处罚"] == ([], ["T1-yj", "T1-zf"])
    roles = store.run(
        "MATCH (b:Body)-[h:HOLDS_DUTY]->(d:Duty {name: $n}) WHERE h.list_id = 'B' RETURN h.role, b.id ORDER BY b.id",
        {"n": "对生产经营单位安全生产违法行为的处罚"},
    ).rows
    assert roles == [["entrusted", "T1-yj"], ["entrusted", "T1-zf"]]
    assert held["对未取得乡村建设规划许可证进行建设的处罚"] == (["T1-gov"], [])
    # every row's 原实施主体 and 赋权方式 became hand-overs: row 4 names two departments
    handovers = store.run(
        "MATCH (f:Body)-[:HANDS_OVER]->(h:Handover)-[:ASSIGNS_TO]->(t:Body) RETURN f.id, h.mode, t.id"
    ).rows
    assert sorted(map(tuple, handovers)) == sorted(
        [
            ("X1-nr", "下放", "T1-gov"),
            ("X1-fo", "委托", "T1-gov"),
            ("X1-em", "委托", "T1-yj"),
            ("X1-em", "委托", "T1-zf"),
            ("X1-em", "委托", "T1-zf"),
            ("X1-em", "委托", "T1-zf"),
            ("X1-nr", "下放", "T1-gov"),
            ("X1-ag", "下放", "T1-gov"),
        ]
    )
    sub = store.run(
        "MATCH (d:Duty) WHERE d.parent_name = $p RETURN count(d)", {"p": "对生产经营单位安全生产违法行为的处罚"}
    ).value()
    assert sub == 2


def test_three_list_holders_follow_the_category(store: Store, files: dict[str, Path], tmp_path: Path) -> None:
    root = county_dataset(tmp_path / "ds", three_lists("T1", "lists/c.xlsx"), {"lists/c.xlsx": files["layout_c.xlsx"]})
    api.load(store, root)
    # basic: the township leads, 关联单位 cooperate
    assert leads_of(store, "T1-basic-2024") == {
        "组织开展农村人居环境整治": (["T1-gov"], ["X1-ag", "X1-hc"]),
        "开展安全生产宣传教育": (["T1-gov"], ["X1-em"]),
    }
    # cooperating: 关联单位 lead (县自然资源局 through the alias table), the township cooperates
    assert leads_of(store, "T1-cooperating-2024") == {
        "耕地保护和违法占地巡查": (["X1-nr"], ["T1-gov"]),
        "森林防火": (["X1-em", "X1-fo"], ["T1-gov"]),
    }
    # taken back: 关联单位 lead; 县应急管理局 resolves to X1's, not X2's namesake
    assert leads_of(store, "T1-taken_back-2024") == {
        "建设工程质量安全监督": (["X1-hc"], []),
        "危险化学品安全监管": (["X1-em"], []),
    }
    kinds = store.run("MATCH (l:DutyList)-[:INCLUDES]->(d:Duty) RETURN l.kind, count(d) ORDER BY l.kind").rows
    assert kinds == [["basic", 2], ["cooperating", 2], ["taken_back", 2]]


def test_alias_table_as_csv(store: Store, files: dict[str, Path], tmp_path: Path) -> None:
    root = county_dataset(
        tmp_path / "ds", three_lists("T1", "lists/c.xlsx"), {"lists/c.xlsx": files["layout_c.xlsx"]}, aliases=None
    )
    (root / "aliases.csv").write_text("name,body\n县自然资源局,X1-nr\n", encoding="utf-8")
    api.load(store, root)
    assert leads_of(store, "T1-cooperating-2024")["耕地保护和违法占地巡查"] == (["X1-nr"], ["T1-gov"])


# --------------------------------------------------------------------------- refused input, nothing written


def test_unknown_layout_names_the_headers_found_and_writes_nothing(
    store: Store, files: dict[str, Path], tmp_path: Path
) -> None:
    good = county_dataset(
        tmp_path / "good", [lst("A", "power", "lists/a.xlsx")], {"lists/a.xlsx": files["layout_a.xlsx"]}
    )
    api.load(store, good)
    before = canonical(store)
    for name in ("unknown_layout.xlsx", "unknown_layout_gbk.csv"):
        dest = f"lists/u{Path(name).suffix}"
        bad = county_dataset(
            tmp_path / f"bad-{name}",
            [lst("A", "power", "lists/a.xlsx"), lst("U", "power", dest)],
            {"lists/a.xlsx": files["layout_a.xlsx"], dest: files[name]},
            dataset_id="county",
        )
        with pytest.raises(DataError) as e:
            api.load(store, bad)
        [issue] = e.value.issues
        assert issue.file.endswith(dest) and issue.row == 2
        assert "headers found: 编号, 职责名称, 主管部门, 法定依据, 备注" in issue.message
        assert canonical(store) == before


def test_unknown_layout_name_lists_the_valid_ones(files: dict[str, Path], tmp_path: Path) -> None:
    root = county_dataset(
        tmp_path / "ds",
        [lst("A", "power", "lists/a.xlsx", layout="layout-z")],
        {"lists/a.xlsx": files["layout_a.xlsx"]},
    )
    with pytest.raises(DataError) as e:
        read_dataset(root)
    [issue] = e.value.issues
    assert issue.file.endswith("dataset.yaml") and issue.column == "layout"
    assert "layout-a-power-list" in issue.message and "auto" in issue.message and "tidy" in issue.message


def test_a_mapping_file_in_the_dataset_folder_describes_a_new_layout(
    store: Store, files: dict[str, Path], tmp_path: Path
) -> None:
    root = county_dataset(
        tmp_path / "ds",
        [lst("U", "power", "lists/u.xlsx", layout="my-layout.yaml")],
        {"lists/u.xlsx": files["unknown_layout.xlsx"]},
    )
    dump(
        root / "my-layout.yaml",
        {
            "name": "county-x-catalogue",
            "kind": "power",
            "headers": {"seq": ["编号"], "name": ["职责名称"], "lead": ["主管部门"], "legal_basis": ["法定依据"]},
            "required": ["name"],
        },
    )
    api.load(store, root)
    assert leads_of(store, "U") == {"村庄规划编制": (["X1-nr"], [])}


def test_unresolved_body_name_is_located_and_lists_close_names(
    store: Store, files: dict[str, Path], tmp_path: Path
) -> None:
    data = org()
    data["bodies"] = [b for b in data["bodies"] if b["id"] != "T1-yj"]
    for name, sheet in (("layout_b.xlsx", "赋权清单"), ("layout_b_gbk.csv", None)):
        dest = f"lists/b{Path(name).suffix}"
        root = county_dataset(tmp_path / name, [lst("B", "empowerment", dest)], {dest: files[name]}, org_data=data)
        with pytest.raises(DataError) as e:
            api.load(store, root)
        [issue] = e.value.issues
        assert (issue.file.endswith(dest), issue.sheet, issue.row, issue.column) == (True, sheet, 5, "E")
        assert "责任主体 names '某某镇应急管理办公室', which is not a known body" in issue.message
        assert "某某镇应急管理中心 (T1-yjzx)" in issue.message
    assert api.stats(store)["nodes"]["Duty"] == 0


def test_without_the_alias_the_renamed_department_is_reported(files: dict[str, Path], tmp_path: Path) -> None:
    root = county_dataset(
        tmp_path / "ds", three_lists("T1", "lists/c.xlsx"), {"lists/c.xlsx": files["layout_c.xlsx"]}, aliases=[]
    )
    with pytest.raises(DataError) as e:
        read_dataset(root)
    [issue] = e.value.issues
    assert (issue.sheet, issue.row, issue.column) == ("配合履职事项清单", 4, "C")
    assert "'县自然资源局'" in issue.message and "县自然资源和规划局 (X1-nr)" in issue.message


def test_an_alias_must_name_a_body(files: dict[str, Path], tmp_path: Path) -> None:
    root = county_dataset(
        tmp_path / "ds",
        three_lists("T1", "lists/c.xlsx"),
        {"lists/c.xlsx": files["layout_c.xlsx"]},
        aliases=[{"name": "县自然资源局", "body": "X1-nope"}],
    )
    with pytest.raises(DataError) as e:
        read_dataset(root)
    assert any(i.file.endswith("aliases.yaml") and "X1-nope" in i.message for i in e.value.issues)


def test_rows_of_a_three_list_file_that_no_list_takes_are_refused(files: dict[str, Path], tmp_path: Path) -> None:
    root = county_dataset(
        tmp_path / "ds", three_lists("T1", "lists/c.xlsx")[:1], {"lists/c.xlsx": files["layout_c.xlsx"]}
    )
    with pytest.raises(DataError) as e:
        read_dataset(root)
    messages = sorted(i.message for i in e.value.issues)
    assert len(messages) == 2
    assert "add a list with kind: cooperating and file: lists/c.xlsx" in messages[0]
    assert "add a list with kind: taken_back and file: lists/c.xlsx" in messages[1]


def test_a_three_list_file_needs_three_list_kinds(files: dict[str, Path], tmp_path: Path) -> None:
    root = county_dataset(
        tmp_path / "ds", [lst("C", "power", "lists/c.xlsx")], {"lists/c.xlsx": files["layout_c.xlsx"]}
    )
    with pytest.raises(DataError) as e:
        read_dataset(root)
    assert any(i.column == "kind" and "three-list" in i.message for i in e.value.issues)


def test_category_option_reads_a_one_sheet_export(store: Store, files: dict[str, Path], tmp_path: Path) -> None:
    # a CSV of the cooperating sheet saved under a name that does not tell the kind
    root = county_dataset(
        tmp_path / "ds",
        [lst("T1-coop", "cooperating", "lists/export.csv", category="cooperating")],
        {"lists/export.csv": files["配合履职事项清单.csv"]},
    )
    api.load(store, root)
    assert sorted(leads_of(store, "T1-coop")) == ["森林防火", "耕地保护和违法占地巡查"]


# --------------------------------------------------------------------------- identity, citations, versions


def test_same_wording_in_one_county_is_one_duty(store: Store, files: dict[str, Path], tmp_path: Path) -> None:
    lists = three_lists("T1", "lists/t1.xlsx") + three_lists("T2", "lists/t2.xlsx", owner="T2-gov")
    root = county_dataset(
        tmp_path / "ds", lists, {"lists/t1.xlsx": files["layout_c.xlsx"], "lists/t2.xlsx": files["layout_c.xlsx"]}
    )
    api.load(store, root)
    counts = api.stats(store)
    assert counts["nodes"]["Duty"] == 6
    assert counts["relationships"]["INCLUDES"] == 12
    both = store.run(
        "MATCH (a:DutyList)-[:INCLUDES]->(d:Duty {name: '森林防火'})<-[:INCLUDES]-(b:DutyList) "
        "WHERE a.id < b.id RETURN a.id, b.id"
    ).rows
    assert both == [["T1-cooperating-2024", "T2-cooperating-2024"]]


def test_duties_resting_on_the_same_article_are_found(store: Store, files: dict[str, Path], tmp_path: Path) -> None:
    lists = [lst("A", "power", "lists/a.xlsx"), lst("B", "empowerment", "lists/b.csv")]
    root = county_dataset(
        tmp_path / "ds", lists, {"lists/a.xlsx": files["layout_a.xlsx"], "lists/b.csv": files["layout_b_gbk.csv"]}
    )
    api.load(store, root)
    same_article = store.run(
        "MATCH (d:Duty) WHERE $a IN d.legal_articles RETURN d.name ORDER BY d.name",
        {"a": "《中华人民共和国安全生产法》第九十七条"},
    ).rows
    assert len(same_article) == 4  # two sub-items of A (items 1 and 4), B's main item and its sub-item 3-1
    same_provision = store.run(
        "MATCH (d:Duty) WHERE $c IN d.legal_citations RETURN d.name ORDER BY d.name", {"c": "《森林防火条例》第五十条"}
    ).rows
    assert same_provision == [["对在林区非法用火的处罚"], ["对在森林防火期内未经批准擅自在森林防火区内野外用火的处罚"]]
    duty = store.run("MATCH (d:Duty {name: '乡村建设规划许可证核发'}) RETURN d.legal_basis, d.legal_citations").rows[0]
    assert duty[0] == "1.《中华人民共和国城乡规划法》第四十一条第一款、第二款\n2.《辽宁省城乡规划条例》第三十五条"
    assert duty[1] == [
        "《中华人民共和国城乡规划法》第四十一条第一款",
        "《中华人民共和国城乡规划法》第四十一条第二款",
        "《辽宁省城乡规划条例》第三十五条",
    ]
    # the same article, found by query: pairs of duties from different lists
    pairs = store.run(
        "MATCH (l1:DutyList)-[:INCLUDES]->(a:Duty), (l2:DutyList)-[:INCLUDES]->(b:Duty) "
        "WHERE l1.id = 'A' AND l2.id = 'B' UNWIND a.legal_articles AS art WITH a, b, art WHERE art IN b.legal_articles "
        "RETURN DISTINCT art ORDER BY art"
    ).rows
    assert [p[0] for p in pairs] == ["《中华人民共和国安全生产法》第九十七条", "《森林防火条例》第五十条"]


def test_chinese_numerals() -> None:
    assert [zh_number(n) for n in (1, 10, 12, 20, 65, 101, 110, 1000, 1010)] == [
        "一",
        "十",
        "十二",
        "二十",
        "六十五",
        "一百零一",
        "一百一十",
        "一千",
        "一千零一十",
    ]


def write_three_list(path: Path, lists: dict[str, list[list[object]]]) -> Path:
    """A layout C workbook with one sheet per list (title rows, header, notes row)."""
    w = len(make_fixtures.C_HEADER)
    sheets = []
    for title, data in lists.items():
        rows = [
            make_fixtures._row("某某镇履行职责事项清单", width=w),
            make_fixtures.C_HEADER,
            *[list(r) for r in data],
            make_fixtures._row("说明：本清单实行动态调整。", width=w),
        ]
        sheets.append(make_fixtures.Sheet(title, rows, ["A1:G1"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    return make_fixtures.write_xlsx(path, sheets)


def test_a_newer_version_keeps_the_older_one_queryable(store: Store, files: dict[str, Path], tmp_path: Path) -> None:
    v2 = {k: [list(r) for r in v] for k, v in make_fixtures.C_LISTS.items()}
    v2["基本履职事项清单"].append([3, "开展爱国卫生运动", None, "某某镇", None, None, None])
    src = write_three_list(tmp_path / "v2.xlsx", v2)
    lists = three_lists("T1", "lists/2024.xlsx") + three_lists("T1", "lists/2025.xlsx", date="2025-06-01")
    root = county_dataset(tmp_path / "ds", lists, {"lists/2024.xlsx": files["layout_c.xlsx"], "lists/2025.xlsx": src})
    api.load(store, root)
    flags = store.run("MATCH (l:DutyList) RETURN l.id, l.superseded ORDER BY l.id").rows
    assert flags == [[f"T1-{k}-{y}", y == "2024"] for k, _ in THREE for y in ("2024", "2025")]
    old = store.run("MATCH (l:DutyList {id: 'T1-basic-2024'})-[:INCLUDES]->(d:Duty) RETURN d.name ORDER BY d.name").rows
    assert old == [["开展安全生产宣传教育"], ["组织开展农村人居环境整治"]]
    current = store.run(
        "MATCH (l:DutyList {kind: 'basic'})-[:INCLUDES]->(d:Duty) WHERE l.superseded = false RETURN count(d)"
    ).value()
    assert current == 3


def test_the_most_recent_list_gives_a_shared_duty_its_values(
    store: Store, files: dict[str, Path], tmp_path: Path
) -> None:
    sheet = make_fixtures.layout_a_sheet()
    row = next(r for r in sheet.rows if r[2] == "XZXK-0001")
    row[5] = "《中华人民共和国城乡规划法》第四十一条第三款"
    newer = make_fixtures.write_xlsx(tmp_path / "a2.xlsx", [sheet])
    # the newer version is declared first: the effective date decides, not the order
    lists = [
        lst("A-2025", "power", "lists/a2.xlsx", date="2025-01-01", series="A"),
        lst("A-2024", "power", "lists/a1.xlsx", date="2024-01-01", series="A"),
    ]
    root = county_dataset(tmp_path / "ds", lists, {"lists/a1.xlsx": files["layout_a.xlsx"], "lists/a2.xlsx": newer})
    api.load(store, root)
    got = store.run(
        "MATCH (d:Duty {name: '乡村建设规划许可证核发'}) RETURN d.legal_basis, d.legal_citations, d.source_file"
    ).rows
    assert got == [
        [
            "《中华人民共和国城乡规划法》第四十一条第三款",
            ["《中华人民共和国城乡规划法》第四十一条第三款"],
            "ds/lists/a2.xlsx",
        ]
    ]
    assert (
        store.run("MATCH (l:DutyList)-[:INCLUDES]->(d:Duty {name: '乡村建设规划许可证核发'}) RETURN count(l)").value()
        == 2
    )
