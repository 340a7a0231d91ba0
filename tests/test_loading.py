"""Loading datasets: validation before any write, idempotence, reload with removals."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from datasets import dump, make_dataset, small_org, write_csv

from kg import api
from kg.errors import DataError
from kg.export import graph_json, to_networkx
from kg.ingest.dataset import read_dataset
from kg.stores import Store

TRICKY = "带\"双引号\"与'单引号'、反斜杠 \\ 以及\n换行的事项 {x: $y} // 注释"
BASIC = {"name": "一号街道基本履职事项清单", "kind": "basic", "owner": "T1-gov", "effective_date": "2024-01-01"}
POWER = {"name": "甲区自然资源局权责清单", "kind": "power", "owner": "X1-nr", "effective_date": "2023-06-30"}


def rows_basic() -> list[dict[str, str]]:
    return [
        {
            "seq": "1",
            "duty_id": "D1",
            "name": "农村宅基地使用审查",
            "duty_type": "行政确认",
            "legal_basis": "《中华人民共和国土地管理法》第六十二条",
            "lead": "T1-gov",
            "cooperating": "X1-nr",
        },
        {"seq": "2", "duty_id": "D2", "name": TRICKY, "duty_type": "其他", "lead": "T1-gov"},
        {"seq": "3", "duty_id": "D3", "name": "地质灾害隐患巡查", "duty_type": "行政检查", "lead": "T1-gov"},
    ]


def rows_power() -> list[dict[str, str]]:
    return [{"duty_id": "D4", "name": "土地违法行为处罚", "duty_type": "行政处罚", "lead": "X1-nr"}]


def base_dataset(root: Path, **overrides: Any) -> Path:
    org = small_org()
    kwargs: dict[str, Any] = {**org, "lists": {"L-basic": (BASIC, rows_basic()), "L-power": (POWER, rows_power())}}
    kwargs.update(overrides)
    return make_dataset(root, **kwargs)


def snapshot(store: Store) -> dict[str, Any]:
    return graph_json(to_networkx(store))


def expected_counts(root: Path) -> tuple[int, int]:
    ds = read_dataset(root)
    return len(ds.entities), len(ds.entries)


def test_counts_match_the_source_files(store: Store, tmp_path: Path) -> None:
    root = base_dataset(tmp_path / "ds")
    api.load(store, root)
    counts = api.stats(store)
    org = small_org()
    assert counts["nodes"]["Area"] == len(org["areas"])
    assert counts["nodes"]["Body"] == len(org["bodies"])
    assert counts["nodes"]["Duty"] == len(rows_basic()) + len(rows_power())
    assert counts["nodes"]["DutyList"] == 2
    assert counts["nodes"]["Power"] == 6
    assert counts["relationships"]["INCLUDES"] == 4
    # each row's lead, plus one cooperating body on D1
    assert counts["relationships"]["HOLDS_DUTY"] == 5
    assert counts["relationships"]["OWNS"] == 2


def test_loading_twice_gives_the_same_graph(store: Store, tmp_path: Path) -> None:
    root = base_dataset(tmp_path / "ds")
    api.load(store, root)
    first = snapshot(store)
    api.load(store, root)
    assert snapshot(store) == first


def test_values_round_trip_unchanged(store: Store, tmp_path: Path) -> None:
    api.load(store, base_dataset(tmp_path / "ds"))
    assert store.run("MATCH (d:Duty {id: $id}) RETURN d.name", {"id": "D2"}).value() == TRICKY
    assert store.run("MATCH (d:Duty) WHERE d.name = $n RETURN d.id", {"n": TRICKY}).value() == "D2"


def test_provenance_is_recorded(store: Store, tmp_path: Path) -> None:
    api.load(store, base_dataset(tmp_path / "ds"))
    rec = store.run(
        "MATCH (b:Body {id: 'T1-gov'})-[h:HOLDS_DUTY]->(d:Duty {id: 'D3'}) "
        "RETURN h.role, h.list_id, h.source_file, h.source_row, h.clause"
    ).rows
    assert rec == [["lead", "L-basic", "ds/lists/L-basic.csv", 4, "DL-1.3"]]
    area = store.run("MATCH (a:Area {id: 'T1'}) RETURN a.source_file, a.source_row").rows
    assert area[0][0] == "ds/areas.yaml" and area[0][1] > 1


def test_reload_removes_what_the_dataset_no_longer_holds(store: Store, tmp_path: Path) -> None:
    root = base_dataset(tmp_path / "ds")
    api.load(store, root)
    fewer = rows_basic()[:1]
    fewer[0] = {**fewer[0], "cooperating": ""}
    org = small_org()
    org["bodies"] = [b for b in org["bodies"] if b["id"] != "T1-pc"]
    root2 = make_dataset(tmp_path / "ds", **org, lists={"L-basic": (BASIC, fewer), "L-power": (POWER, rows_power())})
    report = api.load(store, root2)
    assert report.nodes_removed == 3  # D2, D3, T1-pc
    ids = {r[0] for r in store.run("MATCH (n) WHERE n.dataset = 'test' RETURN n.id").rows}
    assert {"D2", "D3", "T1-pc"}.isdisjoint(ids)
    assert store.run("MATCH (:DutyList {id: 'L-basic'})-[:INCLUDES]->(d) RETURN collect(d.id)").value() == ["D1"]
    assert store.run("MATCH (:Body {id: 'X1-nr'})-[h:HOLDS_DUTY]->(:Duty {id: 'D1'}) RETURN count(h)").value() == 0
    # and a fresh load of the changed dataset gives the same graph
    after = snapshot(store)
    store.clear()
    store.ensure_schema()
    api.load(store, root2)
    assert snapshot(store) == after


def test_a_newer_list_version_supersedes_the_older(store: Store, tmp_path: Path) -> None:
    newer = {**BASIC, "effective_date": "2025-01-01", "series": "L-basic"}
    root = base_dataset(
        tmp_path / "ds", lists={"L-basic": (BASIC, rows_basic()), "L-basic-2025": (newer, rows_basic()[:2])}
    )
    api.load(store, root)
    rows = store.run("MATCH (l:DutyList) RETURN l.id, l.superseded ORDER BY l.id").rows
    assert rows == [["L-basic", True], ["L-basic-2025", False]]


def test_xlsx_lists_load_like_csv(store: Store, tmp_path: Path) -> None:
    import openpyxl

    root = base_dataset(tmp_path / "ds")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "基本"
    cols = ["seq", "duty_id", "name", "duty_type", "legal_basis", "lead", "cooperating"]
    ws.append(cols)
    for r in rows_basic():
        ws.append([r.get(c, "") or None for c in cols])
    wb.save(root / "lists" / "basic.xlsx")
    spec = read_dataset(root)  # still the CSV
    data = (root / "dataset.yaml").read_text(encoding="utf-8").replace("lists/L-basic.csv", "lists/basic.xlsx")
    (root / "dataset.yaml").write_text(data, encoding="utf-8")
    from_xlsx = read_dataset(root)
    assert [(e.duty, e.leads, e.cooperating) for e in from_xlsx.entries] == [
        (e.duty, e.leads, e.cooperating) for e in spec.entries
    ]
    api.load(store, root)
    assert store.run("MATCH (d:Duty {id: 'D2'}) RETURN d.name").value() == TRICKY


# ----------------------------------------------------------------------------- bad input


def refused(root: Path) -> list[Any]:
    with pytest.raises(DataError) as e:
        read_dataset(root)
    return e.value.issues


def test_a_holder_that_does_not_exist_is_located(tmp_path: Path) -> None:
    rows = rows_basic()
    rows[2] = {**rows[2], "lead": "T9-gov"}
    issues = refused(base_dataset(tmp_path / "ds", lists={"L-basic": (BASIC, rows)}))
    assert [(i.file, i.row, i.column) for i in issues] == [("ds/lists/L-basic.csv", 4, "lead")]
    assert "T9-gov" in issues[0].message


def test_duplicate_ids_are_located(tmp_path: Path) -> None:
    org = small_org()
    org["bodies"].append(dict(org["bodies"][1]))
    issues = refused(base_dataset(tmp_path / "ds", **org))
    assert len(issues) == 1
    assert issues[0].file == "ds/bodies.yaml" and issues[0].column == "id"
    assert "duplicate id 'X1-nr'" in issues[0].message and "first defined at ds/bodies.yaml" in issues[0].message


def test_a_missing_required_column_is_located(tmp_path: Path) -> None:
    root = base_dataset(tmp_path / "ds")
    write_csv(root / "lists" / "L-power.csv", [{"duty_id": "D4", "lead": "X1-nr"}], columns=("duty_id", "lead"))
    issues = refused(root)
    assert [(i.file, i.row, i.column) for i in issues] == [("ds/lists/L-power.csv", 1, "name")]


def test_wrong_types_are_located(tmp_path: Path) -> None:
    org = small_org()
    org["bodies"][1] = {**org["bodies"][1], "staffing_posts": "many"}
    rows = rows_basic()
    rows[0] = {**rows[0], "duty_type": "行政许可证"}
    issues = refused(base_dataset(tmp_path / "ds", **org, lists={"L-basic": (BASIC, rows)}))
    located = {(i.file, i.row, i.column) for i in issues}
    assert ("ds/lists/L-basic.csv", 2, "duty_type") in located
    body_issue = next(i for i in issues if i.file == "ds/bodies.yaml")
    assert body_issue.column == "staffing_posts" and body_issue.row is not None
    assert len(issues) == 2


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    root = base_dataset(tmp_path / "ds")
    (root / "lists" / "L-power.csv").write_bytes(b"")
    issues = refused(root)
    assert [(i.file, i.row) for i in issues] == [("ds/lists/L-power.csv", 1)]
    assert "empty" in issues[0].message


def test_an_undecodable_csv_is_refused(tmp_path: Path) -> None:
    root = base_dataset(tmp_path / "ds")
    (root / "lists" / "L-power.csv").write_bytes(b"duty_id,name\nD4,\xff\xff\n")  # neither UTF-8 nor GB18030
    issues = refused(root)
    assert [i.file for i in issues] == ["ds/lists/L-power.csv"]
    assert "neither UTF-8 nor GBK/GB18030" in issues[0].message


def test_a_gbk_csv_reads_like_utf8(tmp_path: Path) -> None:
    """Tidy lists share the published lists' table reader: GBK/GB18030 is read too."""
    utf8 = read_dataset(base_dataset(tmp_path / "a" / "ds"))
    root = base_dataset(tmp_path / "b" / "ds")
    text = (root / "lists" / "L-power.csv").read_text(encoding="utf-8")
    (root / "lists" / "L-power.csv").write_bytes(text.encode("gbk"))
    gbk = read_dataset(root)
    assert gbk.entries and [e.model_dump() for e in gbk.entries] == [e.model_dump() for e in utf8.entries]


