"""``check_transfer``: may a county department hand a duty over to a township (DL-1.3)?
And ``what_if_transfer``: which findings of every audit would the hand-over add or remove?

The facts are read from the store; the rule itself is :mod:`kg.audit.access`. The what-if
writes the hypothetical hand-over into a scratch view of the graph
(:meth:`kg.stores.Store.scratch`: a ``GRAPH.COPY`` on the embedded store, a transaction
that is rolled back on Neo4j), so no other reader ever sees it and it never persists.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from kg.audit import access
from kg.audit.access import BodyFacts, DecisionFacts, Reason, TransferFacts
from kg.audit.rules import Finding, add_provenance, run_audit, sort_findings
from kg.stores import Store


class TransferVerdict(BaseModel):
    """Whether a county department may hand a duty over to a township (DL-1.3)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allowed: bool
    department_id: str
    township_id: str
    duty_id: str
    decision_id: str | None = None
    clause: str = access.CLAUSE
    reasons: list[Reason]

    def render(self, lang: str = "zh") -> str:
        if lang == "en":
            head = (
                f"Allowed: {self.department_id} may hand {self.duty_id} over to {self.township_id} ({self.clause})."
                if self.allowed
                else f"Not allowed: {self.department_id} may not hand {self.duty_id} over to {self.township_id} ({self.clause}):"
            )
        else:
            head = (
                f"允许：{self.department_id} 可以将 {self.duty_id} 交由 {self.township_id} 承担（{self.clause}）。"
                if self.allowed
                else f"不允许：{self.department_id} 不得将 {self.duty_id} 交由 {self.township_id} 承担（{self.clause}）："
            )
        return "\n".join([head] + [f"  - [{r.clause}] {r.message(lang)}" for r in self.reasons])


def _area_chain(store: Store, area_id: str) -> list[str]:
    chain, seen, cur = [], set(), area_id
    while cur is not None and cur not in seen:
        seen.add(cur)
        chain.append(cur)
        cur = store.run(
            "MATCH (a:Area {id: $id}) OPTIONAL MATCH (a)-[:BELONGS_TO]->(p:Area) RETURN p.id", {"id": cur}
        ).value()
    return chain


def _store_body(store: Store, body_id: str | None) -> BodyFacts | None:
    if not body_id:
        return None
    rows = store.run(
        "MATCH (b:Body {id: $id}) OPTIONAL MATCH (b)-[:GOVERNS|SERVES]->(a:Area) "
        "RETURN b.id, b.name, b.kind, b.level, b.dispatch_status, a.id, a.level ORDER BY a.id",
        {"id": body_id},
    ).rows
    if not rows:
        return None
    bid, name, kind, level, status, area_id, area_level = rows[0]
    facts = BodyFacts(
        id=bid, name=name, kind=kind, level=level, dispatch_status=status, area_id=area_id, area_level=area_level
    )
    if area_id is not None:
        facts.area_chain = _area_chain(store, area_id)
    return facts


def _store_decision(store: Store, decision_id: str) -> DecisionFacts | None:
    rows = store.run(
        "MATCH (d:Decision {id: $id}) "
        "RETURN d.id, d.name, d.kind, d.document_no, d.date, d.repealed_date, "
        "[(i1:Body)-[:ISSUES]->(d) | i1.id], "
        "[(i2:Body)-[:ISSUES]->(d) WHERE i2.kind IN ['party_committee', 'government'] | i2.id] + "
        "[(p3:Body)<-[:BELONGS_TO]-(i3:Body)-[:ISSUES]->(d) "
        " WHERE i3.kind = 'office' AND p3.kind IN ['party_committee', 'government'] | p3.id], "
        "[(d)-[:COVERS_ITEM]->(x4:Duty) | x4.id], "
        "[(d)-[:COVERS_LIST]->(:DutyList)-[:INCLUDES]->(x5:Duty) | x5.id], "
        "[(d)-[:COVERS_TOWNSHIP]->(a6:Area) | a6.id], "
        "[(d)-[:COVERS_ALL_TOWNSHIPS_OF]->(a7:Area) | a7.id]",
        {"id": decision_id},
    ).rows
    if not rows:
        return None
    did, name, kind, doc, date, repealed, issuers, sides, items, list_items, towns, all_of = rows[0]
    side_ids = sorted({s for s in sides if s is not None})
    return DecisionFacts(
        id=did,
        name=name,
        kind=kind,
        document_no=doc,
        issuers=[b for b in (_store_body(store, i) for i in sorted(issuers)) if b is not None],
        sides=[b for b in (_store_body(store, i) for i in side_ids) if b is not None],
        date=date,
        repealed_date=repealed,
        items=set(items),
        list_items=set(list_items),
        townships=set(towns),
        all_townships_of=set(all_of),
    )


