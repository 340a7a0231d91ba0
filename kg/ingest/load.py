"""Write a validated dataset into a store.

The dataset becomes a *plan*: nodes grouped by label and relationships grouped by
(type, start label, end label), each with a deterministic key. Writing is a sync:

1. batched ``UNWIND … MERGE`` on the uniqueness keys (``id`` for nodes, ``key`` for
   relationships), replacing each element's properties;
2. removal of what this dataset wrote before and no longer holds (a list row that
   went away, a body no longer in ``bodies.yaml``);
3. marking list versions that a newer version of the same series supersedes.

So loading the same dataset twice gives the same graph, and a changed list replaces
the old one. Labels and types come from the model; all values are parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import model as m
from kg.audit.access import access_violations
from kg.errors import DataError
from kg.ingest.dataset import Dataset, read_dataset
from kg.stores import BATCH_SIZE, Store, batches

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class Plan:
    dataset: str
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


def build_plan(ds: Dataset) -> Plan:
    plan = Plan(ds.id)
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
            {**provenance, "seq": entry.seq},
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
    return plan


def _merge_nodes(label: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n = row"


def _merge_rels(rel_type: str, start_label: str, end_label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{start_label} {{id: row.start}}) MATCH (b:{end_label} {{id: row.end}}) "
        f"MERGE (a)-[r:{rel_type} {{key: row.props.key}}]->(b) SET r = row.props"
    )


def write_plan(store: Store, plan: Plan, progress: Progress | None = None, batch_size: int = BATCH_SIZE) -> LoadReport:
    total = plan.node_count() + plan.rel_count()
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("write", done, total)

    store.ensure_schema()
    for kind in m.NODE_KINDS:
        rows = plan.nodes.get(kind.LABEL, [])
        for chunk in batches(rows, batch_size):
            store.run(_merge_nodes(kind.LABEL), {"rows": list(chunk)}, write=True)
            tick(len(chunk))
    for (rel_type, sl, el), rows in plan.rels.items():
        if rel_type not in m.REL_TYPES or sl not in m.NODE_LABELS or el not in m.NODE_LABELS:
            # labels and types are spliced into Cypher: only the model's own may pass
            raise ValueError(f"refusing to write ({sl})-[:{rel_type}]->({el}): not a label pair of the model")
        for chunk in batches(rows, batch_size):
            store.run(_merge_rels(rel_type, sl, el), {"rows": list(chunk)}, write=True)
            tick(len(chunk))

    rels_removed = _remove_stale_rels(store, plan, batch_size)
    nodes_removed = _remove_stale_nodes(store, plan, batch_size)
    mark_superseded(store)
    if progress:
        progress("done", total, total)
    return LoadReport(plan.dataset, plan.node_count(), plan.rel_count(), nodes_removed, rels_removed)


def _remove_stale_rels(store: Store, plan: Plan, batch_size: int) -> int:
    wanted: dict[str, set[str]] = {}
    for (rel_type, _, _), rows in plan.rels.items():
        wanted.setdefault(rel_type, set()).update(r["props"]["key"] for r in rows)
    removed = 0
    for rel in m.RELATIONSHIP_TYPES:
        t = rel.type
        have = store.run(f"MATCH ()-[r:{t}]->() WHERE r.dataset = $ds RETURN r.key", {"ds": plan.dataset}).rows
        stale = sorted({row[0] for row in have} - wanted.get(t, set()))
        for chunk in batches(stale, batch_size):
            store.run(
                f"UNWIND $keys AS k MATCH ()-[r:{t}]->() WHERE r.key = k AND r.dataset = $ds DELETE r",
                {"keys": list(chunk), "ds": plan.dataset},
                write=True,
            )
        removed += len(stale)
    return removed


def _remove_stale_nodes(store: Store, plan: Plan, batch_size: int) -> int:
    removed = 0
    for kind in m.NODE_KINDS:
        label = kind.LABEL
        wanted = {r["id"] for r in plan.nodes.get(label, [])}
        have = store.run(f"MATCH (n:{label}) WHERE n.dataset = $ds RETURN n.id", {"ds": plan.dataset}).rows
        stale = sorted({row[0] for row in have} - wanted)
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
        "MATCH (l:DutyList) "
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
) -> LoadReport:
    """Validate the dataset at ``path`` and write it; on any input error nothing is written.

    With ``strict``, hand-overs that break the duty-access rule (DL-1.3) are refused too.
    """
    ds = read_dataset(path)
    if strict:
        issues = access_violations(ds)
        if issues:
            raise DataError(issues=issues)
    return write_plan(store, build_plan(ds), progress=progress, batch_size=batch_size)
