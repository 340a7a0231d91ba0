"""Parse the legal-basis cells (实施依据 / 法律法规依据) of duty lists into citations.

A cell may cite several laws, each down to article, paragraph and item::

    1.《中华人民共和国土地管理法》第六十七条第一款第二项；
    2.《森林防火条例》第十条、第十二条和第二十五条

and sometimes quotes the article after a colon. :func:`parse_legal_basis` returns one
:class:`Citation` per (law, article, paragraph, item); references inside quoted article
text are ignored. Numbers may be written in Chinese numerals or Arabic digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Citation", "article_text", "chinese_number", "citation_text", "parse_legal_basis", "zh_number"]


@dataclass(frozen=True)
class Citation:
    """One cited provision.

    ``article``/``paragraph``/``item`` are written as in the source (``第六十七条``,
    ``第一款``, ``第（二）项``); the ``*_no`` fields hold their numbers. ``text`` is the
    original text of the citation this provision came from (the law title and its
    references, without any quoted article text).
    """

    law: str
    article: str | None
    paragraph: str | None
    item: str | None
    text: str
    article_no: int | None = None
    paragraph_no: int | None = None
    item_no: int | None = None


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}

# One-to-one character folding (keeps offsets equal to the original text).
_FOLD = str.maketrans("０１２３４５６７８９（）：；", "0123456789():;")

_NUM = r"[0-9零〇一二三四五六七八九十百千两]+"
_TOKEN = re.compile(
    rf"""
    (?P<law>《\s*(?P<title>[^《》]+?)\s*》)
  | (?:第\s*)?\(\s*(?P<pnum>{_NUM})\s*\)\s*(?P<punit>项)
  | 第\s*(?P<num>{_NUM})\s*(?P<unit>条|款|项)
  | (?P<colon>:)
    """,
    re.VERBOSE,
)
# A law named without book-title marks: 中华人民共和国安全生产法第六十五条.
_BARE_LAW = re.compile(r"(?P<law>(?P<title>[\u4e00-\u9fff]{2,40}?(?:法|条例|规定|办法|细则|决定)))(?=\s*第)")
_BARE_PREFIX = re.compile(r"^.*?(?:依据|根据|按照|依照)")
# Quoted article text ends where a new citation starts: a new line, or ；。 followed
# by an optional enumerator and a book title.
_QUOTE_END = re.compile(
    r"[\n;。]\s*(?=(?:\d+\s*[.、．)]|\(\d+\)|[一二三四五六七八九十]+、|[①-⑳])?\s*《)"
    r"|\n\s*(?=\d+\s*[.、．]|\(\d+\)|[①-⑳])"
)
_VERSION = re.compile(r"[(（][^()（）]*(?:修正|修订|年)[^()（）]*[)）]$")
_RANGE_WORDS = {"至", "到", "-", "—", "~", "－", "～"}
_LEVELS = {"条": 0, "款": 1, "项": 2}


def chinese_number(text: str) -> int | None:
    """Value of a number written in Arabic digits or Chinese numerals (一百零五 → 105)."""
    text = text.strip().translate(_FOLD)
    if text.isdigit():
        return int(text)
    total, number = 0, 0
    for ch in text:
        if ch in _DIGITS:
            number = _DIGITS[ch]
        elif ch in _UNITS:
            total += (number or 1) * _UNITS[ch]
            number = 0
        else:
            return None
    return total + number if text else None


def _law_name(title: str) -> str:
    title = re.sub(r"\s+", "", title)
    return _VERSION.sub("", title) or title


class _Segment:
    """The references following one law title."""

    def __init__(self, law: str, start: int, end: int) -> None:
        self.law, self.start, self.end = law, start, end
        self.provisions: list[list[tuple[str, int | None] | None]] = []
        self.current: list[tuple[str, int | None] | None] = [None, None, None]
        self.depth = -1  # deepest level set in ``current``

    def add(self, level: int, written: str, number: int | None) -> None:
        if self.depth >= level:
            self.provisions.append(self.current)
            self.current = self.current[:level] + [None] * (3 - level)
        self.current[level] = (written, number)
        self.depth = level

    def close(self, text: str) -> list[Citation]:
        if self.depth >= 0:
            self.provisions.append(self.current)
        if not self.provisions:
            return [Citation(self.law, None, None, None, text)]
        result = []
        for art, para, item in self.provisions:
            parts = [p[0] if p else None for p in (art, para, item)]
            nos = [p[1] if p else None for p in (art, para, item)]
            result.append(Citation(self.law, parts[0], parts[1], parts[2], text, nos[0], nos[1], nos[2]))
        return result


def parse_legal_basis(text: str | None) -> list[Citation]:
    """Split a legal-basis cell into citations, in order of appearance, without duplicates."""
    # long: a small tokenizer and state machine over one citation string
    if not text or not text.strip():
        return []
    folded = text.translate(_FOLD)
    tokens = list(_TOKEN.finditer(folded))
    if not any(t.group("law") for t in tokens):
        bare = list(_BARE_LAW.finditer(folded))
        tokens = sorted(bare + [t for t in tokens if not t.group("law")], key=lambda m: m.start())

    citations: list[Citation] = []
    segment: _Segment | None = None
    quote_until = -1
    last_ref: tuple[int, int, int | None] | None = None  # (level, end offset, number)

    def close_segment() -> None:
        if segment is not None:
            seg_text = text[segment.start : segment.end].strip()
            for citation in segment.close(seg_text):
                if citation not in citations:
                    citations.append(citation)

    for tok in tokens:
        if tok.start() < quote_until:
            continue
        if tok.group("law"):
            close_segment()
            title = tok.group("title")
            start = tok.start("law")
            if "《" not in tok.group(0):  # bare law name: drop leading words
                prefix = _BARE_PREFIX.match(title)
                if prefix:
                    start += prefix.end()
                    title = title[prefix.end() :]
            segment = _Segment(_law_name(title), start, tok.end())
            last_ref = None
        elif tok.group("colon"):
            # A colon right after a law or reference starts quoted article text.
            if segment is not None and len(folded[segment.end : tok.start()].strip()) <= 4:
                end = _QUOTE_END.search(folded, tok.end())
                quote_until = end.end() if end else len(folded)
        elif segment is not None:
            unit = tok.group("unit") or tok.group("punit")
            raw_num = tok.group("num") or tok.group("pnum")
            level, number = _LEVELS[unit], chinese_number(raw_num)
            gap = folded[last_ref[1] : tok.start()].strip() if last_ref else ""
            if (
                last_ref
                and last_ref[0] == level
                and gap in _RANGE_WORDS
                and last_ref[2] is not None
                and number is not None
                and 0 < number - last_ref[2] <= 100
            ):
                for between in range(last_ref[2] + 1, number):
                    segment.add(level, f"第{between}{unit}", between)
            segment.add(level, text[tok.start() : tok.end()].strip(), number)
            segment.end = tok.end()
            last_ref = (level, tok.end(), number)
    close_segment()
    return citations


# --------------------------------------------------------------------------- rendering

_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """A number in Chinese numerals as laws write them (105 → 一百零五, 12 → 十二)."""
    if n < 0 or n >= 10000:
        return str(n)
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 20:
        return "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    out, gap = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = (n // value) % 10
        if d:
            out += ("零" if gap and out else "") + _ZH_DIGITS[d] + unit
            gap = False
        elif out:
            gap = True
    return out


def _provision(written: str | None, number: int | None, unit: str) -> str:
    if written is None:
        return ""
    return f"第{zh_number(number)}{unit}" if number is not None else written


def citation_text(c: Citation) -> str:
    """A :class:`Citation` as ``《法》第X条第Y款第Z项`` (numbers in Chinese numerals)."""
    return (
        f"《{c.law}》"
        + _provision(c.article, c.article_no, "条")
        + _provision(c.paragraph, c.paragraph_no, "款")
        + _provision(c.item, c.item_no, "项")
    )


def article_text(c: Citation) -> str | None:
    """The article a citation rests on, ``《法》第X条``; ``None`` without an article."""
    return f"《{c.law}》" + _provision(c.article, c.article_no, "条") if c.article else None
