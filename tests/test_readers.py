"""Reading published list files (layouts A, B, C) into normalised rows."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from kg.errors import DataError, UsageError
from kg.ingest.normalise import normalise_duty_type, normalise_mode, split_names
from kg.ingest.published import ListRow, Mapping, load_mappings, read_list

_SPEC = importlib.util.spec_from_file_location(
    "make_fixtures", Path(__file__).parent / "fixtures" / "lists" / "make_fixtures.py"
)
make_fixtures = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = make_fixtures  # dataclasses look their module up while loading
_SPEC.loader.exec_module(make_fixtures)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    return make_fixtures.build_all(tmp_path_factory.mktemp("lists"))


def key(row: ListRow) -> tuple:
    return (
        row.row,
        row.category,
        row.seq,
        row.code,
        row.name,
        row.parent_name,
        row.duty_type,
        row.duty_type_raw,
        row.legal_basis,
        tuple(row.lead),
        tuple(row.cooperating),
        tuple(row.original_holder),
        row.mode,
        row.upper_duty,
        row.township_duty,
        row.work_mode,
    )


PARENT_A = "对生产经营单位安全生产违法行为的处罚"
# (row, seq, code, name, parent_name, duty_type, duty_type_raw)
EXPECTED_A = [
    (
        4,
        "1",
        "XZCF-0001",
        "对生产经营单位未按规定设置安全生产管理机构或者配备安全生产管理人员的处罚",
        PARENT_A,
        "行政处罚",
        "行政处罚",
    ),
    (5, "1", "XZCF-0001", "对未如实记录安全生产教育和培训情况的处罚", PARENT_A, "行政处罚", "行政处罚"),
    (
        6,
        "1",
        "XZCF-0001",
        "对未将事故隐患排查治理情况如实记录或者未向从业人员通报的处罚",
        PARENT_A,
        "行政处罚",
        "行政处罚",
    ),
    (7, "2", "XZCF-0002", "对在林区非法用火的处罚", None, "行政处罚", "行政处罚"),
    (8, "3", "XZJC-0001", "对生产经营单位安全生产情况的监督检查", None, "行政检查", "行政检查"),
    (9, "4", "XZXK-0001", "乡村建设规划许可证核发", None, "行政许可", "行政许可(国办)"),
    (10, "5", "XZQZ-0001", "对违法占用土地建设的强制拆除", None, "行政强制", "行政强制"),
    (11, "6", "QT-0001", "农村村民宅基地审批", None, "其他行政权力", "其他行政权力"),
]
A_FILES = ["layout_a.xlsx", "layout_a_utf8.csv", "layout_a_utf8bom.csv", "layout_a_gbk.csv", "layout_a_tab.tsv"]


@pytest.mark.parametrize("name", A_FILES)
def test_layout_a_rows(files, name):
    rows = read_list(files[name])
    got = [(r.row, r.seq, r.code, r.name, r.parent_name, r.duty_type, r.duty_type_raw) for r in rows]
    assert got == EXPECTED_A
    assert {r.layout for r in rows} == {"layout-a-power-list"}
    assert {r.kind for r in rows} == {"power"}
    assert all(r.category is None for r in rows)


@pytest.mark.parametrize("name", A_FILES[1:])
def test_layout_a_csv_matches_xlsx(files, name):
    assert [key(r) for r in read_list(files[name])] == [key(r) for r in read_list(files["layout_a.xlsx"])]


def test_layout_a_cells(files):
    rows = {r.row: r for r in read_list(files["layout_a.xlsx"])}
    # multi-line legal basis kept as written
    assert rows[4].legal_basis == "《中华人民共和国安全生产法》第九十七条第（一）项\n《辽宁省安全生产条例》第五十条"
    assert rows[4].responsibility.startswith("1.立案责任") and "\n2.调查责任" in rows[4].responsibility
    # sub-item names come from 子项 (E), the parent from 项目名称 (D)
    assert rows[5].columns["name"] == "E" and rows[5].columns["parent_name"] == "D"
    assert rows[7].columns["name"] == "D" and "parent_name" not in rows[7].columns
    assert rows[4].columns["legal_basis"] == "F"
    assert rows[9].raw["权力类型"] == "行政许可(国办)"
    assert [(c.law, c.article_no, c.item_no) for c in rows[4].citations()] == [
        ("中华人民共和国安全生产法", 97, 1),
        ("辽宁省安全生产条例", 50, None),
    ]


def test_merged_cells_fill_the_rows_they_span(files):
    """Without fill_down only the XLSX merges can supply 序号, type and main name below row 4."""
    plain = load_mappings()["layout-a-power-list"].model_copy(update={"fill_down": []})
    rows = {r.row: r for r in read_list(files["layout_a.xlsx"], mapping=plain)}
    assert [rows[n].seq for n in (4, 5, 6, 7)] == ["1", "1", "1", "2"]
    assert [rows[n].duty_type for n in (4, 5, 6, 7)] == ["行政处罚"] * 4  # B4:B7
    assert rows[6].code == "XZCF-0001"
    assert rows[6].raw["项目名称"] == PARENT_A
    csv_rows = {r.row: r for r in read_list(files["layout_a_utf8.csv"], mapping=plain)}
    assert (csv_rows[5].seq, csv_rows[7].duty_type, csv_rows[6].code) == (None, None, None)
    assert csv_rows[6].parent_name == PARENT_A  # still linked to the main item above


def test_notes_and_signature_rows_are_ignored(files):
    for name in ("layout_a.xlsx", "layout_a_gbk.csv"):
        rows = read_list(files[name])
        assert max(r.row for r in rows) == 11
        assert not any("备注" in r.name or "某某镇人民政府" in r.name for r in rows)


EXPECTED_B = [
    # (row, seq, name, parent, duty_type, lead, original_holder, mode)
    (
        3,
        "1",
        "对未取得乡村建设规划许可证进行建设的处罚",
        None,
        "行政处罚",
        ["某某镇人民政府"],
        ["县自然资源局"],
        "下放",
    ),
    (
        4,
        "2",
        "对在森林防火期内未经批准擅自在森林防火区内野外用火的处罚",
        None,
        "行政处罚",
        ["某某镇人民政府"],
        ["县林业和草原局"],
        "委托",
    ),
    (
        5,
        "3",
        "对生产经营单位安全生产违法行为的处罚",
        None,
        "行政处罚",
        ["某某镇综合行政执法队", "某某镇应急管理办公室"],
        ["县应急管理局"],
        "委托",
    ),
    (
        6,
        "3-1",
        "对未按规定对从业人员进行安全生产教育和培训的处罚",
        "对生产经营单位安全生产违法行为的处罚",
        "行政处罚",
        ["某某镇综合行政执法队"],
        ["县应急管理局"],
        "委托",
    ),
    (
        7,
        "3-2",
        "对未在有较大危险因素的生产经营场所设置明显的安全警示标志的处罚",
        "对生产经营单位安全生产违法行为的处罚",
        "行政处罚",
        ["某某镇综合行政执法队"],
        ["县应急管理局"],
        "委托",
    ),
    (
        8,
        "4",
        "对农村村民未经批准占用土地建设住宅的处罚",
        None,
        "行政处罚",
        ["某某镇人民政府"],
        ["县自然资源局", "县农业农村局"],
        "下放",
    ),
]


@pytest.mark.parametrize("name", ["layout_b.xlsx", "layout_b_utf8.csv", "layout_b_utf8bom.csv", "layout_b_gbk.csv"])
def test_layout_b_rows(files, name):
    rows = read_list(files[name])
    got = [(r.row, r.seq, r.name, r.parent_name, r.duty_type, r.lead, r.original_holder, r.mode) for r in rows]
    assert got == EXPECTED_B
    assert rows[1].duty_type_raw == "处罚"
    assert {r.layout for r in rows} == {"layout-b-empowerment-list"}
    assert [key(r) for r in rows] == [key(r) for r in read_list(files["layout_b.xlsx"])]


EXPECTED_C = [
    ("basic", "组织开展农村人居环境整治", ("县农业农村局", "县住房和城乡建设局")),
    ("basic", "开展安全生产宣传教育", ("县应急管理局",)),
    ("cooperating", "耕地保护和违法占地巡查", ("县自然资源局",)),
    ("cooperating", "森林防火", ("县林业和草原局", "县应急管理局")),
    ("taken_back", "建设工程质量安全监督", ("县住房和城乡建设局",)),
    ("taken_back", "危险化学品安全监管", ("县应急管理局",)),
]


def test_layout_c_three_sheets(files):
    rows = read_list(files["layout_c.xlsx"])
    assert [(r.category, r.name, tuple(r.cooperating)) for r in rows] == EXPECTED_C
    assert [(r.sheet, r.row) for r in rows][:3] == [
        ("基本履职事项清单", 4),
        ("基本履职事项清单", 5),
        ("配合履职事项清单", 4),
    ]
    fire = rows[3]
    assert fire.upper_duty == "统筹森林防火工作。\n组织森林火灾扑救。"
    assert fire.township_duty == "落实网格化巡护，及时报告火情。"
    assert fire.source_town == "某某镇、某某街道"
    assert rows[4].work_mode == "由上级部门收回，镇街不再承担"
    assert {r.kind for r in rows} == {"three-list"}


@pytest.mark.parametrize(
    "name",
    [
        "layout_c_sections.xlsx",
        "layout_c_sections_utf8.csv",
        "layout_c_sections_utf8bom.csv",
        "layout_c_sections_gbk.csv",
    ],
)
def test_layout_c_sections_in_one_sheet(files, name):
    rows = read_list(files[name])
    assert [(r.category, r.name, tuple(r.cooperating)) for r in rows] == EXPECTED_C
    # section rows (3, 6, 10) and the repeated header (9) are not data
    assert [r.row for r in rows] == [4, 5, 7, 8, 11, 12]
    three_sheets = read_list(files["layout_c.xlsx"])
    # row numbers differ between the two layouts; everything else is the same
    assert [key(r)[1:] for r in rows] == [key(r)[1:] for r in three_sheets]


def test_one_sheet_and_csv_file_name_set_the_category(files):
    rows = read_list(files["layout_c.xlsx"], sheet="配合履职事项清单")
    assert [(r.category, r.name) for r in rows] == [
        ("cooperating", "耕地保护和违法占地巡查"),
        ("cooperating", "森林防火"),
    ]
    csv_rows = read_list(files["配合履职事项清单.csv"])
    assert [key(r) for r in csv_rows] == [key(r) for r in rows]
    forced = read_list(files["layout_c.xlsx"], sheet="配合履职事项清单", category="basic")
    assert {r.category for r in forced} == {"basic"}


def test_unknown_sheet_and_category_are_usage_errors(files):
    with pytest.raises(UsageError, match="配合履职事项清单"):
        read_list(files["layout_c.xlsx"], sheet="不存在")
    with pytest.raises(UsageError):
        read_list(files["layout_c.xlsx"], category="other")
    with pytest.raises(UsageError, match="layout-a-power-list"):
        read_list(files["layout_a.xlsx"], mapping="no-such-layout")


@pytest.mark.parametrize("name", ["unknown_layout.xlsx", "unknown_layout_gbk.csv"])
def test_unknown_layout_names_headers_and_closest_known(files, name):
    with pytest.raises(DataError) as exc:
        read_list(files[name])
    issues = exc.value.issues
    assert len(issues) == 1
    issue = issues[0]
    assert issue.file == str(files[name])
    assert issue.row == 2
    assert issue.sheet == ("目录" if name.endswith(".xlsx") else None)
    found, closest = issue.message.split("closest known headers:")
    for header in ("编号", "职责名称", "主管部门", "法定依据"):
        assert header in found
    assert "职责名称 → " in closest and "职权名称" in closest
    assert "法定依据 → " in closest and "设定依据" in closest
    assert "主管部门 → " in closest and "配合部门" in closest


@pytest.mark.parametrize("name", ["missing_name.xlsx", "missing_name_utf8.csv", "missing_name_gbk.csv"])
def test_missing_name_is_located(files, name):
    with pytest.raises(DataError) as exc:
        read_list(files[name])
    [issue] = exc.value.issues
    assert (issue.row, issue.column) == (4, "B")
    assert "赋权事项" in issue.message
    assert str(files[name]) in str(exc.value)


def test_explicit_mapping_missing_required_column(files):
    mapping = Mapping(
        name="needs-code",
        kind="power",
        required=["name", "code"],
        headers={"seq": ["序号"], "name": ["赋权事项"], "code": ["项目编码"], "duty_type": ["权力类型"]},
    )
    with pytest.raises(DataError) as exc:
        read_list(files["layout_b.xlsx"], mapping=mapping)
    [issue] = exc.value.issues
    assert issue.row == 2 and issue.sheet == "赋权清单"
    assert "项目编码" in issue.message


def test_mapping_by_name_and_by_path(files):
    by_name = read_list(files["layout_b.xlsx"], mapping="layout-b-empowerment-list")
    path = Path(__file__).parent.parent / "loaders" / "layout-b-empowerment-list.yaml"
    by_path = read_list(files["layout_b.xlsx"], mapping=str(path))
    assert [key(r) for r in by_name] == [key(r) for r in by_path]
    assert len(by_name) == 6


def test_unreadable_files(files, tmp_path):
    bad = tmp_path / "list.csv"
    bad.write_bytes(b"\xff\xfe\xff\xfe")
    with pytest.raises(DataError, match="neither UTF-8 nor GBK"):
        read_list(bad)
    old = tmp_path / "list.xls"
    old.write_bytes(b"not really")
    with pytest.raises(DataError, match=r"unsupported file type \.xls"):
        read_list(old)
    broken = tmp_path / "list.xlsx"
    broken.write_bytes(b"PK not a workbook")
    with pytest.raises(DataError, match="cannot read the workbook"):
        read_list(broken)
    with pytest.raises(DataError, match="file not found"):
        read_list(tmp_path / "missing.xlsx")


def test_shipped_mappings_load():
    mappings = load_mappings()
    assert {name: m.kind for name, m in mappings.items()} == {
        "layout-a-power-list": "power",
        "layout-b-empowerment-list": "empowerment",
        "layout-c-three-lists": "three-list",
    }
    assert mappings["layout-c-three-lists"].category_of("二、配合履职事项清单") == "cooperating"


def test_mapping_files_are_validated(tmp_path):
    good = {"name": "x", "kind": "power", "headers": {"name": ["事项名称"]}, "required": ["name"]}
    with pytest.raises(ValidationError):
        Mapping.model_validate({**good, "colour": "red"})
    with pytest.raises(ValidationError):
        Mapping.model_validate({k: v for k, v in good.items() if k != "kind"})
    with pytest.raises(ValidationError):
        Mapping.model_validate({**good, "headers": {"name": ["事项名称"], "nmae": ["名称"]}})
    with pytest.raises(ValidationError):
        Mapping.model_validate({**good, "headers": {"name": ["事项名称"], "code": ["事项名称"]}})
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump({**good, "required": ["code"]}), encoding="utf-8")
    (tmp_path / "ok.yaml").write_text(yaml.safe_dump(good), encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_mappings(tmp_path)
    [issue] = exc.value.issues
    assert issue.file.endswith("bad.yaml") and "code" in issue.message


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("行政许可(国办)", "行政许可"),
        ("行政许可（国办）", "行政许可"),
        ("许可", "行政许可"),
        ("处罚", "行政处罚"),
        ("行政强制措施", "行政强制"),
        ("其它行政权力", "其他行政权力"),
        ("行政征用", "行政征收"),
        ("公共服务", "公共服务"),
        ("行政 检查", "行政检查"),
        ("其他", "其他"),
        ("行政调解", "行政调解"),
        ("审批", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_duty_type(raw, expected):
    assert normalise_duty_type(raw) == expected


def test_normalise_mode_and_split_names():
    assert [normalise_mode(v) for v in ("下放", "直接下放", "委托", "委托实施", "下放或委托", "", None)] == [
        "下放",
        "下放",
        "委托",
        "委托",
        None,
        None,
        None,
    ]
    assert split_names("县自然资源局、县林业和草原局；县应急管理局\n县农业农村局（县畜牧、水产中心）,县自然资源局") == [
        "县自然资源局",
        "县林业和草原局",
        "县应急管理局",
        "县农业农村局（县畜牧、水产中心）",
    ]
    assert split_names("  ") == [] and split_names(None) == []


def test_three_list_without_a_category_is_refused(tmp_path):
    sheet = make_fixtures.layout_c_sheets()[0]
    sheet.title = "Sheet1"  # neither the sheet, the title rows nor a section names the list
    path = make_fixtures.write_xlsx(tmp_path / "清单.xlsx", [sheet])
    with pytest.raises(DataError) as exc:
        read_list(path)
    [issue] = exc.value.issues  # reported once, at the first data row
    assert (issue.sheet, issue.row) == ("Sheet1", 4)
    assert "基本/配合/收回" in issue.message
    assert {r.category for r in read_list(path, category="taken_back")} == {"taken_back"}
