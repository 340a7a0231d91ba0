"""Read a dataset folder and validate it into the knowledge model.

A dataset is a folder::

    dataset.yaml      id, name, description, illustrative, and its lists
    areas.yaml        Area entries          (each file is a YAML list of mappings;
    bodies.yaml       Body entries           every file but dataset.yaml is optional)
    decisions.yaml    Decision entries
    powers.yaml       PowerGrant entries
    handovers.yaml    Handover entries
    duties.csv        optional duty catalogue: duty_id, name, duty_type, legal_basis, code
    aliases.yaml      optional alias table for body names in published lists (or aliases.csv)
    lists/…           one CSV or XLSX file per duty list (see ``TIDY_COLUMNS``), or a
                      published list in any layout that ``loaders/`` describes

Published lists (mapped layouts)
--------------------------------
A list whose ``layout`` is ``auto``, the name of a mapping in ``loaders/`` (e.g.
``layout-c-three-lists``) or a path to a mapping YAML file in the dataset folder is read
with :func:`kg.readers.read_list`. Each row becomes a Duty and a ListEntry:

* **Duty id** — ``duty-<scope>-<h>``, where ``<scope>`` is the id of the county-level
  Area above the list owner's area (else the owner's top-most area, else the owner id)
  and ``<h>`` the first 12 hex digits of the SHA-1 of the normalised name (NFKC, white
  space removed, trailing punctuation dropped). A sub-item (子项) is named
  ``主项 / 子项`` and hashed as ``主项/子项``; its main item's name is kept in
  ``parent_name``. So the same duty worded the same way on two lists of one county has
  one id, whoever publishes it. The 项目编码 is kept as ``code`` but is not part of the
  id: codes are shared by a main item's sub-items and renumbered between versions; a
  changed name with the same code is what ``kg diff`` reports as a rename. When lists
  of one dataset give different values for the same duty, the most recent list (by
  ``effective_date``; ties: the one listed first) gives them.
* **Three lists** — a three-list file (layout C) holds rows of three kinds: 基本
  (basic), 配合 (cooperating) and 收回 (taken_back). Each kind is its own DutyList in
  ``dataset.yaml``: declare the file once per kind, with ``kind: basic`` /
  ``cooperating`` / ``taken_back``; a list takes the rows whose category is its kind.
  Rows of a kind that no list takes are an error (nothing is dropped silently).
  ``category:`` sets the category of every row of the file (a CSV exported from one
  sheet whose name does not tell it) and must equal the list's kind.
* **Holders** — names are resolved to bodies through body names and ids in
  ``bodies.yaml`` and the alias table; a name that several bodies carry resolves to the
  one in the list owner's county. For power, empowerment and basic rows the lead cell
  leads (the owner leads when the row names no lead) and 关联单位/配合部门 cooperate; for
  cooperating rows 关联单位 lead and the owner cooperates; for taken-back rows 关联单位
  lead. An unresolved name is an error located at its cell, listing close known names;
  it never becomes a new body.
* **Legal basis** — the text is kept in ``legal_basis``; ``legal_citations`` holds each
  provision (``《中华人民共和国安全生产法》第六十五条第一款``) and ``legal_articles``
  each article cited (``《…》第六十五条``), numbers in Chinese numerals, so duties that
  rest on the same article are found with ``WHERE $a IN d.legal_articles``.

The alias table is a YAML list of ``{name: 县自然资源局, body: X1-nr}`` (or a mapping
``县自然资源局: X1-nr``), or a CSV with columns ``name,body``.

Reading never writes. Every problem is collected as an :class:`InputIssue` with its
file, sheet, row and column; if there is any, :class:`DataError` is raised with all of
them, so a load either writes a fully valid dataset or nothing.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml
from openpyxl.utils import get_column_letter
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kg import model as m
from kg.errors import DataError, InputIssue, KgError
from kg.ingest.normalise import split_names

if TYPE_CHECKING:
    from kg.ingest.published import ListRow, Mapping

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
    layout: str = "tidy"  # tidy | auto | a mapping name in loaders/ | a mapping YAML path
    category: Literal["basic", "cooperating", "taken_back"] | None = None  # mapped three-lists only
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
        return f"{header} ({get_column_letter(self.header.index(header) + 1)})"


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


# --------------------------------------------------------------------------- published lists (mapped layouts)

_TRAILING_PUNCT = "。；;，,、.．:："
_ZH_DIGITS = "零一二三四五六七八九"


def _norm_name(text: str) -> str:
    """A name as compared: NFKC, no white space, no trailing punctuation."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).rstrip(_TRAILING_PUNCT)


