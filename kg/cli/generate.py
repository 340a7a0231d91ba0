"""``kg generate``: write a large generated dataset (for tests, benchmarks and demos)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("generate")
@click.argument("path", type=click.Path(file_okay=False))
@click.option(
    "--townships",
    type=click.IntRange(1, 100_000),
    default=300,
    show_default=True,
    help="How many townships (12 to a county).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed: the same seed gives the same files.")
@click.option(
    "--province",
    type=click.IntRange(1, 97),
    help="Make PATH province N of a generated country: every id carries pNN-, so provinces load side by side.",
)
@click.option(
    "--provinces",
    type=click.IntRange(1, 97),
    help="Generate a country: K province datasets PATH/p01 … PATH/pK of --townships townships each.",
)
@click.option("--force", is_flag=True, help="Write into PATH even if it is not empty.")
def generate(path: str, townships: int, seed: int, province: int | None, provinces: int | None, force: bool) -> None:
    """Generate a fictional dataset folder with seeded problems, ready for `kg load`.

    Counties, townships, their bodies, power grants, decisions, hand-overs and duty
    lists (about 200 duty links per township), with problems seeded at known rates;
    PATH/seeded_problems.yaml lists every one, and PATH/expected_findings.yaml the
    findings `kg audit` must report: exactly those. The output depends only on
    --townships, --seed and --province.

    A country is several provinces, each its own dataset with its own ids (pNN-…) and
    expected findings: --provinces K writes PATH/p01 … PATH/pK; load each (or export
    them all with `kg export --bulk` for neo4j-admin), and the audits of the country
    find the union of the provinces' expected findings.

    \b
    Example:
      kg generate /tmp/gen36 --townships 36 --seed 1
      kg --store neo4j load /tmp/gen36 && kg --store neo4j audit
      kg generate /tmp/country --provinces 2 --townships 24
      kg load /tmp/country/p01 && kg load /tmp/country/p02
    """
    if province is not None and provinces is not None:
        raise click.UsageError("give --province N (one province) or --provinces K (a country), not both")
    root = Path(path)
    if root.exists() and any(root.iterdir()) and not force:
        raise click.UsageError(f"{path} is not empty; choose another folder or add --force")
    from kg.generate import generate_country, generate_dataset  # openpyxl: only for this command

    if provinces is not None:
        made = generate_country(root, provinces, townships, seed)
    else:
        made = [generate_dataset(root, townships, seed, province=province)]
    for g in made:
        counts = ", ".join(f"{n} {k}" for k, n in g.problem_counts().items())
        click.echo(
            f"wrote {g.path}: {g.townships} townships in {g.counties} counties, {g.lists} lists, "
            f"{g.duty_links} duty links; seeded problems: {counts or 'none'}"
        )
