"""Scoring a pair of items: how likely they are the same duty, with the evidence.

The score combines four kinds of evidence, each simple enough to explain to an analyst:

* **name** ``N`` — similarity of the normalised names (:func:`name_similarity`): the
  mean of an edit similarity (rapidfuzz ``fuzz.ratio``; a discounted
  ``fuzz.partial_ratio`` for a short name contained in a long one) and an information
  similarity (IDF-weighted Jaccard of character bigrams over the corpus matched, see
  :class:`GramWeights`), so that names sharing only list boilerplate
  (``对擅自占用城市道路的处罚`` / ``对擅自占用城市绿地的处罚``) score lower than names
  sharing their rare words;
* **articles** ``A`` — when both items cite articles, the share of the shorter list
  found in the other (overlap coefficient); unknown when either cites none. An article
  both cite counts only if the paragraphs/items they name can agree (第七十六条第一款
  and 第七十六条第二款 do not);
* **duty type** — declared, or read from the act word ending the name; two different
  specific types (行政检查 vs 行政处罚) halve the score;
* **主项/子项** — sub-items of one main item were split apart by the list itself, so the
  score is halved; an item and its own main item are never a candidate.

``base = N`` without article evidence, ``(N + A) / 2`` with it: a shared article lifts a
differently worded pair, a disjoint pair of article lists pulls even identical names
below the threshold. ``score = base × type factor × structure factor`` ∈ [0, 1].
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from kg.match.normalise import char_ngrams, infer_duty_type, normalise_name
from kg.match.record import MatchItem, article_key, provisions_compatible

__all__ = ["DEFAULT_THRESHOLD", "Candidate", "GramWeights", "name_similarity", "score_pair"]

#: Default decision threshold, tuned on tests/data/match/pairs.csv (see its README).
DEFAULT_THRESHOLD = 0.5
#: discount of ``partial_ratio`` (containment is weaker evidence than equality)
PARTIAL_WEIGHT = 0.85
#: ``partial_ratio`` is used only when the shorter name has at least this many characters
PARTIAL_MIN_LEN = 4
TYPE_CONFLICT_FACTOR = 0.5
_CACHE_LIMIT = 1 << 22  # cached name-pair similarities per GramWeights
SIBLING_FACTOR = 0.5


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored pair (``a`` < ``b`` by id) with the evidence behind its score."""

    a: str
    b: str
    score: float
    name_similarity: float
    article_overlap: float | None
    shared_articles: tuple[str, ...]
    duty_types: tuple[str | None, str | None]
    type_relation: str  # "same" | "conflict" | "unknown"
    structure: str  # "siblings" | "unrelated"
    jurisdiction: str
    holders: tuple[str | None, str | None]


