"""Reading tables, for tidy lists and published lists alike: one way to turn a cell into
text (times kept) and one way to decode a CSV file (UTF-8, else GBK/GB18030).

* :func:`read_table` — a tidy CSV or XLSX sheet whose first row is the header, with the
  row number each row came from;
* :func:`xlsx_grids` / :func:`csv_grids` — every cell of a published list's sheets as
  text, merged cells filled, for the layout-tolerant readers of :mod:`kg.ingest.published`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import openpyxl
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from kg.errors import DataError, InputIssue, UsageError
from kg.ingest.limits import (
    MAX_CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_TABLE_BYTES,
    open_input,
    present,
    shorten,
    xlsx_expanded_issue,
)


@dataclass
class Table:
    """Rows of a CSV file or sheet, with the 1-based row number each came from."""

    file: str
    sheet: str | None
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]

    def column_name(self, header: str) -> str:
        """How a column is named in an error: its header, and its letter in a sheet."""
        if self.sheet is None or header not in self.header:
            return header
        return f"{header} ({get_column_letter(self.header.index(header) + 1)})"


def read_table(path: Path, rel: str, sheet: str | None, issues: list[InputIssue], *, root: Path | None) -> Table | None:
    """Read a tidy CSV (UTF-8, else GBK/GB18030) or XLSX sheet whose first row is the header.

    The file is opened with :func:`~kg.ingest.limits.open_input` (inside ``root``, a
    regular file, within the size limit); a CSV is read as a stream and refused at the
    first row past a limit, so a huge file is never held in memory."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        if not present(path):
            issues.append(InputIssue(rel, "file not found"))
        else:
            issues.append(InputIssue(rel, f"has an unsupported file type {suffix!r}; use .csv or .xlsx"))
        return None
    f = open_input(path, rel, issues, root=root, limit=MAX_TABLE_BYTES)
    if f is None:
        return None
    with f:
        if suffix == ".csv":
            records, sheet_name = stream_csv(f, rel, issues), None
        else:
            records, sheet_name = _xlsx_records(f, rel, sheet, issues)
    if records is None:
        return None
    if not records or not any(c.strip() for c in records[0]):
        issues.append(InputIssue(rel, "is empty: no header row", sheet=sheet_name, row=1))
        return None
    header = [h.strip() for h in records[0]]
    width = len(header)
    named = [(j, h) for j, h in enumerate(header) if h]
    rows = []
    for i, rec in enumerate(records[1:], start=2):
        if not "".join(rec).strip():  # no cell with more than white space
            continue
        if len(rec) < width:
            rec = rec + [""] * (width - len(rec))
        elif len(rec) > width and "".join(rec[width:]).strip():
            issues.append(InputIssue(rel, f"has {len(rec)} cells but the header has {width}", sheet=sheet_name, row=i))
        rows.append((i, {h: rec[j].strip() for j, h in named}))
    return Table(rel, sheet_name, header, rows)


def _xlsx_records(
    f: BinaryIO, rel: str, sheet: str | None, issues: list[InputIssue]
) -> tuple[list[list[str]] | None, str | None]:
    """The cells of one sheet as text, read in openpyxl's streaming (read-only) mode
    after the zip and the declared dimension are checked."""
    expanded = xlsx_expanded_issue(f, rel)
    if expanded:
        issues.append(expanded)
        return None, None
    f.seek(0)
    try:
        wb = openpyxl.load_workbook(f, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged file
        issues.append(InputIssue(rel, f"is not a readable XLSX workbook: {shorten(str(e))}"))
        return None, None
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            issues.append(InputIssue(rel, f"has no sheet {sheet!r} (sheets: {', '.join(wb.sheetnames)})", sheet=sheet))
            return None, None
        ws = wb[sheet] if sheet else wb.worksheets[0]
        sheet_name = ws.title
        far = _far_cell_issue(rel, sheet_name, ws.max_row or 0, ws.max_column or 0)
        if far:
            issues.append(far)
            return None, sheet_name
        records = []
        # one row and one column past the limits: a sheet whose declared dimension is
        # missing or lies is refused where it passes them, not cut silently
        for i, r in enumerate(ws.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1, values_only=True), start=1):
            if i > MAX_ROWS + 1:
                issues.append(InputIssue(rel, f"has more than {MAX_ROWS:,} rows", sheet=sheet_name, row=i))
                return None, sheet_name
            if len(r) > MAX_COLUMNS and r[MAX_COLUMNS] is not None:
                issues.append(
                    InputIssue(
                        rel,
                        f"has a cell past the column limit ({MAX_COLUMNS} columns)",
                        sheet=sheet_name,
                        row=i,
                        column=get_column_letter(MAX_COLUMNS + 1),
                    )
                )
                return None, sheet_name
            rec = [cell_text(c) for c in r[:MAX_COLUMNS]]
            for j, c in enumerate(rec):
                if len(c) > MAX_CELL:
                    issues.append(_long_cell(rel, sheet_name, i, j, len(c)))
                    rec[j] = ""
            records.append(rec)
        return records, sheet_name
    finally:
        wb.close()


