"""The duty-access rule (职责准入制度, DL-1.3): one source of truth for hand-overs.

*Without a unified deployment by the Party committee and the government, county-level
departments may not entrust or hand over to townships the administrative affairs
within their own responsibilities.*

The rule is written once, as :func:`transfer_reasons` over plain facts
(:class:`TransferFacts`). Two callers gather the facts:

* :func:`kg.audit.check_transfer` — from the graph, before a hand-over is made;
* :func:`access_violations` — from a validated :class:`~kg.ingest.dataset.Dataset`, before
  it is written (``kg load --strict``).

The audit query ``queries/access-handover-without-decision.cypher`` states the same
decision test in Cypher; tests keep the two in agreement.

A hand-over is **in scope** when it goes from a county-level department (kind
``department``, level ``county``, with a jurisdiction) to a township body: a body that
governs or serves a township and is the township's own (not a body still under the
dispatch system, which belongs to its department). A **qualifying decision** exists,
has kind ``unified_deployment`` and is issued by a Party committee or government whose
jurisdiction is the department's county or an area above it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from kg import model as m

# the facts and reasons live in kg.audit.facts; re-exported here, where callers import them
from kg.audit.facts import CLAUSE as CLAUSE
from kg.audit.facts import BodyFacts as BodyFacts
from kg.audit.facts import DecisionFacts as DecisionFacts
from kg.audit.facts import Reason as Reason
from kg.audit.facts import TransferFacts as TransferFacts
from kg.errors import InputIssue

if TYPE_CHECKING:
    from kg.ingest.dataset import Dataset


def is_county_department(b: BodyFacts | None) -> TypeGuard[BodyFacts]:
    """A department of a county — or of the city (issue 11: the rule names 区市县直部门;
    its purpose covers city departments a fortiori) — with a jurisdiction."""
    return (
        b is not None
        and b.kind == m.BodyKind.DEPARTMENT
        and b.level in (m.AreaLevel.COUNTY, m.AreaLevel.CITY)
        and b.area_id is not None
    )


def is_township_body(b: BodyFacts | None) -> TypeGuard[BodyFacts]:
    """A township's own body: it governs or serves a township and is not still dispatched."""
    if b is None or b.area_level != m.AreaLevel.TOWNSHIP:
        return False
    return b.kind != m.BodyKind.DISPATCHED or b.dispatch_status == m.DispatchStatus.INTEGRATED


def in_scope(f: TransferFacts) -> bool:
    """The duty-access rule applies: a county department hands over to a township body."""
    return is_county_department(f.department) and is_township_body(f.target)


