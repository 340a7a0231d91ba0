"""Query files: one Cypher statement per file under ``queries/``, with a header.

The header is the run of ``//`` comment lines at the top of the file::

    // 职责交叉：… / Duty overlap: …          (first line: "<title_zh> / <title_en>",
    // id: duty-overlap                         so the file imports directly as a
    // title_zh: 职责交叉：…                     Neo4j Browser favourite)
    // title_en: Duty overlap: …
    // clause: DL-1.3-list
    // severity: error                          (audits only: error | warning | info)
    // description: …
    // params: none                             (or "name: description; name: description")
    // columns: township_id, township_name, …
    // kind: audit                              (audit | explore | explain)

A line ``//`` followed by two or more spaces continues the previous field. Every field
is required (``severity`` only for audits), unknown fields are refused, and audits
must return :data:`AUDIT_COLUMNS` and take no user parameters: they may declare only
the names the runner supplies (:mod:`kg.audit.params`: ``as_of``, ``plan_year``,
``deadline`` and the numbers of their clause in ``docs/policy/clauses.yaml``). :func:`check_params`
compares the declared parameters with the ``$names`` the Cypher uses.

An ``explain`` query (``explain-<rule id>``, or the generic ``explain-finding``) draws one
finding as paths: it takes the finding's ids as parameters and returns
:data:`EXPLAIN_COLUMNS` (see :mod:`kg.audit.explain`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kg import policy
from kg.audit.params import allowed_params
from kg.errors import KgError, UsageError
from kg.model import CLAUSE_RE
from kg.resources import resource_dir

#: the columns every audit query returns, in this order (the finding contract)
AUDIT_COLUMNS: tuple[str, ...] = (
    "township_id",  # the township (Area, level township) the finding is in; null if above township level
    "township_name",
    "subject_id",  # the entity the finding is about (a duty, hand-over, power, body, grant or township)
    "subject_name",
    "related_ids",  # list of ids of the other entities involved
    "message_zh",
    "message_en",
)

#: the columns every explain query returns: the path (drawn by Neo4j Browser) and its parts as text
EXPLAIN_COLUMNS: tuple[str, ...] = ("path", "node_ids", "node_names", "rel_types", "rel_starts")

ID_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
PARAM_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_FIELD_LINE = re.compile(r"^//\s?([a-z_]+):\s*(.*)$")
_CONTINUATION = re.compile(r"^//\s{2,}(\S.*)$")


class QueryFileError(KgError):
    """A query file's header is missing, malformed or inconsistent."""


