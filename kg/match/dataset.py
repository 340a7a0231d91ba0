"""Matching a dataset's duty items, and the analyst's decisions (``matches.yaml``).

:func:`dataset_items` turns a validated :class:`~kg.ingest.dataset.Dataset` into
:class:`~kg.match.record.MatchItem` records: one per item, holder and jurisdiction line.
A line is a township with every body whose area is the township, an area within it or
an area above it (a county department is in the line of every township of its county).
Items are the rows of *current* lists (the latest version of each series; taken-back
lists left out); the holder is each lead of the row, else the list's owner. Articles
are the parsed ``legal_articles`` of the duty, else those of its ``legal_basis``.

:func:`dataset_candidates` scores them (:func:`~kg.match.find_candidates`) and leaves
out pairs an analyst has decided; loading writes what is left as RESEMBLES edges and
each ``same`` decision as a SAME_AS edge (:mod:`kg.ingest.load`).

:func:`record_decision` adds or replaces one reviewed pair in the dataset folder's
``matches.yaml``, after checking both ids are duty items of the dataset.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from itertools import takewhile
from pathlib import Path
from typing import Any

import yaml

from kg import model as m
from kg.errors import DataError, InputIssue
from kg.ingest.dataset import MATCHES_FILE, Dataset, read_dataset
from kg.ingest.limits import MAX_YAML_BYTES, open_input, present
from kg.ingest.yamlio import safe_load
from kg.match.candidates import find_candidates
from kg.match.record import MatchItem, articles_from_basis
from kg.match.scoring import DEFAULT_THRESHOLD, Candidate

__all__ = [
    "MATCH_COLUMNS",
    "dataset_candidates",
    "dataset_items",
    "holder_townships",
    "match_rows",
    "read_decisions_file",
    "record_decision",
    "township_of",
]


def _current_lists(ds: Dataset) -> dict[str, m.DutyList]:
    lists = [e for e in ds.entities if isinstance(e, m.DutyList)]
    latest: dict[str, dt.date] = {}
    for dl in lists:
        series = dl.series or dl.id
        latest[series] = max(latest.get(series, dl.effective_date), dl.effective_date)
    return {
        dl.id: dl
        for dl in lists
        if dl.kind != m.ListKind.TAKEN_BACK and dl.effective_date >= latest[dl.series or dl.id]
    }


def _lines_of_areas(areas: dict[str, m.Area]) -> dict[str, list[str]]:
    """Area id → the townships whose line it is in (itself, those within it, the one above it)."""
    lines: dict[str, list[str]] = defaultdict(list)
    for area in areas.values():
        if area.level != m.AreaLevel.TOWNSHIP:
            continue
        seen: set[str] = set()
        cur: m.Area | None = area
        while cur is not None and cur.id not in seen:  # the township and the areas above it
            seen.add(cur.id)
            lines[cur.id].append(area.id)
            cur = areas.get(cur.parent) if cur.parent else None
    for area in areas.values():  # villages, communities, grids: their township's line
        if area.id in lines:
            continue
        seen = set()
        cur = area
        while cur is not None and cur.id not in seen and cur.level != m.AreaLevel.TOWNSHIP:
            seen.add(cur.id)
            cur = areas.get(cur.parent) if cur.parent else None
        if cur is not None and cur.level == m.AreaLevel.TOWNSHIP:
            lines[area.id].append(cur.id)
    return lines


def dataset_items(ds: Dataset) -> list[MatchItem]:
    """The dataset's items as matching sees them, one per item, holder and line."""
    areas = {e.id: e for e in ds.entities if isinstance(e, m.Area)}
    bodies = {e.id: e for e in ds.entities if isinstance(e, m.Body)}
    duties = {e.id: e for e in ds.entities if isinstance(e, m.Duty)}
    by_name = {d.name: d.id for d in duties.values()}
    lines = _lines_of_areas(areas)
    current = _current_lists(ds)
    out: dict[tuple[str, str, str], MatchItem] = {}
    facts: dict[str, tuple[tuple[str, ...], str | None]] = {}  # duty id -> (articles, parent)
    for entry in ds.entries:
        dl = current.get(entry.list_id)
        duty = duties.get(entry.duty)
        if dl is None or duty is None:
            continue
        if duty.id not in facts:
            articles = tuple(duty.legal_articles or ()) or articles_from_basis(duty.legal_basis)
            parent = by_name.get(duty.parent_name, f"name:{duty.parent_name}") if duty.parent_name else None
            facts[duty.id] = (articles, parent)
        articles, parent = facts[duty.id]
        for holder in entry.leads or [dl.owner]:
            body = bodies.get(holder)
            if body is None or body.area is None:
                continue
            for line in lines.get(body.area, ()):
                key = (duty.id, holder, line)
                if key not in out:
                    out[key] = MatchItem(
                        id=duty.id,
                        name=duty.name,
                        duty_type=duty.duty_type,
                        articles=articles,
                        parent=parent,
                        holder=holder,
                        jurisdiction=line,
                    )
    return list(out.values())


def dataset_candidates(
    ds: Dataset, threshold: float = DEFAULT_THRESHOLD, *, include_decided: bool = False
) -> list[Candidate]:
    """Candidate pairs of the dataset, best first; pairs decided in ``matches.yaml`` are
    left out unless ``include_decided``."""
    candidates, _ = find_candidates(dataset_items(ds), threshold=threshold)
    if include_decided:
        return candidates
    decided = {d.pair for d in ds.matches}
    return [c for c in candidates if (c.a, c.b) not in decided]


