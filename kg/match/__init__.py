"""Match duty items that are the same duty in different words (issue 13).

A pure library: it reads no store. Callers turn duties into :class:`MatchItem` records
(one per item and jurisdiction line), then :func:`find_candidates` blocks them (MinHash-LSH
on character n-grams of normalised names, plus shared legal articles, within one
jurisdiction line) and scores each blocked pair with :func:`score_pair`. Every
:class:`Candidate` carries its evidence so an analyst can confirm or reject it.
"""

from kg.match.blocking import BlockingStats, blocked_pairs
from kg.match.candidates import find_candidates
from kg.match.normalise import char_ngrams, infer_duty_type, normalise_name
from kg.match.record import MatchItem, article_key, articles_from_basis
from kg.match.scoring import DEFAULT_THRESHOLD, Candidate, GramWeights, name_similarity, score_pair

__all__ = [
    "DEFAULT_THRESHOLD",
    "BlockingStats",
    "Candidate",
    "GramWeights",
    "MatchItem",
    "article_key",
    "articles_from_basis",
    "blocked_pairs",
    "char_ngrams",
    "find_candidates",
    "infer_duty_type",
    "name_similarity",
    "normalise_name",
    "score_pair",
]