def decision_reasons(f: TransferFacts) -> list[Reason]:
    """The duty-access test proper: is there a qualifying unified-deployment decision?"""
    # long: one ordered list of the decision's tests (kind, issuer, level, scope, date, repeal); the first failing one names the finding
    if f.decision_id is None:
        return [
            Reason(
                code="no_decision",
                message_zh="没有党委和政府统一部署的决定：未经统一部署，县级部门不得将职责范围内的行政事务委托或交由乡镇承担（DL-1.3）。",
                message_en="There is no unified-deployment decision of the Party committee and government; without one a county department may not entrust or hand over its own administrative affairs to a township (DL-1.3).",
            )
        ]
    d = f.decision
    if d is None:
        return [
            Reason(
                code="unknown_decision",
                message_zh=f"决定 {f.decision_id} 不存在，不能作为统一部署的依据（DL-1.3）。",
                message_en=f"Decision {f.decision_id!r} does not exist, so it cannot authorise the hand-over (DL-1.3).",
            )
        ]
    out = []
    doc = f"（{d.document_no}）" if d.document_no else ""
    doc_en = f" ({d.document_no})" if d.document_no else ""
    if d.kind != m.DecisionKind.UNIFIED_DEPLOYMENT:
        out.append(
            Reason(
                code="not_unified_deployment",
                message_zh=f"决定「{d.name}」{doc}不是党委和政府的统一部署（DL-1.3）。",
                message_en=f"Decision {d.name!r}{doc_en} is not a unified deployment of the Party committee and government (DL-1.3).",
            )
        )
    issuer = d.issuer
    if not d.sides:
        who = f"由{issuer.name}作出" if issuer else "没有记录发文机关"
        who_en = f"is issued by {issuer.name}" if issuer else "records no issuer"
        out.append(
            Reason(
                code="issuer_not_party_or_government",
                message_zh=f"决定「{d.name}」{who}，不是党委或政府的决定（DL-1.3）。",
                message_en=f"Decision {d.name!r} {who_en}, not by a Party committee or government (DL-1.3).",
            )
        )
    elif f.department is not None and not any(
        s.area_id is not None and s.area_id in f.department.area_chain for s in d.sides
    ):
        names = "、".join(s.name for s in d.sides)
        out.append(
            Reason(
                code="issuer_out_of_jurisdiction",
                message_zh=f"决定「{d.name}」由{names}作出，其辖区不包含{f.department.name}所在区县（DL-1.3）。",
                message_en=f"Decision {d.name!r} is issued by {names}, whose jurisdiction does not cover the area of {f.department.name} (DL-1.3).",
            )
        )
    if f.duty_name is not None and f.duty_id not in d.items | d.list_items:
        out.append(
            Reason(
                code="item_not_in_scope",
                message_zh=f"决定「{d.name}」{doc}未列入事项「{f.duty_name}」（DL-1.3）。",
                message_en=f"Decision {d.name!r}{doc_en} does not cover the item {f.duty_name!r} (DL-1.3).",
            )
        )
    tgt = f.target
    if (
        tgt is not None
        and tgt.area_id is not None
        and not (tgt.area_id in d.townships or set(tgt.area_chain[1:]) & d.all_townships_of)
    ):
        out.append(
            Reason(
                code="township_not_in_scope",
                message_zh=f"决定「{d.name}」{doc}未覆盖{tgt.name}所在乡镇（街道）（DL-1.3）。",
                message_en=f"Decision {d.name!r}{doc_en} does not cover the township of {tgt.name} (DL-1.3).",
            )
        )
    if d.date is None or (f.handover_date is not None and d.date > f.handover_date):
        when = f"（{d.date}）" if d.date else "（无日期）"
        out.append(
            Reason(
                code="decision_after_handover",
                message_zh=f"决定「{d.name}」{when}晚于交办日期 {f.handover_date or '—'}，交办时尚无统一部署（DL-1.3）。",
                message_en=f"Decision {d.name!r} ({d.date or 'undated'}) is later than the hand-over ({f.handover_date or '—'}): there was no unified deployment when it was made (DL-1.3).",
            )
        )
    elif f.as_of is not None and d.repealed_date is not None and d.repealed_date <= f.as_of:
        out.append(
            Reason(
                code="decision_repealed",
                message_zh=f"决定「{d.name}」已于 {d.repealed_date} 废止（DL-1.3）。",
                message_en=f"Decision {d.name!r} was repealed on {d.repealed_date} (DL-1.3).",
            )
        )
    return out


def single_issuer(d: DecisionFacts) -> bool:
    """Issued by the Party side or the government side only (the plan says 党委和政府)."""
    kinds = d.side_kinds()
    return len(kinds) == 1


