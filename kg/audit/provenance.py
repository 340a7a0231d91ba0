"""Provenance of findings: the file rows a finding rests on, and its clause's sentence.

Generic, so that no audit query has to change: after the rules have run,
:func:`add_provenance` takes every finding's ``township_id``, ``subject_id`` and
``related_ids`` and looks up, in a few batched queries for all findings at once,

* the nodes with those ids (their ``source_file`` and ``source_row``), and
* the relationships *between* two of those ids (``source_file``, ``source_sheet``,
  ``source_row``: e.g. the list row that makes a body the lead of a duty).

A finding's :attr:`~kg.audit.rules.Finding.sources` are the relationships among its own
ids first (they are the facts the rule combined), then the nodes. ``source_file`` is
relative to the dataset folder's parent (``sample/lists/x.csv``); ``row`` is the file's
line for YAML and CSV and the sheet's row for Excel.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from kg.model import NODE_LABELS, RELATIONSHIP_TYPES
from kg.stores import Store


class HasIds(Protocol):
    township_id: str | None
    subject_id: str
    related_ids: list[str]


class Source(BaseModel):
    """One fact a finding rests on and where it was read from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str  # "relationship" or "node"
    type: str  # the relationship type or node label
    start_id: str
    end_id: str | None = None  # relationships only
    role: str | None = None  # HOLDS_DUTY only: lead | cooperating
    list_id: str | None = None  # HOLDS_DUTY only: the list the row is on
    file: str
    sheet: str | None = None
    row: int | None = None

    def where(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        return ", ".join(parts)

    def fact(self) -> str:
        if self.kind == "node":
            return f"({self.type} {self.start_id})"
        extra = f" {self.role}" if self.role else ""
        return f"({self.start_id})-[{self.type}{extra}]->({self.end_id})"


# the nodes with the given ids, every label in one statement (its text never changes, so Neo4j plans it once)
_NODES = "\nUNION ALL\n".join(
    f"MATCH (n:{label}) WHERE n.id IN $ids RETURN '{label}' AS label, n.id AS id, n.source_file AS file, "
    "n.source_row AS row"
    for label in NODE_LABELS
)
# the relationships between two given nodes: both found by their indexed id, then an Expand Into
_RELS = (
    "UNWIND $pairs AS p MATCH (a:{start} {{id: p[0]}}) MATCH (b:{end} {{id: p[1]}}) MATCH (a)-[r]->(b) "
    "WHERE r.source_file IS NOT NULL RETURN a.id, type(r), b.id, properties(r)"
)
#: id pairs per relationship lookup statement
PAIR_BATCH = 20_000
#: the (start label, end label) pairs some relationship type of the model joins
_JOINED = frozenset(pair for rel in RELATIONSHIP_TYPES for pair in rel.pairs)


def finding_ids(f: HasIds) -> set[str]:
    """The ids a finding names: its township, its subject and the related ids."""
    ids = {f.subject_id, *f.related_ids}
    if f.township_id:
        ids.add(f.township_id)
    return {str(i) for i in ids if i}


def lookup_sources(store: Store, id_sets: Sequence[Iterable[str]]) -> list[list[Source]]:
    """For each set of ids, the relationships among them and the nodes, with their file rows.

    One query per node label for the whole batch (labels come from the model, ids are a
    parameter), so the cost does not grow with the number of findings' round trips.
    """
    sets = [set(s) for s in id_sets]
    all_ids = sorted(set().union(*sets)) if sets else []
    if not all_ids:
        return [[] for _ in sets]
    nodes: dict[str, Source] = {}
    labels: dict[str, list[str]] = defaultdict(list)  # an id's labels (ids are unique per label)
    for label, nid, file, row in store.run(_NODES, {"ids": all_ids}).rows:
        labels[nid].append(label)
        if file is not None:
            nodes[nid] = Source(kind="node", type=label, start_id=nid, file=file, row=row)
    # only the pairs of a finding's own ids (a handful each), grouped by their labels
    pairs: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for ids in sets:
        known = [i for i in ids if i in labels]
        for a in known:
            for b in known:
                for la in labels[a]:
                    for lb in labels[b]:
                        if (la, lb) in _JOINED:
                            pairs[(la, lb)].add((a, b))
    rels: list[Source] = []
    for (la, lb), group in sorted(pairs.items()):
        todo = sorted(group)
        for i in range(0, len(todo), PAIR_BATCH):
            batch = [list(p) for p in todo[i : i + PAIR_BATCH]]
            # properties(r), not r.source_sheet: Neo4j warns about property keys no data set has
            for a, rtype, b, props in store.run(_RELS.format(start=la, end=lb), {"pairs": batch}).rows:
                rels.append(
                    Source(
                        kind="relationship",
                        type=rtype,
                        start_id=a,
                        end_id=b,
                        role=props.get("role"),
                        list_id=props.get("list_id"),
                        file=props["source_file"],
                        sheet=props.get("source_sheet"),
                        row=props.get("source_row"),
                    )
                )
    by_pair: dict[tuple[str, str], list[Source]] = defaultdict(list)
    for r in rels:
        assert r.end_id is not None
        by_pair[(r.start_id, r.end_id)].append(r)
    out = []
    for ids in sets:
        # the pairs of the finding's own ids (a handful), not every pair found for all findings
        found = [r for a in ids for b in ids for r in by_pair.get((a, b), ())]
        found.sort(key=_key)
        found += sorted((nodes[i] for i in ids if i in nodes), key=_key)
        out.append(_dedupe(found))
    return out


def _key(s: Source) -> tuple[str, str, str, str, str, int]:
    return (s.type, s.start_id, s.end_id or "", s.role or "", s.file, s.row or 0)


def _dedupe(sources: list[Source]) -> list[Source]:
    seen: set[Source] = set()
    out = []
    for s in sources:
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def clause_sentence(clause_id: str) -> str | None:
    """The plan's sentence the clause (or the nearest clause above it) rests on."""
    from kg import policy

    try:
        ids = policy.ancestors(clause_id)
    except policy.PolicyError:
        return None
    for c in ids:
        text = policy.source_sentence(c)
        if text:
            return text
    return None