def _far_cell_issue(rel: str, sheet: str | None, max_row: int, max_col: int) -> InputIssue | None:
    """A sheet that extends (or declares it extends) past the row or column limit."""
    if max_row <= MAX_ROWS + 1 and max_col <= MAX_COLUMNS:
        return None
    far = f"{get_column_letter(max(max_col, 1))}{max(max_row, 1)}"
    return InputIssue(
        rel,
        f"extends to row {max_row:,} and column {get_column_letter(max(max_col, 1))} (cell {far}); "
        f"at most {MAX_ROWS:,} rows and {MAX_COLUMNS} columns — delete stray cells far from the table",
        sheet=sheet,
    )


def _long_cell(rel: str, sheet: str | None, row: int, col: int, length: int) -> InputIssue:
    return InputIssue(
        rel,
        f"is {length:,} characters long; the limit is {MAX_CELL:,}",
        sheet=sheet,
        row=row,
        column=get_column_letter(col + 1),
    )


def stream_csv(f: BinaryIO, rel: str, issues: list[InputIssue], delimiter: str | None = ",") -> list[list[str]] | None:
    """The records of a CSV file (UTF-8, else GBK/GB18030), read as a stream: the row,
    column and cell limits are checked on each record as it is read, so reading stops at
    the first one past a limit. ``delimiter=None`` sniffs comma or tab from the file's
    first records. None (with a located issue) if a limit is passed or neither encoding fits."""
    for encoding in ("utf-8-sig", "gb18030"):
        f.seek(0)
        text = io.TextIOWrapper(f, encoding=encoding, newline="")
        try:
            lines: Iterable[str] = text
            if delimiter is None:
                head = text.read(_SNIFF_CHARS)
                if len(head) == _SNIFF_CHARS:
                    head += text.readline()  # whole lines only
                lines = itertools.chain(io.StringIO(head, newline=""), text)
                return _bounded_records(lines, rel, issues, sniff_delimiter(head))
            return _bounded_records(lines, rel, issues, delimiter)
        except UnicodeDecodeError:
            continue
        finally:
            text.detach()
    issues.append(InputIssue(rel, "cannot decode the file: it is neither UTF-8 nor GBK/GB18030"))
    return None


_SNIFF_CHARS = 256 * 1024  # enough for the 30 records the delimiter is sniffed from