class GramWeights:
    """Information weights (IDF) of character bigrams over a corpus of item names.

    A bigram found in many names (处罚, 擅自, 设施) tells little, one found in few (湿地,
    秸秆) tells much: ``idf(g) = ln((N + 1) / (df(g) + 1)) + 1`` over the ``N`` distinct
    normalised names, unseen bigrams weighing as the rarest. Without a corpus every bigram
    weighs 1. Also caches the similarity of pairs of normalised names.
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        distinct = {normalise_name(n) for n in names}
        df = Counter(g for n in distinct for g in char_ngrams(n))
        n = len(distinct)
        self.default = math.log(n + 1) + 1.0 if n else 1.0
        self.idf = {g: math.log((n + 1) / (c + 1)) + 1.0 for g, c in df.items()}
        self._cache: dict[tuple[str, str], float] = {}
        self._grams: dict[str, tuple[frozenset[str], float]] = {}

    def total(self, grams: frozenset[str]) -> float:
        """The summed weight of ``grams``."""
        idf, default = self.idf, self.default
        return sum(idf.get(g, default) for g in grams)

    def grams(self, name: str) -> tuple[frozenset[str], float]:
        """The bigrams of a normalised name and their summed weight (cached)."""
        found = self._grams.get(name)
        if found is None:
            grams = char_ngrams(name)
            found = self._grams[name] = (grams, self.total(grams))
        return found

    def similarity(self, x: str, y: str) -> float:
        """Similarity of two *normalised* names (cached; symmetric)."""
        if x > y:
            x, y = y, x
        key = (x, y)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            found = self._cache[key] = _core_similarity(x, y, self)
        return found


def _core_similarity(x: str, y: str, weights: GramWeights) -> float:
    if not x or not y:
        return 0.0
    contained = min(len(x), len(y)) >= PARTIAL_MIN_LEN
    edit = fuzz.ratio(x, y) / 100.0
    if contained:
        edit = max(edit, PARTIAL_WEIGHT * fuzz.partial_ratio(x, y) / 100.0)
    (gx, wx), (gy, wy) = weights.grams(x), weights.grams(y)
    shared = weights.total(gx & gy)
    info = shared / (wx + wy - shared)
    if contained:
        info = max(info, PARTIAL_WEIGHT * shared / min(wx, wy))
    return (edit + info) / 2


def name_similarity(a: str, b: str, weights: GramWeights | None = None) -> float:
    """Similarity in [0, 1] of two item names after :func:`normalise_name` (symmetric).

    The mean of an *edit* similarity (rapidfuzz ``ratio``, or a discounted
    ``partial_ratio`` for a short name inside a long one) and an *information*
    similarity (IDF-weighted Jaccard of bigrams, or discounted weighted containment):
    names sharing only list boilerplate (对擅自…的处罚) get little from the second.
    """
    return (weights or UNIFORM).similarity(normalise_name(a), normalise_name(b))


UNIFORM = GramWeights()


def _article_overlap(a: MatchItem, b: MatchItem) -> tuple[float | None, frozenset[str]]:
    if not a.article_keys or not b.article_keys:
        return None, frozenset()
    shared = frozenset(
        k for k in a.article_keys & b.article_keys if provisions_compatible(a.provisions[k], b.provisions[k])
    )
    return len(shared) / min(len(a.article_keys), len(b.article_keys)), shared


def _type_relation(a: MatchItem, b: MatchItem) -> tuple[str, str | None, str | None]:
    ta, tb = infer_duty_type(a.name, a.duty_type), infer_duty_type(b.name, b.duty_type)
    if ta is None or tb is None:
        return "unknown", ta, tb
    return ("same" if ta == tb else "conflict"), ta, tb


def score_pair(a: MatchItem, b: MatchItem, weights: GramWeights | None = None) -> Candidate | None:
    """Score two items; ``None`` when one is the main item (主项) of the other.

    ``weights`` are the bigram weights of the corpus the items come from (see
    :class:`GramWeights`); without them every bigram weighs the same.
    """
    if a.id > b.id:
        a, b = b, a
    if a.parent == b.id or b.parent == a.id:
        return None
    return score_with_name(a, b, name_similarity(a.name, b.name, weights))


def score_with_name(a: MatchItem, b: MatchItem, n: float, min_score: float = 0.0) -> Candidate | None:
    """:func:`score_pair` given the name similarity ``n``, for ``a.id < b.id`` not 主项/子项
    of each other; ``None`` below ``min_score`` (spares building the evidence)."""
    overlap, shared = _article_overlap(a, b)
    base = n if overlap is None else (n + overlap) / 2
    relation, ta, tb = _type_relation(a, b)
    siblings = a.parent is not None and a.parent == b.parent
    score = base
    score *= TYPE_CONFLICT_FACTOR if relation == "conflict" else 1.0
    score *= SIBLING_FACTOR if siblings else 1.0
    score = round(score, 4)
    if score < min_score:
        return None
    shown = tuple(sorted(s for s in a.articles if shared.intersection(article_key(s))))
    return Candidate(
        a=a.id,
        b=b.id,
        score=score,
        name_similarity=round(n, 4),
        article_overlap=None if overlap is None else round(overlap, 4),
        shared_articles=shown,
        duty_types=(ta, tb),
        type_relation=relation,
        structure="siblings" if siblings else "unrelated",
        jurisdiction=a.jurisdiction,
        holders=(a.holder, b.holder),
    )
