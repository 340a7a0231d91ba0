"""Pre-write guards of a load: what a store would refuse, and ids another dataset owns.

Both run before anything is written, so a load either passes them or writes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.errors import InputIssue
from kg.ingest.storable import storable_problem
from kg.stores import BATCH_SIZE, Store, batches

if TYPE_CHECKING:
    from kg.ingest.load import Plan


def storable_issues(plan: Plan) -> list[InputIssue]:
    """Every property value of the plan that a store would refuse or change, located."""
    issues: list[InputIssue] = []

    def check(props: dict[str, Any], where: dict[str, Any]) -> None:
        for key, value in props.items():
            problem = storable_problem(value)
            if problem:
                issues.append(
                    InputIssue(
                        file=str(where.get("source_file") or plan.dataset),
                        sheet=where.get("source_sheet"),
                        row=where.get("source_row") if isinstance(where.get("source_row"), int) else None,
                        column=key,
                        message=f"the value {problem}",
                    )
                )

    for rows in plan.nodes.values():
        for row in rows:
            check(row, row)
    for rel_rows in plan.rels.values():
        for rel in rel_rows:
            check(rel["props"], rel["props"])
            for end in ("start", "end"):
                problem = storable_problem(rel[end])
                if problem:
                    check({end: rel[end]}, rel["props"])
    return issues


def ownership_issues(store: Store, plan: Plan) -> list[InputIssue]:
    """Ids of this plan that another dataset owns (unless this one ``extends`` it)."""
    issues: list[InputIssue] = []
    for label, rows in plan.nodes.items():
        ids = [r["id"] for r in rows]
        for chunk in batches(ids, BATCH_SIZE):
            found = store.run(
                f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) "
                "WHERE n.dataset IS NOT NULL AND n.dataset <> $ds AND NOT n.dataset IN $extends "
                "RETURN n.id, n.dataset",
                {"ids": list(chunk), "ds": plan.dataset, "extends": plan.extends},
            ).rows
            by_id = {r["id"]: r for r in rows}
            for node_id, owner in found:
                row = by_id.get(node_id, {})
                issues.append(
                    InputIssue(
                        str(row.get("source_file") or plan.dataset),
                        f"the id {node_id!r} belongs to dataset {owner!r}; use another id, or declare "
                        f"'extends: [{owner}]' in dataset.yaml to take it over",
                        row=row.get("source_row") if isinstance(row.get("source_row"), int) else None,
                        column="id",
                    )
                )
    return issues
