"""The published-list (mapped) path of reading a dataset: layouts, mapped rows and duties
keyed by normalised name; the alias table and holders resolved by name within a county
are in :mod:`kg.ingest.mapped_names`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from kg import model as m
from kg.errors import DataError, InputIssue, KgError
from kg.ingest.legal import article_text, citation_text
from kg.ingest.limits import outside_issue, present
from kg.ingest.mapped_handovers import MappedHandovers
from kg.ingest.mapped_names import MappedNames
from kg.ingest.mappings import _load_mapping_file, load_mappings
from kg.ingest.names import _MappedState, _relocate, mapped_duty_id, norm_name
from kg.ingest.published import CATEGORIES, ListRow, SheetLayout, read_list
from kg.ingest.tables import Table
from kg.ingest.yamlio import pydantic_issues

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from kg.ingest.dataset import ListSpec


class MappedListReader(MappedNames, MappedHandovers):
    """Methods of the dataset reader for lists in published layouts (a mixin of
    :class:`kg.ingest.dataset._Reader`, whose state it shares)."""

    root: Path
    issues: list[InputIssue]
    notices: list[InputIssue]
    layouts: list[SheetLayout]
    entities: dict[str, m.Entity]
    duties: dict[str, m.Duty]
    entries: list[m.ListEntry]
    _entry_rows: dict[tuple[str, str], tuple[Table, int]]
    _mapped: _MappedState | None

    key_lines: dict[str, dict[str, int]]
    where: dict[str, tuple[str, int | None]]
    unreadable: set[str]
    invalid_ids: set[str]

    def add(self, entity: m.Entity, rel: str, row: int | None, sheet: str | None = None) -> None:
        raise NotImplementedError

    def _layout(self, spec: ListSpec, line_of: dict[str, int], dataset_rel: str) -> tuple[bool, Any]:
        """What to pass to ``read_list`` as its mapping; ``(False, None)`` after an issue."""
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
            outside = outside_issue(self.root, path, dataset_rel, "layout", line_of.get("layout"))
            if outside:
                self.issues.append(outside)
                return False, None
            if not present(path):
                self.issues.append(
                    InputIssue(
                        dataset_rel,
                        f"mapping file {spec.layout!r} not found in the dataset folder",
                        row=line_of.get("layout"),
                        column="layout",
                    )
                )
                return False, None
            issues: list[InputIssue] = []
            mapping = _load_mapping_file(path, issues, root=self.root)
            self.issues.extend(_relocate(i, str(path), self.rel(path)) for i in issues)
            if mapping is not None:
                st.mappings[mapping.name] = mapping
            return mapping is not None, mapping
        if spec.layout not in st.shipped:
            valid = ", ".join(["tidy", "auto", *sorted(st.shipped), "<a mapping .yaml in the dataset folder>"])
            self.issues.append(
                InputIssue(
                    dataset_rel,
                    f"list {spec.id!r} has an unknown layout {spec.layout!r}; use one of: {valid}",
                    row=line_of.get("layout"),
                    column="layout",
                )
            )
            return False, None
        return True, spec.layout

    def _mapped_rows(self, spec: ListSpec, path: Path, rel: str, mapping: Any) -> list[ListRow] | None:
        """The rows of a published list file, read once however many lists take them."""
        st = self._mapped_state()
        key = (str(path), spec.layout, spec.sheet, spec.category)
        if key in st.files:
            return st.files[key]
        rows: list[ListRow] | None = None
        layouts: list[SheetLayout] = []
        try:
            rows = read_list(
                path, mapping=mapping, sheet=spec.sheet, category=spec.category, layouts=layouts, root=self.root
            )
        except DataError as e:
            self.issues.extend(_relocate(i, str(path), rel) for i in e.issues)
        except KgError as e:
            self.issues.append(InputIssue(rel, str(e).replace(str(path), rel), sheet=spec.sheet))
        if rows is not None:
            for r in rows:
                r.file = rel
            for lay in layouts:
                lay.file = rel
            self.layouts.extend(layouts)
        st.files[key] = rows
        st.file_specs[key] = spec
        return rows

    def read_mapped_list(self, spec: ListSpec, path: Path, rel: str) -> None:
        # long: one list's rows checked in file order, each check reporting its own located issue
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
            self.issues.append(
                InputIssue(
                    dataset_rel,
                    f"list {spec.id!r} has category {spec.category!r} but kind {spec.kind!r}; they must be the same",
                    row=line_of.get("category"),
                    column="category",
                )
            )
            return
        rows = self._mapped_rows(spec, path, rel, mapping)
        if rows is None:
            self.unreadable.add(m.Duty.LABEL)
            return
        key = (str(path), spec.layout, spec.sheet, spec.category)
        if any(r.category for r in rows):
            if spec.kind not in CATEGORIES:
                self.issues.append(
                    InputIssue(
                        dataset_rel,
                        f"list {spec.id!r}: {spec.file} is a three-list file (基本/配合/收回); declare one list per kind with kind basic, cooperating or taken_back",
                        row=line_of.get("kind"),
                        column="kind",
                    )
                )
                return
            st.claimed.setdefault(key, set()).add(spec.kind)
            rows = [r for r in rows if r.category == spec.kind]
            if not rows:
                self.issues.append(
                    InputIssue(
                        rel,
                        f"has no rows of the {spec.kind} list ({m.LIST_KIND_ZH[m.ListKind(spec.kind)]}) that list {spec.id!r} takes",
                        sheet=spec.sheet,
                    )
                )
                return
        elif not rows:
            self.issues.append(InputIssue(rel, "has a header but no rows", sheet=spec.sheet))
            return
        if spec.decision is not None and not isinstance(self.entities.get(spec.decision), m.Decision):
            self.issues.append(
                InputIssue(
                    dataset_rel,
                    f"list {spec.id!r} names decision {spec.decision!r}, which is not a decision of this dataset (decisions.yaml)",
                    row=line_of.get("decision"),
                    column="decision",
                )
            )
        owner = self.entities.get(spec.owner)
        owner_id = owner.id if isinstance(owner, m.Body) else None  # else check_references reports the owner
        scope = self._scope_of_body(spec.owner) or spec.owner
        seen: dict[str, int] = {}
        for r in rows:
            duty = self._mapped_duty(r, scope, rank)
            if duty is None:
                continue
            if duty.id in seen:
                self.issues.append(
                    InputIssue(
                        rel,
                        f"duty {duty.name!r} is listed twice in this list (first at row {seen[duty.id]})",
                        sheet=r.sheet,
                        row=r.row,
                        column=r.columns.get("name"),
                    )
                )
                continue
            seen[duty.id] = r.row
            leads, cooperating = self._holders(r, owner_id, scope)
            if leads is None or cooperating is None:
                continue
            cooperating = [b for b in cooperating if b not in leads]
            entrusted: list[str] = []
            if r.original_holder or r.mode_raw:
                if not self.row_handovers(spec, r, duty, leads, scope):
                    continue
                if r.original_holder and r.mode == m.HandoverMode.ENTRUST:
                    entrusted, leads = leads, []  # acts in the department's name (受委托)
            self.entries.append(
                m.ListEntry(
                    list_id=spec.id,
                    duty=duty.id,
                    seq=r.seq,
                    leads=leads,
                    cooperating=cooperating,
                    entrusted=entrusted,
                    **{f: getattr(r, f) for f in m.ENTRY_CONTENT_FIELDS},
                    clause=spec.clause or "DL-1.3",
                    source_file=rel,
                    source_sheet=r.sheet,
                    source_row=r.row,
                )
            )
            self._entry_rows[(spec.id, duty.id)] = (Table(rel, r.sheet, [], []), r.row)

    def _mapped_duty(self, r: ListRow, scope: str, rank: tuple[Any, int]) -> m.Duty | None:
        # long: the same duty met on several lists is merged field by field, each conflict located
        norm = norm_name(r.name) if not r.parent_name else f"{norm_name(r.parent_name)}/{norm_name(r.name)}"
        duty_id = mapped_duty_id(scope, norm)
        citations = r.citations()
        values: dict[str, Any] = {
            "id": duty_id,
            "name": f"{r.parent_name} / {r.name}" if r.parent_name else r.name,
            "duty_type": r.duty_type,
            "legal_basis": r.legal_basis,
            "code": r.code,
            "parent_name": r.parent_name,
            "legal_citations": list(dict.fromkeys(citation_text(c) for c in citations)) or None,
            "legal_articles": list(dict.fromkeys(a for c in citations if (a := article_text(c)))) or None,
            "source_file": r.file,
            "source_row": r.row,
        }
        try:
            duty = m.Duty.model_validate(values)
        except ValidationError as e:
            for issue in pydantic_issues(e, r.file, r.row, {}, sheet=r.sheet):
                self.issues.append(
                    InputIssue(
                        r.file,
                        issue.message,
                        sheet=r.sheet,
                        row=r.row,
                        column=r.columns.get(issue.column or "", issue.column),
                    )
                )
            return None
        st = self._mapped_state()
        known = self.duties.get(duty_id)
        if known is None:
            if duty_id in self.entities:
                f, row = self.where[duty_id]
                self.issues.append(
                    InputIssue(
                        r.file,
                        f"duty id {duty_id!r} is already used by another entry at {f}, row {row}",
                        sheet=r.sheet,
                        row=r.row,
                        column=r.columns.get("name"),
                    )
                )
                return None
            self.duties[duty_id] = duty
            st.duty_rank[duty_id] = rank
            return duty
        if duty_id not in st.duty_rank:
            self.issues.append(
                InputIssue(
                    r.file,
                    f"duty id {duty_id!r} is already used by a duty at {known.source_file}, row {known.source_row}",
                    sheet=r.sheet,
                    row=r.row,
                    column=r.columns.get("name"),
                )
            )
            return None
        newer = rank > st.duty_rank[duty_id]
        update = {
            k: v
            for k, v in duty.model_dump(exclude={"id"}).items()
            if v is not None and (newer or getattr(known, k) is None)
        }
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
                self.issues.append(
                    InputIssue(
                        r.file,
                        f"a {r.category} item must name the upper department(s) that lead it (关联单位)",
                        sheet=r.sheet,
                        row=r.row,
                        column=r.columns.get("cooperating") or r.columns.get("lead"),
                    )
                )
                return None, None
            leads, cooperating = self._resolve(r, lead_names, scope), self._resolve(r, coop_names, scope)
            if r.category == "cooperating" and cooperating is not None:
                cooperating = owner_ids + cooperating
            return leads, cooperating
        leads = self._resolve(r, lead_names, scope) if lead_names else owner_ids
        return leads, self._resolve(r, coop_names, scope)

    def finish_mapped_lists(self) -> None:
        """After every list is read: rows of a three-list file that no list takes are errors;
        the hand-overs that rows with 原实施主体 record become Handover entities."""
        if self._mapped is None:
            if present(self.root / "aliases.yaml") or present(self.root / "aliases.csv"):
                self._mapped_state()  # validate the alias table even without mapped lists
            return
        st = self._mapped
        self.finish_handovers()
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
                self.issues.append(
                    InputIssue(
                        first.file,
                        f"has {n} rows of the {cat} list ({m.LIST_KIND_ZH[m.ListKind(cat)]}) that no list in dataset.yaml takes: "
                        f"add a list with kind: {cat} and file: {spec.file}",
                        sheet=first.sheet,
                        row=first.row,
                    )
                )