def mapped_duty_id(scope: str, normalised_name: str) -> str:
    """The id of a duty read from a published list (see the module docstring)."""
    return f"duty-{scope}-{hashlib.sha1(normalised_name.encode('utf-8')).hexdigest()[:12]}"


def zh_number(n: int) -> str:
    """A number in Chinese numerals as laws write them (105 → 一百零五, 12 → 十二)."""
    if n < 0 or n >= 10000:
        return str(n)
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 20:
        return "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    out, gap = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = (n // value) % 10
        if d:
            out += ("零" if gap and out else "") + _ZH_DIGITS[d] + unit
            gap = False
        elif out:
            gap = True
    return out


def _provision(written: str | None, number: int | None, unit: str) -> str:
    if written is None:
        return ""
    return f"第{zh_number(number)}{unit}" if number is not None else written


def citation_text(c: Any) -> str:
    """A :class:`kg.legal.Citation` as ``《法》第X条第Y款第Z项`` (numbers in Chinese numerals)."""
    return (f"《{c.law}》" + _provision(c.article, c.article_no, "条")
            + _provision(c.paragraph, c.paragraph_no, "款") + _provision(c.item, c.item_no, "项"))


def article_text(c: Any) -> str | None:
    """The article a citation rests on, ``《法》第X条``; ``None`` without an article."""
    return f"《{c.law}》" + _provision(c.article, c.article_no, "条") if c.article else None


def _relocate(issue: InputIssue, path: str, rel: str) -> InputIssue:
    """An issue of ``read_list`` with the file named relative to the dataset."""
    if issue.file != path and path not in issue.message:
        return issue
    return InputIssue(rel if issue.file == path else issue.file, issue.message.replace(path, rel), issue.sheet, issue.row, issue.column)


