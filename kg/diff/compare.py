"""Reading and comparing the two sides of a list diff; the rule is stated in :mod:`kg.diff`."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, Field

from kg.errors import UsageError
from kg.ingest.normalise import compact
from kg.model import THREE_LIST_KINDS, ListKind
from kg.stores import Store

__all__ = [
    "CHANGE_KINDS",
    "RENAME_SIMILARITY",
    "DiffItem",
    "DiffPair",
    "ListDiff",
    "ListInfo",
    "diff_lists",
    "diff_series",
]

#: how alike two names must be (difflib ratio of the normalised names) to count as a rename
RENAME_SIMILARITY = 0.7
CHANGE_KINDS = ("added", "removed", "renamed", "moved", "lead_changed")
FAMILY = {k.value: "three-list" for k in THREE_LIST_KINDS}
CATEGORY_ORDER = {k.value: i for i, k in enumerate((*THREE_LIST_KINDS, ListKind.POWER, ListKind.EMPOWERMENT))}

LISTS = (
    "MATCH (l:DutyList) WHERE l.id IN $ids OPTIONAL MATCH (o:Body)-[:OWNS]->(l) "
    "RETURN l.id, l.name, l.kind, l.series, l.effective_date, o.id"
)
ALL_LISTS = "MATCH (l:DutyList) RETURN l.id, l.series, l.effective_date ORDER BY l.id"
ITEMS = "MATCH (l:DutyList)-[i:INCLUDES]->(d:Duty) WHERE l.id IN $ids RETURN l.id, d.id, d.name, d.code, i.seq"
LEADS = (
    "MATCH (b:Body)-[h:HOLDS_DUTY]->(d:Duty) WHERE h.list_id IN $ids AND h.role = $role "
    "RETURN h.list_id, d.id, b.id, b.name"
)
SERIES_VERSIONS = "MATCH (l:DutyList) WHERE l.series = $s RETURN l.id, l.series, l.effective_date"
OWNER_VERSIONS = "MATCH (o:Body)-[:OWNS]->(l:DutyList) WHERE o.id = $s RETURN l.id, l.series, l.effective_date"


class ListInfo(BaseModel):
    id: str
    name: str | None = None
    kind: str | None = None
    series: str | None = None
    effective_date: str | None = None
    owner: str | None = None


class DiffItem(BaseModel):
    """A duty as one side lists it."""

    duty_id: str
    name: str
    code: str | None = None
    category: str  # the list kind: basic, cooperating, taken_back, power, empowerment
    list_id: str
    seq: str | None = None
    leads: list[str] = Field(default_factory=list)  # body ids, sorted
    lead_names: list[str] = Field(default_factory=list)  # in the order of ``leads``


class DiffPair(BaseModel):
    old: DiffItem
    new: DiffItem


class ListDiff(BaseModel):
    """The changes from the old side to the new side, by category of change."""

    old_lists: list[ListInfo]
    new_lists: list[ListInfo]
    added: list[DiffItem] = Field(default_factory=list)
    removed: list[DiffItem] = Field(default_factory=list)
    renamed: list[DiffPair] = Field(default_factory=list)
    moved: list[DiffPair] = Field(default_factory=list)
    lead_changed: list[DiffPair] = Field(default_factory=list)
    unchanged: int = 0

    def counts(self) -> dict[str, int]:
        return {k: len(getattr(self, k)) for k in CHANGE_KINDS}

    def is_empty(self) -> bool:
        return not any(self.counts().values())


# --------------------------------------------------------------------------- reading


def _ids(value: str | Iterable[str]) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    return list(dict.fromkeys(v.strip() for v in value if v and v.strip()))


def _known_lists(store: Store) -> list[list[Any]]:
    return store.run(ALL_LISTS).rows


def _choices(values: Iterable[str], limit: int = 30) -> str:
    values = sorted({v for v in values if v})
    if not values:
        return "(none: load a dataset with lists first)"
    shown = ", ".join(values[:limit])
    return shown + (f", … ({len(values) - limit} more)" if len(values) > limit else "")


def _read_side(store: Store, ids: list[str]) -> tuple[list[ListInfo], dict[tuple[str, str], DiffItem]]:
    infos = {
        r[0]: ListInfo(id=r[0], name=r[1], kind=r[2], series=r[3], effective_date=r[4], owner=r[5])
        for r in store.run(LISTS, {"ids": ids}).rows
    }
    unknown = [i for i in ids if i not in infos]
    if unknown:
        raise UsageError(
            f"unknown list id {', '.join(map(repr, unknown))}; known lists: {_choices(r[0] for r in _known_lists(store))}"
        )
    leads: dict[tuple[str, str], dict[str, str]] = {}
    for list_id, duty_id, body_id, body_name in store.run(LEADS, {"ids": ids, "role": "lead"}).rows:
        leads.setdefault((list_id, duty_id), {})[body_id] = body_name
    items: dict[tuple[str, str], DiffItem] = {}
    for list_id, duty_id, name, code, seq in store.run(ITEMS, {"ids": ids}).rows:
        kind = infos[list_id].kind or ""
        held = leads.get((list_id, duty_id), {})
        item = DiffItem(
            duty_id=duty_id,
            name=name,
            code=code,
            category=kind,
            list_id=list_id,
            seq=None if seq is None else str(seq),
            leads=sorted(held),
            lead_names=[held[b] for b in sorted(held)],
        )
        key = (FAMILY.get(kind, kind), duty_id)
        if key in items:  # one duty on two lists of a family on one side: keep both categories
            other = items[key]
            cats = sorted({*other.category.split("+"), kind}, key=lambda c: CATEGORY_ORDER.get(c, 9))
            merged = sorted(set(other.leads) | set(item.leads))
            names = {**dict(zip(other.leads, other.lead_names, strict=False)), **held}
            item = other.model_copy(
                update={"category": "+".join(cats), "leads": merged, "lead_names": [names[b] for b in merged]}
            )
        items[key] = item
    return [infos[i] for i in ids], items


# --------------------------------------------------------------------------- comparing


def _sort_key(item: DiffItem) -> tuple[Any, ...]:
    seq = item.seq or ""
    nums = tuple(int(n) for n in re.findall(r"\d+", seq))
    return (CATEGORY_ORDER.get(item.category.split("+")[0], 9), nums, seq, item.name)


def _pair_renames(removed: list[tuple[str, DiffItem]], added: list[tuple[str, DiffItem]]) -> list[tuple[int, int]]:
    """Greedy best-first pairs (index into removed, index into added) that count as renames."""
    candidates = []
    for i, (fam_o, old) in enumerate(removed):
        a = compact(old.name)
        matcher = difflib.SequenceMatcher(None, a=a, autojunk=False)
        for j, (fam_n, new) in enumerate(added):
            if fam_o != fam_n:
                continue
            same_code = bool(old.code) and old.code == new.code
            b = compact(new.name)
            matcher.set_seq2(b)
            if not same_code and matcher.real_quick_ratio() < RENAME_SIMILARITY:
                continue
            ratio = matcher.ratio()
            if same_code or ratio >= RENAME_SIMILARITY:
                candidates.append((same_code, ratio, -i, -j, i, j))
    candidates.sort(reverse=True)
    used_o: set[int] = set()
    used_n: set[int] = set()
    pairs = []
    for *_, i, j in candidates:
        if i not in used_o and j not in used_n:
            used_o.add(i)
            used_n.add(j)
            pairs.append((i, j))
    return pairs


def _compare(
    old_lists: list[ListInfo],
    new_lists: list[ListInfo],
    old: dict[tuple[str, str], DiffItem],
    new: dict[tuple[str, str], DiffItem],
) -> ListDiff:
    diff = ListDiff(old_lists=old_lists, new_lists=new_lists)
    pairs: list[tuple[DiffItem, DiffItem]] = [(old[k], new[k]) for k in old if k in new]
    removed = [(k[0], old[k]) for k in old if k not in new]
    added = [(k[0], new[k]) for k in new if k not in old]
    renames = _pair_renames(removed, added)
    pairs += [(removed[i][1], added[j][1]) for i, j in renames]
    gone_o, gone_n = {i for i, _ in renames}, {j for _, j in renames}
    diff.removed = sorted((it for i, (_, it) in enumerate(removed) if i not in gone_o), key=_sort_key)
    diff.added = sorted((it for j, (_, it) in enumerate(added) if j not in gone_n), key=_sort_key)
    for a, b in sorted(pairs, key=lambda p: _sort_key(p[1])):
        changed = False
        if compact(a.name) != compact(b.name):
            diff.renamed.append(DiffPair(old=a, new=b))
            changed = True
        if a.category != b.category:
            diff.moved.append(DiffPair(old=a, new=b))
            changed = True
        elif a.leads != b.leads:
            diff.lead_changed.append(DiffPair(old=a, new=b))
            changed = True
        diff.unchanged += not changed
    return diff


def diff_lists(store: Store, old: str | Sequence[str], new: str | Sequence[str]) -> ListDiff:
    """Compare two list versions; each side is a list id or several (``"a,b,c"`` or a sequence).

    Raises :class:`~kg.errors.UsageError` naming the known list ids if an id is unknown.
    """
    old_ids, new_ids = _ids(old), _ids(new)
    if not old_ids or not new_ids:
        raise UsageError(f"give a list id on each side; known lists: {_choices(r[0] for r in _known_lists(store))}")
    old_lists, old_items = _read_side(store, old_ids)
    new_lists, new_items = _read_side(store, new_ids)
    return _compare(old_lists, new_lists, old_items, new_items)


def _date(value: str | dt.date, what: str) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise UsageError(f"{what} {value!r} is not a date; write it as YYYY-MM-DD") from None


def versions_in_force(store: Store, series_or_owner: str, on: str | dt.date) -> list[str]:
    """The list ids in force on a date: per series, the version with the latest
    effective date not after it. ``series_or_owner`` is a series id or the id of a body
    whose series are all taken (a township's three lists)."""
    day = _date(on, "date")
    rows = (
        store.run(SERIES_VERSIONS, {"s": series_or_owner}).rows
        or store.run(OWNER_VERSIONS, {"s": series_or_owner}).rows
    )
    if not rows:
        known = _known_lists(store)
        owners = [r[0] for r in store.run("MATCH (o:Body)-[:OWNS]->(:DutyList) RETURN DISTINCT o.id").rows]
        raise UsageError(
            f"no series or list owner {series_or_owner!r}; series: {_choices(r[1] for r in known)}; owners: {_choices(owners)}"
        )
    best: dict[str, tuple[str, str]] = {}
    for list_id, series, effective in rows:
        if (
            effective is not None
            and str(effective) <= day
            and (series not in best or (str(effective), list_id) > best[series])
        ):
            best[series] = (str(effective), list_id)
    return sorted(v[1] for v in best.values())


def diff_series(store: Store, series_or_owner: str, date_a: str | dt.date, date_b: str | dt.date) -> ListDiff:
    """Compare what was in force on ``date_a`` with what is in force on ``date_b``.

    ``series_or_owner`` is a list series, or a body id: then every series it owns is
    compared together, so items moving between its basic / cooperating / taken-back
    lists are reported as moved. A series without a version on ``date_a`` contributes
    only added items.
    """
    a, b = _date(date_a, "--from"), _date(date_b, "--to")
    old_ids, new_ids = versions_in_force(store, series_or_owner, a), versions_in_force(store, series_or_owner, b)
    if not old_ids and not new_ids:
        dates = sorted(
            {
                str(r[2])
                for r in store.run(SERIES_VERSIONS, {"s": series_or_owner}).rows
                or store.run(OWNER_VERSIONS, {"s": series_or_owner}).rows
            }
        )
        raise UsageError(
            f"no version of {series_or_owner!r} is in force on {a} or {b}; effective dates: {', '.join(dates)}"
        )
    old_lists, old_items = _read_side(store, old_ids) if old_ids else ([], {})
    new_lists, new_items = _read_side(store, new_ids) if new_ids else ([], {})
    return _compare(old_lists, new_lists, old_items, new_items)
