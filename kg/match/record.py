"""The input record of matching, and legal-article keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from kg.ingest.legal import parse_legal_basis

__all__ = ["MatchItem", "Provision", "article_key", "articles_from_basis", "provisions_compatible"]

#: a cited paragraph (款) and item (项) number under an article; ``None`` when not cited
Provision = tuple[int | None, int | None]

_STATE_PREFIX = "中华人民共和国"


@dataclass(frozen=True, slots=True)
class MatchItem:
    """One duty item as matching sees it.

    ``articles`` are article or provision strings as the dataset stores them
    (``《中华人民共和国城乡规划法》第六十四条``, ``…第七十六条第二款``); spelling
    variants of one article (with or without 中华人民共和国, Chinese or Arabic
    numerals) share a key, see :func:`article_key`. Paragraphs and items, where given,
    are kept in ``provisions`` so that 第七十六条第一款 and 第七十六条第二款 do not
    count as one shared article. ``parent`` is the id of the main item (主项) of a sub-item
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
    provisions: dict[str, frozenset[Provision]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        provisions: dict[str, set[Provision]] = {}
        for a in self.articles:
            for key, para, item in _provision_keys(a):
                provisions.setdefault(key, set()).add((para, item))
        object.__setattr__(self, "article_keys", frozenset(provisions))
        object.__setattr__(self, "provisions", {k: frozenset(v) for k, v in provisions.items()})


def provisions_compatible(x: frozenset[Provision], y: frozenset[Provision]) -> bool:
    """Whether two citations of one article may mean the same provision.

    They may unless every pair disagrees on a level both name: 第一款 vs 第二款, or
    第一项 vs 第三项. A citation of the bare article is compatible with anything.
    """

    def same(p: Provision, q: Provision) -> bool:
        return all(u is None or v is None or u == v for u, v in zip(p, q, strict=True))

    return any(same(p, q) for p in x for q in y)


@lru_cache(maxsize=65536)
def _provision_keys(article: str) -> tuple[tuple[str, int | None, int | None], ...]:
    out = []
    for c in parse_legal_basis(article):
        if c.article_no is not None:
            law = c.law.removeprefix(_STATE_PREFIX)
            out.append((f"{law}#{c.article_no}", c.paragraph_no, c.item_no))
    return tuple(dict.fromkeys(out))


def article_key(article: str) -> tuple[str, ...]:
    """Canonical keys (``城乡规划法#64``) of the articles an article string cites.

    The law title loses its 中华人民共和国 prefix and version note; the article is its
    number. A string naming no article (a law only) gives no key: a shared law alone is
    weak evidence and is not used for blocking.
    """
    return tuple(dict.fromkeys(key for key, _, _ in _provision_keys(article)))


def articles_from_basis(text: str | None) -> tuple[str, ...]:
    """The articles a legal-basis cell cites, ``《法》第X条``, in order, without duplicates.

    Paragraphs and items are dropped: duties resting on the same article are compared.
    """
    out = [f"《{c.law}》{c.article}" for c in parse_legal_basis(text) if c.article]
    return tuple(dict.fromkeys(out))
