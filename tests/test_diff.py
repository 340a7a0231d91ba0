"""``kg diff``: the changes between two versions of a list, exactly, by category."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from datasets import make_dataset, small_org
from rich.console import Console
from test_mapped_lists import (
    county_dataset,
    lst,
    make_fixtures,
    three_lists,
    write_three_list,
)

from kg import api
from kg.cli import cli
from kg.diff import ListDiff, diff_lists, diff_series, render_json, render_table
from kg.errors import UsageError
from kg.stores import Store

BASIC, COOP, TAKEN = "基本履职事项清单", "配合履职事项清单", "上级部门收回事项清单"
V1_DATE, V2_DATE = "2024-06-01", "2025-06-01"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_fixtures.build_all(tmp_path_factory.mktemp("lists"))


def version_2() -> dict[str, list[list[object]]]:
    """Version 1 (the layout C fixture) edited: add 2, remove 1, rename 1, move 1, change 1 lead."""
    v = {k: [list(r) for r in rows] for k, rows in make_fixtures.C_LISTS.items()}
    basic, coop, taken = v[BASIC], v[COOP], v[TAKEN]
    moved = basic.pop(0)  # 组织开展农村人居环境整治: basic → cooperating
    coop.append([3, moved[1], "县农业农村局", "某某镇", "统筹农村人居环境整治。", "组织村庄清洁行动。", None])
    basic[0][1] = "开展安全生产宣传教育和培训"  # renamed
    basic.append([3, "开展爱国卫生运动", None, "某某镇", None, None, None])  # added
    coop[0][2] = "县自然资源局、县农业农村局"  # 耕地保护和违法占地巡查: lead changed
    del taken[1]  # 危险化学品安全监管: removed
    taken.append(
        [2, "城镇燃气安全监管", "县住房和城乡建设局", "某某镇", "负责城镇燃气安全监管。", None, "上级部门收回"]
    )  # added
    return v


@pytest.fixture
def two_versions(store: Store, files: dict[str, Path], tmp_path: Path) -> Store:
    v2 = write_three_list(tmp_path / "v2.xlsx", version_2())
    lists = three_lists("T1", "lists/2024.xlsx", date=V1_DATE) + three_lists("T1", "lists/2025.xlsx", date=V2_DATE)
    api.load(
        store,
        county_dataset(tmp_path / "ds", lists, {"lists/2024.xlsx": files["layout_c.xlsx"], "lists/2025.xlsx": v2}),
    )
    return store


def summary(d: ListDiff) -> dict[str, Any]:
    return {
        "added": sorted((i.name, i.category, tuple(i.leads)) for i in d.added),
        "removed": sorted((i.name, i.category) for i in d.removed),
        "renamed": sorted((p.old.name, p.new.name) for p in d.renamed),
        "moved": sorted((p.new.name, p.old.category, p.new.category) for p in d.moved),
        "lead_changed": sorted((p.new.name, tuple(p.old.leads), tuple(p.new.leads)) for p in d.lead_changed),
    }


EXPECTED = {
    "added": [("城镇燃气安全监管", "taken_back", ("X1-hc",)), ("开展爱国卫生运动", "basic", ("T1-gov",))],
    "removed": [("危险化学品安全监管", "taken_back")],
    "renamed": [("开展安全生产宣传教育", "开展安全生产宣传教育和培训")],
    "moved": [("组织开展农村人居环境整治", "basic", "cooperating")],
    "lead_changed": [("耕地保护和违法占地巡查", ("X1-nr",), ("X1-ag", "X1-nr"))],
}


def test_diff_between_two_dates_reports_exactly_the_edits(two_versions: Store) -> None:
    d = diff_series(two_versions, "T1-gov", V1_DATE, V2_DATE)
    assert summary(d) == EXPECTED
    assert d.counts() == {"added": 2, "removed": 1, "renamed": 1, "moved": 1, "lead_changed": 1}
    assert d.unchanged == 2  # 森林防火, 建设工程质量安全监督
    assert [li.id for li in d.old_lists] == [f"T1-{k}-2024" for k in ("basic", "cooperating", "taken_back")]
    assert [li.id for li in d.new_lists] == [f"T1-{k}-2025" for k in ("basic", "cooperating", "taken_back")]


def test_diff_between_list_ids_gives_the_same(two_versions: Store) -> None:
    old = ",".join(f"T1-{k}-2024" for k in ("basic", "cooperating", "taken_back"))
    new = [f"T1-{k}-2025" for k in ("basic", "cooperating", "taken_back")]
    assert summary(diff_lists(two_versions, old, new)) == EXPECTED


def test_a_date_between_versions_takes_the_one_in_force(two_versions: Store) -> None:
    assert diff_series(two_versions, "T1-gov", "2024-12-31", "2025-01-01").is_empty()
    # before the first version nothing was in force: everything in force later is added
    d = diff_series(two_versions, "T1-basic", "2024-01-01", "2024-06-01")
    assert d.old_lists == [] and sorted(i.name for i in d.added) == ["开展安全生产宣传教育", "组织开展农村人居环境整治"]


def test_one_series_alone_sees_a_move_as_removed(two_versions: Store) -> None:
    d = diff_series(two_versions, "T1-basic", V1_DATE, V2_DATE)
    assert summary(d) == {
        "added": [("开展爱国卫生运动", "basic", ("T1-gov",))],
        "removed": [("组织开展农村人居环境整治", "basic")],
        "renamed": [("开展安全生产宣传教育", "开展安全生产宣传教育和培训")],
        "moved": [],
        "lead_changed": [],
    }


def test_json_and_table_renderings(two_versions: Store) -> None:
    d = diff_series(two_versions, "T1-gov", V1_DATE, V2_DATE)
    data = json.loads(render_json(d))
    assert data["counts"] == d.counts()
    assert data["moved"][0]["old"]["category"] == "basic" and data["moved"][0]["new"]["category"] == "cooperating"
    assert data["lead_changed"][0]["new"]["lead_names"] == ["县农业农村局", "县自然资源和规划局"]
    console = Console(record=True, width=200)
    console.print(render_table(d, "en"))
    text = console.export_text()
    assert (
        "开展安全生产宣传教育和培训" in text
        and "basic 基本履职事项清单" in text
        and "cooperating 配合履职事项清单" in text
    )
    assert "added 2, removed 1, renamed 1, moved 1, lead_changed 1; unchanged 2" in text
    console = Console(record=True, width=200)
    console.print(render_table(d))  # Chinese by default
    text = console.export_text()
    assert "基本履职事项清单" in text and "basic 基本" not in text
    assert "新增 2, 删除 1, 更名 1, 调整清单 1, 牵头单位变更 1; 未变 2" in text


def test_a_coded_item_renamed_beyond_recognition_is_matched_by_its_code(
    store: Store, files: dict[str, Path], tmp_path: Path
) -> None:
    sheet = make_fixtures.layout_a_sheet()
    row = next(r for r in sheet.rows if r[2] == "XZCF-0002")
    row[3] = "林区野外违规用火行为处罚"
    v2 = make_fixtures.write_xlsx(tmp_path / "a2.xlsx", [sheet])
    lists = [
        lst("A-2024", "power", "lists/a1.xlsx", series="A"),
        lst("A-2025", "power", "lists/a2.xlsx", date=V2_DATE, series="A"),
    ]
    api.load(
        store, county_dataset(tmp_path / "ds", lists, {"lists/a1.xlsx": files["layout_a.xlsx"], "lists/a2.xlsx": v2})
    )
    d = diff_lists(store, "A-2024", "A-2025")
    assert summary(d)["renamed"] == [("对在林区非法用火的处罚", "林区野外违规用火行为处罚")]
    assert d.counts() == {"added": 0, "removed": 0, "renamed": 1, "moved": 0, "lead_changed": 0}


def test_tidy_lists_diff_by_duty_id_and_similar_names(store: Store, tmp_path: Path) -> None:
    # a tidy duty keeps one name; a reworded duty is a new id, recognised by its similar name
    spec = {"name": "清单", "kind": "basic", "owner": "T1-gov", "series": "S"}
    v1 = [
        {"duty_id": "D1", "name": "甲事项", "lead": "T1-gov"},
        {"duty_id": "D2", "name": "乙事项", "lead": "T1-gov"},
        {"duty_id": "D3", "name": "农村宅基地使用审查", "lead": "T1-gov"},
    ]
    v2 = [
        {"duty_id": "D1", "name": "甲事项", "lead": "T1-gov"},
        {"duty_id": "D2", "name": "乙事项", "lead": "X1-nr"},
        {"duty_id": "D3b", "name": "农村宅基地使用审查和监管", "lead": "T1-gov"},
    ]
    root = make_dataset(
        tmp_path / "ds",
        **small_org(),
        lists={
            "L1": ({**spec, "effective_date": "2024-01-01"}, v1),
            "L2": ({**spec, "effective_date": "2025-01-01"}, v2),
        },
    )
    api.load(store, root)
    d = diff_lists(store, "L1", "L2")
    assert summary(d)["renamed"] == [("农村宅基地使用审查", "农村宅基地使用审查和监管")]
    assert summary(d)["lead_changed"] == [("乙事项", ("T1-gov",), ("X1-nr",))]
    assert d.counts()["added"] == d.counts()["removed"] == 0 and d.unchanged == 1


def test_unknown_ids_list_the_known_ones(two_versions: Store) -> None:
    with pytest.raises(UsageError) as e:
        diff_lists(two_versions, "T1-basic-2024", "nope")
    assert "'nope'" in str(e.value) and "T1-basic-2025" in str(e.value)
    with pytest.raises(UsageError) as e:
        diff_series(two_versions, "nobody", V1_DATE, V2_DATE)
    assert "T1-gov" in str(e.value) and "T1-basic" in str(e.value)


# --------------------------------------------------------------------------- the command


class Obj:
    def __init__(self, store: Store) -> None:
        self._store = store

    def store(self) -> Store:
        return self._store


def run(store: Store, *args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, list(args), obj=Obj(store), catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def test_command_json_and_table(two_versions: Store) -> None:
    code, out, _ = run(
        two_versions, "diff", "--series", "T1-gov", "--from", V1_DATE, "--to", V2_DATE, "--format", "json"
    )
    assert code == 0
    assert json.loads(out)["counts"] == {"added": 2, "removed": 1, "renamed": 1, "moved": 1, "lead_changed": 1}
    code, out, _ = run(
        two_versions,
        "diff",
        "T1-basic-2024,T1-cooperating-2024,T1-taken_back-2024",
        "T1-basic-2025,T1-cooperating-2025,T1-taken_back-2025",
        "--lang",
        "en",
    )
    assert code == 0
    assert "moved" in out and "lead_changed" in out and "城镇燃气安全监管" in out
    code, out, _ = run(
        two_versions,
        "diff",
        "T1-basic-2024,T1-cooperating-2024,T1-taken_back-2024",
        "T1-basic-2025,T1-cooperating-2025,T1-taken_back-2025",
    )
    assert code == 0
    assert "调整清单" in out and "牵头单位变更" in out and "城镇燃气安全监管" in out
    assert "moved" not in out and "…" not in out


@pytest.mark.parametrize(
    "args, expected",
    [
        (("T1-basic-2024", "nope"), "known lists: T1-basic-2024"),
        (("T1-basic-2024",), "give two list ids"),
        (("--series", "T1-gov", "--from", V1_DATE), "missing --to"),
        (("--series", "nobody", "--from", V1_DATE, "--to", V2_DATE), "owners: T1-gov"),
        (("--series", "T1-gov", "--from", "June", "--to", V2_DATE), "June"),
        (("T1-basic-2024", "T1-basic-2025", "--format", "xml"), "'table', 'json'"),
    ],
)
def test_command_usage_errors_exit_2(two_versions: Store, args: tuple[str, ...], expected: str) -> None:
    code, _, err = run(two_versions, "diff", *args)
    assert code == 2
    assert expected in err


def test_command_help_has_an_example() -> None:
    res = CliRunner().invoke(cli, ["diff", "--help"])
    # tests/test_docs_examples.py runs every example; here: one of them uses --series
    assert res.exit_code == 0 and re.search(r"^\s+kg diff --series \S+ --from \S+ --to \S+", res.output, re.M)
