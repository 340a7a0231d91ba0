"""Read published duty lists (XLSX and CSV) into normalised rows.

The layout of a list is described by a declarative mapping (``loaders/*.yaml``, see
``loaders/README.md``): which header texts name which field, which fields are required,
which columns are filled down, and how sheet names or section rows tell the list kind
(基本 / 配合 / 收回). :func:`read_list` finds the header row under any title rows, fills
merged cells, links sub-items (子项) to their main item, skips section, note and blank
rows, and returns one :class:`ListRow` per data row. Every problem is collected as an
:class:`~kg.errors.InputIssue` and raised together in one :class:`~kg.errors.DataError`.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from kg.errors import DataError, InputIssue, UsageError
from kg.ingest.legal import Citation, parse_legal_basis
from kg.ingest.limits import present
from kg.ingest.mappings import CATEGORIES, FIELDS, FieldName, Mapping, _norm_header, _resolve_mappings, load_mappings
from kg.ingest.normalise import normalise_duty_type, normalise_mode, split_names
from kg.ingest.tables import Grid, csv_grids, single_line, xlsx_grids

__all__ = ["CATEGORIES", "FIELDS", "ListRow", "Mapping", "SheetLayout", "load_mappings", "read_list"]

HEADER_SCAN_ROWS = 10
CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}

_NOTE = re.compile(r"^\s*(备注|注\s*[:：\d]|说明\s*[:：]|填表说明|填报说明)")
_SUB_SEQ = re.compile(r"^\s*(\d+\s*[-－—.．]\s*\d+|[(（]\s*[\d一二三四五六七八九十]+\s*[)）])\s*$")
_SECTION_HEADING = re.compile(r"^\s*([一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+部分)")


@dataclass(kw_only=True)
class ListRow:
    """One data row of a published list, normalised."""

    file: str
    sheet: str | None
    row: int
    category: str | None = None
    seq: str | None = None
    code: str | None = None
    name: str
    parent_name: str | None = None
    duty_type: str | None = None
    duty_type_raw: str | None = None
    legal_basis: str | None = None
    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    original_holder: list[str] = field(default_factory=list)
    mode: str | None = None
    mode_raw: str | None = None  # the 赋权方式 cell as written
    handover_date: str | None = None  # 赋权时间 as written
    upper_duty: str | None = None
    township_duty: str | None = None
    work_mode: str | None = None
    responsibility: str | None = None
    accountability: str | None = None
    accountable_parties: str | None = None  # 追责对象范围
    note: str | None = None  # 备注
    columns: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    source_town: str | None = None
    kind: str | None = None
    layout: str | None = None

    def citations(self) -> list[Citation]:
        """The legal basis parsed into citations (see :func:`kg.ingest.legal.parse_legal_basis`)."""
        return parse_legal_basis(self.legal_basis)


@dataclass(kw_only=True)
class SheetLayout:
    """How one table (a CSV file or a sheet) was read: the layout, its header row, the
    columns it read (header → field) and those it ignored (header texts no field names)."""

    file: str
    sheet: str | None
    layout: str
    header_row: int | None = None  # 1-based
    columns: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- reading


@dataclass
class _Header:
    mapping: Mapping
    row: int  # 0-based
    columns: dict[str, int]


def _fits(mapping: Mapping, columns: dict[str, int]) -> bool:
    return all(f in columns for f in mapping.required) and len(columns) >= min(mapping.min_fields, len(mapping.headers))


def _find_header(table: Grid, mappings: list[Mapping]) -> _Header | None:
    best, best_score = None, None
    for r in range(min(HEADER_SCAN_ROWS, len(table.cells))):
        for mapping in mappings:
            columns = mapping.match_row(table.cells[r])
            if not _fits(mapping, columns):
                continue
            score = (len(columns), len(columns) / len(mapping.headers))
            if best_score is None or score > best_score:
                best, best_score = _Header(mapping, r, columns), score
    return best


def _no_fit_issue(file: str, table: Grid, mappings: list[Mapping]) -> InputIssue:
    scan = range(min(HEADER_SCAN_ROWS, len(table.cells)))
    r = max(scan, key=lambda i: (sum(1 for t in table.cells[i] if t), -i))
    headers = [_norm_header(t) for t in table.cells[r] if t]
    known = list(dict.fromkeys(_norm_header(s) for m in mappings for syns in m.headers.values() for s in syns))
    if len(mappings) == 1:
        mapping = mappings[0]
        columns = mapping.match_row(table.cells[r])
        missing = [f for f in mapping.required if f not in columns]
        if columns and missing:
            wanted = "; ".join(f"{f} ({'/'.join(mapping.headers[f])})" for f in missing)
            return InputIssue(
                file,
                f"required column missing for layout {mapping.name!r}: {wanted}; headers found: {', '.join(headers)}",
                table.sheet,
                r + 1,
            )
    close = []
    for h in headers:
        if h in known:
            continue
        near = difflib.get_close_matches(h, known, n=3, cutoff=0.5)
        if near:
            close.append(f"{h} → {'/'.join(near)}")
    names = ", ".join(m.name for m in mappings)
    return InputIssue(
        file,
        f"no known layout ({names}) fits this table; headers found: {', '.join(headers) or '(none)'}; "
        f"closest known headers: {'; '.join(close) or '(none)'}; "
        "describe the layout in a new loaders/*.yaml mapping (see loaders/README.md)",
        table.sheet,
        r + 1,
    )


def _is_table(table: Grid) -> bool:
    return any(len(table.own_cells(r)) >= 2 for r in range(len(table.cells)))


def _read_table(
    file: str, table: Grid, header: _Header, category: str | None, issues: list[InputIssue]
) -> list[ListRow]:
    # long: one pass over the rows that carries section, fill-down and parent-name state
    mapping, cols = header.mapping, header.columns
    letters = {f: get_column_letter(c + 1) for f, c in cols.items()}
    header_cells = table.cells[header.row]
    raw_keys: dict[int, str] = {}
    for c, h in enumerate(header_cells):
        key = re.sub(r"\s+", "", h)
        if key:
            raw_keys[c] = key if key not in raw_keys.values() else f"{key} ({get_column_letter(c + 1)})"
    name_cols = {cols["name"], cols.get("sub_item", -1)}

    def value(r: int, fld: str) -> str:
        return table.cells[r][cols[fld]] if fld in cols else ""

    current = category
    if current is None and mapping.categories:
        titles = (" ".join(t for _, t in table.own_cells(r)) for r in range(header.row))
        current = next(filter(None, map(mapping.category_of, titles)), None) or mapping.category_of(table.hint)
    last_named = max(
        (r for r in range(header.row + 1, len(table.cells)) if value(r, "name") or value(r, "sub_item")),
        default=header.row,
    )

    rows: list[ListRow] = []
    carried: dict[str, str] = {}
    main_name: str | None = None
    uncategorised = False  # reported once per table
    for r in range(header.row + 1, len(table.cells)):
        own = table.own_cells(r)
        if not own or _NOTE.match(own[0][1]):
            continue
        if len(own) == 1:
            col, text = own[0]
            section = mapping.category_of(text) if mapping.categories else None
            if col not in name_cols or (section and _SECTION_HEADING.match(text)):
                if section and category is None:
                    current = section
                carried, main_name = {}, None
                continue
        if len(mapping.match_row(table.cells[r])) >= max(2, len(cols) // 2):  # repeated header
            carried, main_name = {}, None
            continue
        if r > last_named and not table.original[r][cols.get("seq", cols["name"])]:
            continue  # trailing signature/date lines after the data

        vals = {f: table.cells[r][c] for f, c in cols.items()}
        for f in mapping.fill_down:
            if vals.get(f):
                carried[f] = vals[f]
            elif f in carried:
                vals[f] = carried[f]
        columns = dict(letters)
        cell_name, sub, seq = (
            single_line(vals.get("name")),
            single_line(vals.get("sub_item")),
            single_line(vals.get("seq")),
        )
        parent = None
        name: str | None
        if sub:
            name, parent = sub, cell_name or main_name
            main_name = parent
            columns["name"] = letters["sub_item"]
        elif cell_name and seq and _SUB_SEQ.match(seq) and main_name:
            name, parent = cell_name, main_name
        else:
            name = cell_name
            main_name = cell_name
        if parent:
            columns["parent_name"] = letters["name"]
        missing: list[FieldName] = [f for f in mapping.required if f != "name" and not vals.get(f)]
        if not name:
            missing.insert(0, "name")
        for f in missing:
            header_text = raw_keys.get(cols[f], "/".join(mapping.headers[f]))
            issues.append(
                InputIssue(file, f"required cell {header_text} ({f}) is empty", table.sheet, r + 1, letters[f])
            )
        if missing:
            continue
        if mapping.category_required and current is None:
            if not uncategorised:
                issues.append(
                    InputIssue(
                        file,
                        "cannot tell which list this row belongs to (基本/配合/收回): name the sheet "
                        "or add a section row such as 一、基本履职事项清单, or pass the category",
                        table.sheet,
                        r + 1,
                    )
                )
            uncategorised = True
            continue
        type_raw = single_line(vals.get("duty_type"))
        rows.append(
            ListRow(
                file=file,
                sheet=table.sheet,
                row=r + 1,
                category=current,
                seq=seq,
                code=single_line(vals.get("code")),
                name=name or "",  # never empty here: an empty name is reported as missing above
                parent_name=parent,
                duty_type=normalise_duty_type(type_raw),
                duty_type_raw=type_raw,
                legal_basis=vals.get("legal_basis") or None,
                lead=split_names(vals.get("lead")),
                cooperating=split_names(vals.get("cooperating")),
                original_holder=split_names(vals.get("original_holder")),
                mode=normalise_mode(vals.get("mode")),
                mode_raw=single_line(vals.get("mode")),
                handover_date=single_line(vals.get("handover_date")),
                upper_duty=vals.get("upper_duty") or None,
                township_duty=vals.get("township_duty") or None,
                work_mode=vals.get("work_mode") or None,
                responsibility=vals.get("responsibility") or None,
                accountability=vals.get("accountability") or None,
                accountable_parties=vals.get("accountable_parties") or None,
                note=vals.get("note") or None,
                columns=columns,
                raw={k: table.cells[r][c] for c, k in raw_keys.items()},
                source_town=single_line(vals.get("source_town")),
                kind=mapping.kind,
                layout=mapping.name,
            )
        )
    return rows


def _sheet_layout(file: str, table: Grid, header: _Header) -> SheetLayout:
    cells = table.cells[header.row]
    used = {c: f for f, c in header.columns.items()}
    columns, ignored = {}, []
    for c, text in enumerate(cells):
        key = re.sub(r"\s+", "", text)
        if not key:
            continue
        if c in used:
            columns[key] = used[c]
        else:
            ignored.append(key)
    return SheetLayout(
        file=file,
        sheet=table.sheet,
        layout=header.mapping.name,
        header_row=header.row + 1,
        columns=columns,
        ignored=ignored,
    )


def read_list(
    path: str | Path,
    mapping: str | Mapping | None = None,
    sheet: str | None = None,
    category: str | None = None,
    layouts: list[SheetLayout] | None = None,
    *,
    root: Path | None = None,
) -> list[ListRow]:
    """Read a published list file into normalised rows.

    ``mapping`` is a :class:`Mapping`, a mapping name, or a path to a mapping YAML
    file; ``None`` picks, per sheet, the mapping whose header synonyms fit best.
    ``sheet`` limits an XLSX file to one sheet. ``category`` (``basic``,
    ``cooperating`` or ``taken_back``) sets the list kind of every row, overriding
    sheet names and section rows. ``layouts``, if given, receives one
    :class:`SheetLayout` per table read (the layout used, the columns ignored).
    ``root``: the dataset folder the file must lie in (see
    :func:`kg.ingest.limits.open_input`). Raises :class:`DataError` with every
    located problem.
    """
    if category is not None and category not in CATEGORIES:
        raise UsageError(f"unknown category {category!r}; use one of {', '.join(CATEGORIES)}")
    path = Path(path)
    file = str(path)
    mappings = _resolve_mappings(mapping)
    suffix = path.suffix.lower()
    if not present(path):
        raise DataError(issues=[InputIssue(file, "file not found")])
    if suffix in XLSX_SUFFIXES:
        try:
            tables = xlsx_grids(path, sheet, root=root)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException) as exc:
            raise DataError(issues=[InputIssue(file, f"cannot read the workbook: {exc}")]) from exc
    elif suffix in CSV_SUFFIXES:
        tables = csv_grids(path, root=root)
    else:
        raise DataError(
            issues=[InputIssue(file, f"unsupported file type {suffix or '(none)'}; save it as .xlsx or .csv")]
        )

    issues: list[InputIssue] = []
    rows: list[ListRow] = []
    tables = [t for t in tables if _is_table(t)]
    if not tables:
        issues.append(InputIssue(file, "no table found: no row has two or more filled cells", sheet))
    for table in tables:
        header = _find_header(table, mappings)
        if header is None:
            issues.append(_no_fit_issue(file, table, mappings))
            continue
        if layouts is not None:
            layouts.append(_sheet_layout(file, table, header))
        rows.extend(_read_table(file, table, header, category, issues))
    if issues:
        raise DataError(issues=issues)
    return rows