@dataclass
class _MappedState:
    """What the mapped-list path keeps while a dataset is read."""

    names: dict[str, list[str]] = field(default_factory=dict)  # normalised name -> body ids
    display: dict[str, str] = field(default_factory=dict)  # normalised name -> as first written
    scopes: dict[str, str | None] = field(default_factory=dict)  # body id -> county scope
    files: dict[tuple, list[ListRow] | None] = field(default_factory=dict)
    file_specs: dict[tuple, ListSpec] = field(default_factory=dict)
    claimed: dict[tuple, set[str]] = field(default_factory=dict)
    duty_rank: dict[str, tuple[Any, int]] = field(default_factory=dict)
    shipped: dict[str, Mapping] | None = None
    mappings: dict[str, Mapping] = field(default_factory=dict)
    order: int = 0

    def add_name(self, name: str, body_id: str) -> None:
        key = _norm_name(name)
        if not key:
            return
        ids = self.names.setdefault(key, [])
        if body_id not in ids:
            ids.append(body_id)
        self.display.setdefault(key, name.strip())

    def header_of(self, r: ListRow, fld: str) -> str:
        """The header text of a row's field, e.g. 关联单位, for messages."""
        mapping = self.mappings.get(r.layout or "")
        if mapping is not None:
            for header in r.raw:
                if mapping.field_of(header.split(" (")[0]) == fld:
                    return header
        return fld


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
        self._mapped: _MappedState | None = None  # state of the published-list (mapped) path

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
        self.finish_mapped_lists()
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
                leads=split_names(row.get("lead")), cooperating=split_names(row.get("cooperating")),
                clause=spec.clause or "DL-1.3", source_file=rel, source_sheet=table.sheet, source_row=row_no,
            ))
            self._entry_rows[(spec.id, duty.id)] = (table, row_no)

    # ----------------------------------------------------------------------- mapped (published) lists

    def _mapped_state(self) -> _MappedState:
        if self._mapped is None:
            self._mapped = _MappedState()
            self.read_aliases()
        return self._mapped

    def read_aliases(self) -> None:
        """Read ``aliases.yaml`` / ``aliases.csv`` into the name index (with body names and ids)."""
        st = self._mapped if self._mapped is not None else self._mapped_state()
        for body in self.entities.values():
            if isinstance(body, m.Body):
                st.add_name(body.name, body.id)
                st.add_name(body.id, body.id)
        pairs: list[tuple[str, str, str, int | None]] = []  # (name, body id, file, row)
        yaml_path, csv_path = self.root / "aliases.yaml", self.root / "aliases.csv"
        if yaml_path.exists():
            rel = self.rel(yaml_path)
            data = _read_yaml(yaml_path, rel, self.issues)
            if isinstance(data, dict):  # name: body
                lines = data.get("__key_lines__", {})
                for name, body in _strip_lines(data).items():
                    pairs.append((str(name), str(body or ""), rel, lines.get(name)))
            elif isinstance(data, list):
                for item in data:
                    if not isinstance(item, dict) or set(_strip_lines(item)) != {"name", "body"}:
                        self.issues.append(InputIssue(rel, f"alias entry {_strip_lines(item)!r} must have exactly the keys name and body", row=item.get("__line__") if isinstance(item, dict) else None))
                        continue
                    pairs.append((str(item["name"]), str(item["body"] or ""), rel, item.get("__line__")))
            elif data is not None:
                self.issues.append(InputIssue(rel, "must be a list of {name, body} entries or a mapping name: body", row=1))
        if csv_path.exists():
            table = read_table(csv_path, self.rel(csv_path), None, self.issues)
            if table is not None and self.check_columns(table, ("name", "body"), ("name", "body")):
                for row_no, row in table.rows:
                    pairs.append((row.get("name", ""), row.get("body", ""), table.file, row_no))
        for name, body_id, rel, row in pairs:
            name, body_id = name.strip(), body_id.strip()
            target = self.entities.get(body_id)
            if not name or not body_id:
                self.issues.append(InputIssue(rel, "an alias needs both a name and a body id", row=row))
            elif target is None and (body_id in self.invalid_ids or m.Body.LABEL in self.unreadable):
                continue
            elif not isinstance(target, m.Body):
                what = "is not a body defined in this dataset" if target is None else f"is a {target.LABEL}, not a Body"
                self.issues.append(InputIssue(rel, f"alias {name!r} names body {body_id!r}, which {what}", row=row, column="body"))
            else:
                st.add_name(name, body_id)

    def _layout(self, spec: ListSpec, line_of: dict[str, int], dataset_rel: str) -> tuple[bool, Any]:
        """What to pass to ``read_list`` as its mapping; ``(False, None)`` after an issue."""
        from kg.ingest.published import _load_mapping_file, load_mappings

        st = self._mapped_state()
        if st.shipped is None:
            try:
                st.shipped = load_mappings()
            except DataError as e:
                self.issues.extend(e.issues)
                st.shipped = {}
            except KgError as e:
                self.issues.append(InputIssue(dataset_rel, str(e)))
                st.shipped = {}
            st.mappings.update(st.shipped)
        if spec.layout == "auto":
            return True, None
        if spec.layout.endswith((".yaml", ".yml")):
            path = self.root / spec.layout
            if not path.is_file():
                self.issues.append(InputIssue(dataset_rel, f"mapping file {spec.layout!r} not found in the dataset folder", row=line_of.get("layout"), column="layout"))
                return False, None
            issues: list[InputIssue] = []
            mapping = _load_mapping_file(path, issues)
            self.issues.extend(issues)
            if mapping is not None:
                st.mappings[mapping.name] = mapping
            return mapping is not None, mapping
        if spec.layout not in st.shipped:
            valid = ", ".join(["tidy", "auto", *sorted(st.shipped), "<a mapping .yaml in the dataset folder>"])
            self.issues.append(InputIssue(dataset_rel, f"list {spec.id!r} has an unknown layout {spec.layout!r}; use one of: {valid}", row=line_of.get("layout"), column="layout"))
            return False, None
        return True, spec.layout

    def _mapped_rows(self, spec: ListSpec, path: Path, rel: str, mapping: Any) -> list[ListRow] | None:
        """The rows of a published list file, read once however many lists take them."""
        from kg.ingest.published import read_list

        st = self._mapped_state()
        key = (str(path), spec.layout, spec.sheet, spec.category)
        if key in st.files:
            return st.files[key]
        rows: list[ListRow] | None = None
        try:
            rows = read_list(path, mapping=mapping, sheet=spec.sheet, category=spec.category)
        except DataError as e:
            self.issues.extend(_relocate(i, str(path), rel) for i in e.issues)
        except KgError as e:
            self.issues.append(InputIssue(rel, str(e).replace(str(path), rel), sheet=spec.sheet))
        if rows is not None:
            for r in rows:
                r.file = rel
        st.files[key] = rows
        st.file_specs[key] = spec
        return rows

    def read_mapped_list(self, spec: ListSpec, path: Path, rel: str) -> None:
        from kg.ingest.published import CATEGORIES

        st = self._mapped_state()
        dataset_rel = self.rel(self.root / "dataset.yaml")
        line_of = self.key_lines.get(spec.id, {})
        st.order += 1
        rank = (spec.effective_date, -st.order)
        ok, mapping = self._layout(spec, line_of, dataset_rel)
        if not ok:
            self.unreadable.add(m.Duty.LABEL)
            return
        if spec.category is not None and spec.category != spec.kind:
            self.issues.append(InputIssue(dataset_rel, f"list {spec.id!r} has category {spec.category!r} but kind {spec.kind!r}; they must be the same", row=line_of.get("category"), column="category"))
            return
        rows = self._mapped_rows(spec, path, rel, mapping)
        if rows is None:
            self.unreadable.add(m.Duty.LABEL)
            return
        key = (str(path), spec.layout, spec.sheet, spec.category)
        if any(r.category for r in rows):
            if spec.kind not in CATEGORIES:
                self.issues.append(InputIssue(dataset_rel, f"list {spec.id!r}: {spec.file} is a three-list file (基本/配合/收回); declare one list per kind with kind basic, cooperating or taken_back", row=line_of.get("kind"), column="kind"))
                return
            st.claimed.setdefault(key, set()).add(spec.kind)
            rows = [r for r in rows if r.category == spec.kind]
            if not rows:
                self.issues.append(InputIssue(rel, f"has no rows of the {spec.kind} list ({m.LIST_KIND_ZH[m.ListKind(spec.kind)]}) that list {spec.id!r} takes", sheet=spec.sheet))
                return
        elif not rows:
            self.issues.append(InputIssue(rel, "has a header but no rows", sheet=spec.sheet))
            return
        owner = self.entities.get(spec.owner)
        owner_id = owner.id if isinstance(owner, m.Body) else None  # else check_references reports the owner
        scope = self._scope_of_body(spec.owner) or spec.owner
        seen: dict[str, int] = {}
        for r in rows:
            duty = self._mapped_duty(r, scope, rank)
            if duty is None:
                continue
            if duty.id in seen:
                self.issues.append(InputIssue(rel, f"duty {duty.name!r} is listed twice in this list (first at row {seen[duty.id]})", sheet=r.sheet, row=r.row, column=r.columns.get("name")))
                continue
            seen[duty.id] = r.row
            leads, cooperating = self._holders(r, owner_id, scope)
            if leads is None or cooperating is None:
                continue
            cooperating = [b for b in cooperating if b not in leads]
            self.entries.append(m.ListEntry(
                list_id=spec.id, duty=duty.id, seq=r.seq, leads=leads, cooperating=cooperating,
                clause=spec.clause or "DL-1.3", source_file=rel, source_sheet=r.sheet, source_row=r.row,
            ))
            self._entry_rows[(spec.id, duty.id)] = (Table(rel, r.sheet, [], []), r.row)

    def _mapped_duty(self, r: ListRow, scope: str, rank: tuple[Any, int]) -> m.Duty | None:
        norm = _norm_name(r.name) if not r.parent_name else f"{_norm_name(r.parent_name)}/{_norm_name(r.name)}"
        duty_id = mapped_duty_id(scope, norm)
        citations = r.citations()
        values: dict[str, Any] = {
            "id": duty_id, "name": f"{r.parent_name} / {r.name}" if r.parent_name else r.name,
            "duty_type": r.duty_type, "legal_basis": r.legal_basis, "code": r.code, "parent_name": r.parent_name,
            "legal_citations": list(dict.fromkeys(citation_text(c) for c in citations)) or None,
            "legal_articles": list(dict.fromkeys(a for c in citations if (a := article_text(c)))) or None,
            "source_file": r.file, "source_row": r.row,
        }
        try:
            duty = m.Duty.model_validate(values)
        except ValidationError as e:
            for issue in _pydantic_issues(e, r.file, r.row, {}, sheet=r.sheet):
                self.issues.append(InputIssue(r.file, issue.message, sheet=r.sheet, row=r.row, column=r.columns.get(issue.column or "", issue.column)))
            return None
        st = self._mapped_state()
        known = self.duties.get(duty_id)
        if known is None:
            if duty_id in self.entities:
                f, row = self.where[duty_id]
                self.issues.append(InputIssue(r.file, f"duty id {duty_id!r} is already used by another entry at {f}, row {row}", sheet=r.sheet, row=r.row, column=r.columns.get("name")))
                return None
            self.duties[duty_id] = duty
            st.duty_rank[duty_id] = rank
            return duty
        if duty_id not in st.duty_rank:
            self.issues.append(InputIssue(r.file, f"duty id {duty_id!r} is already used by a duty at {known.source_file}, row {known.source_row}", sheet=r.sheet, row=r.row, column=r.columns.get("name")))
            return None
        newer = rank > st.duty_rank[duty_id]
        update = {k: v for k, v in duty.model_dump(exclude={"id"}).items() if v is not None and (newer or getattr(known, k) is None)}
        if newer:
            st.duty_rank[duty_id] = rank
            if duty.legal_basis is not None:  # the legal basis and what is parsed from it go together
                for k in ("legal_citations", "legal_articles"):
                    update[k] = getattr(duty, k)
        if update:
            self.duties[duty_id] = known = known.model_copy(update=update)
        return known

    def _holders(self, r: ListRow, owner: str | None, scope: str) -> tuple[list[str] | None, list[str] | None]:
        """Lead and cooperating body ids of a row by its category (see the module docstring)."""
        lead_names = [(n, "lead") for n in r.lead]
        coop_names = [(n, "cooperating") for n in r.cooperating]
        owner_ids = [owner] if owner else []
        if r.category in ("cooperating", "taken_back"):
            if not lead_names:
                lead_names, coop_names = coop_names, []
            if not lead_names:
                self.issues.append(InputIssue(r.file, f"a {r.category} item must name the upper department(s) that lead it (关联单位)", sheet=r.sheet, row=r.row, column=r.columns.get("cooperating") or r.columns.get("lead")))
                return None, None
            leads, cooperating = self._resolve(r, lead_names, scope), self._resolve(r, coop_names, scope)
            if r.category == "cooperating" and cooperating is not None:
                cooperating = owner_ids + cooperating
            return leads, cooperating
        leads = self._resolve(r, lead_names, scope) if lead_names else owner_ids
        return leads, self._resolve(r, coop_names, scope)

    def _resolve(self, r: ListRow, names: list[tuple[str, str]], scope: str) -> list[str] | None:
        """Body ids for names as written; ``None`` (after located issues) if any is unknown."""
        st = self._mapped_state()
        out: list[str] = []
        ok = True
        for name, fld in names:
            candidates = st.names.get(_norm_name(name), [])
            if len(candidates) > 1:
                local = [b for b in candidates if self._scope_of_body(b) == scope]
                candidates = local or candidates
            column = r.columns.get(fld)
            header = st.header_of(r, fld)
            if len(candidates) == 1:
                if candidates[0] not in out:
                    out.append(candidates[0])
                continue
            ok = False
            if candidates:
                self.issues.append(InputIssue(r.file, f"{header} names {name!r}, which several bodies carry ({', '.join(candidates)}); add an alias that names one of them", sheet=r.sheet, row=r.row, column=column))
                continue
            close = self._close_names(name, scope)
            hint = f"; close known names: {', '.join(close)}" if close else ""
            self.issues.append(InputIssue(r.file, f"{header} names {name!r}, which is not a known body: map it to a body in aliases.yaml, or add the body to bodies.yaml{hint}", sheet=r.sheet, row=r.row, column=column))
        return out if ok else None

    def _close_names(self, name: str, scope: str) -> list[str]:
        st = self._mapped_state()
        written: dict[str, str] = {}  # display text -> normalised name
        for key, ids in st.names.items():
            local = [b for b in ids if self._scope_of_body(b) in (scope, None)]
            if local:
                written[f"{st.display[key]} ({', '.join(local)})"] = key
        keys = difflib.get_close_matches(_norm_name(name), list(set(written.values())), n=3, cutoff=0.4)
        return [d for k in keys for d, v in written.items() if v == k][:3]

    def _scope_of_area(self, area_id: str | None) -> str | None:
        """The county-level area above an area (or the top-most area reached)."""
        seen: set[str] = set()
        last = None
        while area_id and area_id not in seen:
            seen.add(area_id)
            area = self.entities.get(area_id)
            if not isinstance(area, m.Area):
                break
            last = area.id
            if area.level in (m.AreaLevel.COUNTY, m.AreaLevel.CITY):
                return area.id
            area_id = area.parent
        return last

    def _scope_of_body(self, body_id: str | None) -> str | None:
        st = self._mapped_state()
        if body_id in st.scopes:
            return st.scopes[body_id]
        seen: set[str] = set()
        scope, current = None, body_id
        while current and current not in seen:
            seen.add(current)
            body = self.entities.get(current)
            if not isinstance(body, m.Body):
                break
            if body.area:
                scope = self._scope_of_area(body.area)
                break
            current = body.parent
        st.scopes[body_id or ""] = scope
        return scope

    def finish_mapped_lists(self) -> None:
        """After every list is read: rows of a three-list file that no list takes are errors."""
        if self._mapped is None:
            if (self.root / "aliases.yaml").exists() or (self.root / "aliases.csv").exists():
                self._mapped_state()  # validate the alias table even without mapped lists
            return
        st = self._mapped
        for key, rows in st.files.items():
            if not rows or not any(r.category for r in rows):
                continue
            claimed = st.claimed.get(key, set())
            spec = st.file_specs[key]
            for cat in dict.fromkeys(r.category for r in rows if r.category):
                if cat in claimed or not claimed:
                    continue
                first = next(r for r in rows if r.category == cat)
                n = sum(1 for r in rows if r.category == cat)
                self.issues.append(InputIssue(
                    first.file, f"has {n} rows of the {cat} list ({m.LIST_KIND_ZH[m.ListKind(cat)]}) that no list in dataset.yaml takes: "
                    f"add a list with kind: {cat} and file: {spec.file}", sheet=first.sheet, row=first.row))

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
