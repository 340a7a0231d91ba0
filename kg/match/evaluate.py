"""Measuring matching on a labelled set of pairs (tests/data/match/pairs.csv)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.match.record import MatchItem
from kg.match.scoring import DEFAULT_THRESHOLD, GramWeights, score_pair

__all__ = ["LabelledPair", "Metrics", "load_pairs", "metrics", "pair_scores"]


@dataclass(frozen=True, slots=True)
class LabelledPair:
    """Two items and whether they are the same duty."""

    pair_id: str
    a: MatchItem
    b: MatchItem
    same: bool
    kind: str
    source: str


@dataclass(frozen=True, slots=True)
class Metrics:
    """Confusion counts and the usual ratios at one threshold."""

    threshold: float
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _item(row: dict[str, str], side: str) -> MatchItem:
    arts = tuple(a for a in row[f"{side}_articles"].split("；") if a)
    return MatchItem(
        id=row[f"{side}_id"],
        name=row[f"{side}_name"],
        duty_type=row[f"{side}_type"] or None,
        articles=arts,
        parent=row[f"{side}_parent"] or None,
        holder=f"{side}:{row[f'{side}_list']}",
        jurisdiction="labelled",
    )


def load_pairs(path: str | Path) -> list[LabelledPair]:
    """Read a pairs CSV (columns as written by tests/data/match/build_pairs.py)."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return [
            LabelledPair(r["pair_id"], _item(r, "a"), _item(r, "b"), r["same"] == "1", r["kind"], r["source"])
            for r in csv.DictReader(fh)
        ]


def pair_scores(pairs: Sequence[LabelledPair]) -> list[float]:
    """The score of each pair (0 for a pair :func:`score_pair` rules out).

    Bigram weights come from the names of all items of ``pairs`` (the set is the corpus).
    """
    weights = GramWeights(i.name for p in pairs for i in (p.a, p.b))
    out = []
    for p in pairs:
        cand = score_pair(p.a, p.b, weights)
        out.append(0.0 if cand is None else cand.score)
    return out


def metrics(
    pairs: Sequence[LabelledPair], threshold: float = DEFAULT_THRESHOLD, scores: Sequence[float] | None = None
) -> Metrics:
    """Precision/recall counts of ``score >= threshold`` against the labels."""
    scores = pair_scores(pairs) if scores is None else scores
    tp = fp = fn = tn = 0
    for p, s in zip(pairs, scores, strict=True):
        predicted = s >= threshold
        tp += predicted and p.same
        fp += predicted and not p.same
        fn += not predicted and p.same
        tn += not predicted and not p.same
    return Metrics(threshold, tp, fp, fn, tn)
