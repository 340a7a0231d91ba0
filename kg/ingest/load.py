"""Write a validated dataset into a store.

The dataset becomes a *plan*: nodes grouped by label and relationships grouped by
(type, start label, end label), each with a deterministic key. Writing is a sync:

1. batched ``UNWIND … MERGE`` of the nodes on their uniqueness key ``id``, replacing
   each node's properties;
2. the relationships, each identified by its ``key`` between its two endpoints (which
   are matched by their indexed ``id``): a key this dataset already wrote, or one that
   another dataset may hold, is ``MERGE``d; a new key of a relationship type that only
   this dataset writes is ``CREATE``d (no rel-property index is needed or kept; see
   benchmarks/README.md for the measurement behind this);
3. removal of what this dataset wrote before and no longer holds (a list row that
   went away, a body no longer in ``bodies.yaml``); whether there is any is known from
   counts (the ``dataset`` indexes) and from how many keys the writes wrote, so a reload
   reads keys back only for the types that changed;
4. marking list versions that a newer version of the same series supersedes.

So loading the same dataset twice gives the same graph, and a changed list replaces
the old one. Labels and types come from the model; all values are parameters.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import model as m
from kg.audit.access import access_violations
from kg.errors import DataError, InputIssue
from kg.ingest.dataset import Dataset, paused_gc, read_dataset
from kg.ingest.guards import ownership_issues, storable_issues
from kg.ingest.published import SheetLayout
from kg.match.dataset import dataset_candidates, holder_townships, township_of
from kg.stores import BATCH_SIZE, Store, batches
from kg.stores.base import DATASET_LABEL, Say

MARK_LOADING = (
    f"MERGE (d:{DATASET_LABEL} {{id: $id}}) SET d.state = 'loading', d.load_id = $load_id, "
    "d.started_at = $now, d.source = $source"
)
MARK_COMPLETE = (
    f"MATCH (d:{DATASET_LABEL} {{id: $id}}) WHERE d.load_id = $load_id "
    "SET d.state = 'complete', d.finished_at = $now, d.nodes = $nodes, d.relationships = $rels RETURN count(d)"
)

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class Plan:
    dataset: str
    extends: list[str] = field(default_factory=list)
    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)

    def node_count(self) -> int:
        return sum(len(v) for v in self.nodes.values())

    def rel_count(self) -> int:
        return sum(len(v) for v in self.rels.values())


@dataclass
class LoadReport:
    dataset: str
    nodes_written: int
    relationships_written: int
    nodes_removed: int
    relationships_removed: int
    #: how each list file (each sheet) was read: layout, header row, columns read and ignored
    layouts: list[SheetLayout] = field(default_factory=list)
    #: located problems that did not stop the load (e.g. 原实施主体 without 赋权方式)
    warnings: list[InputIssue] = field(default_factory=list)


def _rel(
    plan: Plan,
    rel_type: str,
    start: m.Entity | str,
    end: m.Entity | str,
    start_label: str,
    end_label: str,
    key: str,
    props: dict[str, Any],
) -> None:
    start_id = start if isinstance(start, str) else start.id
    end_id = end if isinstance(end, str) else end.id
    row_props = {k: v for k, v in props.items() if v is not None}
    row_props.update(key=key, dataset=plan.dataset)
    plan.rels.setdefault((rel_type, start_label, end_label), []).append(
        {"start": start_id, "end": end_id, "props": row_props}
    )


def build_plan(ds: Dataset, *, match: bool = True) -> Plan:
    """The nodes and relationships of ``ds``; with ``match``, also the RESEMBLES candidates
    of :mod:`kg.match` (pairs decided in ``matches.yaml`` left out). Confirmed pairs are
    always written as SAME_AS."""
    with paused_gc():  # millions of long-lived rows and no cycles: the collector would free nothing
        return _build_plan(ds, match)


def _build_plan(ds: Dataset, match: bool) -> Plan:
    plan = Plan(ds.id, extends=list(ds.extends))
    labels: dict[str, str] = {p.id: p.LABEL for p in m.POWERS}
    labels.update({e.id: e.LABEL for e in ds.entities})
    for e in ds.entities:
        props = e.node_properties()
        props["dataset"] = ds.id
        plan.nodes.setdefault(e.LABEL, []).append(props)
        for rel_type, direction, other in e.edges():
            provenance = {"clause": props.get("clause"), "source_file": e.source_file, "source_row": e.source_row}
            if direction == "out":
                start, end, sl, el = e.id, other, e.LABEL, labels[other]
            else:
                start, end, sl, el = other, e.id, labels[other], e.LABEL
            _rel(plan, rel_type, start, end, sl, el, f"{rel_type}|{start}|{end}", provenance)
    for entry in ds.entries:
        provenance = {
            "clause": entry.clause,
            "source_file": entry.source_file,
            "source_sheet": entry.source_sheet,
            "source_row": entry.source_row,
        }
        _rel(
            plan,
            "INCLUDES",
            entry.list_id,
            entry.duty,
            "DutyList",
            "Duty",
            f"INCLUDES|{entry.list_id}|{entry.duty}",
            {**provenance, "seq": entry.seq, **{f: getattr(entry, f) for f in m.ENTRY_CONTENT_FIELDS}},
        )
        for role, holders in (
            (m.Role.LEAD, entry.leads),
            (m.Role.COOPERATING, entry.cooperating),
            (m.Role.ENTRUSTED, entry.entrusted),
        ):
            for body in holders:
                _rel(
                    plan,
                    "HOLDS_DUTY",
                    body,
                    entry.duty,
                    "Body",
                    "Duty",
                    f"HOLDS_DUTY|{body}|{entry.duty}|{entry.list_id}|{role.value}",
                    {**provenance, "role": role.value, "list_id": entry.list_id},
                )
    _add_matches(plan, ds, match)
    return plan


def _add_matches(plan: Plan, ds: Dataset, candidates: bool) -> None:
    """SAME_AS for each confirmed pair of ``matches.yaml``; RESEMBLES for each open candidate."""
    for d in ds.matches:
        if d.decision != m.MatchVerdict.SAME:
            continue
        a, b = d.pair
        props: dict[str, Any] = {
            "clause": d.clause,
            "by": d.by,
            "at": d.at.isoformat(),
            "note": d.note,
            "source_file": d.source_file,
            "source_row": d.source_row,
        }
        _rel(plan, "SAME_AS", a, b, "Duty", "Duty", f"SAME_AS|{a}|{b}", props)
    if not candidates:
        return
    townships = holder_townships(ds)
    for c in dataset_candidates(ds):
        props = {
            "clause": "DL-1.3-list",
            "score": c.score,
            "name_similarity": c.name_similarity,
            "article_overlap": c.article_overlap,
            "shared_articles": list(c.shared_articles) or None,
            "type_relation": c.type_relation,
            "holders": [h or "" for h in c.holders],
            "jurisdiction": c.jurisdiction,
            "township": township_of(c, townships),
        }
        _rel(plan, "RESEMBLES", c.a, c.b, "Duty", "Duty", f"RESEMBLES|{c.a}|{c.b}", props)


def _merge_nodes(label: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n = row"


def _merge_rels(rel_type: str, start_label: str, end_label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{start_label} {{id: row.start}}) MATCH (b:{end_label} {{id: row.end}}) "
        f"MERGE (a)-[r:{rel_type} {{key: row.props.key}}]->(b) SET r = row.props RETURN count(r)"
    )


def _create_rels(rel_type: str, start_label: str, end_label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{start_label} {{id: row.start}}) MATCH (b:{end_label} {{id: row.end}}) "
        f"CREATE (a)-[r:{rel_type}]->(b) SET r = row.props RETURN count(r)"
    )


# counts of every relationship type and node label, each in one statement (one round trip; its text
# never changes, so Neo4j plans it once): the dataset's own, and all relationships of a type
_DATASET_RELS = "\nUNION ALL\n".join(
    f"MATCH ()-[r:{rel.type}]->() WHERE r.dataset = $ds RETURN '{rel.type}' AS name, count(r) AS n"
    for rel in m.RELATIONSHIP_TYPES
)
_ALL_RELS = "\nUNION ALL\n".join(
    f"MATCH ()-[r:{rel.type}]->() RETURN '{rel.type}' AS name, count(r) AS n" for rel in m.RELATIONSHIP_TYPES
)
_DATASET_NODES = "\nUNION ALL\n".join(
    f"MATCH (n:{kind.LABEL}) WHERE n.dataset = $ds RETURN '{kind.LABEL}' AS name, count(n) AS n"
    for kind in m.NODE_KINDS
)


def _counts(store: Store, statement: str, dataset: str | None = None) -> dict[str, int]:
    return {str(name): int(n) for name, n in store.run(statement, {"ds": dataset} if dataset else {}).rows}


def _dataset_rels(store: Store, dataset: str) -> dict[str, int]:
    """How many relationships of each type this dataset holds (its ``dataset`` index: no key is read)."""
    return _counts(store, _DATASET_RELS, dataset)


def _dataset_keys(store: Store, rel_type: str, dataset: str) -> set[str]:
    """The keys of this dataset's relationships of one type: one record, not one per key."""
    rows = store.run(f"MATCH ()-[r:{rel_type}]->() WHERE r.dataset = $ds RETURN collect(r.key)", {"ds": dataset}).rows
    return {str(k) for k in rows[0][0]} if rows and rows[0][0] else set()


