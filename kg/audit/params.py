"""Parameters the audit runner supplies to audit queries.

Audits take no *user* parameters. An audit's header may declare only names the runner
fills in itself:

* ``as_of`` — the audit date, an ISO string (``kg audit --as-of``; default today);
* ``plan_year`` — the plan's year (``docs/policy/clauses.yaml``);
* ``deadline`` — the plan's deadline for the rule's clause (the nearest clause up the
  clause tree that has one), an ISO string;
* every number the clause reading gives the rule's clause or a clause above it
  (``params`` in clauses.yaml; the nearest wins), e.g. ``$sub_district_min_m2``.

So the plan's numbers live in one place, the clause reading, and never as literals in
Cypher. In Neo4j Browser, set them with ``:param`` (``kg audit --params RULE`` prints
the lines to paste).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kg import policy

#: names every audit may declare, besides its clause's numbers
RUNNER_PARAMS: tuple[str, ...] = ("as_of", "plan_year", "deadline")


def clause_numbers(clause_id: str) -> dict[str, Any]:
    """The numbers of a clause and the clauses above it (the nearest clause wins)."""
    out: dict[str, Any] = {}
    for cid in reversed(policy.ancestors(clause_id)):
        out.update(policy.clause(cid).params)
    return out


def clause_deadline(clause_id: str) -> dt.date | None:
    """The deadline of the clause or of the nearest clause above it that has one."""
    for cid in policy.ancestors(clause_id):
        d = policy.clause(cid).deadline
        if d is not None:
            return d.date
    return None


def allowed_params(clause_id: str) -> set[str]:
    """The parameter names an audit citing this clause may declare."""
    names = {"as_of", "plan_year", *clause_numbers(clause_id)}
    if clause_deadline(clause_id) is not None:
        names.add("deadline")
    return names


def as_of_date(value: dt.date | str | None) -> dt.date:
    """``None`` → today; an ISO string → its date; a date stays as it is."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"as-of date {value!r} is not a date like 2025-06-30") from None


def runner_params(clause_id: str, names: set[str] | list[str], as_of: dt.date | str | None = None) -> dict[str, Any]:
    """The values of the declared ``names`` for an audit citing ``clause_id``."""
    values: dict[str, Any] = {"as_of": as_of_date(as_of).isoformat(), "plan_year": policy.load_policy().plan_year}
    deadline = clause_deadline(clause_id)
    if deadline is not None:
        values["deadline"] = deadline.isoformat()
    values.update(clause_numbers(clause_id))
    return {n: values[n] for n in names}