def _resolve_target(store: Store, target_id: str) -> str:
    """A township area id names its government (or, failing one, its Party committee)."""
    area = store.run("MATCH (a:Area {id: $id}) RETURN a.level", {"id": target_id}).value()
    if area != "township":
        return target_id
    ids = store.run(
        "MATCH (b:Body)-[:GOVERNS]->(:Area {id: $id}) WHERE b.kind IN ['government', 'party_committee'] "
        "RETURN b.id, b.kind ORDER BY b.kind, b.id",
        {"id": target_id},
    ).rows
    return ids[0][0] if ids else target_id


def transfer_facts(
    store: Store,
    department_id: str,
    township_id: str,
    duty_id: str,
    decision_id: str | None = None,
    mode: str | None = None,
    date: str | None = None,
) -> TransferFacts:
    target_id = _resolve_target(store, township_id)
    duty_rows = store.run("MATCH (d:Duty {id: $id}) RETURN d.name, d.duty_type", {"id": duty_id}).rows
    duty_name, duty_type = duty_rows[0] if duty_rows else (None, None)
    decision = _store_decision(store, decision_id) if decision_id is not None else None
    return TransferFacts(
        department_id=department_id,
        target_id=target_id,
        duty_id=duty_id,
        department=_store_body(store, department_id),
        target=_store_body(store, target_id),
        duty_name=duty_name,
        decision_id=decision_id,
        decision=decision,
        handover_date=date,
        as_of=date,
        mode=mode,
        duty_type=duty_type,
    )


def check_transfer(
    store: Store,
    department_id: str,
    township_id: str,
    duty_id: str,
    decision_id: str | None = None,
    mode: str = "委托",
    date: str | None = None,
) -> TransferVerdict:
    """May ``department_id`` hand ``duty_id`` over to ``township_id`` on ``decision_id``?

    ``township_id`` is a township body (e.g. its government) or a township area (its
    government is taken). Allowed only if the department is a county-level department,
    the target is a township's own body within the department's county, the duty exists,
    and the decision exists, is a unified deployment and is issued by a Party committee
    or government of the county or above, covers the duty and the township, and is dated
    on or before ``date`` (the hand-over's date, ISO; default: not judged) and not repealed
    then. ``mode`` 委托 (the default, the weaker) of a coercive measure is refused
    (行政强制法 art. 17) (DL-1.3, :mod:`kg.audit.access`).
    """
    facts = transfer_facts(store, department_id, township_id, duty_id, decision_id, mode, date)
    blocking = access.transfer_reasons(facts)
    reasons = blocking or [access.authorised_reason(facts)]
    return TransferVerdict(
        allowed=not blocking,
        department_id=department_id,
        township_id=facts.target_id,
        duty_id=duty_id,
        decision_id=decision_id,
        reasons=reasons,
    )


# --------------------------------------------------------------------------- what-if

#: the identity of a finding across two audits (as ``kg diff`` and the tests key them):
#: rule, township, subject and the set of related ids
FindingKey = tuple[str, str | None, str, frozenset[str]]

#: the hypothetical hand-over, written into the scratch view only; ``what_if`` marks it
WRITE_HYPOTHETICAL = """
MATCH (x:Body {id: $from_id}), (b:Body {id: $to_id}), (d:Duty {id: $duty_id})
CREATE (h:Handover {id: $id, name: $name, mode: $mode, date: $date, clause: 'DL-1.3', dataset: $dataset, what_if: true})
CREATE (x)-[:HANDS_OVER {what_if: true}]->(h)
CREATE (h)-[:TRANSFERS {what_if: true}]->(d)
CREATE (h)-[:ASSIGNS_TO {what_if: true}]->(b)
WITH h
OPTIONAL MATCH (dec:Decision {id: $decision_id})
FOREACH (_ IN CASE WHEN dec IS NULL THEN [] ELSE [1] END | CREATE (dec)-[:AUTHORISES {what_if: true}]->(h))
RETURN count(h)
"""


