"""Render the documented graph schema (``schema/README.md``) from the model.

``python -m kg.schemadoc > schema/README.md`` rewrites it; a test keeps the file equal
to this output, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import enum
import typing

from kg import model as m

#: properties the loader adds to every node or relationship it writes
COMMON = {
    "dataset": "id of the dataset that wrote it (reloads remove what it no longer holds)",
    "clause": "the `DL-…` clause the fact belongs to",
    "source_file": "file it was read from, relative to the dataset's parent folder",
    "source_row": "row (CSV/XLSX) or line (YAML) in that file",
}
REL_PROPERTIES = {
    "INCLUDES": ", ".join(["seq", "source_sheet", *m.ENTRY_CONTENT_FIELDS])
    + " (the row's own content: per list, since lists of one item each draw their own boundary)",
    "HOLDS_DUTY": "role (lead / cooperating / entrusted), list_id, source_sheet",
}
EXTRA_NODE_PROPERTIES = {
    "DutyList": {
        "superseded": "true when a later version of the same series is loaded",
        "superseded_on": "effective date of the next version of the same series; in force from effective_date until then",
    },
}


def _type_name(field: typing.Any) -> str:
    """``text``, ``integer``, ``date`` or ``one of a / b / c``; ``(optional)`` when not required."""
    args = [a for a in typing.get_args(field.annotation) if a is not type(None)] or [field.annotation]
    t = args[0]
    origin = typing.get_origin(t)
    if origin is typing.Annotated:
        t = typing.get_args(t)[0]
    if isinstance(t, type) and issubclass(t, enum.Enum):
        name = "one of " + " / ".join(str(v.value) for v in t)
    elif typing.get_origin(t) is list:
        name = "list of text"
    else:
        name = {str: "text", int: "integer", bool: "boolean", m.dt.date: "date (ISO text)"}.get(
            t, getattr(t, "__name__", str(t))
        )
    return name if field.is_required() else f"{name} (optional)"


def _node_rows() -> list[str]:
    rows = ["| label | property | type | |", "|---|---|---|---|"]
    for kind in m.NODE_KINDS:
        doc = (kind.__doc__ or "").strip().splitlines()[0] if kind.__doc__ else ""
        first = True
        for name, field in kind.model_fields.items():
            if name in kind.REFERENCES or name in COMMON:
                continue
            note = doc if first else ""
            rows.append(f"| {kind.LABEL if first else ''} | `{name}` | {_type_name(field)} | {note} |")
            first = False
        for name, note in EXTRA_NODE_PROPERTIES.get(kind.LABEL, {}).items():
            rows.append(f"| | `{name}` | bool | {note} |")
    return rows


def _rel_rows() -> list[str]:
    rows = ["| type | joins | properties | meaning |", "|---|---|---|---|"]
    for rel in m.RELATIONSHIP_TYPES:
        props = ", ".join(p for p in ("key", REL_PROPERTIES.get(rel.type, "")) if p)
        pairs = "<br>".join(f"{a} → {b}" for a, b in rel.pairs)
        rows.append(f"| `{rel.type}` | {pairs} | {props} | {rel.description} |")
    return rows


def _mermaid() -> list[str]:
    lines = ["```mermaid", "flowchart LR"]
    for rel in m.RELATIONSHIP_TYPES:
        for a, b in rel.pairs:
            lines.append(f"  {a} -- {rel.type} --> {b}")
    lines.append("```")
    return lines


def render() -> str:
    out = [
        "# The graph schema",
        "",
        "Generated from `kg/model/` by `python -m kg.schemadoc > schema/README.md`; a test keeps",
        "this file and the model equal. Constraints and indexes: `constraints.cypher` (Neo4j",
        "syntax; the embedded store creates the same ones in FalkorDB's form).",
        "",
        "Every node has a unique `id` (uniqueness constraint per label) and a `name`. Every node",
        "and relationship the loader writes also carries:",
        "",
    ]
    out += [f"- `{k}`: {v}" for k, v in COMMON.items()]
    out += [
        "",
        "Relationships carry a deterministic `key` (unique per type), found between the two endpoints"
        " matched by their indexed `id` (no relationship-key index; see benchmarks/README.md).",
        "Dates are ISO text (`2024-01-01`), so they compare the same way in both stores.",
        "",
        "## Diagram",
        "",
        *_mermaid(),
        "",
        "## Labels and properties",
        "",
        "Fields that name another node (a body's `area`, a hand-over's `decision`, …) are not",
        "properties: they become the relationships below.",
        "",
        *_node_rows(),
        "",
        "## Relationship types",
        "",
        *_rel_rows(),
        "",
        "## The Power catalogue",
        "",
        "| id | name | English | clause |",
        "|---|---|---|---|",
        *[f"| `{p.id}` | {p.name} | {p.name_en} | {p.clause} |" for p in m.POWERS],
        "",
    ]
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    print(render(), end="")
