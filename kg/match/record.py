"""The input record of matching, and legal-article keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from kg.legal import parse_legal_basis

__all__ = ["MatchItem", "article_key", "articles_from_basis"]

_STATE_PREFIX = "中华人民共和国"


@dataclass(frozen=True, slots=True)
class MatchItem:
    """One duty item as matching sees it.

    ``articles`` are article strings as the dataset stores them
    (``《中华人民共和国城乡规划法》第六十四条``); spelling variants of one article
    (with or without 中华人民共和国, Chinese or Arabic numerals) share a key, see
    :func:`article_key`. ``parent`` is the id of the main item (主项) of a sub-item
    (子项). ``holder`` is the lead body's id; ``jurisdiction`` names the line (a
    township and the departments above it) inside which two items may overlap. An item
    of a body serving several lines is given once per line, with the same ``id``.
    """

    id: str
    name: str
    duty_type: str | None = None
    articles: tuple[str, ...] = ()
    parent: str | None = None
    holder: str | None = None
    jurisdiction: str = ""
    article_keys: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = {k for a in self.articles for k in article_key(a)}
        object.__setattr__(self, "article_keys", frozenset(keys))


@lru_cache(maxsize=65536)
def article_key(article: str) -> tuple[str, ...]:
    """Canonical keys (``城乡规划法#64``) of the articles an article string cites.

    The law title loses its 中华人民共和国 prefix and version note; the article is its
    number. A string naming no article (a law only) gives no key: a shared law alone is
    weak evidence and is not used for blocking.
    """
    keys = []
    for c in parse_legal_basis(article):
        if c.article_no is None:
            continue
        law = c.law.removeprefix(_STATE_PREFIX)
        keys.append(f"{law}#{c.article_no}")
    return tuple(dict.fromkeys(keys))


def articles_from_basis(text: str | None) -> tuple[str, ...]:
    """The articles a legal-basis cell cites, ``《法》第X条``, in order, without duplicates.

    Paragraphs and items are dropped: duties resting on the same article are compared.
    """
    out = [f"《{c.law}》{c.article}" for c in parse_legal_basis(text) if c.article]
    return tuple(dict.fromkeys(out))