ENDS_EXIST = "MATCH (x:Body {id: $from_id}), (b:Body {id: $to_id}), (d:Duty {id: $duty_id}) RETURN count(*)"


def finding_key(f: Finding) -> FindingKey:
    return (f.rule_id, f.township_id, f.subject_id, frozenset(f.related_ids))


def findings_delta(before: Iterable[Finding], after: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """``(added, removed)``: the findings of ``after`` that ``before`` lacks and the other
    way round, keyed by :func:`finding_key` (two equal findings count twice)."""
    before, after = list(before), list(after)
    b = Counter(finding_key(f) for f in before)
    a = Counter(finding_key(f) for f in after)
    plus, minus = a - b, b - a
    added, removed = [], []
    for f in after:
        if plus[finding_key(f)] > 0:
            plus[finding_key(f)] -= 1
            added.append(f)
    for f in before:
        if minus[finding_key(f)] > 0:
            minus[finding_key(f)] -= 1
            removed.append(f)
    return sort_findings(added), sort_findings(removed)


class WhatIf(BaseModel):
    """The verdict on a hypothetical hand-over and what every audit would say after it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    verdict: TransferVerdict
    as_of: str
    handover_id: str  # the hypothetical hand-over's id in the findings (whatif-…)
    #: False when the department, the receiving body or the duty does not exist: nothing
    #: could be written, no audit ran, nothing is added or removed
    modelled: bool = True
    added: list[Finding]
    removed: list[Finding]


def what_if_transfer(
    store: Store,
    department_id: str,
    township_id: str,
    duty_id: str,
    decision_id: str | None = None,
    mode: str = "委托",
    date: str | None = None,
    rules: Iterable[str] | None = None,
) -> WhatIf:
    """Check the hand-over (:func:`check_transfer`) and run every audit (or ``rules``) on
    the graph as it is and as it would be with the hand-over in force on ``date`` (the
    audit date; default today): the findings it would add and remove.

    Both audits run on one scratch view (:meth:`kg.stores.Store.scratch`), before and
    after the hypothetical hand-over is written into it, so they compare one state of the
    graph even if a load runs meanwhile; the view is dropped afterwards, also on an error
    or Ctrl-C. ``mode`` 下放 is modelled through the hand-over alone: no list row changes.
    """
    from kg.audit.params import as_of_date

    day = as_of_date(date).isoformat()
    verdict = check_transfer(store, department_id, township_id, duty_id, decision_id, mode, day)
    hid = f"whatif-{uuid.uuid4().hex[:12]}"
    chosen = list(rules) if rules is not None else None
    ends = {"from_id": department_id, "to_id": verdict.township_id, "duty_id": duty_id}
    if not store.run(ENDS_EXIST, ends).value(0):
        return WhatIf(verdict=verdict, as_of=day, handover_id=hid, added=[], removed=[], modelled=False)
    with store.scratch() as view:
        before = run_audit(view, rules=chosen, as_of=day, provenance=False)
        dataset = view.run("MATCH (d:Duty {id: $id}) RETURN d.dataset", {"id": duty_id}).value()
        view.run(
            WRITE_HYPOTHETICAL,
            {
                "id": hid,
                "name": f"假设：{department_id}将{duty_id}{mode}给{verdict.township_id}",
                "mode": mode,
                "date": day,
                "dataset": dataset,
                "decision_id": decision_id,
                **ends,
            },
            write=True,
        )
        after = run_audit(view, rules=chosen, as_of=day, provenance=False)
        added, removed = findings_delta(before, after)
        added = add_provenance(view, added)
    removed = add_provenance(store, removed)
    return WhatIf(verdict=verdict, as_of=day, handover_id=hid, added=added, removed=removed)
