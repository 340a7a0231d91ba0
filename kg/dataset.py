"""Read a dataset folder and validate it into the knowledge model.

A dataset is a folder::

    dataset.yaml      id, name, description, illustrative, and its lists
    areas.yaml        Area entries          (each file is a YAML list of mappings;
    bodies.yaml       Body entries           every file but dataset.yaml is optional)
    decisions.yaml    Decision entries
    powers.yaml       PowerGrant entries
    handovers.yaml    Handover entries
    duties.csv        optional duty catalogue: duty_id, name, duty_type, legal_basis, code
    lists/…           one CSV or XLSX file per duty list (see ``TIDY_COLUMNS``)

Reading never writes. Every problem is collected as an :class:`InputIssue` with its
file, sheet, row and column; if there is any, :class:`DataError` is raised with all of
them, so a load either writes a fully valid dataset or nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import model as m
from .errors import DataError, InputIssue

ORG_FILES: dict[str, type[m.Entity]] = {
    "areas.yaml": m.Area,
    "bodies.yaml": m.Body,
    "decisions.yaml": m.Decision,
    "powers.yaml": m.PowerGrant,
    "handovers.yaml": m.Handover,
}

#: columns of a list file in the tidy layout; ``duty_id`` and ``name`` are required
TIDY_COLUMNS = ("seq", "duty_id", "name", "duty_type", "legal_basis", "code", "lead", "cooperating")
TIDY_REQUIRED = ("duty_id", "name")
CATALOGUE_COLUMNS = ("duty_id", "name", "duty_type", "legal_basis", "code")
MULTI_SEPARATORS = (";", "；", "、")


class ListSpec(BaseModel):
    """One list of ``dataset.yaml``: the DutyList node plus where its rows are."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: m.Id
    name: m.Text
    kind: m.ListKind
    owner: m.Id
    effective_date: m.dt.date
    series: m.Id | None = None
    file: m.Text
    sheet: str | None = None
    layout: str = "tidy"
    clause: str | None = None


class DatasetSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: m.Id
    name: m.Text
    description: str | None = None
    illustrative: bool = False
    lists: list[dict[str, Any]] = Field(default_factory=list)


@dataclass
class Dataset:
    """A validated dataset, ready to be written."""

    id: str
    name: str
    root: Path
    entities: list[m.Entity] = field(default_factory=list)
    entries: list[m.ListEntry] = field(default_factory=list)

    def by_label(self) -> dict[str, list[m.Entity]]:
        out: dict[str, list[m.Entity]] = {}
        for e in self.entities:
            out.setdefault(e.LABEL, []).append(e)
        return out


# --------------------------------------------------------------------------- YAML with line numbers


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of each mapping and of each of its keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    data = loader.construct_mapping(node, deep=True)
    data["__line__"] = node.start_mark.line + 1
    data["__key_lines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return data


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# keep dates as text; the model parses them, and the graph stores ISO strings
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _strip_lines(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip_lines(v) for k, v in data.items() if k not in ("__line__", "__key_lines__")}
    if isinstance(data, list):
        return [_strip_lines(v) for v in data]
    return data


def _read_yaml(path: Path, rel: str, issues: list[InputIssue]) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        issues.append(InputIssue(rel, f"is not UTF-8 text (byte {e.start})"))
        return None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        issues.append(InputIssue(rel, f"is not valid YAML: {getattr(e, 'problem', e)}", row=mark.line + 1 if mark else None))
        return None


def _pydantic_issues(err: ValidationError, rel: str, line: int | None, key_lines: dict[str, int], sheet: str | None = None) -> list[InputIssue]:
    out = []
    for e in err.errors():
        loc = [str(x) for x in e["loc"]]
        col = loc[0] if loc else None
        row = key_lines.get(col, line) if col else line
        msg = e["msg"]
        if e["type"] == "extra_forbidden":
            msg = "unknown field"
        elif e["type"] == "missing":
            msg = "required field is missing"
        elif "input" in e and e["type"] not in ("missing",):
            msg = f"{msg} (got {e['input']!r})"
        out.append(InputIssue(rel, msg, sheet=sheet, row=row, column=".".join(loc) or None))
    return out


# --------------------------------------------------------------------------- tables (CSV / XLSX)


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
        return f"{header} ({_col_letter(self.header.index(header) + 1)})"


def _col_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "date") and hasattr(v, "hour"):
        return v.date().isoformat()
    return str(v).strip()


