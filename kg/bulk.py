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

    nodes-<Label>-header-1.csv   the header of the nodes of one label: :ID, :LABEL, properties
    nodes-<Label>-<n>.csv        the nodes of that label of dataset n (no header line)
    rels-<TYPE>-header-1.csv     the header of one relationship type: :START_ID, :END_ID, :TYPE, properties
    rels-<TYPE>-<n>.csv          the relationships of that type of dataset n (no header line)
    nodes-Power-0.csv            the Power catalogue; nodes-DutyList-all.csv every dataset's lists (with headers)
    import.args                  the arguments for neo4j-admin (one per line; pass as @file)

A label's (or type's) data files go into one input after its header file, so neo4j-admin
reads one input per label and type, not one per dataset (it samples each input before
it starts). Datasets whose columns differ (a property no row of one dataset has) get a
header of their own (``-header-2`` …) and an input of their own. Headers carry typed
columns (``source_row:long``, ``legal_citations:string[]`` …). Arrays are separated by
U+001F (unit separator), which never occurs in the data; fields may span lines
(``--multiline-fields=true``).

One difference from a load: a list property that a load stores empty (``[]``) is absent
after the import. neo4j-admin's CSV has no empty array (an empty field is no property; a
lone delimiter is ``['', '']``). The audits give the same findings (tested on the sample).
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import model as m
from kg.errors import UsageError
from kg.ingest.dataset import read_dataset
from kg.ingest.load import build_plan
from kg.stores.base import POWER_ROWS, count_setting

ARRAY_DELIMITER = "\x1f"


@dataclass
class BulkReport:
    folder: Path
    datasets: list[str] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0
    files: list[str] = field(default_factory=list)


_KINDS: dict[type, str] = {bool: "boolean", int: "long", float: "double", list: "string[]", tuple: "string[]"}


def _columns(rows: Sequence[dict[str, Any]], skip: Sequence[str] = ()) -> list[tuple[str, str]]:
    """The typed columns of ``rows``: each key with a value, and its neo4j-admin kind."""
    keys: set[str] = set().union(*rows) if rows else set()
    cols = []
    for k in sorted(keys - set(skip)):
        kinds = {_KINDS.get(t, "string") for t in {type(r.get(k)) for r in rows} if t is not type(None)}
        if kinds:  # a column of mixed kinds (never in kg's model) falls back to text
            cols.append((k, kinds.pop() if len(kinds) == 1 else "string"))
    return cols


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


def _writer(f: Any) -> Any:
    return csv.writer(f, quoting=csv.QUOTE_NOTNULL, lineterminator="\n")  # None: empty and unquoted, i.e. absent


def _write(path: Path, header: list[str] | None, rows: Iterable[list[Any]]) -> None:
    """Write ``rows`` (after ``header``, unless it is None: a data file whose header is in a file of its own)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = _writer(f)
        if header is not None:
            w.writerow(header)
        w.writerows(rows)


def _header_line(header: list[str]) -> str:
    buf = io.StringIO()
    _writer(buf).writerow(header)
    return buf.getvalue()


def _nodes_file(path: Path, label: str, rows: list[dict[str, Any]], *, with_header: bool = True) -> list[str]:
    """Write the nodes of ``label``; their header (written first with ``with_header``)."""
    cols = _columns(rows, skip=("id",))
    header = ["id:ID", ":LABEL", *_header(cols)]
    body = ([r["id"], label, *(_cell(r.get(k), kind) for k, kind in cols)] for r in rows)
    _write(path, header if with_header else None, body)
    return header


def _rels_file(path: Path, rel_type: str, rows: list[dict[str, Any]]) -> list[str]:
    """Write the relationships of ``rel_type`` without a header line; the header."""
    cols = _columns([r["props"] for r in rows])
    header = [":START_ID", ":END_ID", ":TYPE", *_header(cols)]
    body = ([r["start"], r["end"], rel_type, *(_cell(r["props"].get(k), kind) for k, kind in cols)] for r in rows)
    _write(path, None, body)
    return header


@dataclass
class _Part:
    """What one dataset's export wrote: its files (in order) and counts, and its DutyList rows."""

    dataset: str
    files: list[tuple[str, str, str, list[str]]]  # ("nodes" | "relationships", label or type, data file, header)
    nodes: int
    relationships: int
    lists: list[dict[str, Any]]


