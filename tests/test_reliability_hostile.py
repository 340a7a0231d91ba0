"""Reliability corpus, part 3: hostile input (issue 10, "Nothing lost, nothing leaked").

Each hostile dataset ends in a located error (file[, sheet], row, column), nothing is
written, and nothing from outside the dataset folder is read or echoed.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml
from datasets import dump, make_dataset, small_org, write_csv
from reliability import SAMPLE, snapshot

from kg.api import load
from kg.errors import DataError
from kg.ingest import limits, tables
from kg.stores import Store

SPEC = {"name": "一号街道基本履职事项清单", "kind": "basic", "owner": "T1-gov", "effective_date": "2024-01-01"}
ROW = {"duty_id": "D1", "name": "农村宅基地使用审查", "duty_type": "行政确认", "lead": "T1-gov"}


def good(tmp_path: Path, name: str = "ds", dataset_id: str = "test") -> Path:
    return make_dataset(tmp_path / name, dataset_id=dataset_id, **small_org(), lists={"L1": (SPEC, [ROW])})


def refused(store: Store, ds: Path) -> str:
    """Load ``ds``, expect a refusal and an unchanged store; return the message."""
    before = snapshot(store)
    with pytest.raises(DataError) as e:
        load(store, ds)
    assert snapshot(store) == before
    text = str(e.value)
    assert "nothing was written" in text and "unexpected" not in text
    assert len(text) < 2000
    return text


def set_list_file(ds: Path, file: str) -> None:
    spec = yaml.safe_load((ds / "dataset.yaml").read_text(encoding="utf-8"))
    spec["lists"][0]["file"] = file
    dump(ds / "dataset.yaml", spec)


def test_a_yaml_alias_bomb_is_refused_at_its_line(store: Store, tmp_path: Path) -> None:
    ds = good(tmp_path)
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    (ds / "bodies.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = refused(store, ds)
    assert "ds/bodies.yaml, row 2" in text and "uses the alias *a0" in text


def test_deeply_nested_yaml_is_refused(store: Store, tmp_path: Path) -> None:
    ds = good(tmp_path)
    (ds / "areas.yaml").write_text("[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert "ds/areas.yaml, row 1: is not valid YAML: nests deeper than 20 levels" in refused(store, ds)


def test_an_xlsx_with_one_far_cell_is_refused_without_reading_it(store: Store, tmp_path: Path) -> None:
    ds = good(tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["duty_id", "name", "duty_type", "lead"])
    ws.append(list(ROW.values()))
    ws["XFD1048576"] = "far away"
    wb.save(ds / "lists" / "L1.xlsx")
    set_list_file(ds, "lists/L1.xlsx")
    text = refused(store, ds)
    assert "ds/lists/L1.xlsx, sheet Sheet: extends to row 1,048,576 and column XFD (cell XFD1048576)" in text


def test_a_huge_csv_cell_is_refused_at_its_row(store: Store, tmp_path: Path) -> None:
    ds = good(tmp_path)
    write_csv(ds / "lists" / "L1.csv", [ROW, {**ROW, "duty_id": "D2", "name": "x" * (limits.MAX_CELL + 1)}])
    text = refused(store, ds)
    assert "ds/lists/L1.csv, row 3, column B: is 10,001 characters long; the limit is 10,000" in text
    write_csv(ds / "lists" / "L1.csv", [ROW, {**ROW, "duty_id": "D2", "name": "x" * 10_000_000}])
    assert "ds/lists/L1.csv, row 3: has a cell longer than 10,000 characters" in refused(store, ds)


def test_too_many_rows_and_columns_and_bytes_are_refused(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ds = good(tmp_path)
    write_csv(ds / "lists" / "L1.csv", [{**ROW, "duty_id": f"D{i}"} for i in range(12)])
    monkeypatch.setattr(tables, "MAX_ROWS", 10)
    assert "ds/lists/L1.csv, row 12: has more than 10 rows" in refused(store, ds)
    monkeypatch.setattr(tables, "MAX_ROWS", 100_000)
    monkeypatch.setattr(tables, "MAX_COLUMNS", 3)
    assert "ds/lists/L1.csv, row 1: has 4 columns; the limit is 3" in refused(store, ds)
    monkeypatch.setattr(tables, "MAX_COLUMNS", 200)
    monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 100)
    assert "ds/lists/L1.csv: is 0.0 MB; the limit is 0.0 MB" in refused(store, ds)


@pytest.mark.parametrize("file", ["../../../../../../etc/passwd", "/etc/passwd", "lists/link.csv"])
def test_list_files_outside_the_dataset_folder_are_refused(store: Store, tmp_path: Path, file: str) -> None:
    ds = good(tmp_path)
    secret = tmp_path / "secret.csv"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (ds / "lists" / "link.csv").symlink_to(secret)
    if file == "/etc/passwd":
        file = str(secret)
    elif file.startswith(".."):
        file = "../secret.csv"
    set_list_file(ds, file)
    text = refused(store, ds)
    assert "ds/dataset.yaml" in text and "column file: points outside the dataset folder" in text
    assert "root:" not in text


def test_long_values_are_not_echoed_in_messages(store: Store, tmp_path: Path) -> None:
    ds = good(tmp_path)
    org = small_org()
    org["bodies"][0]["kind"] = "k" * 1_000_000
    dump(ds / "bodies.yaml", org["bodies"])
    text = refused(store, ds)
    assert "ds/bodies.yaml, row 3, column kind" in text and "…" in text


def test_ids_of_another_dataset_are_refused_unless_extended(store: Store, tmp_path: Path) -> None:
    load(store, good(tmp_path, "first", dataset_id="first"))
    second = good(tmp_path, "second", dataset_id="second")
    text = refused(store, second)
    assert "second/areas.yaml" in text and "column id: the id 'C1' belongs to dataset 'first'" in text
    spec = yaml.safe_load((second / "dataset.yaml").read_text(encoding="utf-8"))
    dump(second / "dataset.yaml", {**spec, "extends": ["first"]})
    report = load(store, second)
    assert report.dataset == "second"
    assert store.run("MATCH (a:Area {id: 'C1'}) RETURN a.dataset").value() == "second"


def test_the_demo_never_deletes_what_it_did_not_make(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    (tmp_path / "demo").mkdir()
    precious = tmp_path / "demo" / "thesis.txt"
    precious.write_text("four years of work", encoding="utf-8")
    res = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "demo"])
    assert res.exit_code == 3 and "was not made by kg demo" in res.stderr
    assert precious.read_text(encoding="utf-8") == "four years of work"


def test_the_demo_replaces_an_earlier_kg_store_and_audits_on_the_samples_date(tmp_path: Path) -> None:
    """An earlier kg demo left an unmarked store folder: it is a kg store, so it is replaced;
    the demo audits on the date the sample describes and says so in its hint."""
    from click.testing import CliRunner

    from kg.cli import cli

    old = tmp_path / "demo"
    (old / "appendonlydir").mkdir(parents=True)
    (old / "kg.rdb").write_bytes(b"REDIS0011")
    res = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "demo"])
    assert res.exit_code == 0, res.output
    assert not (old / "kg.rdb").exists() and (old / ".kg-demo").exists()
    as_of = yaml.safe_load((SAMPLE / "expected_findings.yaml").read_text(encoding="utf-8"))["as_of"]
    assert f"audit --as-of {as_of}" in res.stdout


def test_the_sample_still_loads(store: Store) -> None:
    assert load(store, SAMPLE).nodes_written > 100
