"""Reliability corpus, part 3: hostile input (issue 10, "Nothing lost, nothing leaked").

Each hostile dataset ends in a located error (file[, sheet], row, column), nothing is
written (the graph before the refused load is intact: ``refused`` compares whole-graph
snapshots), and nothing from outside the dataset folder is read or echoed. Cases: YAML
alias bombs and deep nesting; far XLSX cells (tidy and published); huge cells, rows,
columns and bytes (CSV read as a stream, memory measured); list files, and every
fixed-name file of the folder, linked outside it; files that are folders, FIFOs,
sockets, devices, dangling links or link loops; ``kg match confirm`` through a link;
long values never echoed; ids of another dataset; ``kg demo`` never deleting what it
did not make.
"""

from __future__ import annotations

import os
import socket
import stat
import tracemalloc
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


# --------------------------------------------------------------------------- files of the folder
# Every file a reader opens goes through kg.ingest.limits.open_input: inside the dataset
# folder (links resolved) and a regular file. Each case loads a good dataset first, so
# "nothing lost" means the previous graph is intact after the refusal.


def loaded(store: Store, tmp_path: Path) -> Path:
    """A good dataset with two items and its duty catalogue, loaded: the graph a refused load must leave intact."""
    ds = make_dataset(
        tmp_path / "ds",
        **small_org(),
        lists={"L1": (SPEC, [ROW, {**ROW, "duty_id": "D2", "name": "农村宅基地审批"}])},
    )
    write_csv(ds / "duties.csv", [{k: ROW[k] for k in ("duty_id", "name", "duty_type")}])
    load(store, ds)
    assert store.run("MATCH (d:Duty) RETURN count(d)").value() == 2
    return ds


SECRETS = {
    "dataset.yaml": None,  # a copy of the dataset's own spec, kept outside
    "areas.yaml": "- id: root\n  name: 'root:x:0:0:secret'\n  level: city\n",
    "bodies.yaml": "- id: root\n  name: 'root:x:0:0:secret'\n",
    "staffing.yaml": "- id: root\n  note: 'root:x:0:0:secret'\n",
    "aliases.yaml": "- name: 'root:x:0:0:secret'\n  body: T1-gov\n",
    "aliases.csv": "name,body\nroot:x:0:0:secret,T1-gov\n",
    "matches.yaml": "- a: D1\n  b: D2\n  decision: same\n  by: 'root:x:0:0:secret'\n  at: '2024-01-01'\n",
    "duties.csv": "duty_id,name\nD1,root:x:0:0:secret\n",
}


@pytest.mark.parametrize("name", list(SECRETS))
def test_fixed_name_files_linked_outside_the_folder_are_refused(store: Store, tmp_path: Path, name: str) -> None:
    ds = loaded(store, tmp_path)
    outside = tmp_path / "elsewhere" / name
    outside.parent.mkdir()
    text = SECRETS[name]
    outside.write_text(text if text is not None else (ds / name).read_text(encoding="utf-8"), encoding="utf-8")
    (ds / name).unlink(missing_ok=True)
    (ds / name).symlink_to(outside)
    message = refused(store, ds)
    assert f"ds/{name}: is a link to a file outside the dataset folder" in message
    assert "root:x" not in message and "elsewhere" not in message


def test_a_link_inside_the_folder_is_read(store: Store, tmp_path: Path) -> None:
    """Confinement is about where a file is, not about links: one inside the folder is fine."""
    ds = loaded(store, tmp_path)
    (ds / "org").mkdir()
    (ds / "bodies.yaml").rename(ds / "org" / "bodies.yaml")
    (ds / "bodies.yaml").symlink_to(Path("org") / "bodies.yaml")
    assert load(store, ds).dataset == "test"


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    s.close()


def _device(path: Path) -> None:
    try:
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("this system does not let the test create a device node")


NOT_REGULAR = {
    "bodies.yaml": (lambda p: p.mkdir(), "is a folder, not a regular file"),
    "areas.yaml": (_fifo, "is a named pipe (FIFO), not a regular file"),
    "lists/L1.csv": (_fifo, "is a named pipe (FIFO), not a regular file"),
    "matches.yaml": (_socket, "is a socket, not a regular file"),
    "duties.csv": (_device, "is a character device, not a regular file"),
    "aliases.yaml": (lambda p: p.symlink_to(p.parent / "gone.yaml"), "is a link to a file that does not exist"),
    "dataset.yaml": (lambda p: p.symlink_to(p), "cannot be resolved (a link loop"),
}


@pytest.mark.timeout(60)  # a FIFO opened for reading would block for ever
@pytest.mark.parametrize("name", list(NOT_REGULAR))
def test_files_that_are_not_regular_files_are_refused(store: Store, tmp_path: Path, name: str) -> None:
    ds = loaded(store, tmp_path)
    make, expected = NOT_REGULAR[name]
    (ds / name).unlink(missing_ok=True)
    make(ds / name)
    assert f"ds/{name}: {expected}" in refused(store, ds)


