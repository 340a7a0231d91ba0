"""`kg export --bulk` side by side: datasets exported in child processes give the same files.

No store is needed: these tests compare the CSV files and the import arguments of the same
country exported one dataset at a time and several at a time, and check that a dataset
that does not validate stops a parallel export with its located error. The import of the
files into Neo4j is tested in test_bulk.py.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.bulk import default_jobs, export_bulk
from kg.cli import cli
from kg.errors import DataError, UsageError
from kg.generate import generate_country
from kg.resources import resource_dir


@pytest.fixture(scope="module")
def country(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("bulk-export") / "country"
    return [g.path for g in generate_country(root, 3, 6, seed=5)]


def _files(folder: Path) -> dict[str, str]:
    """Every file of an export, with the folder's own path taken out of import.args."""
    return {p.name: p.read_text(encoding="utf-8").replace(str(folder.resolve()), "OUT") for p in folder.iterdir()}


def test_parallel_export_writes_the_same_files(country: list[Path], tmp_path: Path) -> None:
    one = export_bulk(country, tmp_path / "one", match=False, jobs=1)
    seen: list[tuple[str, int, int]] = []
    two = export_bulk(country, tmp_path / "two", lambda *a: seen.append(a), match=False, jobs=2)
    assert (two.datasets, two.nodes, two.relationships, two.files) == (
        one.datasets,
        one.nodes,
        one.relationships,
        one.files,
    )
    assert one.datasets == [f"generated-p0{n}-6-s5" for n in (1, 2, 3)]  # in the order given
    assert _files(tmp_path / "two") == _files(tmp_path / "one")
    assert sorted(seen) == [("export", n, 3) for n in (1, 2, 3)]
    inputs = _inputs(tmp_path / "two")
    assert sorted(f.name for files in inputs.values() for f in files) == sorted(two.files)
    assert sorted(two.files) == sorted(p.name for p in (tmp_path / "two").glob("*.csv"))
    # one input per label and type, not one per dataset: the provinces share their columns
    names = [files[0].name.rsplit("-header-", 1)[0] for files in inputs.values()]
    assert len(names) == len(set(names)) and len(names) < len(two.files) / 2
    assert _read_back(tmp_path / "two") == (two.nodes, two.relationships)


def _inputs(folder: Path) -> dict[str, list[Path]]:
    """import.args as {argument: the files of that input, header file first}."""
    out = {}
    for line in (folder / "import.args").read_text(encoding="utf-8").splitlines():
        if line.startswith(("--nodes=", "--relationships=")):
            out[line] = [Path(f) for f in line.split("=", 1)[1].split(",")]
    return out


def _read_back(folder: Path) -> tuple[int, int]:
    """Read every input as neo4j-admin does (its files as one CSV, the first line its header):
    every row has the header's columns; the nodes and relationships read."""
    counts = {"--nodes": 0, "--relationships": 0}
    for arg, files in _inputs(folder).items():
        text = "".join(f.read_text(encoding="utf-8") for f in files)
        header, *rows = list(csv.reader(io.StringIO(text, newline="")))
        assert rows, f"{arg}: no rows"
        assert all(len(r) == len(header) for r in rows), f"{arg}: a row without the header's columns"
        assert header[:2] == (["id:ID", ":LABEL"] if arg.startswith("--nodes") else [":START_ID", ":END_ID"])
        counts[arg.split("=", 1)[0]] += len(rows)
    return counts["--nodes"], counts["--relationships"]


def test_datasets_with_other_columns_get_an_input_of_their_own(country: list[Path], tmp_path: Path) -> None:
    """The sample's bodies, areas and lists have properties the generated province's have not
    (and the other way round): such a label gets a second header and input, and every row still
    lines up with its header."""
    report = export_bulk([resource_dir("sample"), country[0]], tmp_path / "csv", match=False, jobs=1)
    inputs = _inputs(tmp_path / "csv")
    second = [files[0].name for files in inputs.values() if files[0].name.endswith("-header-2.csv")]
    assert second, "no label or type with two headers: the test does not test what it says"
    for files in inputs.values():
        if files[0].name.endswith("-header-2.csv"):
            first = files[0].name.replace("-header-2.csv", "-header-1.csv")
            assert (tmp_path / "csv" / first).read_text() != files[0].read_text()
    assert _read_back(tmp_path / "csv") == (report.nodes, report.relationships)


def test_a_folder_with_a_comma_is_refused(country: list[Path], tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="comma"):
        export_bulk(country[:1], tmp_path / "a,b", match=False, jobs=1)
    assert not (tmp_path / "a,b").exists()


def test_a_bad_dataset_stops_a_parallel_export_with_its_location(country: list[Path], tmp_path: Path) -> None:
    import shutil

    bad = tmp_path / "p02"
    shutil.copytree(country[1], bad)
    path = sorted((bad / "lists").glob("list-*.csv"))[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    cells[3] = "不存在的类型"  # duty_type: not one of the model's kinds
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        export_bulk([country[0], bad, country[2]], tmp_path / "out", match=False, jobs=2)
    [issue, *_] = err.value.issues
    assert issue.file.endswith(path.name) and issue.row == 3 and issue.column == "duty_type", issue


def test_export_jobs_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_EXPORT_JOBS", "3")
    assert default_jobs(10) == 3
    assert default_jobs(2) == 2  # never more than the datasets
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv("KG_EXPORT_JOBS", bad)
        with pytest.raises(UsageError, match="KG_EXPORT_JOBS"):
            default_jobs(4)


def test_cli_export_bulk_with_jobs(country: list[Path], tmp_path: Path) -> None:
    args = ["export", "--bulk", str(tmp_path / "csv"), "--jobs", "2", "--no-match"]
    for path in country:
        args += ["--dataset", str(path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "of 3 dataset(s)" in result.output
    assert (tmp_path / "csv" / "import.args").is_file()
    refused = CliRunner().invoke(cli, [*args[:3], "--jobs", "0", "--dataset", str(country[0])])
    assert refused.exit_code == 2 and "--jobs" in refused.output
