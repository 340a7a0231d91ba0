"""Mappings of published-list layouts (``loaders/*.yaml``): which header means which
field, and how to find the shipped ones."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kg.errors import DataError, InputIssue, UsageError
from kg.ingest.limits import MAX_YAML_BYTES, open_input
from kg.ingest.normalise import compact
from kg.ingest.yamlio import safe_load
from kg.model import THREE_LIST_KINDS
from kg.resources import resource_dir

FieldName = Literal[
    "seq",
    "code",
    "name",
    "sub_item",
    "duty_type",
    "legal_basis",
    "lead",
    "cooperating",
    "original_holder",
    "mode",
    "source_town",
    "upper_duty",
    "township_duty",
    "work_mode",
    "responsibility",
    "accountability",
    "accountable_parties",
    "note",
    "handover_date",
]
FIELDS: tuple[str, ...] = get_args(FieldName)

#: where the loader stores each field (issue 11 item 7: a list keeps every column it
#: reads): ``(model class, attribute)``. ``ListEntry`` attributes are properties of the
#: INCLUDES relationship (list → duty) or, for ``leads`` / ``cooperating`` /
#: ``entrusted``, HOLDS_DUTY relationships; ``Handover`` ones are the hand-over a row
#: with 原实施主体 records. A field that is not here cannot be declared by a mapping.
FIELD_STORAGE: dict[str, tuple[str, str]] = {
    "seq": ("ListEntry", "seq"),
    "code": ("Duty", "code"),
    "name": ("Duty", "name"),
    "sub_item": ("Duty", "name"),  # 主项 / 子项; the main item in parent_name
    "duty_type": ("Duty", "duty_type"),
    "legal_basis": ("Duty", "legal_basis"),
    "lead": ("ListEntry", "leads"),  # role entrusted on a 委托 row
    "cooperating": ("ListEntry", "cooperating"),
    "original_holder": ("Handover", "from_body"),
    "mode": ("Handover", "mode"),
    "handover_date": ("Handover", "date"),
    "source_town": ("ListEntry", "source_town"),
    "upper_duty": ("ListEntry", "upper_duty"),
    "township_duty": ("ListEntry", "township_duty"),
    "work_mode": ("ListEntry", "work_mode"),
    "responsibility": ("ListEntry", "responsibility"),
    "accountability": ("ListEntry", "accountability"),
    "accountable_parties": ("ListEntry", "accountable_parties"),
    "note": ("ListEntry", "note"),
}
assert set(FIELD_STORAGE) == set(FIELDS), "every mapping field needs a place in the graph"
CATEGORIES: tuple[str, ...] = tuple(k.value for k in THREE_LIST_KINDS)
Category = Literal["basic", "cooperating", "taken_back"]  # the values of CATEGORIES
_SUFFIX_STARTS = "([【:/"


@lru_cache(maxsize=4096)
def _norm_header(text: str) -> str:
    return compact(text).strip("*")


class Mapping(BaseModel):
    """A declarative description of one list layout (one ``loaders/*.yaml`` file)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    description: str = ""
    kind: Literal["power", "empowerment", "three-list"]
    headers: dict[FieldName, list[str]]
    required: list[FieldName]
    fill_down: list[FieldName] = []
    categories: dict[Category, list[str]] = {}
    category_required: bool = False
    min_fields: int = Field(default=3, ge=1)

    @model_validator(mode="after")
    def _consistent(self) -> Mapping:
        if "name" not in self.headers:
            raise ValueError("headers must give the synonyms of 'name'")
        for key in ("required", "fill_down"):
            unknown = [f for f in getattr(self, key) if f not in self.headers]
            if unknown:
                raise ValueError(f"{key} names fields without headers: {', '.join(unknown)}")
        seen: dict[str, str] = {}
        for fld, synonyms in self.headers.items():
            if not synonyms:
                raise ValueError(f"headers.{fld} lists no header text")
            for syn in map(_norm_header, synonyms):
                if seen.setdefault(syn, fld) != fld:
                    raise ValueError(f"header {syn!r} is given for both {seen[syn]} and {fld}")
        if self.category_required and not self.categories:
            raise ValueError("category_required needs categories")
        return self

    def field_of(self, header: str) -> str | None:
        """The field a header cell names: an exact synonym, else a synonym followed by a
        bracketed or colon suffix (``实施依据（法律法规）``); ``None`` if none."""
        h = _norm_header(header)
        best, best_len = None, 0
        for fld, synonyms in self.headers.items():
            for syn in map(_norm_header, synonyms):
                if h == syn:
                    return fld
                if h.startswith(syn) and h[len(syn)] in _SUFFIX_STARTS and len(syn) > best_len:
                    best, best_len = fld, len(syn)
        return best

    def match_row(self, cells: list[str]) -> dict[str, int]:
        """Field → column index for a candidate header row (first column wins)."""
        found: dict[str, int] = {}
        for col, text in enumerate(cells):
            fld = self.field_of(text) if text else None
            if fld and fld not in found:
                found[fld] = col
        return found

    def category_of(self, text: str) -> str | None:
        """The list kind a sheet name, title or section row names, if exactly one."""
        hits = {cat for cat, words in self.categories.items() if any(w in text for w in words)}
        return hits.pop() if len(hits) == 1 else None


# --------------------------------------------------------------------------- mappings


def _default_mapping_dir() -> Path:
    return resource_dir("loaders")


def _line_of_key(text: str, key: str) -> int | None:
    """The line where ``key:`` is first written in a mapping file (for located errors)."""
    pattern = re.compile(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*:")
    return next((i for i, line in enumerate(text.splitlines(), 1) if pattern.match(line)), None)


def _unknown_fields(path: Path, text: str, data: Any) -> list[InputIssue]:
    """A field under ``headers`` (or ``required`` / ``fill_down``) that kg does not store."""
    if not isinstance(data, dict):
        return []
    named: list[tuple[str, str]] = []
    if isinstance(data.get("headers"), dict):
        named += [("headers", str(k)) for k in data["headers"]]
    for key in ("required", "fill_down"):
        if isinstance(data.get(key), list):
            named += [(key, str(f)) for f in data[key] if isinstance(f, str)]
    return [
        InputIssue(
            str(path),
            f"{where}.{fld}: unknown field {fld!r}: kg stores no such field, so the column would be read and dropped; "
            f"known fields: {', '.join(FIELDS)} (see loaders/README.md)",
            row=_line_of_key(text, fld),
            column=f"{where}.{fld}",
        )
        for where, fld in dict.fromkeys(named)
        if fld not in FIELD_STORAGE
    ]


def _load_mapping_file(path: Path, issues: list[InputIssue], root: Path | None = None) -> Mapping | None:
    f = open_input(path, str(path), issues, root=root, limit=MAX_YAML_BYTES)
    if f is None:
        return None
    try:
        with f:
            text = f.read().decode("utf-8")
        data = safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        issues.append(InputIssue(str(path), f"cannot read mapping: {exc}"))
        return None
    unknown = _unknown_fields(path, text, data)
    if unknown:
        issues.extend(unknown)
        return None
    try:
        return Mapping.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "mapping"
            issues.append(InputIssue(str(path), f"{where}: {err['msg']}"))
        return None


def load_mappings(directory: str | Path | None = None) -> dict[str, Mapping]:
    """All mappings in ``directory`` (default: the shipped ``loaders`` folder), by name."""
    folder = Path(directory) if directory is not None else _default_mapping_dir()
    issues: list[InputIssue] = []
    result: dict[str, Mapping] = {}
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        mapping = _load_mapping_file(path, issues)
        if mapping is None:
            continue
        if mapping.name in result:
            issues.append(InputIssue(str(path), f"mapping name {mapping.name!r} is used twice"))
        result[mapping.name] = mapping
    if issues:
        raise DataError(issues=issues)
    return result


def _resolve_mappings(mapping: str | Mapping | None) -> list[Mapping]:
    if isinstance(mapping, Mapping):
        return [mapping]
    if mapping is not None and Path(mapping).suffix in {".yaml", ".yml"} and Path(mapping).is_file():
        issues: list[InputIssue] = []
        loaded = _load_mapping_file(Path(mapping), issues)
        if loaded is None:
            raise DataError(issues=issues)
        return [loaded]
    known = load_mappings()
    if mapping is None:
        return list(known.values())
    if mapping not in known:
        raise UsageError(f"unknown mapping {mapping!r}; known mappings: {', '.join(sorted(known))}")
    return [known[mapping]]