def transfer_reasons(f: TransferFacts) -> list[Reason]:
    """Every reason the transfer is not allowed; empty means allowed."""
    # long: one reason per condition of DL-1.3, each with its Chinese and English sentence
    out: list[Reason] = []
    dep, tgt = f.department, f.target
    if dep is None:
        out.append(
            Reason(
                code="unknown_department",
                message_zh=f"没有编号为 {f.department_id} 的机构（DL-1.3）。",
                message_en=f"There is no body {f.department_id!r} (DL-1.3).",
            )
        )
    elif not is_county_department(dep):
        out.append(
            Reason(
                code="not_county_department",
                message_zh=f"{dep.name}不是有辖区的县级部门；职责准入制度约束的是县级部门向乡镇交办事项（DL-1.3）。",
                message_en=f"{dep.name} is not a county-level department with a jurisdiction; the duty-access rule governs hand-overs from county departments to townships (DL-1.3).",
            )
        )
    if tgt is None:
        out.append(
            Reason(
                code="unknown_target",
                message_zh=f"没有编号为 {f.target_id} 的乡镇机构（DL-1.3）。",
                message_en=f"There is no township body {f.target_id!r} (DL-1.3).",
            )
        )
    elif not is_township_body(tgt):
        why = (
            "仍实行派驻体制，属于派出部门"
            if tgt.kind == m.BodyKind.DISPATCHED and tgt.area_level == m.AreaLevel.TOWNSHIP
            else "不是乡镇（街道）的机构"
        )
        why_en = (
            "is still dispatched and belongs to its department"
            if tgt.kind == m.BodyKind.DISPATCHED and tgt.area_level == m.AreaLevel.TOWNSHIP
            else "is not a body of a township or sub-district"
        )
        out.append(
            Reason(
                code="not_township_body",
                message_zh=f"{tgt.name}{why}（DL-1.3）。",
                message_en=f"{tgt.name} {why_en} (DL-1.3).",
            )
        )
    if is_county_department(dep) and is_township_body(tgt) and dep.area_id not in tgt.area_chain:
        out.append(
            Reason(
                code="other_county",
                message_zh=f"{tgt.name}不在{dep.name}的辖区内（DL-1.3）。",
                message_en=f"{tgt.name} is not within the jurisdiction of {dep.name} (DL-1.3).",
            )
        )
    if f.duty_name is None:
        out.append(
            Reason(
                code="unknown_duty",
                message_zh=f"没有编号为 {f.duty_id} 的事项（DL-1.3）。",
                message_en=f"There is no duty {f.duty_id!r} (DL-1.3).",
            )
        )
    if f.mode == m.HandoverMode.ENTRUST and f.duty_type == m.DutyType.COERCION:
        out.append(
            Reason(
                code="entrusted_coercive_measure",
                clause="DL-1.2c",
                message_zh=f"「{f.duty_name}」是行政强制事项；行政强制措施权不得委托（行政强制法第十七条，DL-1.2c）。",
                message_en=f"{f.duty_name!r} is a coercive measure; the power to take coercive measures may not be entrusted (Administrative Coercion Law art. 17, DL-1.2c).",
            )
        )
    out.extend(decision_reasons(f))
    return out


def authorised_reason(f: TransferFacts) -> Reason:
    """The positive reason for an allowed transfer: the decision that authorises it."""
    d = f.decision
    assert d is not None and f.department is not None and f.target is not None
    doc = f"（{d.document_no}）" if d.document_no else ""
    doc_en = f" ({d.document_no})" if d.document_no else ""
    return Reason(
        code="authorised",
        message_zh=f"{f.department.name}依据党委和政府统一部署「{d.name}」{doc}将「{f.duty_name}」交由{f.target.name}承担，符合职责准入制度（DL-1.3）。",
        message_en=f"{f.department.name} hands {f.duty_name!r} over to {f.target.name} on the unified deployment {d.name!r}{doc_en}, as the duty-access rule requires (DL-1.3).",
    )


# --------------------------------------------------------------------------- from a dataset


def _body_facts(entities: dict[str, m.Entity], body_id: str | None) -> BodyFacts | None:
    b = entities.get(body_id) if body_id else None
    if not isinstance(b, m.Body):
        return None
    facts = BodyFacts(
        id=b.id,
        name=b.name,
        kind=str(b.kind),
        level=str(b.level),
        dispatch_status=str(b.dispatch_status) if b.dispatch_status else None,
    )
    area = entities.get(b.area) if b.area else None
    if isinstance(area, m.Area):
        facts.area_id, facts.area_level = area.id, str(area.level)
        seen: set[str] = set()
        a: m.Entity | None = area
        while isinstance(a, m.Area) and a.id not in seen:
            seen.add(a.id)
            facts.area_chain.append(a.id)
            a = entities.get(a.parent) if a.parent else None
    return facts


