"""An installed (non-editable) kg carries schema/, queries/, loaders/, the sample and its static files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_wheel_ships_the_declarative_folders(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(tmp_path.glob("kg-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, pattern in (("queries", "*.cypher"), ("loaders", "*.yaml"), ("schema", "*.cypher")):
        expected = {f"kg/_data/{folder}/{p.name}" for p in (REPO / folder).glob(pattern)}
        assert expected and expected <= names, folder
    assert "kg/_data/sample/dataset.yaml" in names
    assert "kg/_data/schema/findings.schema.json" in names
    assert "kg/_data/policy/clauses.yaml" in names and "kg/_data/policy/plan.zh.txt" in names
    assert "kg/notebook/_static/vis-network/vis-network.min.js" in names
    assert not any(n.startswith(("tests/", "notebooks/")) for n in names)