def _unique_by_key(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per key, the last one (what writing them all in order would leave)."""
    return list({r["props"]["key"]: r for r in rows}.values())


#: read a type's keys back before writing when at least 1/READ_BACK of its rows may be new
#: (so they can be CREATEd): reading a key costs about 1/30 of MERGEing one instead of
#: CREATEing it (benchmarks/README.md, "Scale")
READ_BACK = 20


def write_plan(
    store: Store,
    plan: Plan,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    *,
    source: str = "",
    schema: bool = True,
) -> LoadReport:
    """Write the plan; the dataset's marker says ``loading`` until the last write is done,
    so an interrupted load never looks complete (rerunning the load completes it).

    Nothing is read back in the usual cases: which keys are new, and whether anything is
    stale, follows from counts. A type with no relationship in the graph gets its rows
    ``CREATE``d; a type only this dataset holds gets its keys read back first only when
    many of its rows are new (those are then ``CREATE``d, the rest ``MERGE``d); any other
    type is ``MERGE``d. Each write returns how many keys it wrote; after the writes, a type
    whose relationships of this dataset number more than that holds stale ones, and only
    then are its keys read back (:func:`_remove_stale_rels`).
    """
    # long: the write in its order (marker, nodes, relationships CREATE/MERGE, stale removal, superseded, marker): one transaction story
    total = plan.node_count() + plan.rel_count()
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        store.heartbeat()
        if progress:
            progress("write", done, total)

    if schema:
        store.ensure_schema()
    load_id = uuid.uuid4().hex
    store.run(
        MARK_LOADING,
        {"id": plan.dataset, "load_id": load_id, "now": int(time.time() * 1000), "source": source},
        write=True,
    )
    for kind in m.NODE_KINDS:
        rows = plan.nodes.get(kind.LABEL, [])
        for chunk in batches(rows, batch_size):
            store.run(_merge_nodes(kind.LABEL), {"rows": list(chunk)}, write=True)
            tick(len(chunk))
    before = _dataset_rels(store, plan.dataset)
    planned: dict[str, int] = {}
    for (rel_type, _, _), rows in plan.rels.items():
        planned[rel_type] = planned.get(rel_type, 0) + len(rows)
    known: dict[str, set[str]] = {}  # keys read back, by type
    strategy: dict[str, str] = {}
    of_type = _counts(store, _ALL_RELS)
    for t, n in planned.items():
        if t not in m.REL_TYPES:
            continue  # refused below
        mine = before.get(t, 0)
        everyone = of_type.get(t, 0)
        if everyone == 0:
            strategy[t] = "create"  # no relationship of this type at all: every key is new
        elif everyone == mine and (n - mine) * READ_BACK >= n:
            # this dataset's alone, and many rows are new: a key not among its own is not in the graph
            strategy[t] = "split"
            known[t] = _dataset_keys(store, t, plan.dataset)
        else:
            strategy[t] = "merge"
    written: dict[str, int] = {}
    for (rel_type, sl, el), rows in plan.rels.items():
        if rel_type not in m.REL_TYPES or sl not in m.NODE_LABELS or el not in m.NODE_LABELS:
            # labels and types are spliced into Cypher: only the model's own may pass
            raise ValueError(f"refusing to write ({sl})-[:{rel_type}]->({el}): not a label pair of the model")
        unique = _unique_by_key(rows)
        how = strategy[rel_type]
        if how == "create":
            new, old = unique, []
        elif how == "split":
            have = known[rel_type]
            new = [r for r in unique if r["props"]["key"] not in have]
            old = [r for r in unique if r["props"]["key"] in have]
        else:
            new, old = [], unique
        for statement, part in ((_create_rels(rel_type, sl, el), new), (_merge_rels(rel_type, sl, el), old)):
            for chunk in batches(part, batch_size):
                n = store.run(statement, {"rows": list(chunk)}, write=True).value(0)
                written[rel_type] = written.get(rel_type, 0) + int(n or 0)
                tick(len(chunk))
        tick(len(rows) - len(unique))  # duplicate keys

    after = _dataset_rels(store, plan.dataset)
    # every key written is there once at least; more of the dataset's than were written: stale ones
    changed = sorted(t for t, n in after.items() if n > written.get(t, 0))
    rels_removed = _remove_stale_rels(store, plan, changed, batch_size)
    nodes_removed = _remove_stale_nodes(store, plan, batch_size)
    mark_superseded(store)
    store.run(
        MARK_COMPLETE,
        {
            "id": plan.dataset,
            "load_id": load_id,
            "now": int(time.time() * 1000),
            "nodes": plan.node_count(),
            "rels": plan.rel_count(),
        },
        write=True,
    )
    if progress:
        progress("done", total, total)
    return LoadReport(plan.dataset, plan.node_count(), plan.rel_count(), nodes_removed, rels_removed)


def _remove_stale_rels(store: Store, plan: Plan, types: list[str], batch_size: int) -> int:
    """Remove this dataset's relationships of ``types`` whose key the plan no longer has."""
    wanted: dict[str, set[str]] = {}
    for (rel_type, _, _), plan_rows in plan.rels.items():
        wanted.setdefault(rel_type, set()).update(r["props"]["key"] for r in plan_rows)
    removed = 0
    for t in types:
        if t not in m.REL_TYPES:
            raise ValueError(f"refusing to remove [:{t}]: not a relationship type of the model")
        # this type's relationships of the dataset with their endpoints, in one record (not one per
        # relationship); the stale ones are then removed through their endpoints' indexed ids, so no
        # relationship-property index is needed
        held = store.run(
            f"MATCH (a)-[r:{t}]->(b) WHERE r.dataset = $ds "
            "RETURN collect([r.key, labels(a)[0], a.id, labels(b)[0], b.id])",
            {"ds": plan.dataset},
        ).rows
        keep = wanted.get(t, set())
        by_labels: dict[tuple[str, str], list[dict[str, str]]] = {}
        for key, sl, start, el, end in sorted(held[0][0] if held and held[0][0] else []):
            if key not in keep:
                by_labels.setdefault((sl, el), []).append({"key": key, "start": start, "end": end})
        for (sl, el), stale in by_labels.items():
            if sl not in m.NODE_LABELS or el not in m.NODE_LABELS:
                raise ValueError(f"refusing to remove ({sl})-[:{t}]->({el}): not a label pair of the model")
            for chunk in batches(stale, batch_size):
                store.run(
                    f"UNWIND $rows AS row MATCH (a:{sl} {{id: row.start}})-[r:{t}]->(b:{el} {{id: row.end}}) "
                    "WHERE r.key = row.key AND r.dataset = $ds DELETE r",
                    {"rows": list(chunk), "ds": plan.dataset},
                    write=True,
                )
            removed += len(stale)
    return removed


def _remove_stale_nodes(store: Store, plan: Plan, batch_size: int) -> int:
    """Remove this dataset's nodes whose id the plan no longer has; a label whose count of
    the dataset's nodes equals the plan's ids (all just written) has none, and is not read."""
    removed = 0
    held_by_label = _counts(store, _DATASET_NODES, plan.dataset)
    for kind in m.NODE_KINDS:
        label = kind.LABEL
        wanted = {r["id"] for r in plan.nodes.get(label, [])}
        if held_by_label.get(label, 0) == len(wanted):
            continue
        have = store.run(f"MATCH (n:{label}) WHERE n.dataset = $ds RETURN collect(n.id)", {"ds": plan.dataset}).rows
        stale = sorted({str(i) for i in (have[0][0] if have and have[0][0] else [])} - wanted)
        for chunk in batches(stale, batch_size):
            store.run(
                f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) WHERE n.dataset = $ds DETACH DELETE n",
                {"ids": list(chunk), "ds": plan.dataset},
                write=True,
            )
        removed += len(stale)
    return removed