def _bounded_records(
    lines: Iterable[str], rel: str, issues: list[InputIssue], delimiter: str
) -> list[list[str]] | None:
    csv.field_size_limit(max(MAX_CELL + 1, 1024))
    reader = csv.reader(lines, delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for rec in reader:
            if len(records) > MAX_ROWS:
                issues.append(InputIssue(rel, f"has more than {MAX_ROWS:,} rows", row=reader.line_num))
                return None
            if len(rec) > MAX_COLUMNS:
                issues.append(
                    InputIssue(rel, f"has {len(rec):,} columns; the limit is {MAX_COLUMNS}", row=reader.line_num)
                )
                return None
            if rec and max(map(len, rec)) > MAX_CELL:
                j = next(j for j, c in enumerate(rec) if len(c) > MAX_CELL)
                issues.append(_long_cell(rel, None, len(records) + 1, j, len(rec[j])))
                return None
            records.append(rec)
    except csv.Error:
        issues.append(
            InputIssue(rel, f"has a cell longer than {MAX_CELL:,} characters (the limit)", row=reader.line_num)
        )
        return None
    return records


# --------------------------------------------------------------------------- grids of published lists


@dataclass
class Grid:
    """One sheet (or CSV file) as text cells, merged cells filled."""

    sheet: str | None
    hint: str  # sheet name or file stem, searched for the list kind
    cells: list[list[str]]
    original: list[list[bool]]  # cell had its own value (not filled from a merge)

    def own_cells(self, r: int) -> list[tuple[int, str]]:
        return [(c, t) for c, t in enumerate(self.cells[r]) if self.original[r][c] and t]


def cell_text(value: object) -> str:
    """A cell as text: whole floats as integers, dates as ISO dates, times kept."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def single_line(text: str | None) -> str | None:
    """A single-line value: line breaks inside the cell are joined."""
    if not text:
        return None
    return re.sub(r"\s*\n\s*", "", text).strip() or None


def make_grid(sheet: str | None, hint: str, rows: Iterable[Iterable[object]]) -> Grid:
    cells = [[cell_text(v) for v in row] for row in rows]
    width = max((len(r) for r in cells), default=0)
    cells = [r + [""] * (width - len(r)) for r in cells]
    return Grid(sheet, hint, cells, [[bool(t) for t in r] for r in cells])


def xlsx_grids(path: Path, sheet: str | None, *, root: Path | None = None) -> list[Grid]:
    """Every sheet (or ``sheet``) of a workbook as a grid, merged cells filled. The file is
    opened with :func:`~kg.ingest.limits.open_input`; the zip's expanded size, each
    sheet's extent (from its cells, not its declared dimension) and cell lengths are
    checked before a grid is built: :class:`DataError` otherwise."""
    file = str(path)
    issues: list[InputIssue] = []
    f = open_input(path, file, issues, root=root, limit=MAX_TABLE_BYTES)
    if f is None:
        raise DataError(issues=issues)
    with f:
        expanded = xlsx_expanded_issue(f, file)
        if expanded:
            raise DataError(issues=[expanded])
        f.seek(0)
        workbook = load_workbook(f, data_only=True)
    if sheet is not None and sheet not in workbook.sheetnames:
        raise UsageError(f"{path}: no sheet named {sheet!r}; sheets: {', '.join(workbook.sheetnames)}")
    tables = []
    for ws in workbook.worksheets:
        if sheet is not None and ws.title != sheet:
            continue
        far = _far_cell_issue(file, ws.title, ws.max_row or 0, ws.max_column or 0)
        if far:
            raise DataError(issues=[far])
        table = make_grid(ws.title, ws.title, ws.iter_rows(values_only=True))
        for i, row in enumerate(table.cells, start=1):
            long = next(((j, len(c)) for j, c in enumerate(row) if len(c) > MAX_CELL), None)
            if long:
                raise DataError(issues=[_long_cell(file, ws.title, i, *long)])
        # A merged range's value fills its first column on every row it spans.
        for rng in ws.merged_cells.ranges:
            top = table.cells[rng.min_row - 1][rng.min_col - 1]
            for r in range(rng.min_row, min(rng.max_row, len(table.cells)) + 1):
                table.cells[r - 1][rng.min_col - 1] = top
        tables.append(table)
    return tables


def sniff_delimiter(text: str) -> str:
    def consistency(delimiter: str) -> tuple[int, int]:
        records: list[list[str]] = []
        try:  # a record past the cell limit ends the sample; the read reports it
            for _, r in zip(range(30), csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), strict=False):
                records.append(r)
        except csv.Error:
            pass
        widths = Counter(len(r) for r in records if any(c.strip() for c in r))
        if not widths:
            return (0, 0)
        width, count = widths.most_common(1)[0]
        return (count if width > 1 else 0, width)

    return max(",\t", key=consistency)  # ties keep the comma


def csv_grids(path: Path, *, root: Path | None = None) -> list[Grid]:
    """A CSV file (comma or tab, sniffed) as one grid, read as a stream within the row,
    column and cell limits (:func:`stream_csv`); :class:`DataError` otherwise."""
    issues: list[InputIssue] = []
    f = open_input(path, str(path), issues, root=root, limit=MAX_TABLE_BYTES)
    if f is None:
        raise DataError(issues=issues)
    with f:
        records = stream_csv(f, str(path), issues, delimiter=None)
    if records is None:
        raise DataError(issues=issues)
    return [make_grid(None, path.stem, records)]
