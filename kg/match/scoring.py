"""Scoring a pair of items: how likely they are the same duty, with the evidence.

The score combines four kinds of evidence, each simple enough to explain to an analyst:

* **name** ``N`` — similarity of the normalised names (:func:`name_similarity`): the
  best of the Indel ratio (rapidfuzz ``fuzz.ratio``), the Jaccard index of character
  bigrams, and a discounted ``fuzz.partial_ratio`` for a short name contained in a long
  one (``焚烧秸秆的处罚`` in ``对在人口集中地区焚烧秸秆、落叶…的处罚``);
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

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from kg.match.normalise import char_ngrams, infer_duty_type, normalise_name
from kg.match.record import MatchItem, article_key, provisions_compatible

__all__ = ["DEFAULT_THRESHOLD", "Candidate", "name_similarity", "score_pair"]

#: Default decision threshold, tuned on tests/data/match/pairs.csv (see its README).
DEFAULT_THRESHOLD = 0.6
#: discount of ``partial_ratio`` (containment is weaker evidence than equality)
PARTIAL_WEIGHT = 0.85
#: ``partial_ratio`` is used only when the shorter name has at least this many characters
PARTIAL_MIN_LEN = 4
TYPE_CONFLICT_FACTOR = 0.5
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


@lru_cache(maxsize=1 << 20)
def _core_similarity(x: str, y: str) -> float:
    if not x or not y:
        return 0.0
    ratio = fuzz.ratio(x, y) / 100.0
    gx, gy = char_ngrams(x), char_ngrams(y)
    jaccard = len(gx & gy) / len(gx | gy)
    partial = 0.0
    if min(len(x), len(y)) >= PARTIAL_MIN_LEN:
        partial = PARTIAL_WEIGHT * fuzz.partial_ratio(x, y) / 100.0
    return max(ratio, jaccard, partial)


def name_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two item names after :func:`normalise_name` (symmetric)."""
    x, y = sorted((normalise_name(a), normalise_name(b)))
    return _core_similarity(x, y)


def _article_evidence(a: MatchItem, b: MatchItem) -> tuple[float | None, tuple[str, ...]]:
    if not a.article_keys or not b.article_keys:
        return None, ()
    shared = {k for k in a.article_keys & b.article_keys
              if provisions_compatible(a.provisions[k], b.provisions[k])}
    overlap = len(shared) / min(len(a.article_keys), len(b.article_keys))
    shown = tuple(sorted(s for s in a.articles if set(article_key(s)) & shared))
    return overlap, shown


def _type_relation(a: MatchItem, b: MatchItem) -> tuple[str, str | None, str | None]:
    ta, tb = infer_duty_type(a.name, a.duty_type), infer_duty_type(b.name, b.duty_type)
    if ta is None or tb is None:
        return "unknown", ta, tb
    return ("same" if ta == tb else "conflict"), ta, tb


def score_pair(a: MatchItem, b: MatchItem) -> Candidate | None:
    """Score two items; ``None`` when one is the main item (主项) of the other."""
    if a.id > b.id:
        a, b = b, a
    if a.parent == b.id or b.parent == a.id:
        return None
    n = name_similarity(a.name, b.name)
    overlap, shared = _article_evidence(a, b)
    base = n if overlap is None else (n + overlap) / 2
    relation, ta, tb = _type_relation(a, b)
    siblings = a.parent is not None and a.parent == b.parent
    score = base
    score *= TYPE_CONFLICT_FACTOR if relation == "conflict" else 1.0
    score *= SIBLING_FACTOR if siblings else 1.0
    return Candidate(
        a=a.id, b=b.id, score=round(score, 4), name_similarity=round(n, 4),
        article_overlap=None if overlap is None else round(overlap, 4),
        shared_articles=shared, duty_types=(ta, tb), type_relation=relation,
        structure="siblings" if siblings else "unrelated",
        jurisdiction=a.jurisdiction, holders=(a.holder, b.holder),
    )
