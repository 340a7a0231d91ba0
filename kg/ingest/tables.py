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
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from kg.errors import DataError, InputIssue, UsageError
from kg.ingest.limits import (
    MAX_CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_TABLE_BYTES,
    file_size_issue,
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


def read_table(path: Path, rel: str, sheet: str | None, issues: list[InputIssue]) -> Table | None:
    """Read a tidy CSV (UTF-8, else GBK/GB18030) or XLSX sheet whose first row is the header."""
    # long: one pass over a CSV or XLSX sheet with its limits checked where each is known; splitting it would pass half a dozen locals around
    if not path.is_file():
        issues.append(InputIssue(rel, "file not found"))
        return None
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx", ".xlsm"):
        too_big = file_size_issue(path, rel, MAX_TABLE_BYTES)
        if too_big:
            issues.append(too_big)
            return None
    if suffix == ".csv":
        text = decode_text(path.read_bytes())
        if text is None:
            issues.append(InputIssue(rel, "cannot decode the file: it is neither UTF-8 nor GBK/GB18030"))
            return None
        records = _bounded_csv(text, rel, issues)
        if records is None:
            return None
        sheet_name = None
    elif suffix in (".xlsx", ".xlsm"):
        expanded = xlsx_expanded_issue(path, rel)
        if expanded:
            issues.append(expanded)
            return None
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises many kinds for a damaged file
            issues.append(InputIssue(rel, f"is not a readable XLSX workbook: {shorten(str(e))}"))
            return None
        if sheet is not None and sheet not in wb.sheetnames:
            issues.append(InputIssue(rel, f"has no sheet {sheet!r} (sheets: {', '.join(wb.sheetnames)})", sheet=sheet))
            return None
        ws = wb[sheet] if sheet else wb.worksheets[0]
        sheet_name = ws.title
        max_row, max_col = ws.max_row or 0, ws.max_column or 0
        if max_row > MAX_ROWS + 1 or max_col > MAX_COLUMNS:
            far = f"{get_column_letter(max(max_col, 1))}{max(max_row, 1)}"
            issues.append(
                InputIssue(
                    rel,
                    f"extends to row {max_row:,} and column {get_column_letter(max(max_col, 1))} (cell {far}); "
                    f"at most {MAX_ROWS:,} rows and {MAX_COLUMNS} columns — delete stray cells far from the table",
                    sheet=sheet_name,
                )
            )
            wb.close()
            return None
        records = []
        for i, r in enumerate(ws.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True), start=1):
            rec = [cell_text(c) for c in r]
            for j, c in enumerate(rec):
                if len(c) > MAX_CELL:
                    issues.append(_long_cell(rel, sheet_name, i, j, len(c)))
                    rec[j] = ""
            records.append(rec)
        wb.close()
    else:
        issues.append(InputIssue(rel, f"has an unsupported file type {suffix!r}; use .csv or .xlsx"))
        return None
    if not records or not any(c.strip() for c in records[0]):
        issues.append(InputIssue(rel, "is empty: no header row", sheet=sheet_name, row=1))
        return None
    header = [h.strip() for h in records[0]]
    rows = []
    for i, rec in enumerate(records[1:], start=2):
        if not any(c.strip() for c in rec):
            continue
        if len(rec) > len(header) and any(c.strip() for c in rec[len(header) :]):
            issues.append(
                InputIssue(rel, f"has {len(rec)} cells but the header has {len(header)}", sheet=sheet_name, row=i)
            )
        rows.append((i, {h: (rec[j].strip() if j < len(rec) else "") for j, h in enumerate(header) if h}))
    return Table(rel, sheet_name, header, rows)


def _long_cell(rel: str, sheet: str | None, row: int, col: int, length: int) -> InputIssue:
    return InputIssue(
        rel,
        f"is {length:,} characters long; the limit is {MAX_CELL:,}",
        sheet=sheet,
        row=row,
        column=get_column_letter(col + 1),
    )


def _bounded_csv(text: str, rel: str, issues: list[InputIssue]) -> list[list[str]] | None:
    """CSV records within the row, column and cell limits; None (with a located issue) if not."""
    csv.field_size_limit(max(MAX_CELL + 1, 1024))
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[list[str]] = []
    try:
        for rec in reader:
            if reader.line_num > MAX_ROWS + 1 and len(records) >= MAX_ROWS + 1:
                issues.append(InputIssue(rel, f"has more than {MAX_ROWS:,} rows", row=reader.line_num))
                return None
            if len(rec) > MAX_COLUMNS:
                issues.append(
                    InputIssue(rel, f"has {len(rec):,} columns; the limit is {MAX_COLUMNS}", row=reader.line_num)
                )
                return None
            records.append(rec)
    except csv.Error:
        issues.append(
            InputIssue(rel, f"has a cell longer than {MAX_CELL:,} characters (the limit)", row=reader.line_num)
        )
        return None
    for i, rec in enumerate(records, start=1):
        for j, c in enumerate(rec):
            if len(c) > MAX_CELL:
                issues.append(_long_cell(rel, None, i, j, len(c)))
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


def xlsx_grids(path: Path, sheet: str | None) -> list[Grid]:
    workbook = load_workbook(path, data_only=True)
    if sheet is not None and sheet not in workbook.sheetnames:
        raise UsageError(f"{path}: no sheet named {sheet!r}; sheets: {', '.join(workbook.sheetnames)}")
    tables = []
    for ws in workbook.worksheets:
        if sheet is not None and ws.title != sheet:
            continue
        table = make_grid(ws.title, ws.title, ws.iter_rows(values_only=True))
        # A merged range's value fills its first column on every row it spans.
        for rng in ws.merged_cells.ranges:
            top = table.cells[rng.min_row - 1][rng.min_col - 1]
            for r in range(rng.min_row, min(rng.max_row, len(table.cells)) + 1):
                table.cells[r - 1][rng.min_col - 1] = top
        tables.append(table)
    return tables


def decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else GBK/GB18030; ``None`` if neither."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def sniff_delimiter(text: str) -> str:
    def consistency(delimiter: str) -> tuple[int, int]:
        records = [
            r for _, r in zip(range(30), csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), strict=False)
        ]
        widths = Counter(len(r) for r in records if any(c.strip() for c in r))
        if not widths:
            return (0, 0)
        width, count = widths.most_common(1)[0]
        return (count if width > 1 else 0, width)

    return max(",\t", key=consistency)  # ties keep the comma


def csv_grids(path: Path) -> list[Grid]:
    text = decode_text(path.read_bytes())
    if text is None:
        raise DataError(issues=[InputIssue(str(path), "cannot decode the file: it is neither UTF-8 nor GBK/GB18030")])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    return [make_grid(None, path.stem, reader)]
