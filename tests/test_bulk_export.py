"""`kg export --bulk` side by side: datasets exported in child processes give the same files.

No store is needed: these tests compare the CSV files and the import arguments of the same
country exported one dataset at a time and several at a time, and check that a dataset
that does not validate stops a parallel export with its located error. The import of the
files into Neo4j is tested in test_bulk.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.bulk import default_jobs, export_bulk
from kg.cli import cli
from kg.errors import DataError, UsageError
from kg.generate import generate_country


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
    args = (tmp_path / "two" / "import.args").read_text(encoding="utf-8").splitlines()
    assert sum(a.startswith("--nodes=") for a in args) == sum(f.startswith("nodes-") for f in two.files)
    assert len(list((tmp_path / "two").glob("rels-*.csv"))) == sum(a.startswith("--relationships=") for a in args)


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