def _decision_facts(ds: Dataset, entities: dict[str, m.Entity], dec: m.Decision) -> DecisionFacts:
    issuers = [b for b in (_body_facts(entities, i) for i in dec.issuers) if b is not None]
    sides: list[BodyFacts] = []
    for i in dec.issuers:
        body = entities.get(i)
        if not isinstance(body, m.Body):
            continue
        side = body
        if body.kind == m.BodyKind.OFFICE and body.parent:
            up = entities.get(body.parent)
            side = up if isinstance(up, m.Body) else body
        if side.kind in (m.BodyKind.PARTY_COMMITTEE, m.BodyKind.GOVERNMENT):
            facts = _body_facts(entities, side.id)
            if facts is not None and facts.id not in {s.id for s in sides}:
                sides.append(facts)
    list_items = {e.duty for e in ds.entries if e.list_id in set(dec.lists)}
    return DecisionFacts(
        id=dec.id,
        name=dec.name,
        kind=str(dec.kind),
        document_no=dec.document_no,
        issuers=issuers,
        sides=sides,
        date=dec.date.isoformat() if dec.date else None,
        repealed_date=dec.repealed_date.isoformat() if dec.repealed_date else None,
        items=set(dec.items),
        list_items=list_items,
        townships=set(dec.townships),
        all_townships_of=set(dec.all_townships_of),
    )


def facts_from_dataset(ds: Dataset, handover: m.Handover) -> TransferFacts:
    entities = {e.id: e for e in ds.entities}
    duty = entities.get(handover.duty)
    dec = entities.get(handover.decision) if handover.decision else None
    decision = _decision_facts(ds, entities, dec) if isinstance(dec, m.Decision) else None
    return TransferFacts(
        department_id=handover.from_body,
        target_id=handover.to_body,
        duty_id=handover.duty,
        department=_body_facts(entities, handover.from_body),
        target=_body_facts(entities, handover.to_body),
        duty_name=duty.name if isinstance(duty, m.Duty) else None,
        decision_id=handover.decision,
        decision=decision,
        handover_date=handover.date.isoformat(),
        mode=str(handover.mode),
        duty_type=str(duty.duty_type) if isinstance(duty, m.Duty) and duty.duty_type else None,
    )


def violating_handovers(dataset: Dataset) -> list[tuple[m.Handover, list[Reason]]]:
    """In-scope hand-overs of the dataset with the reasons they break the duty-access rule."""
    out = []
    for e in dataset.entities:
        if not isinstance(e, m.Handover):
            continue
        facts = facts_from_dataset(dataset, e)
        if not in_scope(facts):
            continue
        reasons = decision_reasons(facts)
        if reasons:
            out.append((e, reasons))
    return sorted(out, key=lambda p: p[0].id)


def access_violations(dataset: Dataset) -> list[InputIssue]:
    """Hand-overs in the dataset that break the duty-access rule, located at their YAML row.

    Only hand-overs from a county department to a township body are in scope; each
    problem with its authorising decision is one issue (column ``decision``).
    """
    out = []
    for e, reasons in violating_handovers(dataset):
        for reason in reasons:
            out.append(
                InputIssue(
                    file=e.source_file or str(dataset.root / "handovers.yaml"),
                    row=e.source_row,
                    column="decision",
                    message=f"hand-over {e.id!r} of duty {e.duty!r} from {e.from_body!r} to {e.to_body!r} breaks the duty-access rule: {reason.message_en}",
                )
            )
    return sorted(out, key=lambda i: (i.file, i.row or 0, i.message))
