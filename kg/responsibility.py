"""Who is responsible for an item, township by township (``kg who``, ``kg.who``).

:func:`who` finds duties by name — exact id, substring (case-insensitive) and fuzzy
(rapidfuzz ``partial_ratio``) — and runs the shipped favourite ``explore-who`` for the
duties found, in one query. For each (duty, township) it answers: the lead and the
cooperating bodies (from the township's current lists; a taken-back list is shown but
names no holder), how the item got there (the list and its file row, the hand-over from
a department with its mode and date, the decision that authorised it) and what the law
cited says (the legal basis as written, and the provisions parsed from it).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz, process
from rich import box
from rich.console import Console
from rich.table import Table

from kg import model as m
from kg.audit.queries import find_query
from kg.errors import UsageError
from kg.stores import Store

FUZZY_CUTOFF = 70.0
LIMIT = 10


class Match(BaseModel):
    model_config = ConfigDict(frozen=True)

    duty_id: str
    duty_name: str
    how: Literal["id", "substring", "fuzzy"]
    score: float


class Holder(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str


class ListRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    list_id: str
    list_name: str
    list_kind: str
    file: str | None
    sheet: str | None
    row: int | None
    #: what the row says about the item (issue 11): 职责边界划分, 责任事项, 追责, 工作方式, 备注
    content: tuple[tuple[str, str], ...] = ()


class HandoverInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    mode: str | None
    date: str | None
    from_id: str | None
    from_name: str | None
    decision_id: str | None
    decision_name: str | None
    decision_no: str | None


class Responsibility(BaseModel):
    """The answer for one duty in one township."""

    township_id: str
    township_name: str
    duty_id: str
    duty_name: str
    match: Literal["id", "substring", "fuzzy"]
    score: float
    leads: list[Holder]
    cooperating: list[Holder]
    lists: list[ListRow]
    handovers: list[HandoverInfo]
    legal_basis: str | None
    legal_citations: list[str]


def find_duties(store: Store, text: str, limit: int = LIMIT, cutoff: float = FUZZY_CUTOFF) -> list[Match]:
    """Duties matching ``text``: by id, then by substring, then fuzzily; best first."""
    text = text.strip()
    if not text:
        raise UsageError("give part of an item's name (or its id) to look for")
    names = {r[0]: r[1] or "" for r in store.run("MATCH (d:Duty) RETURN d.id, d.name").rows}
    found: dict[str, Match] = {}
    if text in names:
        found[text] = Match(duty_id=text, duty_name=names[text], how="id", score=100.0)
    low = text.lower()
    for did, name in sorted(names.items()):
        if did not in found and low in name.lower():
            found[did] = Match(duty_id=did, duty_name=name, how="substring", score=100.0)
    if len(found) < limit:
        for name, score, did in process.extract(
            text, names, scorer=fuzz.partial_ratio, score_cutoff=cutoff, limit=limit * 3
        ):
            if did not in found:
                found[did] = Match(duty_id=did, duty_name=name, how="fuzzy", score=round(score, 1))
    order = {"id": 0, "substring": 1, "fuzzy": 2}
    return sorted(found.values(), key=lambda m: (order[m.how], -m.score, m.duty_id))[:limit]


def _holder(text: str) -> Holder:
    hid, _, name = text.partition(" ")
    return Holder(id=hid, name=name)


def who(
    store: Store, text: str, township: str | None = None, *, limit: int = LIMIT, cutoff: float = FUZZY_CUTOFF
) -> list[Responsibility]:
    """Who is responsible for the items matching ``text`` (in ``township``: its id or part of its name)."""
    matches = {m.duty_id: m for m in find_duties(store, text, limit, cutoff)}
    if not matches:
        return []
    q = find_query("explore-who")
    res = store.run(q.cypher, {"text": "", "duty_ids": sorted(matches), "township": (township or "").strip()})
    out: dict[tuple[str, str], Responsibility] = {}
    for r in res.records():
        key = (r["township_id"], r["duty_id"])
        m = matches[r["duty_id"]]
        a = out.get(key)
        if a is None:
            a = out[key] = Responsibility(
                township_id=r["township_id"],
                township_name=r["township_name"],
                duty_id=r["duty_id"],
                duty_name=r["duty_name"],
                match=m.how,
                score=m.score,
                leads=[],
                cooperating=[],
                lists=[],
                handovers=[],
                legal_basis=r["legal_basis"],
                legal_citations=list(r["legal_citations"] or []),
            )
        row = ListRow(
            list_id=r["list_id"],
            list_name=r["list_name"],
            list_kind=r["list_kind"],
            file=r["source_file"],
            sheet=r["source_sheet"],
            row=r["source_row"],
            content=tuple((f, r[f]) for f in CONTENT_COLUMNS if r.get(f)),
        )
        if row not in a.lists:
            a.lists.append(row)
        if r["list_kind"] != "taken_back":
            for field, values in (("leads", r["leads"]), ("cooperating", r["cooperating"])):
                held: list[Holder] = getattr(a, field)
                for h in map(_holder, values or []):
                    if h not in held:
                        held.append(h)
        if r["handover_id"]:
            ho = HandoverInfo(
                id=r["handover_id"],
                mode=r["handover_mode"],
                date=r["handover_date"],
                from_id=r["from_id"],
                from_name=r["from_name"],
                decision_id=r["decision_id"],
                decision_name=r["decision_name"],
                decision_no=r["decision_no"],
            )
            if ho not in a.handovers:
                a.handovers.append(ho)
    order = list(matches)
    return sorted(out.values(), key=lambda a: (order.index(a.duty_id), a.township_id))


# --------------------------------------------------------------------------- text

#: the columns of explore-who that carry a list row's content, as kg who labels them
CONTENT_COLUMNS = (
    "upper_duty",
    "township_duty",
    "responsibility",
    "accountability",
    "accountable_parties",
    "work_mode",
    "note",
)
_T: dict[str, dict[str, str]] = {
    "zh": {
        "township": "乡镇（街道）",
        "item": "事项",
        "lead": "牵头单位",
        "coop": "配合单位",
        "how": "来源",
        "law": "法律依据",
        "none": "没有找到名称含「{text}」的事项。",
        "list": "清单",
        "row": "行",
        "handover": "{from_name}{mode}（{date}）",
        "decision": "依据{name}{no}",
        "nodecision": "无统一部署决定",
        "fuzzy": "近似匹配 {score}",
        "taken_back": "已收回",
    },
    "en": {
        "township": "Township",
        "item": "Item",
        "lead": "Lead",
        "coop": "Cooperating",
        "how": "How it got there",
        "law": "Legal basis",
        "none": "No item's name contains “{text}”.",
        "list": "list",
        "row": "row",
        "handover": "handed over by {from_name} ({mode}, {date})",
        "decision": "under {name} {no}",
        "nodecision": "no unified-deployment decision",
        "fuzzy": "fuzzy match {score}",
        "taken_back": "taken back",
    },
}


def _how(a: Responsibility, lang: str) -> str:
    t = _T[lang]
    lines = []
    for x in a.lists:
        where = ", ".join(p for p in (x.file, x.sheet, f"{t['row']} {x.row}" if x.row else None) if p)
        kind = f" [{t['taken_back']}]" if x.list_kind == "taken_back" else ""
        lines.append(f"{t['list']}: {x.list_name}{kind} ({where})")
        sep = "：" if lang == "zh" else ": "
        lines.extend(f"  {m.ENTRY_CONTENT_LABELS[lang][f]}{sep}{v}" for f, v in x.content)
    for h in a.handovers:
        s = t["handover"].format(from_name=h.from_name or h.from_id, mode=h.mode or "", date=h.date or "?")
        s += "；" if lang == "zh" else "; "
        s += (
            t["decision"].format(
                name=h.decision_name or h.decision_id, no=f"（{h.decision_no}）" if h.decision_no else ""
            )
            if h.decision_id
            else t["nodecision"]
        )
        lines.append(s)
    return "\n".join(lines)


def render_who(answers: Sequence[Responsibility], text: str = "", lang: str = "zh", width: int = 140) -> str:
    """A rich table: one row per item and township."""
    t = _T[lang]
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None, force_terminal=False)
    if not answers:
        console.print(t["none"].format(text=text))
        return console.export_text()
    table = Table(box=box.SIMPLE_HEAVY, show_lines=True, expand=True)
    table.add_column(t["township"], overflow="fold", ratio=2)
    table.add_column(t["item"], overflow="fold", ratio=3)
    table.add_column(t["lead"], overflow="fold", ratio=3)
    table.add_column(t["coop"], overflow="fold", ratio=3)
    table.add_column(t["how"], overflow="fold", ratio=5)
    table.add_column(t["law"], overflow="fold", ratio=4)
    for a in answers:
        item = f"{a.duty_name} ({a.duty_id})"
        if a.match == "fuzzy":
            item += f"\n{t['fuzzy'].format(score=a.score)}"
        law = a.legal_basis or "—"
        if a.legal_citations:
            law += "\n" + "\n".join(a.legal_citations)
        table.add_row(
            f"{a.township_name} ({a.township_id})",
            item,
            "\n".join(f"{h.name} ({h.id})" for h in a.leads) or "—",
            "\n".join(f"{h.name} ({h.id})" for h in a.cooperating) or "—",
            _how(a, lang),
            law,
        )
    console.print(table)
    return console.export_text()


def who_json(answers: Sequence[Responsibility]) -> list[dict[str, Any]]:
    return [a.model_dump(mode="json") for a in answers]
