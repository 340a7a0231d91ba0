"""Normalising duty-item names for matching, and their character n-grams.

The same duty is worded differently from list to list: ``1.对未取得建设工程规划许可证
进行建设的行政处罚`` and ``未取得建设工程规划许可证进行建设的处罚``. Normalisation
keeps what tells duties apart (the conduct, the object, the act: 处罚/检查/许可…) and
drops what does not: numbering, punctuation and brackets, the own area (XX镇辖区内), law titles (compared as
articles instead), the 中华人民共和国 prefix, 行政 before an act word, leading verbs of
list style (负责, 依法, 协助…), trailing 工作/事项, and the function words 的/对/行为.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["char_ngrams", "infer_duty_type", "normalise_name"]

_NUMBERING = re.compile(
    r"^(?:\d+(?:\.\d+)*[.、)]|[(]\s*[0-9一二三四五六七八九十]+\s*[)]|[一二三四五六七八九十]+、|[①-⑳])\s*"
)
_BOOK_TITLE = re.compile(r"《[^《》]*》")
_ACT_WORDS = "处罚|检查|许可|强制|确认|征收|给付|奖励|裁决|调解"
_ADMIN = re.compile(rf"行政(?={_ACT_WORDS})")
# "XX镇辖区内…", "本街道范围内…": the own area is no part of the duty
_OWN_AREA = re.compile(
    r"^(?:(?:本|全)(?:镇|乡|街道)|.{1,8}?(?:镇|乡|街道)(?:人民政府|办事处)?(?=辖区|范围内))?"
    r"(?:本?辖区内?|范围内)?"
)
_LEADING = re.compile(r"^(?:负责|依法|组织开展|组织|开展|做好|落实|协助|配合|参与|对)+")
_TRAILING = re.compile(r"(?:等工作|工作|事项|职责)+$")
_FUNCTION_WORDS = re.compile(r"的|行为|中华人民共和国|本?辖区内?|范围内")

#: keyword (found nearest the end of a normalised name) → duty type it implies
_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("处罚", "行政处罚"),
    ("查处", "行政处罚"),
    ("罚款", "行政处罚"),
    ("没收", "行政处罚"),
    ("强制", "行政强制"),
    ("查封", "行政强制"),
    ("扣押", "行政强制"),
    ("强制拆除", "行政强制"),
    ("检查", "行政检查"),
    ("巡查", "行政检查"),
    ("许可", "行政许可"),
    ("审批", "行政许可"),
    ("核发", "行政许可"),
    ("批准", "行政许可"),
    ("核准", "行政许可"),
    ("确认", "行政确认"),
    ("登记", "行政确认"),
    ("认定", "行政确认"),
    ("征收", "行政征收"),
    ("给付", "行政给付"),
    ("奖励", "行政奖励"),
    ("裁决", "行政裁决"),
)
#: declared types that say nothing about the act
UNSPECIFIC_TYPES = frozenset({"其他", "其他行政权力", "公共服务", "其他权力"})


def _strip_marks(text: str) -> str:
    """Drop punctuation, symbols, separators and other non-letters (keeps CJK, digits)."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


@lru_cache(maxsize=262144)
def normalise_name(name: str) -> str:
    """The matching form of a duty-item name (empty for an empty name)."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    text = _NUMBERING.sub("", text)
    text = _BOOK_TITLE.sub("", text)
    text = _strip_marks(text)
    text = _ADMIN.sub("", text)
    text = _OWN_AREA.sub("", text, count=1)
    text = _LEADING.sub("", text)
    text = _TRAILING.sub("", text)
    text = _FUNCTION_WORDS.sub("", text)
    return text.lower()


def char_ngrams(text: str, n: int = 2) -> frozenset[str]:
    """The character n-grams of ``text``; a text shorter than ``n`` is its own gram."""
    if len(text) < n:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + n] for i in range(len(text) - n + 1))


@lru_cache(maxsize=262144)
def infer_duty_type(name: str, declared: str | None = None) -> str | None:
    """The duty type to compare: the declared one, else the act word ending the name.

    A declared type that says nothing about the act (其他, 公共服务…) or none at all is
    replaced by the type of the act word found last in the normalised name (…的处罚 →
    行政处罚, …巡查 → 行政检查); ``None`` when neither tells.
    """
    if declared and declared not in UNSPECIFIC_TYPES:
        return declared
    core = normalise_name(name)
    best, best_pos = None, -1
    for word, duty_type in _TYPE_WORDS:
        pos = core.rfind(word)
        if pos >= 0 and pos + len(word) > best_pos:
            best, best_pos = duty_type, pos + len(word)
    return best