def mark_superseded(store: Store) -> None:
    """Each list version is in force from its effective date until ``superseded_on``, the
    next later effective date of its series (none: still in force). ``superseded`` (a
    later version is loaded, whatever its date) stays for old readers.

    One statement: versions are grouped by series and each looks only at its own
    series' dates, so the work is linear in the versions times the versions per series.
    """
    store.run(
        "MATCH (l:DutyList) WHERE l.series IS NOT NULL "
        "WITH l.series AS series, collect(l) AS versions, collect(DISTINCT l.effective_date) AS dates "
        "UNWIND versions AS v "
        "WITH v, [x IN dates WHERE x > v.effective_date] AS later "
        "SET v.superseded = size(later) > 0, "
        "v.superseded_on = reduce(m = null, x IN later | CASE WHEN m IS NULL OR x < m THEN x ELSE m END)",
        write=True,
    )


def load_dataset(
    store: Store,
    path: str | Path,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    *,
    strict: bool = False,
    lock_wait: float | None = None,
    say: Say | None = None,
    match: bool = True,
) -> LoadReport:
    """Validate the dataset at ``path`` and write it; on any input error nothing is written.

    With ``strict``, hand-overs that break the duty-access rule (DL-1.3) are refused too.
    One writer at a time: another load waits for the store's write lock (saying so), or
    gives up after ``lock_wait`` seconds.
    With ``match`` (the default), candidate pairs of differently worded items that may be
    one duty are computed (:mod:`kg.match`) and written as RESEMBLES edges.
    """
    ds = read_dataset(path, progress)
    if strict:
        issues = access_violations(ds)
        if issues:
            raise DataError(issues=issues)
    plan = build_plan(ds, match=match)
    issues = storable_issues(plan)
    if issues:
        raise DataError(issues=issues)
    store.ensure_schema()  # tolerates a concurrent kg creating the same rules
    with store.write_lock(wait=lock_wait, say=say):
        taken = ownership_issues(store, plan)
        if taken:
            raise DataError(issues=taken)
        report = write_plan(store, plan, progress=progress, batch_size=batch_size, source=str(Path(path)), schema=False)
    report.layouts, report.warnings = ds.layouts, ds.warnings
    return report