def read_table(path: Path, rel: str, sheet: str | None, issues: list[InputIssue]) -> Table | None:
    """Read a tidy CSV (UTF-8) or XLSX sheet whose first row is the header."""
    if not path.is_file():
        issues.append(InputIssue(rel, "file not found"))
        return None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            issues.append(InputIssue(rel, f"is not UTF-8 (invalid byte at offset {e.start}); save it as UTF-8, or describe its layout with a mapping in loaders/"))
            return None
        records = list(csv.reader(io.StringIO(text, newline="")))
        sheet_name = None
    elif suffix in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises many kinds for a damaged file
            issues.append(InputIssue(rel, f"is not a readable XLSX workbook: {e}"))
            return None
        if sheet is not None and sheet not in wb.sheetnames:
            issues.append(InputIssue(rel, f"has no sheet {sheet!r} (sheets: {', '.join(wb.sheetnames)})", sheet=sheet))
            return None
        ws = wb[sheet] if sheet else wb.worksheets[0]
        sheet_name = ws.title
        records = [[_cell_text(c) for c in r] for r in ws.iter_rows(values_only=True)]
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
        if len(rec) > len(header) and any(c.strip() for c in rec[len(header):]):
            issues.append(InputIssue(rel, f"has {len(rec)} cells but the header has {len(header)}", sheet=sheet_name, row=i))
        rows.append((i, {h: (rec[j].strip() if j < len(rec) else "") for j, h in enumerate(header) if h}))
    return Table(rel, sheet_name, header, rows)


def split_multi(cell: str) -> list[str]:
    """Split a cell that names several ids (``a; b`` or ``a、b``)."""
    parts = [cell]
    for sep in MULTI_SEPARATORS:
        parts = [p for chunk in parts for p in chunk.split(sep)]
    return [p.strip() for p in parts if p.strip()]


