"""Normalisation of values found in published duty lists.

Lists spell the same thing many ways: ``行政许可(国办)``, ``许可``, ``行政强制措施``
all name a standard power type; one cell may name several departments separated by
``、`` or new lines. The functions here map such raw text to a small standard set and
return ``None`` when a value cannot be recognised (callers keep the raw text).
"""

from __future__ import annotations

import re
import unicodedata

from kg.model import DutyType

#: the standard duty types, as the model names them
DUTY_TYPES: tuple[str, ...] = tuple(t.value for t in DutyType)

# Spellings that are neither a standard name nor "行政" + an abbreviation of one.
_DUTY_TYPE_SYNONYMS: dict[str, str] = {
    "行政征用": "行政征收",
    "征用": "行政征收",
    "征收征用": "行政征收",
    "行政征收征用": "行政征收",
    "其它行政权力": "其他行政权力",
    "其他权力": "其他行政权力",
    "其它权力": "其他行政权力",
    "其他职权": "其他行政权力",
    "其它": "其他",
    "其他事项": "其他",
    "行政强制措施": "行政强制",
    "行政强制执行": "行政强制",
    "行政监督检查": "行政检查",
    "监督检查": "行政检查",
}

# Trailing qualifiers in brackets: 行政许可(国办), 行政处罚【省定】, 行政确认〔新增〕.
_BRACKETED = re.compile(r"[(\[【〔<].*?[)\]】〕>]")
_NAME_SEPARATORS = "、,，;；\n"
_OPENERS, _CLOSERS = "(（[【〔", ")）]】〕"


def compact(text: str) -> str:
    """Text as compared everywhere in kg: NFKC-normalised, all white space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def normalise_duty_type(raw: str | None) -> str | None:
    """Map a raw power type to one of :data:`DUTY_TYPES`, or ``None`` if unknown."""
    if raw is None:
        return None
    text = _BRACKETED.sub("", compact(raw))
    text = re.sub(r"(类|事项)$", "", text)
    if not text:
        return None
    for candidate in (text, "行政" + text):
        if candidate in DUTY_TYPES:
            return candidate
        if candidate in _DUTY_TYPE_SYNONYMS:
            return _DUTY_TYPE_SYNONYMS[candidate]
    # 行政强制措施, 行政处罚决定 ...: a standard name followed by more words.
    for standard in DUTY_TYPES:
        if standard.startswith("行政") and text.startswith(standard):
            return standard
    return None


def normalise_mode(raw: str | None) -> str | None:
    """Map an empowerment mode (赋权方式) to ``下放`` or ``委托``; ``None`` if unclear."""
    if raw is None:
        return None
    text = compact(raw)
    entrusted = "委托" in text
    devolved = "下放" in text or text in {"赋权", "直接赋权", "放权"}
    if entrusted == devolved:  # neither, or both (ambiguous)
        return None
    return "委托" if entrusted else "下放"


def split_names(cell: str | None) -> list[str]:
    """Split a cell naming several bodies into names, in order, without duplicates.

    Separators are ``、,，;；`` and new lines, except inside brackets, so
    ``县农业农村局（县畜牧、水产中心）`` stays one name.
    """
    if not cell:
        return []
    # without brackets every separator splits
    names = _split_outside_brackets(cell) if _HAS_OPENER.search(cell) else _SEPARATOR.split(cell)
    result: list[str] = []
    for name in names:
        name = name.strip().strip("\u3000")
        if name and name not in result:
            result.append(name)
    return result


_HAS_OPENER = re.compile(f"[{re.escape(_OPENERS)}]")
_SEPARATOR = re.compile(f"[{re.escape(_NAME_SEPARATORS)}]")


def _split_outside_brackets(cell: str) -> list[str]:
    names: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in cell:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        if ch in _NAME_SEPARATORS and depth == 0:
            names.append("".join(current))
            current = []
        else:
            current.append(ch)
    names.append("".join(current))
    return names
