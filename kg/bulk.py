"""Bulk export for ``neo4j-admin database import full``: a whole country without a load.

:func:`export_bulk` validates each dataset folder exactly as ``kg load`` does
(:func:`kg.ingest.dataset.read_dataset`, :func:`kg.ingest.load.build_plan`), then streams
its rows into CSV files, one dataset at a time, so memory is bounded by the largest
dataset, not by the country. The graph an import of these files gives is the graph
``kg load`` of the same datasets writes: the same nodes, relationships and properties
(with ``key`` and ``dataset``), plus the Power catalogue. Afterwards, ``kg init`` creates
the constraints and indexes on the imported database, and ``kg load`` keeps working
incrementally on top of it (a reload merges the keys the import wrote).

Files written into the output folder::

    nodes-<Label>-<n>.csv        :ID, :LABEL and the properties of one label of dataset n
    rels-<TYPE>-<n>.csv          :START_ID, :END_ID, :TYPE and the properties
    import.args                  the arguments for neo4j-admin (one per line; pass as @file)

Each file carries its own header, with typed columns (``source_row:long``,
``legal_citations:string[]`` …). Arrays are separated by U+001F (unit separator), which
never occurs in the data; fields may span lines (``--multiline-fields=true``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import model as m
from kg.ingest.dataset import read_dataset
from kg.ingest.load import build_plan
from kg.stores.base import POWER_ROWS

ARRAY_DELIMITER = "\x1f"


@dataclass
class BulkReport:
    folder: Path
    datasets: list[str] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0
    files: list[str] = field(default_factory=list)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, (list, tuple)):
        return "string[]"
    return "string"


def _columns(rows: Iterable[dict[str, Any]], skip: Sequence[str] = ()) -> list[tuple[str, str]]:
    kinds: dict[str, set[str]] = {}
    for row in rows:
        for k, v in row.items():
            if v is not None and k not in skip:
                kinds.setdefault(k, set()).add(_kind(v))
    # a column of mixed kinds (never in kg's model) falls back to text
    return [(k, next(iter(v)) if len(v) == 1 else "string") for k, v in sorted(kinds.items())]


def _cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string[]":
        return ARRAY_DELIMITER.join(str(x) for x in value)
    if kind == "string":
        return str(value)
    return value


def _header(cols: list[tuple[str, str]]) -> list[str]:
    return [k if kind == "string" else f"{k}:{kind}" for k, kind in cols]


def _write(path: Path, header: list[str], rows: Iterable[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_NOTNULL, lineterminator="\n")  # None: empty and unquoted, i.e. absent
        w.writerow(header)
        w.writerows(rows)


def _nodes_file(path: Path, label: str, rows: list[dict[str, Any]]) -> None:
    cols = _columns(rows, skip=("id",))
    header = ["id:ID", ":LABEL", *_header(cols)]
    _write(path, header, ([r["id"], label, *(_cell(r.get(k), kind) for k, kind in cols)] for r in rows))


def _rels_file(path: Path, rel_type: str, rows: list[dict[str, Any]]) -> None:
    cols = _columns(r["props"] for r in rows)
    header = [":START_ID", ":END_ID", ":TYPE", *_header(cols)]
    _write(
        path,
        header,
        ([r["start"], r["end"], rel_type, *(_cell(r["props"].get(k), kind) for k, kind in cols)] for r in rows),
    )


def export_bulk(
    datasets: Sequence[str | Path],
    folder: str | Path,
    progress: Callable[[str, int, int], None] | None = None,
    *,
    match: bool = True,
) -> BulkReport:
    """Validate each dataset and write neo4j-admin import CSVs for all of them into ``folder``.

    ``match=False`` leaves out the RESEMBLES candidates, as ``kg load --no-match`` does.

    The folder must be empty or new. Raises :class:`kg.errors.DataError` for the first
    dataset that does not validate (files of earlier datasets stay; nothing is imported).
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; bulk files go into an empty folder")
    report = BulkReport(out)
    args: list[str] = []

    def add(kind: str, name: str) -> None:
        report.files.append(name)
        args.append(f"--{kind}={out.resolve() / name}")

    _nodes_file(out / "nodes-Power-0.csv", m.Power.LABEL, [dict(r) for r in POWER_ROWS])
    add("nodes", "nodes-Power-0.csv")
    report.nodes += len(POWER_ROWS)
    lists: list[dict[str, Any]] = []  # DutyList rows of every dataset (one per list: small)
    for n, path in enumerate(datasets, start=1):
        plan = build_plan(read_dataset(path), match=match)  # one dataset in memory at a time
        report.datasets.append(plan.dataset)
        for label, rows in plan.nodes.items():
            if label == m.DutyList.LABEL:  # written last, once superseded versions are known
                lists.extend(rows)
                continue
            name = f"nodes-{label}-{n}.csv"
            _nodes_file(out / name, label, rows)
            add("nodes", name)
        by_type: dict[str, list[dict[str, Any]]] = {}
        for (rel_type, _, _), rows in plan.rels.items():
            by_type.setdefault(rel_type, []).extend(rows)
        for rel_type, rows in by_type.items():
            name = f"rels-{rel_type}-{n}.csv"
            _rels_file(out / name, rel_type, rows)
            add("relationships", name)
        report.nodes += plan.node_count()
        report.relationships += plan.rel_count()
        if progress:
            progress("export", n, len(datasets))
    # as kg.ingest.load.mark_superseded does after a load: a later version of the series
    # supersedes, and a version is in force until the next later date of its series
    dates: dict[str, set[str]] = {}
    for row in lists:
        if row.get("series") is not None:
            dates.setdefault(row["series"], set()).add(str(row.get("effective_date") or ""))
    for row in lists:
        if row.get("series") is not None:
            later = [d for d in dates[row["series"]] if d > str(row.get("effective_date") or "")]
            row["superseded"] = bool(later)
            row["superseded_on"] = min(later) if later else None
    if lists:
        _nodes_file(out / "nodes-DutyList-all.csv", m.DutyList.LABEL, lists)
        add("nodes", "nodes-DutyList-all.csv")
    options = ["--multiline-fields=true", f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}", "--id-type=string"]
    (out / "import.args").write_text("\n".join(options + args) + "\n", encoding="utf-8")
    return report