class QueryHeader(BaseModel):
    """The header fields of a query file (unknown or missing fields are refused)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    id: str
    title_zh: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    clause: str
    severity: Literal["error", "warning", "info"] | None = None
    description: str = Field(min_length=1)
    params: dict[str, str]
    columns: tuple[str, ...]
    kind: Literal["audit", "explore", "explain"]

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not ID_RE.match(v):
            raise ValueError(f"id {v!r} must be lower-case words joined by hyphens (e.g. duty-overlap)")
        return v

    @field_validator("clause")
    @classmethod
    def _clause(cls, v: str) -> str:
        if not CLAUSE_RE.match(v):
            raise ValueError(f"clause {v!r} is not a DL-… id from docs/policy/clauses.yaml")
        if v not in policy.clause_ids():
            raise ValueError(f"clause {v!r} is not in docs/policy/clauses.yaml")
        return v

    @field_validator("params", mode="before")
    @classmethod
    def _params(cls, v: object) -> object:
        if not isinstance(v, str):
            return v
        return parse_params(v)

    @field_validator("columns", mode="before")
    @classmethod
    def _columns(cls, v: object) -> object:
        if isinstance(v, str):
            cols = tuple(c.strip() for c in v.split(","))
            if not all(cols):
                raise ValueError("columns must be a comma-separated list of names")
            return cols
        return v

    @model_validator(mode="after")
    def _kind_rules(self) -> QueryHeader:
        if len(set(self.columns)) != len(self.columns):
            raise ValueError("columns are not unique")
        if self.kind == "audit":
            if self.severity is None:
                raise ValueError("an audit needs a severity (error, warning or info)")
            if self.columns != AUDIT_COLUMNS:
                raise ValueError(f"an audit must return the columns {', '.join(AUDIT_COLUMNS)}")
            extra = set(self.params) - allowed_params(self.clause)
            if extra:
                raise ValueError(
                    f"an audit takes no user parameters; {', '.join(sorted(extra))} is not one the runner supplies "
                    f"for {self.clause} (it may declare: {', '.join(sorted(allowed_params(self.clause)))})"
                )
        if self.kind == "explain" and self.columns != EXPLAIN_COLUMNS:
            raise ValueError(f"an explain query must return the columns {', '.join(EXPLAIN_COLUMNS)}")
        return self


def parse_params(text: str) -> dict[str, str]:
    """``"none"`` → ``{}``; ``"a: first; b: second"`` → ``{"a": "first", "b": "second"}``."""
    text = text.strip()
    if text.lower() == "none":
        return {}
    out: dict[str, str] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        name, sep, desc = part.partition(":")
        name = name.strip().lstrip("$")
        if not sep or not PARAM_RE.match(name) or not desc.strip():
            raise ValueError(f"params entry {part.strip()!r} is not 'name: description'")
        if name in out:
            raise ValueError(f"parameter {name!r} is declared twice")
        out[name] = desc.strip()
    if not out:
        raise ValueError("params is empty; write 'none' for a query without parameters")
    return out


class Query(BaseModel):
    """A parsed query file: its header, its Cypher and where it was read from."""

    model_config = ConfigDict(frozen=True)

    header: QueryHeader
    cypher: str
    path: Path

    @property
    def id(self) -> str:
        return self.header.id


def split_header(text: str, name: str = "query") -> tuple[str, dict[str, str], str]:
    """Split a query file into (title line, raw fields, Cypher body)."""
    lines = text.splitlines()
    head: list[str] = []
    for line in lines:
        if line.startswith("//"):
            head.append(line.rstrip())
        else:
            break
    body = "\n".join(lines[len(head) :]).strip()
    if not head:
        raise QueryFileError(f"{name}: no header; the file must start with '// <中文标题> / <English title>'")
    title = head[0][2:].strip()
    fields: dict[str, str] = {}
    last: str | None = None
    for no, line in enumerate(head[1:], start=2):
        cont = _CONTINUATION.match(line)
        m = _FIELD_LINE.match(line)
        if cont and last is not None and not m:
            fields[last] = f"{fields[last]} {cont.group(1).strip()}".strip()
            continue
        if m is None:
            raise QueryFileError(f"{name}, line {no}: expected '// field: value', found {line!r}")
        key, value = m.group(1), m.group(2).strip()
        if key in fields:
            raise QueryFileError(f"{name}, line {no}: field {key!r} is given twice")
        fields[key] = value
        last = key
    if not body:
        raise QueryFileError(f"{name}: the header is not followed by a Cypher statement")
    return title, fields, body


def parse_query(text: str, path: Path | str = "query.cypher") -> Query:
    """Parse a query file's text; raise :class:`QueryFileError` naming every problem."""
    path = Path(path)
    title, fields, body = split_header(text, path.name)
    try:
        header = QueryHeader.model_validate(fields)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in err['loc']) or 'header'}: "
            + (
                "unknown field"
                if err["type"] == "extra_forbidden"
                else "missing field"
                if err["type"] == "missing"
                else err["msg"]
            )
            for err in e.errors()
        )
        raise QueryFileError(f"{path.name}: invalid header: {problems}") from None
    expected = f"{header.title_zh} / {header.title_en}"
    if title != expected:
        raise QueryFileError(
            f"{path.name}: the first line must be '// {expected}' (title_zh / title_en), found '// {title}'"
        )
    return Query(header=header, cypher=body, path=path)


def load_query(path: Path | str) -> Query:
    path = Path(path)
    return parse_query(path.read_text(encoding="utf-8"), path)


def query_dir() -> Path:
    return resource_dir("queries")


def query_files(directory: Path | str | None = None) -> list[Path]:
    d = Path(directory) if directory is not None else query_dir()
    return sorted(d.glob("*.cypher"))


def list_queries(directory: Path | str | None = None, kind: str | None = None) -> list[Query]:
    """Every query file in the folder (optionally of one kind), sorted by id; ids must be unique."""
    out: dict[str, Query] = {}
    for path in query_files(directory):
        q = load_query(path)
        if q.id in out:
            raise QueryFileError(f"{path.name}: id {q.id!r} is also used by {out[q.id].path.name}")
        out[q.id] = q
    return [q for _, q in sorted(out.items()) if kind is None or q.header.kind == kind]


def find_query(query_id: str, directory: Path | str | None = None) -> Query:
    queries = {q.id: q for q in list_queries(directory)}
    if query_id not in queries:
        raise UsageError(f"unknown query {query_id!r}; choose one of: {', '.join(sorted(queries))}")
    return queries[query_id]


# --------------------------------------------------------------------------- parameters

# comments and string literals, whichever starts first (an apostrophe in a comment opens no string)
_COMMENTS_AND_STRINGS = re.compile(r"(//[^\n]*|/\*.*?\*/)|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", re.S)
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)|\$`([^`]+)`")


def used_params(cypher: str) -> set[str]:
    """The ``$names`` a Cypher statement uses (string literals and comments ignored)."""
    code = _COMMENTS_AND_STRINGS.sub(lambda m: " " if m.group(1) else "''", cypher)
    return {a or b for a, b in _PARAM_USE.findall(code)}


def check_params(query: Query) -> list[str]:
    """Problems with the declared parameters; empty when they match the Cypher."""
    declared = set(query.header.params)
    used = used_params(query.cypher)
    problems = []
    for name in sorted(used - declared):
        problems.append(f"{query.path.name}: ${name} is used but not declared in params")
    for name in sorted(declared - used):
        problems.append(f"{query.path.name}: parameter {name!r} is declared but not used")
    return problems
