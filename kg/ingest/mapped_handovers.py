"""Hand-overs recorded by published lists (issue 11 item 7): a row with 原实施主体 (the
department that held the power) and 赋权方式 (下放 / 委托) becomes a :class:`~kg.model.Handover`
from that department to the row's 责任主体 (else the list's owner), exactly like one
declared in ``handovers.yaml`` — so the duty-access audits and ``kg check-transfer``
see it. A mixin of :class:`kg.ingest.mapped.MappedListReader`.

* The department's name resolves through body names and the alias table, like every
  name on a list; an unknown or ambiguous name is an error at its cell.
* 赋权方式 other than 下放 / 委托 is an error at its cell. An empty 赋权方式 (or a list
  without that column) is a located *warning*: 下放 and 委托 differ in law (who stays
  responsible, in whose name the township acts), so kg records no hand-over rather than
  guess, and the row loads as the township's own item. A 赋权方式 without 原实施主体 is a
  warning too.
* On a 委托 row the township body acts in the department's name: it holds the item
  with role ``entrusted``, not ``lead`` (as the tidy column ``entrusted`` says).
* The date is the row's 赋权时间 if the list has that column, else the list's effective
  date. Versions of one list (same ``series``) record one hand-over: dated by the first
  version that lists it, ended (``end_date``) by the first later version that does not.
* The decision behind it is the list's ``decision`` in ``dataset.yaml``, else the one
  decision whose ``lists`` annex the list (several: the latest dated on or before the
  hand-over). None: the access audit reports the hand-over as having no decision.
* A hand-over ``handovers.yaml`` declares with the same duty, department, township body
  and mode wins: the list adds none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from pydantic import ValidationError

from kg import model as m
from kg.errors import InputIssue
from kg.ingest.names import PendingHandover, _MappedState
from kg.ingest.published import ListRow

_DATE = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)


def parse_cell_date(text: str) -> dt.date | None:
    """``2024-06-01``, ``2024/6/1``, ``2024.6.1`` or ``2024年6月1日`` (a time after it is
    ignored); ``None`` if the text is not such a date."""
    found = _DATE.match(text)
    if not found:
        return None
    try:
        return dt.date(*(int(g) for g in found.groups()))
    except ValueError:
        return None


class MappedHandovers:
    """Methods of the dataset reader that record hand-overs from list rows."""

    issues: list[InputIssue]
    notices: list[InputIssue]
    entities: dict[str, m.Entity]

    def _mapped_state(self) -> _MappedState:
        raise NotImplementedError

    def _resolve(self, r: ListRow, names: list[tuple[str, str]], scope: str) -> list[str] | None:
        raise NotImplementedError

    def add(self, entity: m.Entity, rel: str, row: int | None, sheet: str | None = None) -> None:
        raise NotImplementedError

    def _issue(self, r: ListRow, fld: str, message: str, warning: bool = False) -> None:
        target = self.notices if warning else self.issues
        target.append(InputIssue(r.file, message, sheet=r.sheet, row=r.row, column=r.columns.get(fld)))

    def row_handovers(self, spec: Any, r: ListRow, duty: m.Duty, receivers: list[str], scope: str) -> bool:
        """Record the hand-overs of a row with 原实施主体 / 赋权方式; ``False`` after an error."""
        st = self._mapped_state()
        holder_h = st.header_of(r, "original_holder") if "original_holder" in r.columns else "原实施主体"
        mode_h = st.header_of(r, "mode") if "mode" in r.columns else "赋权方式"
        if not r.original_holder:
            self._issue(
                r,
                "mode",
                f"{mode_h} says {r.mode_raw!r} but {holder_h} is empty: no hand-over is recorded for this row; "
                f"name the department that held the item in {holder_h}",
                warning=True,
            )
            return True
        holders = self._resolve(r, [(n, "original_holder") for n in r.original_holder], scope)
        if holders is None:
            return False
        if r.mode is None:
            if r.mode_raw:
                self._issue(r, "mode", f"{mode_h} {r.mode_raw!r} is neither 下放 (devolution) nor 委托 (entrustment)")
                return False
            self._issue(
                r,
                "original_holder",
                f"{holder_h} names {'、'.join(r.original_holder)} but {mode_h} is "
                f"{'empty' if 'mode' in r.columns else 'not a column of this list'}: 下放 and 委托 differ in who stays "
                f"responsible, so no hand-over is recorded and the row loads as the township's own item; "
                f"give {mode_h} (下放 or 委托) to record it",
                warning=True,
            )
            return True
        date = None
        if r.handover_date:
            date = parse_cell_date(r.handover_date)
            if date is None:
                self._issue(
                    r,
                    "handover_date",
                    f"{st.header_of(r, 'handover_date')} {r.handover_date!r} is not a date (2024-06-01)",
                )
                return False
        ok = True
        for to_id in receivers:
            body = self.entities.get(to_id)
            if isinstance(body, m.Body) and body.level != m.AreaLevel.TOWNSHIP:
                lead_h = st.header_of(r, "lead") if "lead" in r.columns else "责任主体"
                self._issue(
                    r,
                    "lead",
                    f"{holder_h} records a hand-over, but the body receiving it, {body.name} ({to_id}, level {body.level}), "
                    f"is not a township body: name the township body in {lead_h}",
                )
                ok = False
        if not ok:
            return False
        for from_id in holders:
            for to_id in receivers:
                if from_id == to_id:
                    self._issue(r, "original_holder", f"{holder_h} names the body that receives the item ({to_id})")
                    return False
                st.handovers.append(
                    PendingHandover(
                        list_id=spec.id,
                        series=spec.series or spec.id,
                        effective_date=spec.effective_date,
                        duty=duty.id,
                        duty_name=duty.name,
                        from_body=from_id,
                        to_body=to_id,
                        mode=r.mode,
                        date=date,
                        decision=spec.decision,
                        file=r.file,
                        sheet=r.sheet,
                        row=r.row,
                    )
                )
        return True

    @staticmethod
    def _annexing_decision(found: list[m.Decision], date: dt.date) -> str | None:
        """Of the decisions that annex a list, the latest dated on or before ``date``, else the earliest."""
        if not found:
            return None
        before = [d for d in found if d.date is not None and d.date <= date]
        if before:
            return max(before, key=lambda d: (d.date or dt.date.min, d.id)).id
        return min(found, key=lambda d: (d.date or dt.date.max, d.id)).id

    def finish_handovers(self) -> None:
        """Make the Handover entities of every recorded row, one per series and hand-over."""
        st = self._mapped_state()
        declared = {
            (e.duty, e.from_body, e.to_body, str(e.mode)) for e in self.entities.values() if isinstance(e, m.Handover)
        }
        versions: dict[str, list[dt.date]] = {}
        annexing: dict[str, list[m.Decision]] = {}  # list id -> decisions whose lists include it
        for e in self.entities.values():
            if isinstance(e, m.DutyList):
                versions.setdefault(e.series or e.id, []).append(e.effective_date)
            elif isinstance(e, m.Decision):
                for list_id in e.lists:
                    annexing.setdefault(list_id, []).append(e)
        groups: dict[tuple[str, str, str, str, str], list[PendingHandover]] = {}
        for p in st.handovers:
            groups.setdefault((p.series, p.duty, p.from_body, p.to_body, p.mode), []).append(p)
        for (series, duty, from_id, to_id, mode), rows in groups.items():
            if (duty, from_id, to_id, mode) in declared:
                continue
            first = min(rows, key=lambda p: (p.effective_date, p.list_id))
            date = min(p.date or p.effective_date for p in rows)
            last = max(p.effective_date for p in rows)
            end = min((d for d in versions.get(series, []) if d > last), default=None)
            digest = hashlib.sha1(f"{duty}|{from_id}|{to_id}|{mode}".encode()).hexdigest()[:10]
            giver, taker = self.entities.get(from_id), self.entities.get(to_id)
            giver_name = giver.name if giver else from_id
            taker_name = taker.name if taker else to_id
            verb = f"向{taker_name}下放" if mode == m.HandoverMode.DEVOLVE else f"委托{taker_name}承担"
            values: dict[str, Any] = {
                "id": f"ho-{series}-{digest}",
                "name": f"{giver_name}{verb}「{first.duty_name}」",
                "duty": duty,
                "from_body": from_id,
                "to_body": to_id,
                "mode": mode,
                "date": date,
                "end_date": end,
                "decision": first.decision or self._annexing_decision(annexing.get(first.list_id, []), date),
                "clause": "DL-1.3",
                "source_file": first.file,
                "source_row": first.row,
            }
            try:
                handover = m.Handover.model_validate(values)
            except ValidationError as e:
                for err in e.errors():
                    self.issues.append(
                        InputIssue(
                            first.file,
                            f"the hand-over this row records: {err['msg']}",
                            sheet=first.sheet,
                            row=first.row,
                        )
                    )
                continue
            self.add(handover, first.file, first.row, first.sheet)
