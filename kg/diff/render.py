"""Rendering a list diff (:mod:`kg.diff`) as JSON or as a rich table."""

from __future__ import annotations

import json
from typing import Any

from rich.table import Table

from kg.diff.compare import CHANGE_KINDS, DiffItem, ListDiff, ListInfo
from kg.model import LIST_KIND_ZH, ListKind

__all__ = ["render_json", "render_table"]


def render_json(diff: ListDiff) -> str:
    """The diff as JSON: the lists compared, counts, and every change with both sides."""
    data = {"counts": diff.counts(), **diff.model_dump(mode="json")}
    return json.dumps(data, ensure_ascii=False, indent=2)


_CHANGE_LABEL = {
    "zh": {
        "added": "新增",
        "removed": "删除",
        "renamed": "更名",
        "moved": "调整清单",
        "lead_changed": "牵头单位变更",
        "unchanged": "未变",
    },
    "en": {k: k for k in (*CHANGE_KINDS, "unchanged")},
}
_DIFF_HEAD = {
    "zh": {"change": "变化", "item": "事项", "old": "原", "new": "新", "lead": "牵头", "nothing": "（无现行版本）"},
    "en": {
        "change": "change",
        "item": "item",
        "old": "old",
        "new": "new",
        "lead": "lead",
        "nothing": "(nothing in force)",
    },
}


def _category(cat: str, lang: str = "en") -> str:
    parts = []
    for c in cat.split("+"):
        try:
            zh = LIST_KIND_ZH[ListKind(c)]
            parts.append(zh if lang == "zh" else f"{c} {zh}")
        except ValueError:
            parts.append(c)
    return " + ".join(parts)


def _leads(item: DiffItem) -> str:
    return "、".join(item.lead_names) or "—"


def _side(lists: list[ListInfo], lang: str = "en") -> str:
    return ", ".join(f"{li.id} ({li.effective_date})" for li in lists) or _DIFF_HEAD[lang]["nothing"]


def render_table(diff: ListDiff, lang: str = "zh") -> Any:
    """The diff as a :class:`rich.table.Table`: one row per change; Chinese labels unless ``lang="en"``.

    Cells fold rather than being cut off, so long Chinese names stay whole."""
    h, ch = _DIFF_HEAD[lang], _CHANGE_LABEL[lang]
    sep = "：" if lang == "zh" else " "
    counts = ", ".join(f"{ch[k]} {v}" for k, v in diff.counts().items())
    table = Table(
        title=f"{_side(diff.old_lists, lang)} → {_side(diff.new_lists, lang)}",
        caption=f"{counts}; {ch['unchanged']} {diff.unchanged}",
        show_lines=False,
    )
    table.add_column(h["change"], no_wrap=True)
    for col in ("item", "old", "new"):
        table.add_column(h[col], overflow="fold")

    def side(it: DiffItem) -> str:
        return f"{_category(it.category, lang)}{'；' if lang == 'zh' else '; '}{h['lead']}{sep}{_leads(it)}"

    for it in diff.added:
        table.add_row(ch["added"], it.name, "—", side(it))
    for it in diff.removed:
        table.add_row(ch["removed"], it.name, side(it), "—")
    for p in diff.renamed:
        table.add_row(ch["renamed"], p.new.name, p.old.name, p.new.name)
    for p in diff.moved:
        table.add_row(ch["moved"], p.new.name, _category(p.old.category, lang), _category(p.new.category, lang))
    for p in diff.lead_changed:
        table.add_row(ch["lead_changed"], p.new.name, _leads(p.old), _leads(p.new))
    return table