def _export_dataset(n: int, path: str | Path, out: Path, match: bool) -> _Part:
    """Validate dataset ``n`` and write its node and relationship data files, without
    header lines (not its DutyLists)."""
    plan = build_plan(read_dataset(path), match=match)  # one dataset in memory at a time
    part = _Part(plan.dataset, [], plan.node_count(), plan.rel_count(), [])
    for label, rows in plan.nodes.items():
        if label == m.DutyList.LABEL:  # written last, once superseded versions are known
            part.lists.extend(rows)
            continue
        name = f"nodes-{label}-{n}.csv"
        part.files.append(("nodes", label, name, _nodes_file(out / name, label, rows, with_header=False)))
    by_type: dict[str, list[dict[str, Any]]] = {}
    for (rel_type, _, _), rows in plan.rels.items():
        by_type.setdefault(rel_type, []).extend(rows)
    for rel_type, rows in by_type.items():
        name = f"rels-{rel_type}-{n}.csv"
        part.files.append(("relationships", rel_type, name, _rels_file(out / name, rel_type, rows)))
    return part


def default_jobs(datasets: int) -> int:
    """Datasets exported side by side: ``KG_EXPORT_JOBS``, else the CPUs this process may use."""
    jobs = count_setting("KG_EXPORT_JOBS", UsageError)
    if jobs is None:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(jobs, datasets))


def _parts(
    datasets: Sequence[str | Path],
    out: Path,
    match: bool,
    jobs: int,
    progress: Callable[[str, int, int], None] | None,
) -> list[_Part]:
    """Each dataset's export, in the datasets' order; ``jobs`` at a time in child processes."""
    total = len(datasets)
    if jobs <= 1:
        parts = []
        for n, path in enumerate(datasets, start=1):
            parts.append(_export_dataset(n, path, out, match))
            if progress:
                progress("export", n, total)
        return parts
    # a child process per dataset at a time: each validates and writes on a core of its own,
    # and memory stays bounded by ``jobs`` datasets. "spawn": nothing of this process's
    # threads or open stores is inherited.
    done: dict[int, _Part] = {}
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(_export_dataset, n, path, out, match): n for n, path in enumerate(datasets, start=1)}
        try:
            for fut in as_completed(futures):
                done[futures[fut]] = fut.result()  # the first dataset that fails stops the export
                if progress:
                    progress("export", len(done), total)
        except BaseException:
            for f in futures:
                f.cancel()
            raise
    return [done[n] for n in sorted(done)]


def export_bulk(
    datasets: Sequence[str | Path],
    folder: str | Path,
    progress: Callable[[str, int, int], None] | None = None,
    *,
    match: bool = True,
    jobs: int | None = None,
) -> BulkReport:
    """Validate each dataset and write neo4j-admin import CSVs for all of them into ``folder``.

    ``match=False`` leaves out the RESEMBLES candidates, as ``kg load --no-match`` does.
    ``jobs`` datasets are validated and written side by side, each in a child process
    (default :func:`default_jobs`); the files are the same for any ``jobs``.

    The folder must be empty or new. Raises :class:`kg.errors.DataError` for the first
    dataset found not to validate (files of other datasets stay; nothing is imported).
    """
    out = Path(folder)
    if "," in str(out.resolve()):
        raise UsageError(
            f"{out}: neo4j-admin separates the files of one input with commas; choose a folder without one"
        )
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; bulk files go into an empty folder")
    report = BulkReport(out)
    args: list[str] = []

    def add(kind: str, *names: str) -> None:
        report.files.extend(names)
        args.append(f"--{kind}=" + ",".join(str(out.resolve() / name) for name in names))

    _nodes_file(out / "nodes-Power-0.csv", m.Power.LABEL, [dict(r) for r in POWER_ROWS])
    add("nodes", "nodes-Power-0.csv")
    report.nodes += len(POWER_ROWS)
    lists: list[dict[str, Any]] = []  # DutyList rows of every dataset (one per list: small)
    if jobs is None:
        jobs = default_jobs(len(datasets))
    # one input per label or type and header, over all datasets: a header file, then the
    # datasets' data files (neo4j-admin reads them as one file; it samples each input
    # before the import, which took minutes for one file per dataset, label and type)
    inputs: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}
    for part in _parts(datasets, out, match, jobs, progress):
        report.datasets.append(part.dataset)
        for kind, name, data, columns in part.files:
            inputs.setdefault((kind, name, tuple(columns)), []).append(data)
        report.nodes += part.nodes
        report.relationships += part.relationships
        lists.extend(part.lists)
    headers: dict[tuple[str, str], int] = {}
    for (kind, name, cols), files in inputs.items():
        k = headers[(kind, name)] = headers.get((kind, name), 0) + 1  # a second header: columns differ
        head = f"{'nodes' if kind == 'nodes' else 'rels'}-{name}-header-{k}.csv"
        (out / head).write_text(_header_line(list(cols)), encoding="utf-8")
        add(kind, head, *files)
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