def holder_townships(ds: Dataset) -> dict[str, str]:
    """Body id → the township it governs or serves, for township-level bodies."""
    areas = {e.id: e for e in ds.entities if isinstance(e, m.Area)}
    out = {}
    for e in ds.entities:
        if isinstance(e, m.Body) and e.area in areas and areas[e.area].level == m.AreaLevel.TOWNSHIP:
            out[e.id] = e.area
    return out


def township_of(candidate: Candidate, townships: dict[str, str]) -> str | None:
    """The township a candidate is in: that of a township-level holder (``townships`` from
    :func:`holder_townships`), else none (both holders above township level)."""
    return next((townships[h] for h in candidate.holders if h in townships), None)


#: columns of :func:`match_rows`
MATCH_COLUMNS = (
    "status",
    "score",
    "township",
    "a",
    "a_name",
    "a_lead",
    "b",
    "b_name",
    "b_lead",
    "shared_articles",
    "by",
    "at",
    "note",
)


def match_rows(ds: Dataset, threshold: float = DEFAULT_THRESHOLD, *, decided: bool = True) -> list[dict[str, Any]]:
    """Open candidates (status ``open``) and, with ``decided``, the reviewed pairs (status
    ``same`` / ``different``), best score first: what ``kg match list`` shows."""
    names = {e.id: e.name for e in ds.entities}
    townships = holder_townships(ds)
    decisions = {d.pair: d for d in ds.matches}
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for c in dataset_candidates(ds, threshold, include_decided=True):
        d = decisions.get((c.a, c.b))
        if d is not None and not decided:
            continue
        seen.add((c.a, c.b))
        rows.append(
            {
                "status": d.decision if d else "open",
                "score": c.score,
                "township": township_of(c, townships),
                "a": c.a,
                "a_name": names.get(c.a),
                "a_lead": c.holders[0],
                "b": c.b,
                "b_name": names.get(c.b),
                "b_lead": c.holders[1],
                "shared_articles": list(c.shared_articles),
                "by": d.by if d else None,
                "at": d.at.isoformat() if d else None,
                "note": d.note if d else None,
            }
        )
    if decided:
        for pair, d in decisions.items():
            if pair in seen:
                continue
            rows.append(
                {
                    "status": d.decision,
                    "score": None,
                    "township": None,
                    "a": pair[0],
                    "a_name": names.get(pair[0]),
                    "a_lead": None,
                    "b": pair[1],
                    "b_name": names.get(pair[1]),
                    "b_lead": None,
                    "shared_articles": [],
                    "by": d.by,
                    "at": d.at.isoformat(),
                    "note": d.note,
                }
            )
    return rows


def _read_text(path: Path) -> str:
    """A ``matches.yaml`` of the folder it is in, opened like every dataset file
    (:func:`kg.ingest.limits.open_input`); empty when there is none."""
    if not present(path):
        return ""
    issues: list[InputIssue] = []
    folder = path.absolute().parent
    f = open_input(path, f"{folder.name}/{path.name}", issues, root=folder, limit=MAX_YAML_BYTES)
    if f is None:
        raise DataError(issues=issues)
    with f:
        return f.read().decode("utf-8")


def read_decisions_file(path: Path) -> list[dict[str, Any]]:
    """The raw entries of a ``matches.yaml`` (empty when there is none)."""
    return list(safe_load(_read_text(path)) or [])


_HEADER = (
    "# Reviewed pairs of duty items (kg match confirm / kg match reject).\n"
    "# decision: same (one duty for every audit) | different (never proposed again)\n"
)


def _dump(entries: Iterable[dict[str, Any]], header: str = _HEADER) -> str:
    return header + yaml.safe_dump(list(entries), allow_unicode=True, sort_keys=False, default_flow_style=False)


def record_decision(
    root: str | Path,
    a: str,
    b: str,
    decision: m.MatchVerdict | str,
    by: str,
    note: str | None = None,
    at: dt.date | None = None,
) -> m.MatchDecision:
    """Record that items ``a`` and ``b`` are (``same``) or are not (``different``) one duty.

    The dataset is read and validated first; an id that is not a duty item of it is a
    :class:`DataError` located in ``matches.yaml``. An earlier decision on the same pair
    is replaced. The file is written whole (atomically).
    """
    root = Path(root)
    path = root / MATCHES_FILE
    ds = read_dataset(root)
    duties = {e.id for e in ds.entities if isinstance(e, m.Duty)}
    rel = f"{root.name}/{MATCHES_FILE}"
    issues = [
        InputIssue(rel, f"{col} {v!r} is not a duty item of this dataset", column=col)
        for col, v in (("a", a), ("b", b))
        if v not in duties
    ]
    if issues:
        raise DataError(issues=issues)
    new = m.MatchDecision(a=a, b=b, decision=m.MatchVerdict(decision), by=by, at=at or dt.date.today(), note=note)
    old = _read_text(path)
    comments = "".join(line + "\n" for line in takewhile(lambda x: x.startswith("#"), old.splitlines()))
    entries = [e for e in list(safe_load(old) or []) if tuple(sorted((str(e.get("a")), str(e.get("b"))))) != new.pair]
    entry: dict[str, Any] = {"a": new.a, "b": new.b, "decision": new.decision, "by": new.by, "at": new.at.isoformat()}
    if note:
        entry["note"] = note
    entries.append(entry)
    fd, tmp = tempfile.mkstemp(prefix=".matches-", suffix=".yaml", dir=root)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(_dump(entries, comments or _HEADER))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return new