def test_every_error_is_reported_at_once(tmp_path: Path) -> None:
    org = small_org()
    org["bodies"].append(dict(org["bodies"][1]))  # duplicate
    org["areas"][2] = {**org["areas"][2], "level": "town"}  # bad enum
    rows = rows_basic()
    rows[1] = {**rows[1], "lead": "nobody"}  # unknown holder
    root = base_dataset(tmp_path / "ds", **org, lists={"L-basic": (BASIC, rows), "L-power": (POWER, rows_power())})
    (root / "lists" / "L-power.csv").write_bytes(b"duty_id,name\nD4,\xff\xff\n")  # undecodable
    files = sorted(i.file for i in refused(root))
    assert files.count("ds/bodies.yaml") == 1
    assert "ds/areas.yaml" in files and "ds/lists/L-basic.csv" in files and "ds/lists/L-power.csv" in files


def test_a_refused_dataset_leaves_the_graph_unchanged(store: Store, tmp_path: Path) -> None:
    api.load(store, base_dataset(tmp_path / "good"))
    before = snapshot(store)
    rows = [*rows_basic(), {"duty_id": "D9", "name": "新事项", "lead": "missing-body"}]
    bad = base_dataset(tmp_path / "good", lists={"L-basic": (BASIC, rows)})
    with pytest.raises(DataError):
        api.load(store, bad)
    assert snapshot(store) == before


def test_yaml_errors_name_the_line(tmp_path: Path) -> None:
    root = base_dataset(tmp_path / "ds")
    (root / "areas.yaml").write_text("- id: C1\n  name: 示例市\n  level: [city\n", encoding="utf-8")
    issues = refused(root)
    assert issues[0].file == "ds/areas.yaml" and issues[0].row is not None
    # bodies that point at areas of the unreadable file are not reported a second time
    assert all(i.file == "ds/areas.yaml" for i in issues)


def test_unknown_columns_and_fields_are_refused(tmp_path: Path) -> None:
    org = copy.deepcopy(small_org())
    org["areas"][0]["inhabitants"] = 10  # not a field of Area (population is)
    root = base_dataset(tmp_path / "ds", **org)
    dump(
        root / "decisions.yaml",
        [{"id": "DEC1", "name": "决定", "kind": "unified_deployment", "issuer": "X1-gov", "date": "2024-13-01"}],
    )
    issues = refused(root)
    assert {(i.file, i.column) for i in issues} == {("ds/areas.yaml", "inhabitants"), ("ds/decisions.yaml", "date")}
