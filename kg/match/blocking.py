"""Blocking: which pairs of items are worth scoring.

Two rules, both inside one jurisdiction line and (by default) between different holders:

* **names** — MinHash-LSH (datasketch) on character bigrams of normalised names. Names
  repeat across a province (the same list template in every township), so the index is
  built once over *distinct* normalised names and each name's LSH neighbours are joined
  with the names present in each line. Neighbours whose name similarity
  (:func:`kg.match.scoring.name_similarity`, cached per pair of names, computed only
  for names that meet in a line) is below ``min_name_similarity`` are dropped: without a
  shared article a pair scores at most its name similarity, so this loses no candidate
  at that threshold.
* **articles** — items citing the same legal article are always candidates.

The result is a list of index pairs into the input (by line, sorted within a line), far
below all pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from kg.match.normalise import char_ngrams, normalise_name
from kg.match.record import MatchItem
from kg.match.scoring import GramWeights

__all__ = ["LSH_NUM_PERM", "LSH_THRESHOLD", "BlockingStats", "blocked_pairs", "name_neighbours"]

#: Jaccard similarity of bigram sets above which LSH should make names collide
LSH_THRESHOLD = 0.2
LSH_NUM_PERM = 64
_SEED = 1


@dataclass(frozen=True, slots=True)
class BlockingStats:
    """How much blocking kept: pairs by rule and the all-pairs baselines."""

    items: int
    distinct_names: int
    name_pairs: int
    article_pairs: int
    pairs: int
    within_line_pairs: int  # all pairs inside the jurisdiction lines
    all_pairs: int  # all pairs of the input


def name_neighbours(
    names: Sequence[str], threshold: float = LSH_THRESHOLD, num_perm: int = LSH_NUM_PERM
) -> dict[str, frozenset[str]]:
    """For each distinct normalised name, itself and the names after it (in sort order) that
    LSH puts in a bucket with it: each neighbouring pair is listed once."""
    # imported here: datasketch brings scipy (about 0.5 s), which only matching needs,
    # and every kg command imports this package through the loader
    from datasketch import MinHash, MinHashLSH

    distinct = sorted(set(names))
    grams = [[g.encode("utf-8") for g in sorted(char_ngrams(n))] or [b""] for n in distinct]
    hashes = MinHash.bulk(grams, num_perm=num_perm, seed=_SEED)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    with lsh.insertion_session() as session:
        for i, h in enumerate(hashes):
            session.insert(i, h, check_duplication=False)
    return {
        name: frozenset(n for n in (distinct[j] for j in lsh.query(h)) if n > name) | {name}
        for name, h in zip(distinct, hashes, strict=True)
    }


def _lines(items: Sequence[MatchItem]) -> dict[str, list[int]]:
    lines: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        lines[item.jurisdiction].append(i)
    return lines


class _SimilarNames:
    """LSH neighbours filtered by name similarity, decided lazily for names that meet."""

    def __init__(self, neighbours: dict[str, frozenset[str]], weights: GramWeights, floor: float) -> None:
        self.neighbours, self.weights, self.floor = neighbours, weights, floor
        self.similar: dict[str, set[str]] = defaultdict(set)
        self.decided: dict[str, set[str]] = defaultdict(set)

    def near(self, core: str, present: frozenset[str]) -> set[str]:
        """Names of ``present`` after ``core`` similar enough to it (``core`` included)."""
        similar, decided = self.similar[core], self.decided[core]
        for n in (self.neighbours[core] & present) - decided:
            decided.add(n)
            if n == core or self.weights.similarity(core, n) >= self.floor:
                similar.add(n)
        return similar & present


def _line_pairs(
    members: list[int], items: Sequence[MatchItem], cores: list[str], names_near: _SimilarNames
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    by_core: dict[str, list[int]] = defaultdict(list)
    by_article: dict[str, list[int]] = defaultdict(list)
    for i in members:
        by_core[cores[i]].append(i)
        for key in items[i].article_keys:
            by_article[key].append(i)
    names: set[tuple[int, int]] = set()
    present = frozenset(by_core)
    for core, group in by_core.items():
        others = [j for n in names_near.near(core, present) for j in by_core[n]]
        names.update((i, j) if i < j else (j, i) for i in group for j in others if i != j)
    articles: set[tuple[int, int]] = set()
    for group in by_article.values():
        articles.update((group[x], group[y]) for x in range(len(group)) for y in range(x + 1, len(group)))
    return names, articles


def blocked_pairs(
    items: Sequence[MatchItem],
    cross_holder: bool = True,
    threshold: float = LSH_THRESHOLD,
    min_name_similarity: float = 0.0,
    weights: GramWeights | None = None,
) -> tuple[list[tuple[int, int]], BlockingStats]:
    """Index pairs ``(i, j)``, ``i < j``, worth scoring, and how many there were.

    Pairs come line by line (lines in key order), sorted within a line.

    Pairs of the same item id (an item given for several lines) are dropped; with
    ``cross_holder`` so are pairs of one holder (a list does not overlap itself).
    """
    cores = [normalise_name(item.name) for item in items]
    neighbours = name_neighbours(cores, threshold)
    names_near = _SimilarNames(neighbours, weights or GramWeights(), min_name_similarity)
    lines = _lines(items)

    def keep(p: tuple[int, int]) -> bool:
        a, b = items[p[0]], items[p[1]]
        return a.id != b.id and not (cross_holder and a.holder is not None and a.holder == b.holder)

    pairs: list[tuple[int, int]] = []
    name_count = article_count = 0
    for key in sorted(lines):
        names, articles = _line_pairs(lines[key], items, cores, names_near)
        name_count, article_count = name_count + len(names), article_count + len(articles)
        pairs.extend(sorted(p for p in names | articles if keep(p)))
    n = len(items)
    stats = BlockingStats(
        items=n,
        distinct_names=len(neighbours),
        name_pairs=name_count,
        article_pairs=article_count,
        pairs=len(pairs),
        within_line_pairs=sum(len(m) * (len(m) - 1) // 2 for m in lines.values()),
        all_pairs=n * (n - 1) // 2,
    )
    return pairs, stats
