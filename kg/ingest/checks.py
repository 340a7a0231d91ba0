"""Checks of the dataset reader: reviewed matches, columns, the plan's facts and
references between entries (a mixin of :class:`kg.ingest.dataset._Reader`, whose state
it shares)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from kg import model as m
from kg.errors import InputIssue
from kg.ingest.limits import present
from kg.ingest.tables import Table
from kg.ingest.yamlio import key_lines_of, line_of, pydantic_issues, read_yaml


class DatasetChecks:
    """Methods of the dataset reader that check what it read (a mixin of
    :class:`kg.ingest.dataset._Reader`, whose state it shares)."""

    root: Path
    issues: list[InputIssue]
    entities: dict[str, m.Entity]
    duties: dict[str, m.Duty]
    entries: list[m.ListEntry]
    _entry_rows: dict[tuple[str, str], tuple[Table, int]]
    key_lines: dict[str, dict[str, int]]
    where: dict[str, tuple[str, int | None]]
    unreadable: set[str]
    invalid_ids: set[str]

    def rel(self, path: Path) -> str:
        raise NotImplementedError

    def read_matches(self, path: Path) -> list[m.MatchDecision]:
        """The reviewed pairs of ``matches.yaml``: each id a duty of this dataset, each pair once."""
        if not present(path):
            return []
        rel = self.rel(path)
        data = read_yaml(path, rel, self.issues, root=self.root)
        if data is None:
            return []
        if not isinstance(data, list):
            self.issues.append(InputIssue(rel, "must be a YAML list of reviewed pairs (a, b, decision, by, at)", row=1))
            return []
        out: list[m.MatchDecision] = []
        seen: dict[tuple[str, str], int | None] = {}
        for item in data:
            if not isinstance(item, dict):
                self.issues.append(InputIssue(rel, f"entry {item!r} is not a mapping"))
                continue
            line, key_lines = line_of(item), key_lines_of(item)
            values = {**item, "source_file": rel, "source_row": line}
            try:
                decision = m.MatchDecision.model_validate(values)
            except ValidationError as e:
                self.issues.extend(pydantic_issues(e, rel, line, key_lines))
                continue
            ok = True
            for col in ("a", "b"):
                duty_id = getattr(decision, col)
                if duty_id in self.duties or duty_id in self.invalid_ids or m.Duty.LABEL in self.unreadable:
                    continue
                ok = False
                other = self.entities.get(duty_id)
                what = f"a {other.LABEL}, not a duty" if other else "not a duty item of this dataset"
                self.issues.append(
                    InputIssue(rel, f"{col} {duty_id!r} is {what}", row=key_lines.get(col, line), column=col)
                )
            if not ok:
                continue
            if decision.pair in seen:
                self.issues.append(
                    InputIssue(
                        rel,
                        f"the pair {decision.pair[0]!r}, {decision.pair[1]!r} is decided twice (first at row {seen[decision.pair]})",
                        row=line,
                        column="a",
                    )
                )
                continue
            seen[decision.pair] = line
            out.append(decision)
        return out

    def check_columns(self, table: Table, expected: tuple[str, ...], required: tuple[str, ...]) -> bool:
        ok = True
        for col in required:
            if col not in table.header:
                self.issues.append(
                    InputIssue(
                        table.file,
                        f"required column {col!r} is missing (found: {', '.join(h for h in table.header if h)})",
                        sheet=table.sheet,
                        row=1,
                        column=col,
                    )
                )
                ok = False
        for col in table.header:
            if col and col not in expected:
                self.issues.append(
                    InputIssue(
                        table.file,
                        f"unknown column {col!r} (expected some of: {', '.join(expected)})",
                        sheet=table.sheet,
                        row=1,
                        column=col,
                    )
                )
                ok = False
        return ok

    def check_plan_data(self) -> None:
        """Facts the plan's audits need to judge a place (issue 12 part B): once a dataset
        records any service centre, every community needs its households (DL-3.3); a
        village with a special fund needs its population (DL-4.4)."""
        ents = self.entities.values()
        areas = {e.id: e for e in ents if isinstance(e, m.Area)}
        needs: dict[str, tuple[str, str]] = {}
        if any(isinstance(e, m.ServiceCentre) for e in ents):
            for a in areas.values():
                if a.level == m.AreaLevel.COMMUNITY:
                    needs[a.id] = (
                        "households",
                        "a community needs households once service centres are recorded (DL-3.3)",
                    )
        for e in ents:
            if isinstance(e, m.SpecialFund) and e.place in areas and areas[e.place].level == m.AreaLevel.VILLAGE:
                needs.setdefault(
                    e.place, ("population", f"a village with a special fund ({e.id}) needs population (DL-4.4)")
                )
        for area_id, (prop, why) in sorted(needs.items()):
            if getattr(areas[area_id], prop) is None:
                rel_file, row = self.where[area_id]
                self.issues.append(InputIssue(rel_file, f"{prop} is missing: {why}", row=row, column=prop))

    def check_references(self) -> None:
        """Every id an entry names exists, and is of a kind the relationship allows."""
        # long: every reference field of every entity is checked in one walk, with its line
        everything: dict[str, m.Entity] = {**self.entities, **self.duties, **{p.id: p for p in m.POWERS}}
        ends: dict[
            tuple[str, str, str], tuple[str, ...]
        ] = {}  # (type, label, direction) -> the labels allowed at the other end
        for entity in list(self.entities.values()):
            for rel_type, direction, other in entity.edges():
                target = everything.get(other)
                end_key = (rel_type, entity.LABEL, direction)
                allowed = ends.get(end_key)
                if allowed is None:
                    allowed = ends[end_key] = m.REL_TYPES[rel_type].ends_for(entity.LABEL, direction)
                if target is not None and target.LABEL in allowed:
                    continue
                if target is None and (other in self.invalid_ids or set(allowed) & self.unreadable):
                    continue
                # located only when there is something to report
                rel_file, row = self.where.get(entity.id, (entity.source_file or "", entity.source_row))
                field_name = entity.reference_field(rel_type, other)
                row = self.key_lines.get(entity.id, {}).get(field_name, row)
                if target is None:
                    self.issues.append(
                        InputIssue(
                            rel_file,
                            f"{entity.LABEL} {entity.id!r} names {field_name} {other!r}, which is not defined in this dataset",
                            row=row,
                            column=field_name,
                        )
                    )
                elif target.LABEL not in allowed:
                    self.issues.append(
                        InputIssue(
                            rel_file,
                            f"{entity.LABEL} {entity.id!r} names {field_name} {other!r}, a {target.LABEL}; expected {' or '.join(allowed)}",
                            row=row,
                            column=field_name,
                        )
                    )
        for entity in self.entities.values():
            if isinstance(entity, m.Area) and entity.parent in self.entities:
                parent = self.entities[entity.parent]
                if isinstance(parent, m.Area) and parent.level not in m.AREA_PARENT[m.AreaLevel(entity.level)]:
                    rel_file, row = self.where[entity.id]
                    self.issues.append(
                        InputIssue(
                            rel_file,
                            f"a {entity.level} cannot lie in a {parent.level} ({parent.id!r})",
                            row=row,
                            column="parent",
                        )
                    )
            # a governing body's level is its jurisdiction's: the audits read an issuer's
            # level (e.g. a province's conferment, 行政处罚法 art. 24) from either
            if (
                isinstance(entity, m.Body)
                and entity.kind in m.GOVERNING_KINDS
                and isinstance(self.entities.get(entity.area or ""), m.Area)
            ):
                area = self.entities[entity.area or ""]
                assert isinstance(area, m.Area)
                if area.level != entity.level:
                    rel_file, row = self.where[entity.id]
                    row = self.key_lines.get(entity.id, {}).get("level", row)
                    self.issues.append(
                        InputIssue(
                            rel_file,
                            f"{entity.kind} {entity.id!r} has level {entity.level!r} but governs "
                            f"{area.id!r}, a {area.level}",
                            row=row,
                            column="level",
                        )
                    )
        for entry in self.entries:
            table, row_no = self._entry_rows[(entry.list_id, entry.duty)]
            for col, ids in (("lead", entry.leads), ("cooperating", entry.cooperating), ("entrusted", entry.entrusted)):
                for body_id in ids:
                    target = self.entities.get(body_id)
                    if target is None and (body_id in self.invalid_ids or m.Body.LABEL in self.unreadable):
                        continue
                    if target is None:
                        self.issues.append(
                            InputIssue(
                                table.file,
                                f"{col} {body_id!r} is not a body defined in this dataset",
                                sheet=table.sheet,
                                row=row_no,
                                column=table.column_name(col),
                            )
                        )
                    elif not isinstance(target, m.Body):
                        self.issues.append(
                            InputIssue(
                                table.file,
                                f"{col} {body_id!r} is a {target.LABEL}, not a Body",
                                sheet=table.sheet,
                                row=row_no,
                                column=table.column_name(col),
                            )
                        )