def test_match_confirm_does_not_write_through_a_link_out_of_the_folder(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    ds = make_dataset(tmp_path / "ds", **small_org(), lists={"L1": (SPEC, [ROW, {**ROW, "duty_id": "D2"}])})
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("# someone else's file\n[]\n", encoding="utf-8")
    (ds / "matches.yaml").symlink_to(outside)
    res = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "db"), "match", "confirm", "D1", "D2", "-d", str(ds)])
    assert res.exit_code == 3, res.output
    assert "ds/matches.yaml: is a link to a file outside the dataset folder" in res.stderr
    assert outside.read_text(encoding="utf-8") == "# someone else's file\n[]\n"
    assert (ds / "matches.yaml").is_symlink() and not list(ds.glob(".matches-*"))


# --------------------------------------------------------------------------- streaming limits


def _tiny_rows(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write("duty_id,name\n")
        f.write("D,x\n" * n)


def test_a_csv_of_ten_million_tiny_rows_is_refused_at_the_row_limit(store: Store, tmp_path: Path) -> None:
    ds = loaded(store, tmp_path)
    _tiny_rows(ds / "lists" / "L1.csv", 10_000_000)
    assert "ds/lists/L1.csv, row 100002: has more than 100,000 rows" in refused(store, ds)


def test_a_csv_past_the_row_limit_is_never_held_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 40 MB file stops being read at row 1,001: far less than the file is ever held."""
    path = tmp_path / "ds" / "big.csv"
    path.parent.mkdir()
    _tiny_rows(path, 10_000_000)
    monkeypatch.setattr(tables, "MAX_ROWS", 1000)
    issues: list = []
    tracemalloc.start()
    try:
        assert tables.read_table(path, "ds/big.csv", None, issues, root=path.parent) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [str(i) for i in issues] == ["ds/big.csv, row 1002: has more than 1,000 rows"]
    assert peak < 2_000_000, f"{peak:,} bytes held while refusing a {path.stat().st_size:,}-byte file"


def _published(ds: Path, file: str) -> None:
    spec = yaml.safe_load((ds / "dataset.yaml").read_text(encoding="utf-8"))
    spec["lists"][0].update(file=file, layout="auto")
    dump(ds / "dataset.yaml", spec)


def test_a_published_csv_past_the_row_limit_is_refused_while_streaming(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ds = loaded(store, tmp_path)
    _tiny_rows(ds / "lists" / "pub.csv", 2_000)
    _published(ds, "lists/pub.csv")
    monkeypatch.setattr(tables, "MAX_ROWS", 1000)
    assert "ds/lists/pub.csv, row 1002: has more than 1,000 rows" in refused(store, ds)
    monkeypatch.setattr(tables, "MAX_ROWS", 100_000)
    (ds / "lists" / "pub.csv").write_text("序号\t事项名称\n1\t" + "x" * 20_000 + "\n", encoding="utf-8")
    assert "ds/lists/pub.csv, row 2: has a cell longer than 10,000 characters" in refused(store, ds)


def test_a_published_xlsx_with_one_far_cell_is_refused_before_its_grid_is_built(store: Store, tmp_path: Path) -> None:
    ds = loaded(store, tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "事项名称", "实施依据"])
    ws.append([1, "农村宅基地使用审查", "《土地管理法》第六十二条"])
    ws["XFD1048576"] = "far away"
    wb.save(ds / "lists" / "pub.xlsx")
    _published(ds, "lists/pub.xlsx")
    text = refused(store, ds)
    assert "ds/lists/pub.xlsx, sheet Sheet: extends to row 1,048,576 and column XFD (cell XFD1048576)" in text


def _lie_about_dimension(path: Path) -> None:
    """Rewrite the sheet's declared dimension to A1:B2, whatever the sheet holds."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', parts[sheet])
    assert b'<dimension ref="A1:B2"' in parts[sheet]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_an_xlsx_whose_declared_dimension_lies_is_refused_not_cut(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl's streaming mode trusts the declared dimension: rows and columns past the
    limits are still found, at the first one, instead of being dropped silently."""
    ds = loaded(store, tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["duty_id", "name", "duty_type", "lead"])
    for i in range(12):
        ws.append([f"D{i}", *list(ROW.values())[1:]])
    wb.save(ds / "lists" / "L1.xlsx")
    _lie_about_dimension(ds / "lists" / "L1.xlsx")
    set_list_file(ds, "lists/L1.xlsx")
    monkeypatch.setattr(tables, "MAX_ROWS", 10)
    assert "ds/lists/L1.xlsx, sheet Sheet, row 12: has more than 10 rows" in refused(store, ds)
    monkeypatch.setattr(tables, "MAX_ROWS", 100_000)
    monkeypatch.setattr(tables, "MAX_COLUMNS", 3)
    text = refused(store, ds)
    assert "ds/lists/L1.xlsx, sheet Sheet, row 1, column D: has a cell past the column limit (3 columns)" in text


@pytest.mark.timeout(60)
def test_a_mapping_file_of_the_folder_that_is_a_fifo_is_refused(store: Store, tmp_path: Path) -> None:
    ds = loaded(store, tmp_path)
    os.mkfifo(ds / "my-layout.yaml")
    spec = yaml.safe_load((ds / "dataset.yaml").read_text(encoding="utf-8"))
    spec["lists"][0]["layout"] = "my-layout.yaml"
    dump(ds / "dataset.yaml", spec)
    assert "ds/my-layout.yaml: is a named pipe (FIFO), not a regular file" in refused(store, ds)
