"""Generate large, realistic-looking datasets for tests and benchmarks.

``generate_dataset(path, townships=300, seed=1)`` writes a dataset folder in the tidy
format of :mod:`kg.ingest.dataset` (``dataset.yaml``, the organisation YAML files and one CSV
per duty list) for a fictional city with counties, townships, their governments,
Party committees, offices, institutions, dispatched bodies, villages/communities with
grids, county departments with their power lists (some in two versions), power grants,
unified-deployment decisions, hand-overs and per-township lists (basic, cooperating,
taken back); and the plan's part B facts (:mod:`kg.generate.plan_b`): service centres,
cadres sent down, pairings and projects, deputies' sessions and special funds, meant to be
audited at ``GENERATOR_AS_OF`` (2024-01-01). A 300-township dataset holds about 200 duty links (INCLUDES and
HOLDS_DUTY edges) per township in all, about 60,000: tens of thousands.

The output is a pure function of the arguments: the same ``townships`` and ``seed``
give byte-identical files. Problems are seeded on purpose at known rates
(:data:`DEFAULT_RATES`), each in its own township row so that they do not mask one
another; ``seeded_problems.yaml`` beside the data names every one of them with its
clause, township and subject, and ``expected_findings.yaml`` (the format of the
sample's) the findings ``kg audit`` must report for them — exactly those, with their
rule, township, subject and related ids — so audits can be checked against it.

Everything is invented: the names are generated, the dataset is marked illustrative.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.generate.builder import _Builder
from kg.generate.catalogue import DEFAULT_RATES, TOWNSHIPS_PER_COUNTY

#: provinces of a generated country are numbered 1 … 97 (their 行政区划代码 starts with the
#: number; 98 is the stand-alone generated city's)
MAX_PROVINCES = 97

# --------------------------------------------------------------------------- result


@dataclass
class GeneratedDataset:
    """What :func:`generate_dataset` wrote."""

    path: Path
    townships: int
    seed: int
    counties: int
    duty_links: int  # INCLUDES + HOLDS_DUTY edges the lists will give
    lists: int
    problems: list[dict[str, Any]] = field(default_factory=list)

    def problem_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(p["problem"] for p in self.problems).items()))


def generate_dataset(
    path: str | Path,
    townships: int = 300,
    seed: int = 1,
    *,
    townships_per_county: int = TOWNSHIPS_PER_COUNTY,
    basic_duties: tuple[int, int] = (40, 55),
    cooperating_duties: tuple[int, int] = (10, 18),
    rates: dict[str, float] | None = None,
    dataset_id: str | None = None,
    province: int | None = None,
) -> GeneratedDataset:
    """Write a generated dataset folder at ``path`` (created; existing files overwritten).

    ``basic_duties`` and ``cooperating_duties`` bound the rows of each township's basic
    and cooperating lists. ``rates`` overrides entries of :data:`DEFAULT_RATES`.

    ``province`` (1 … 97) makes the dataset province N of a generated country: every id
    carries ``pNN-`` (areas, bodies, lists, decisions, hand-overs, and the duty items of
    the province's catalogue: ``p03-gb-011``), so that several provinces load side by
    side into one graph (or one bulk import) as separate datasets, each with its own
    ``expected_findings.yaml``; the findings of the union graph are the union of theirs.
    What provinces really share is declared the same in each: a catalogue item keeps the
    national catalogue's id as its 项目编码 (``code: gb-011``) with the same name, type and
    legal basis in every province; the Power catalogue is kg's own. See
    :func:`generate_country`.
    """
    if townships < 1:
        raise ValueError("townships must be at least 1")
    if province is not None and not 1 <= province <= MAX_PROVINCES:
        raise ValueError(f"province must be between 1 and {MAX_PROVINCES}")
    rates = {**DEFAULT_RATES, **(rates or {})}
    unknown = set(rates) - set(DEFAULT_RATES)
    if unknown:
        raise ValueError(f"unknown problem rates: {', '.join(sorted(unknown))}")
    root = Path(path)
    (root / "lists").mkdir(parents=True, exist_ok=True)
    prefix = f"p{province:02d}-" if province is not None else ""
    rng = random.Random(f"kg-generate:{seed}:{prefix}" if prefix else f"kg-generate:{seed}")
    builder = _Builder(root, rates, basic_duties, cooperating_duties, prefix=prefix)
    city = f"{prefix}gc"
    builder.add_city(city)
    n_counties = max(1, -(-townships // townships_per_county))
    county_names: set[str] = set()
    town_names: set[str] = set()
    t_index = 0
    for ci in range(1, n_counties + 1):
        county = builder.add_county(city, ci, rng, county_names)
        in_county = min(townships_per_county, townships - t_index)
        for ti in range(1, in_county + 1):
            t_index += 1
            builder.add_township(county, ti, seed, town_names)
    default_id = f"generated-p{province:02d}-{townships}-s{seed}" if prefix else f"generated-{townships}-s{seed}"
    builder.write(dataset_id or default_id, townships, seed)
    return GeneratedDataset(
        path=root,
        townships=townships,
        seed=seed,
        counties=n_counties,
        duty_links=builder.links,
        lists=len(builder.lists),
        problems=builder.problems,
    )


def generate_country(
    path: str | Path, provinces: int, townships_per_province: int, seed: int = 1, **options: Any
) -> list[GeneratedDataset]:
    """Write a generated country: ``provinces`` province datasets ``path/p01``, ``path/p02`` …,
    each of ``townships_per_province`` townships (:func:`generate_dataset` with ``province=N``).

    They share no id, so they load side by side into one graph (``kg load`` of each, or
    ``kg export --bulk`` of all of them and one ``neo4j-admin database import``), and the
    audits of the whole country find the union of the provinces' ``expected_findings.yaml``.
    """
    if not 1 <= provinces <= MAX_PROVINCES:
        raise ValueError(f"provinces must be between 1 and {MAX_PROVINCES}")
    root = Path(path)
    return [
        generate_dataset(root / f"p{n:02d}", townships_per_province, seed, province=n, **options)
        for n in range(1, provinces + 1)
    ]
