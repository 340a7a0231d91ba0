"""Names of the published-list (mapped) path of reading a dataset: the alias table, and
holders resolved by name within a county (a mixin of :class:`kg.ingest.mapped.MappedListReader`)."""

from __future__ import annotations

import difflib
from pathlib import Path

from kg import model as m
from kg.errors import InputIssue
from kg.ingest.limits import present
from kg.ingest.names import _MappedState, norm_name
from kg.ingest.published import ListRow
from kg.ingest.tables import Table, read_table
from kg.ingest.yamlio import key_lines_of, line_of, read_yaml


class MappedNames:
    """Methods of the dataset reader that resolve body names of published lists (a mixin
    of :class:`kg.ingest.dataset._Reader` through :class:`kg.ingest.mapped.MappedListReader`,
    whose state it shares)."""

    root: Path
    issues: list[InputIssue]
    entities: dict[str, m.Entity]
    _mapped: _MappedState | None

    unreadable: set[str]
    invalid_ids: set[str]

    def rel(self, path: Path) -> str:
        raise NotImplementedError

    def check_columns(self, table: Table, expected: tuple[str, ...], required: tuple[str, ...]) -> bool:
        raise NotImplementedError

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
        if present(yaml_path):
            rel = self.rel(yaml_path)
            data = read_yaml(yaml_path, rel, self.issues, root=self.root)
            if isinstance(data, dict):  # name: body
                lines = key_lines_of(data)
                for name, body in data.items():
                    pairs.append((str(name), str(body or ""), rel, lines.get(name)))
            elif isinstance(data, list):
                for item in data:
                    if not isinstance(item, dict) or set(item) != {"name", "body"}:
                        self.issues.append(
                            InputIssue(
                                rel,
                                f"alias entry {item!r} must have exactly the keys name and body",
                                row=line_of(item),
                            )
                        )
                        continue
                    pairs.append((str(item["name"]), str(item["body"] or ""), rel, line_of(item)))
            elif data is not None:
                self.issues.append(
                    InputIssue(rel, "must be a list of {name, body} entries or a mapping name: body", row=1)
                )
        if present(csv_path):
            table = read_table(csv_path, self.rel(csv_path), None, self.issues, root=self.root)
            if table is not None and self.check_columns(table, ("name", "body"), ("name", "body")):
                for row_no, cells in table.rows:
                    pairs.append((cells.get("name", ""), cells.get("body", ""), table.file, row_no))
        for name, body_id, rel, row in pairs:
            name, body_id = name.strip(), body_id.strip()
            target = self.entities.get(body_id)
            if not name or not body_id:
                self.issues.append(InputIssue(rel, "an alias needs both a name and a body id", row=row))
            elif target is None and (body_id in self.invalid_ids or m.Body.LABEL in self.unreadable):
                continue
            elif not isinstance(target, m.Body):
                what = "is not a body defined in this dataset" if target is None else f"is a {target.LABEL}, not a Body"
                self.issues.append(
                    InputIssue(rel, f"alias {name!r} names body {body_id!r}, which {what}", row=row, column="body")
                )
            else:
                st.add_name(name, body_id)

    def _resolve(self, r: ListRow, names: list[tuple[str, str]], scope: str) -> list[str] | None:
        """Body ids for names as written; ``None`` (after located issues) if any is unknown."""
        st = self._mapped_state()
        out: list[str] = []
        ok = True
        for name, fld in names:
            candidates = st.names.get(norm_name(name), [])
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
                self.issues.append(
                    InputIssue(
                        r.file,
                        f"{header} names {name!r}, which several bodies carry ({', '.join(candidates)}); add an alias that names one of them",
                        sheet=r.sheet,
                        row=r.row,
                        column=column,
                    )
                )
                continue
            close = self._close_names(name, scope)
            hint = f"; close known names: {', '.join(close)}" if close else ""
            self.issues.append(
                InputIssue(
                    r.file,
                    f"{header} names {name!r}, which is not a known body: map it to a body in aliases.yaml, or add the body to bodies.yaml{hint}",
                    sheet=r.sheet,
                    row=r.row,
                    column=column,
                )
            )
        return out if ok else None

    def _close_names(self, name: str, scope: str) -> list[str]:
        st = self._mapped_state()
        written: dict[str, str] = {}  # display text -> normalised name
        for key, ids in st.names.items():
            local = [b for b in ids if self._scope_of_body(b) in (scope, None)]
            if local:
                written[f"{st.display[key]} ({', '.join(local)})"] = key
        keys = difflib.get_close_matches(norm_name(name), list(set(written.values())), n=3, cutoff=0.4)
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
