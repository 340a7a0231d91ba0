"""Read a dataset folder and validate it into the knowledge model.

A dataset is a folder::

    dataset.yaml      id, name, description, illustrative, and its lists
    areas.yaml        Area entries          (each file is a YAML list of mappings;
    bodies.yaml       Body entries           every file but dataset.yaml is optional)
    decisions.yaml    Decision entries
    powers.yaml       PowerGrant entries
    handovers.yaml    Handover entries
    staffing.yaml, party_orgs.yaml, part_time_members.yaml, contact_households.yaml,
    property_companies.yaml, owners_committees.yaml, cross_appointments.yaml,
    in_service_members.yaml   the plan's parts 1–3 (issue 12; docs/policy/plan-model.md §2)
    duties.csv        optional duty catalogue: duty_id, name, duty_type, legal_basis, code
    aliases.yaml      optional alias table for body names in published lists (or aliases.csv)
    matches.yaml      optional reviewed pairs of duty items: same duty or not (``kg match``)
    lists/…           one CSV or XLSX file per duty list (see ``TIDY_COLUMNS``), or a
                      published list in any layout that ``loaders/`` describes

Published lists (mapped layouts)
--------------------------------
A list whose ``layout`` is ``auto``, the name of a mapping in ``loaders/`` (e.g.
``layout-c-three-lists``) or a path to a mapping YAML file in the dataset folder is read
with :func:`kg.ingest.published.read_list`. Each row becomes a Duty and a ListEntry:

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
* **Hand-overs** — a row with 原实施主体 and 赋权方式 (下放 / 委托) records a Handover
  from that department to the row's lead (see :mod:`kg.ingest.mapped_handovers`); the
  row's other content (职责边界划分, 责任事项, 追责, 工作方式, 备注, 来源镇街) is kept on its
  ListEntry, i.e. the INCLUDES relationship.
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

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from kg import model as m
from kg.errors import DataError, InputIssue
from kg.ingest.checks import DatasetChecks
from kg.ingest.limits import outside_issue, present, shorten
from kg.ingest.mapped import MappedListReader
from kg.ingest.mappings import Category
from kg.ingest.names import _MappedState
from kg.ingest.normalise import split_names
from kg.ingest.published import SheetLayout
from kg.ingest.tables import Table, read_table
from kg.ingest.yamlio import key_lines_of, line_of, pydantic_issues, read_yaml

ORG_FILES: dict[str, type[m.Entity]] = {
    "areas.yaml": m.Area,
    "bodies.yaml": m.Body,
    "decisions.yaml": m.Decision,
    "powers.yaml": m.PowerGrant,
    "handovers.yaml": m.Handover,
    # --- issue 12 part A ---
    "staffing.yaml": m.StaffingAllotment,
    "property_companies.yaml": m.PropertyCompany,
    "owners_committees.yaml": m.OwnersCommittee,
    "party_orgs.yaml": m.PartyOrg,
    "part_time_members.yaml": m.PartTimeMember,
    "contact_households.yaml": m.ContactHousehold,
    "cross_appointments.yaml": m.CrossAppointment,
    "in_service_members.yaml": m.InServiceMember,
    # --- end of issue 12 part A ---
    # -- issue 12 part B (DL-3.3, DL-4.1 … DL-4.4)
    "service_centres.yaml": m.ServiceCentre,
    "cadres.yaml": m.CadreAssignment,
    "pairings.yaml": m.Pairing,
    "pairing_projects.yaml": m.PairingProject,
    "deputy_sessions.yaml": m.DeputySession,
    "funds.yaml": m.SpecialFund,
}

#: a list's rows are validated as ListEntry models in one call (not one call per row)
_LIST_ENTRIES = TypeAdapter(list[m.ListEntry])
#: ListEntry field -> the tidy column it comes from
_ENTRY_COLUMNS = {"leads": "lead"}


@cache
def _entity_list(kind: type[m.Entity]) -> TypeAdapter[list[m.Entity]]:
    """Validates a whole file of entries of one kind in one call."""
    return TypeAdapter(list[kind])  # type: ignore[valid-type]


#: columns of a list file in the tidy layout; ``duty_id`` and ``name`` are required
#: ``entrusted`` (issue 11): bodies that act on the item in another body's name (受委托, 委托)
TIDY_COLUMNS = (
    "seq",
    "duty_id",
    "name",
    "duty_type",
    "legal_basis",
    "code",
    "lead",
    "cooperating",
    "entrusted",
)
TIDY_REQUIRED = ("duty_id", "name")
CATALOGUE_COLUMNS = ("duty_id", "name", "duty_type", "legal_basis", "code")
#: the analyst's reviewed pairs of duty items (``kg match confirm`` / ``reject``)
MATCHES_FILE = "matches.yaml"


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
    category: Category | None = None  # mapped three-lists only
    clause: str | None = None
    #: mapped lists: the decision the list is annexed to, behind the hand-overs its rows
    #: with 原实施主体 record (default: the decision whose ``lists`` annex it)
    decision: m.Id | None = None


class DatasetSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: m.Id
    name: m.Text
    description: str | None = None
    illustrative: bool = False
    #: ids of this dataset that another dataset also defines are allowed only for the
    #: datasets named here (this one then takes those nodes over)
    extends: list[m.Id] = Field(default_factory=list)
    lists: list[dict[str, Any]] = Field(default_factory=list)


@dataclass
class Dataset:
    """A validated dataset, ready to be written."""

    id: str
    name: str
    root: Path
    entities: list[m.Entity] = field(default_factory=list)
    entries: list[m.ListEntry] = field(default_factory=list)
    extends: list[str] = field(default_factory=list)
    #: reviewed pairs of duty items (``matches.yaml``), in file order
    matches: list[m.MatchDecision] = field(default_factory=list)
    #: how each list file (each sheet) was read: the layout and the columns it ignored
    layouts: list[SheetLayout] = field(default_factory=list)
    #: located problems that do not stop the load (e.g. 原实施主体 without 赋权方式)
    warnings: list[InputIssue] = field(default_factory=list)


# --------------------------------------------------------------------------- reading a dataset


class _Reader(DatasetChecks, MappedListReader):
    def __init__(self, root: Path, progress: Callable[[str, int, int], None] | None = None) -> None:
        self.root = root
        parent = str(root.parent)
        self._parent_prefix = parent if parent.endswith(os.sep) else parent + os.sep
        self.progress = progress
        self._files_done = 0
        self._files_total = 0
        self.issues: list[InputIssue] = []
        self.notices: list[InputIssue] = []  # warnings: located, but the load goes on
        self.layouts: list[SheetLayout] = []
        self._tidy_files: set[tuple[str, str | None]] = set()
        self.entities: dict[str, m.Entity] = {}
        self.where: dict[str, tuple[str, int | None]] = {}  # id -> (file, row)
        self.duties: dict[str, m.Duty] = {}
        self.entries: list[m.ListEntry] = []
        self._entry_rows: dict[tuple[str, str], tuple[Table, int]] = {}
        #: a duty row's cells (duty_id, name, duty_type, legal_basis, code) -> the Duty validated from them
        self._duty_cells: dict[tuple[str | None, ...], m.Duty] = {}
        self.key_lines: dict[str, dict[str, int]] = {}  # entity id -> field -> YAML line
        # labels some of whose entries could not be read: a reference to a missing id of
        # such a label may point into the unreadable file, so it is not reported
        self.unreadable: set[str] = set()
        self.invalid_ids: set[str] = set()  # entries refused already: no second error for references to them
        self._mapped: _MappedState | None = None  # state of the published-list (mapped) path

    def rel(self, path: Path) -> str:
        text = str(path)
        if text.startswith(self._parent_prefix):  # what relative_to gives, on the string
            return text[len(self._parent_prefix) :]
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def add(self, entity: m.Entity, rel: str, row: int | None, sheet: str | None = None) -> None:
        if entity.id in self.entities:
            f, r = self.where[entity.id]
            self.issues.append(
                InputIssue(
                    rel,
                    f"duplicate id {entity.id!r} (first defined at {f}, row {r})",
                    sheet=sheet,
                    row=row,
                    column="id",
                )
            )
            return
        self.entities[entity.id] = entity
        self.where[entity.id] = (rel, row)

    def read(self) -> Dataset | None:
        root = self.root
        spec_path = root / "dataset.yaml"
        if not root.is_dir():
            self.issues.append(InputIssue(str(root), "dataset folder not found"))
            return None
        if not present(spec_path):
            self.issues.append(InputIssue(self.rel(spec_path), "file not found: a dataset folder needs a dataset.yaml"))
            return None
        rel = self.rel(spec_path)
        raw = read_yaml(spec_path, rel, self.issues, root=self.root)
        if raw is None:
            if not self.issues:
                self.issues.append(InputIssue(rel, "is empty"))
            return None
        if not isinstance(raw, dict):
            self.issues.append(InputIssue(rel, "must be a mapping with id, name and lists", row=1))
            return None
        try:
            spec = DatasetSpec.model_validate(raw)
        except ValidationError as e:
            self.issues.extend(pydantic_issues(e, rel, line_of(raw), key_lines_of(raw)))
            return None

        list_items = raw.get("lists") or []
        self._files_total = len(ORG_FILES) + 1 + len(list_items)
        for name, kind in ORG_FILES.items():
            self.read_org_file(root / name, kind)
            self._tick()
        self.read_catalogue(root / "duties.csv")
        self._tick()
        for item in list_items:
            self.read_list(item, rel)
            self._tick()
        self.finish_mapped_lists()
        self.check_references()
        self.check_plan_data()
        matches = self.read_matches(root / MATCHES_FILE)
        if self.issues:
            return None
        entities = list(self.entities.values()) + list(self.duties.values())
        return Dataset(
            id=spec.id,
            name=spec.name,
            root=root,
            entities=entities,
            entries=self.entries,
            extends=list(spec.extends),
            matches=matches,
            layouts=self.layouts,
            warnings=self.notices,
        )

    def _tick(self) -> None:
        self._files_done += 1
        if self.progress:
            self.progress("read and validate", self._files_done, self._files_total)

    def read_org_file(self, path: Path, kind: type[m.Entity]) -> None:
        if not present(path):
            return
        rel = self.rel(path)
        data = read_yaml(path, rel, self.issues, root=self.root)
        if data is None:
            self.unreadable.add(kind.LABEL)
            return
        if not isinstance(data, list):
            self.issues.append(InputIssue(rel, "must be a YAML list of entries", row=1))
            return
        if all(isinstance(item, dict) for item in data):
            # all entries in one call; if any is invalid, entry by entry below, so that each
            # problem is located and the valid entries are kept for the later checks
            rows = [{**item, "source_file": rel, "source_row": line_of(item)} for item in data]
            try:
                entities = _entity_list(kind).validate_python(rows)
            except ValidationError:
                pass
            else:
                for item, entity in zip(data, entities, strict=True):
                    self.add(entity, rel, line_of(item))
                    self.key_lines.setdefault(entity.id, key_lines_of(item))
                return
        for item in data:
            if not isinstance(item, dict):
                self.issues.append(InputIssue(rel, f"entry {item!r} is not a mapping"))
                continue
            line = line_of(item)
            values = {**item, "source_file": rel, "source_row": line}
            try:
                entity = kind.model_validate(values)
            except ValidationError as e:
                self.issues.extend(pydantic_issues(e, rel, line, key_lines_of(item)))
                self.invalid_ids.add(str(values.get("id", "")).strip())
                continue
            self.add(entity, rel, line)
            self.key_lines.setdefault(entity.id, key_lines_of(item))

    def duty_from_row(self, table: Table, row_no: int, row: dict[str, str]) -> m.Duty | None:
        # the same duty is on many lists, worded the same: a row whose cells were validated
        # before gives the same values, so the Duty validated then stands for it in the
        # comparison with the known duty below (its source is not used there)
        cells = (
            row.get("duty_id", ""),
            row.get("name", ""),
            row.get("duty_type") or None,
            row.get("legal_basis") or None,
            row.get("code") or None,
        )
        seen = self._duty_cells.get(cells)
        if seen is not None and seen.id in self.duties:
            return self._merge_duty(table, row_no, seen)
        values: dict[str, Any] = {"id": cells[0], "name": cells[1]}
        for col, cell in zip(("duty_type", "legal_basis", "code"), cells[2:], strict=True):
            if cell is not None:
                values[col] = cell
        values.update(source_file=table.file, source_row=row_no)
        try:
            duty = m.Duty.model_validate(values)
        except ValidationError as e:
            self.invalid_ids.add(str(values["id"]).strip())
            for issue in pydantic_issues(e, table.file, row_no, {}, sheet=table.sheet):
                col = {"id": "duty_id"}.get(issue.column or "", issue.column or "")
                self.issues.append(
                    InputIssue(table.file, issue.message, sheet=table.sheet, row=row_no, column=table.column_name(col))
                )
            return None
        known = self.duties.get(duty.id)
        if known is None:
            if duty.id in self.entities:
                f, r = self.where[duty.id]
                self.issues.append(
                    InputIssue(
                        table.file,
                        f"duty id {duty.id!r} is already used by another entry at {f}, row {r}",
                        sheet=table.sheet,
                        row=row_no,
                        column=table.column_name("duty_id"),
                    )
                )
                return None
            self.duties[duty.id] = duty
            self._duty_cells[cells] = duty
            return duty
        self._duty_cells[cells] = duty
        return self._merge_duty(table, row_no, duty)

    def _merge_duty(self, table: Table, row_no: int, duty: m.Duty) -> m.Duty:
        """The known duty of ``duty.id`` after comparing it with a row's values: a value
        that differs is an issue at that row, one the known duty lacks is taken."""
        known = self.duties[duty.id]
        for attr in ("name", "duty_type", "legal_basis", "code"):
            new, old = getattr(duty, attr), getattr(known, attr)
            if new is not None and old is not None and new != old:
                self.issues.append(
                    InputIssue(
                        table.file,
                        f"duty {duty.id!r} has {attr} {new!r} here but {old!r} at {known.source_file}, row {known.source_row}",
                        sheet=table.sheet,
                        row=row_no,
                        column=table.column_name(attr),
                    )
                )
            elif old is None and new is not None:
                self.duties[duty.id] = known = known.model_copy(update={attr: new})
        return known

    def read_catalogue(self, path: Path) -> None:
        if not present(path):
            return
        table = read_table(path, self.rel(path), None, self.issues, root=self.root)
        if table is None or not self.check_columns(table, CATALOGUE_COLUMNS, TIDY_REQUIRED):
            self.unreadable.add(m.Duty.LABEL)
            return
        for row_no, row in table.rows:
            self.duty_from_row(table, row_no, row)

    def read_list(self, item: Any, dataset_rel: str) -> None:
        if not isinstance(item, dict):
            self.issues.append(InputIssue(dataset_rel, f"list entry {item!r} is not a mapping", column="lists"))
            return
        line = line_of(item)
        try:
            spec = ListSpec.model_validate(item)
        except ValidationError as e:
            self.issues.extend(pydantic_issues(e, dataset_rel, line, key_lines_of(item)))
            return
        values = spec.model_dump(
            include={"id", "name", "kind", "owner", "effective_date", "series", "clause"}, exclude_none=True
        )
        path = self.root / spec.file
        outside = outside_issue(self.root, path, dataset_rel, "file", key_lines_of(item).get("file", line))
        if outside:
            self.issues.append(outside)
            return
        rel = self.rel(path)
        dlist = m.DutyList.model_validate({**values, "source_file": rel, "source_row": None})
        self.add(dlist, dataset_rel, line)
        self.key_lines.setdefault(spec.id, key_lines_of(item))
        if spec.layout != "tidy":
            self.read_mapped_list(spec, path, rel)
            return
        if spec.decision is not None:
            self.issues.append(
                InputIssue(
                    dataset_rel,
                    f"list {spec.id!r}: decision applies to lists in a published layout, whose 原实施主体 rows record "
                    "hand-overs; in the tidy layout, give the decision of each hand-over in handovers.yaml",
                    row=key_lines_of(item).get("decision", line),
                    column="decision",
                )
            )
        table = read_table(path, rel, spec.sheet, self.issues, root=self.root)
        if table is None or not self.check_columns(table, TIDY_COLUMNS, TIDY_REQUIRED):
            self.unreadable.add(m.Duty.LABEL)
            return
        if (rel, spec.sheet) not in self._tidy_files:
            self._tidy_files.add((rel, spec.sheet))
            self.layouts.append(
                SheetLayout(
                    file=rel, sheet=table.sheet, layout="tidy", header_row=1, columns={h: h for h in table.header if h}
                )
            )
        if not table.rows:
            self.issues.append(InputIssue(rel, "has a header but no rows", sheet=table.sheet, row=2))
            return
        seen: dict[str, int] = {}
        entries: list[dict[str, Any]] = []  # validated together, in one call
        clause = spec.clause or "DL-1.3"
        for row_no, row in table.rows:
            duty = self.duty_from_row(table, row_no, row)
            if duty is None:
                continue
            if duty.id in seen:
                self.issues.append(
                    InputIssue(
                        rel,
                        f"duty {duty.id!r} is listed twice in this list (first at row {seen[duty.id]})",
                        sheet=table.sheet,
                        row=row_no,
                        column=table.column_name("duty_id"),
                    )
                )
                continue
            seen[duty.id] = row_no
            entries.append(
                {
                    "list_id": spec.id,
                    "duty": duty.id,
                    "seq": row.get("seq") or None,
                    "leads": split_names(row.get("lead")),
                    "cooperating": split_names(row.get("cooperating")),
                    "entrusted": split_names(row.get("entrusted")),
                    "clause": clause,
                    "source_file": rel,
                    "source_sheet": table.sheet,
                    "source_row": row_no,
                }
            )
            self._entry_rows[(spec.id, duty.id)] = (table, row_no)
        try:
            self.entries.extend(_LIST_ENTRIES.validate_python(entries))
        except ValidationError as e:  # e.g. a name longer than an id may be: located at its cell
            for err in e.errors():
                index, field_name = err["loc"][0], str(err["loc"][1]) if len(err["loc"]) > 1 else ""
                column = _ENTRY_COLUMNS.get(field_name, field_name)
                self.issues.append(
                    InputIssue(
                        rel,
                        f"{err['msg']} (got {shorten(err['input'])})",
                        sheet=table.sheet,
                        row=entries[int(index)]["source_row"],
                        column=table.column_name(column),
                    )
                )


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside the block (reference counting goes on).

    Reading a dataset builds millions of objects that all stay alive (the files' data,
    the models), and no reference cycles: each time the allocations pass the collector's
    threshold it walks every live object and frees nothing. At 1,500 townships that was
    ~30 % of the validation time, growing faster than the data. The same trick as
    Mercurial's ``util.nogc``; the collector is switched back on (if it was on) at the end."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # what the block built is long-lived: straight into the oldest generation (freeze
        # and unfreeze move every tracked object there without a walk), so the young
        # generations' next collections do not walk all of it once more
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def read_dataset(path: str | Path, progress: Callable[[str, int, int], None] | None = None) -> Dataset:
    """Read and validate a dataset folder; raise :class:`DataError` listing every problem.

    ``progress(stage, done, total)`` is called after each file (YAML file, catalogue, list).
    """
    reader = _Reader(Path(path).resolve(), progress)
    with paused_gc():
        dataset = reader.read()
    if dataset is None or reader.issues:
        raise DataError(issues=reader.issues)
    return dataset
