"""The base of the knowledge model: id and text types, :class:`Entity` and :class:`RelType`."""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: a calendar month, ``YYYY-MM``
Month = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
CLAUSE_RE = re.compile(r"^DL-\d+(\.\d+)?[a-z]?(-[a-z]+)?$")


# --------------------------------------------------------------------------- base


class Entity(BaseModel):
    """A node. ``id`` is unique across the whole dataset; ``clause`` and
    ``source_file``/``source_row`` are its provenance."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, str_strip_whitespace=True, defer_build=True)

    LABEL: ClassVar[str]
    #: the clause a fact of this kind belongs to unless the data says otherwise
    DEFAULT_CLAUSE: ClassVar[str | None] = None

    id: Id
    name: Text
    clause: str | None = None
    source_file: str | None = None
    source_row: int | None = None

    @field_validator("clause")
    @classmethod
    def _clause_format(cls, v: str | None) -> str | None:
        if v is not None and not CLAUSE_RE.match(v):
            raise ValueError(f"clause {v!r} is not a DL-… id from clauses.md")
        return v

    def edges(self) -> list[tuple[str, str, str]]:
        """``(type, direction, other id)`` for every field that names another node."""
        out: list[tuple[str, str, str]] = []
        for field, (rel_type, direction) in self.REFERENCES.items():
            other = getattr(self, field)
            if isinstance(other, list):
                out.extend((rel_type, direction, str(o)) for o in other)
            elif other is not None:
                out.append((rel_type, direction, str(other)))
        return out

    def reference_field(self, rel_type: str, other: str) -> str:
        """The field that names ``other`` through ``rel_type`` (for located errors)."""
        for f, (t, _) in self.REFERENCES.items():
            value = getattr(self, f)
            if t == rel_type and (value == other or (isinstance(value, list) and other in value)):
                return f
        return rel_type.lower()

    def node_properties(self) -> dict[str, Any]:
        """Properties written on the node (references to other nodes become edges)."""
        data = self.model_dump(exclude=set(self.REFERENCES), exclude_none=True, mode="json")
        if "clause" not in data and self.DEFAULT_CLAUSE:
            data["clause"] = self.DEFAULT_CLAUSE
        return data

    #: field name → (relationship type, direction) for fields that name another node;
    #: direction "out" means (self)-[TYPE]->(other), "in" means (other)-[TYPE]->(self)
    REFERENCES: ClassVar[dict[str, tuple[str, str]]] = {}


class RelType(BaseModel):
    """A relationship type and the (start label, end label) pairs it may join."""

    model_config = ConfigDict(frozen=True)
    type: str
    pairs: tuple[tuple[str, str], ...]
    description: str

    @property
    def start(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for a, _ in self.pairs))

    @property
    def end(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b for _, b in self.pairs))

    def ends_for(self, label: str, direction: str) -> tuple[str, ...]:
        """The labels a ``label`` node may point at (``out``) or be pointed at from (``in``)."""
        if direction == "out":
            return tuple(b for a, b in self.pairs if a == label)
        return tuple(a for a, b in self.pairs if b == label)