# --------------------------------------------------------------------------- reading a dataset


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.issues: list[InputIssue] = []
        self.entities: dict[str, m.Entity] = {}
        self.where: dict[str, tuple[str, int | None]] = {}  # id -> (file, row)
        self.duties: dict[str, m.Duty] = {}
        self.entries: list[m.ListEntry] = []
        self._entry_rows: dict[tuple[str, str], tuple[Table, int]] = {}
        self.key_lines: dict[str, dict[str, int]] = {}  # entity id -> field -> YAML line
        # labels some of whose entries could not be read: a reference to a missing id of
        # such a label may point into the unreadable file, so it is not reported
        self.unreadable: set[str] = set()
        self.invalid_ids: set[str] = set()  # entries refused already: no second error for references to them

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def add(self, entity: m.Entity, rel: str, row: int | None, sheet: str | None = None) -> None:
        if entity.id in self.entities:
            f, r = self.where[entity.id]
            self.issues.append(InputIssue(rel, f"duplicate id {entity.id!r} (first defined at {f}, row {r})", sheet=sheet, row=row, column="id"))
            return
        self.entities[entity.id] = entity
        self.where[entity.id] = (rel, row)

    def read(self) -> Dataset | None:
        root = self.root
        spec_path = root / "dataset.yaml"
        if not root.is_dir():
            self.issues.append(InputIssue(str(root), "dataset folder not found"))
            return None
        if not spec_path.is_file():
            self.issues.append(InputIssue(self.rel(spec_path), "file not found: a dataset folder needs a dataset.yaml"))
            return None
        rel = self.rel(spec_path)
        raw = _read_yaml(spec_path, rel, self.issues)
        if raw is None:
            if not self.issues:
                self.issues.append(InputIssue(rel, "is empty"))
            return None
        if not isinstance(raw, dict):
            self.issues.append(InputIssue(rel, "must be a mapping with id, name and lists", row=1))
            return None
        try:
            spec = DatasetSpec.model_validate(_strip_lines({k: v for k, v in raw.items()}))
        except ValidationError as e:
            self.issues.extend(_pydantic_issues(e, rel, raw.get("__line__"), raw.get("__key_lines__", {})))
            return None

        for name, kind in ORG_FILES.items():
            self.read_org_file(root / name, kind)
        self.read_catalogue(root / "duties.csv")
        for item in raw.get("lists") or []:
            self.read_list(item, rel)
        self.check_references()
        if self.issues:
            return None
        entities = list(self.entities.values()) + list(self.duties.values())
        return Dataset(id=spec.id, name=spec.name, root=root, entities=entities, entries=self.entries)

    def read_org_file(self, path: Path, kind: type[m.Entity]) -> None:
        if not path.exists():
            return
        rel = self.rel(path)
        data = _read_yaml(path, rel, self.issues)
        if data is None:
            self.unreadable.add(kind.LABEL)
            return
        if not isinstance(data, list):
            self.issues.append(InputIssue(rel, "must be a YAML list of entries", row=1))
            return
        for item in data:
            if not isinstance(item, dict):
                self.issues.append(InputIssue(rel, f"entry {item!r} is not a mapping"))
                continue
            line = item.get("__line__")
            values = _strip_lines(item)
            values.update(source_file=rel, source_row=line)
            try:
                entity = kind.model_validate(values)
            except ValidationError as e:
                self.issues.extend(_pydantic_issues(e, rel, line, item.get("__key_lines__", {})))
                self.invalid_ids.add(str(values.get("id", "")).strip())
                continue
            self.add(entity, rel, line)
            self.key_lines.setdefault(entity.id, item.get("__key_lines__", {}))

    def duty_from_row(self, table: Table, row_no: int, row: dict[str, str]) -> m.Duty | None:
        values: dict[str, Any] = {"id": row.get("duty_id", ""), "name": row.get("name", "")}
        for col in ("duty_type", "legal_basis", "code"):
            if row.get(col):
                values[col] = row[col]
        values.update(source_file=table.file, source_row=row_no)
        try:
            duty = m.Duty.model_validate(values)
        except ValidationError as e:
            self.invalid_ids.add(str(values["id"]).strip())
            for issue in _pydantic_issues(e, table.file, row_no, {}, sheet=table.sheet):
                col = {"id": "duty_id"}.get(issue.column or "", issue.column or "")
                self.issues.append(InputIssue(table.file, issue.message, sheet=table.sheet, row=row_no, column=table.column_name(col)))
            return None
        known = self.duties.get(duty.id)
        if known is None:
            if duty.id in self.entities:
                f, r = self.where[duty.id]
                self.issues.append(InputIssue(table.file, f"duty id {duty.id!r} is already used by another entry at {f}, row {r}", sheet=table.sheet, row=row_no, column=table.column_name("duty_id")))
                return None
            self.duties[duty.id] = duty
            return duty
        for attr in ("name", "duty_type", "legal_basis", "code"):
            new, old = getattr(duty, attr), getattr(known, attr)
            if new is not None and old is not None and new != old:
                self.issues.append(InputIssue(
                    table.file,
                    f"duty {duty.id!r} has {attr} {new!r} here but {old!r} at {known.source_file}, row {known.source_row}",
                    sheet=table.sheet, row=row_no, column=table.column_name(attr),
                ))
            elif old is None and new is not None:
                self.duties[duty.id] = known = known.model_copy(update={attr: new})
        return known

    def check_columns(self, table: Table, expected: tuple[str, ...], required: tuple[str, ...]) -> bool:
        ok = True
        for col in required:
            if col not in table.header:
                self.issues.append(InputIssue(table.file, f"required column {col!r} is missing (found: {', '.join(h for h in table.header if h)})", sheet=table.sheet, row=1, column=col))
                ok = False
        for col in table.header:
            if col and col not in expected:
                self.issues.append(InputIssue(table.file, f"unknown column {col!r} (expected some of: {', '.join(expected)})", sheet=table.sheet, row=1, column=col))
                ok = False
        return ok

    def read_catalogue(self, path: Path) -> None:
        if not path.exists():
            return
        table = read_table(path, self.rel(path), None, self.issues)
        if table is None or not self.check_columns(table, CATALOGUE_COLUMNS, TIDY_REQUIRED):
            self.unreadable.add(m.Duty.LABEL)
            return
        for row_no, row in table.rows:
            self.duty_from_row(table, row_no, row)

    def read_list(self, item: Any, dataset_rel: str) -> None:
        if not isinstance(item, dict):
            self.issues.append(InputIssue(dataset_rel, f"list entry {item!r} is not a mapping", column="lists"))
            return
        line = item.get("__line__")
        try:
            spec = ListSpec.model_validate(_strip_lines(item))
        except ValidationError as e:
            self.issues.extend(_pydantic_issues(e, dataset_rel, line, item.get("__key_lines__", {})))
            return
        values = spec.model_dump(include={"id", "name", "kind", "owner", "effective_date", "series", "clause"}, exclude_none=True)
        path = self.root / spec.file
        rel = self.rel(path)
        dlist = m.DutyList.model_validate({**values, "source_file": rel, "source_row": None})
        self.add(dlist, dataset_rel, line)
        self.key_lines.setdefault(spec.id, item.get("__key_lines__", {}))
        if spec.layout != "tidy":
            self.read_mapped_list(spec, path, rel)
            return
        table = read_table(path, rel, spec.sheet, self.issues)
        if table is None or not self.check_columns(table, TIDY_COLUMNS, TIDY_REQUIRED):
            self.unreadable.add(m.Duty.LABEL)
            return
        if not table.rows:
            self.issues.append(InputIssue(rel, "has a header but no rows", sheet=table.sheet, row=2))
            return
        seen: dict[str, int] = {}
        for row_no, row in table.rows:
            duty = self.duty_from_row(table, row_no, row)
            if duty is None:
                continue
            if duty.id in seen:
                self.issues.append(InputIssue(rel, f"duty {duty.id!r} is listed twice in this list (first at row {seen[duty.id]})", sheet=table.sheet, row=row_no, column=table.column_name("duty_id")))
                continue
            seen[duty.id] = row_no
            self.entries.append(m.ListEntry(
                list_id=spec.id, duty=duty.id, seq=row.get("seq") or None,
                leads=split_multi(row.get("lead", "")), cooperating=split_multi(row.get("cooperating", "")),
                clause=spec.clause or "DL-1.3", source_file=rel, source_sheet=table.sheet, source_row=row_no,
            ))
            self._entry_rows[(spec.id, duty.id)] = (table, row_no)

    def read_mapped_list(self, spec: ListSpec, path: Path, rel: str) -> None:
        self.issues.append(InputIssue(rel, f"layout {spec.layout!r} is not known; use layout: tidy"))

    def check_references(self) -> None:
        """Every id an entry names exists, and is of a kind the relationship allows."""
        everything: dict[str, m.Entity] = {**self.entities, **self.duties, **{p.id: p for p in m.POWERS}}
        for entity in list(self.entities.values()):
            rel_file, row = self.where.get(entity.id, (entity.source_file or "", entity.source_row))
            for rel_type, direction, other in entity.edges():
                target = everything.get(other)
                allowed = m.REL_TYPES[rel_type].ends_for(entity.LABEL, direction)
                field_name = next((f for f, (t, _) in entity.REFERENCES.items() if getattr(entity, f) == other), rel_type.lower())
                row = self.key_lines.get(entity.id, {}).get(field_name, row)
                if target is None and (other in self.invalid_ids or set(allowed) & self.unreadable):
                    continue
                if target is None:
                    self.issues.append(InputIssue(rel_file, f"{entity.LABEL} {entity.id!r} names {field_name} {other!r}, which is not defined in this dataset", row=row, column=field_name))
                elif target.LABEL not in allowed:
                    self.issues.append(InputIssue(rel_file, f"{entity.LABEL} {entity.id!r} names {field_name} {other!r}, a {target.LABEL}; expected {' or '.join(allowed)}", row=row, column=field_name))
        for entity in self.entities.values():
            if isinstance(entity, m.Area) and entity.parent in self.entities:
                parent = self.entities[entity.parent]
                if isinstance(parent, m.Area) and parent.level not in m.AREA_PARENT[m.AreaLevel(entity.level)]:
                    rel_file, row = self.where[entity.id]
                    self.issues.append(InputIssue(rel_file, f"a {entity.level} cannot lie in a {parent.level} ({parent.id!r})", row=row, column="parent"))
        for entry in self.entries:
            table, row_no = self._entry_rows[(entry.list_id, entry.duty)]
            for col, ids in (("lead", entry.leads), ("cooperating", entry.cooperating)):
                for body_id in ids:
                    target = self.entities.get(body_id)
                    if target is None and (body_id in self.invalid_ids or m.Body.LABEL in self.unreadable):
                        continue
                    if target is None:
                        self.issues.append(InputIssue(table.file, f"{col} {body_id!r} is not a body defined in this dataset", sheet=table.sheet, row=row_no, column=table.column_name(col)))
                    elif not isinstance(target, m.Body):
                        self.issues.append(InputIssue(table.file, f"{col} {body_id!r} is a {target.LABEL}, not a Body", sheet=table.sheet, row=row_no, column=table.column_name(col)))


def read_dataset(path: str | Path) -> Dataset:
    """Read and validate a dataset folder; raise :class:`DataError` listing every problem."""
    reader = _Reader(Path(path).resolve())
    dataset = reader.read()
    if dataset is None or reader.issues:
        raise DataError(issues=reader.issues)
    return dataset
