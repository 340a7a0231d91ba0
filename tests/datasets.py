"""Build small dataset folders in tests, in the same format users write.

``make_dataset(tmp_path, areas=[...], bodies=[...], lists={...})`` writes
``dataset.yaml``, the organisation YAML files and tidy list CSVs, and returns the
folder. Lists are given as ``{list_id: (spec, rows)}`` where ``spec`` holds the
DutyList fields (name, kind, owner, effective_date) and ``rows`` are dicts of the
tidy columns (duty_id, name, duty_type, legal_basis, lead, cooperating, seq).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

from kg.ingest.dataset import TIDY_COLUMNS


def make_dataset(
    root: Path,
    *,
    dataset_id: str = "test",
    areas: list[dict[str, Any]] | None = None,
    bodies: list[dict[str, Any]] | None = None,
    decisions: list[dict[str, Any]] | None = None,
    powers: list[dict[str, Any]] | None = None,
    handovers: list[dict[str, Any]] | None = None,
    lists: dict[str, tuple[dict[str, Any], list[dict[str, str]]]] | None = None,
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    specs = []
    for list_id, (spec, rows) in (lists or {}).items():
        file = f"lists/{list_id}.csv"
        write_csv(root / file, rows)
        specs.append({"id": list_id, "file": file, **spec})
    dump(root / "dataset.yaml", {"id": dataset_id, "name": f"dataset {dataset_id}", "lists": specs})
    for name, items in (
        ("areas", areas),
        ("bodies", bodies),
        ("decisions", decisions),
        ("powers", powers),
        ("handovers", handovers),
    ):
        if items is not None:
            dump(root / f"{name}.yaml", items)
    return root


def dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")


class _NoAliases(yaml.SafeDumper):
    """kg refuses YAML aliases (an alias bomb guard): write shared values out in full."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def write_csv(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cols = columns or tuple(c for c in TIDY_COLUMNS if any(c in r for r in rows)) or ("duty_id", "name")
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(cols))
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in cols})


#: a minimal organisation: one city, one county with one department, one township
#: with its government and Party committee
def small_org() -> dict[str, list[dict[str, Any]]]:
    return {
        "areas": [
            {"id": "C1", "name": "示例市", "level": "city"},
            {"id": "X1", "name": "甲区", "level": "county", "parent": "C1"},
            {"id": "T1", "name": "一号街道", "level": "township", "parent": "X1"},
        ],
        "bodies": [
            {"id": "X1-gov", "name": "甲区人民政府", "kind": "government", "level": "county", "area": "X1"},
            {
                "id": "X1-nr",
                "name": "甲区自然资源局",
                "kind": "department",
                "level": "county",
                "area": "X1",
                "parent": "X1-gov",
            },
            {"id": "T1-gov", "name": "一号街道办事处", "kind": "government", "level": "township", "area": "T1"},
            {"id": "T1-pc", "name": "一号街道党工委", "kind": "party_committee", "level": "township", "area": "T1"},
        ],
    }
