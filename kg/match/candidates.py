"""Candidates: blocking followed by scoring, sorted for stable output."""

from __future__ import annotations

from collections.abc import Sequence

from kg.match.blocking import BlockingStats, blocked_pairs
from kg.match.normalise import normalise_name
from kg.match.record import MatchItem
from kg.match.scoring import DEFAULT_THRESHOLD, Candidate, GramWeights, score_with_name

__all__ = ["find_candidates"]


def find_candidates(
    items: Sequence[MatchItem], threshold: float = DEFAULT_THRESHOLD, cross_holder: bool = True
) -> tuple[list[Candidate], BlockingStats]:
    """Pairs of items scoring at least ``threshold``, best first, with blocking figures.

    Bigram weights (:class:`kg.match.scoring.GramWeights`) come from the names of ``items``.
    An item given for several jurisdiction lines yields one candidate per pair of ids
    (the first line in sort order). Ties are broken by ids, so the output is the same
    for the same input in any order.
    """
    weights = GramWeights(item.name for item in items)
    pairs, stats = blocked_pairs(items, cross_holder=cross_holder, min_name_similarity=threshold, weights=weights)
    cores = [normalise_name(item.name) for item in items]
    best: dict[tuple[str, str], Candidate] = {}
    for i, j in pairs:
        a, b = items[i], items[j]
        if a.id > b.id:
            a, b = b, a
        if a.parent == b.id or b.parent == a.id:
            continue
        cand = score_with_name(a, b, weights.similarity(cores[i], cores[j]), threshold)
        if cand is None:
            continue
        key = (cand.a, cand.b)
        old = best.get(key)
        if old is None or (cand.score, old.jurisdiction) > (old.score, cand.jurisdiction):
            best[key] = cand
    ranked = sorted(best.values(), key=lambda c: (-c.score, c.a, c.b, c.jurisdiction))
    return ranked, stats
