"""``kg match``: candidate pairs of differently worded duty items, and the analyst's decisions."""

from __future__ import annotations

import csv
import getpass
import io
import json
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from kg import api
from kg import model as m
from kg.cli.group import Context, out_console
from kg.errors import KgError
from kg.match.scoring import DEFAULT_THRESHOLD

# kg.ingest.dataset and kg.match.dataset (openpyxl and the whole reader) are imported by
# the commands that use them: every kg command imports this module, and must start fast

_DATASET = click.option(
    "-d",
    "--dataset",
    "path",
    envvar="KG_DATASET",
    required=True,
    type=click.Path(file_okay=False),
    help="The dataset folder (default $KG_DATASET).",
)


def _folder(path: str) -> Path:
    if not Path(path).is_dir():
        raise KgError(f"dataset folder not found: {path}")
    return Path(path)


@click.group()
def match() -> None:
    """Items that may be one duty in different words, and the analyst's decisions.

    Loading a dataset writes its open candidates (RESEMBLES, audited by
    duty-overlap-candidate); decisions are kept in the dataset's matches.yaml and
    applied at the next load: a confirmed pair is one duty for every audit, a rejected
    pair never comes back.

    \b
    Example:
      kg match list -d data/sample
      kg match confirm d306 d703 -d data/sample --note "同一条款" --load
    """


def _cell(v: Any) -> str:
    if isinstance(v, list):
        return "；".join(str(x) for x in v)
    return "" if v is None else str(v)


@match.command("list")
@_DATASET
@click.option("--open", "only_open", is_flag=True, help="Only pairs nobody has decided yet.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=DEFAULT_THRESHOLD, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def list_matches(path: str, only_open: bool, threshold: float, fmt: str) -> None:
    """List candidate pairs (open) and reviewed pairs (same / different) of a dataset folder.

    Reads the folder, not the store: what the next load would write.

    \b
    Example:
      kg match list -d data/sample --open
      kg match list -d data/sample --format csv > review.csv
    """
    from kg.ingest.dataset import read_dataset
    from kg.match.dataset import MATCH_COLUMNS, match_rows

    rows = match_rows(read_dataset(_folder(path)), threshold, decided=not only_open)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(MATCH_COLUMNS)
        for r in rows:
            w.writerow([_cell(r[c]) for c in MATCH_COLUMNS])
        click.echo(buf.getvalue(), nl=False)
        return
    table = Table(title=f"kg match list: {len(rows)} pair{'s' if len(rows) != 1 else ''}")
    for col in ("status", "score", "township", "a", "a_name", "a_lead", "b", "b_name", "b_lead", "shared_articles"):
        table.add_column(col, justify="right" if col == "score" else "left")
    for r in rows:
        table.add_row(
            *(
                _cell(r[c])
                for c in (
                    "status",
                    "score",
                    "township",
                    "a",
                    "a_name",
                    "a_lead",
                    "b",
                    "b_name",
                    "b_lead",
                    "shared_articles",
                )
            )
        )
    out_console().print(table)


def _decide(
    obj: Context, verdict: m.MatchVerdict, a: str, b: str, path: str, by: str | None, note: str | None, load: bool
) -> None:
    folder = _folder(path)
    from kg.ingest.dataset import MATCHES_FILE
    from kg.match.dataset import record_decision

    decision = record_decision(folder, a, b, verdict, by or getpass.getuser(), note)
    what = "the same duty" if verdict == m.MatchVerdict.SAME else "different duties"
    click.echo(
        f"recorded in {folder / MATCHES_FILE}: {decision.a} and {decision.b} are {what} ({decision.by}, {decision.at})"
    )
    if load:
        report = api.load(obj.store(), str(folder))
        click.echo(f"reloaded {report.dataset} into the {obj.store().describe()}")
    else:
        click.echo(f"it applies from the next load: kg load {folder}")


_BY = click.option("--by", default=None, help="Who decides (default: the login name).")
_NOTE = click.option("--note", default=None, help="Why, for the next reviewer.")
_LOAD = click.option("--load", is_flag=True, help="Reload the dataset into the store afterwards.")


@match.command()
@click.argument("a")
@click.argument("b")
@_DATASET
@_BY
@_NOTE
@_LOAD
@click.pass_obj
def confirm(obj: Context, a: str, b: str, path: str, by: str | None, note: str | None, load: bool) -> None:
    """Record that items A and B are one duty: every audit treats them as one from the next load.

    \b
    Example:
      kg match confirm d306 d703 -d data/sample --note "同一条款，同一行为" --load
    """
    _decide(obj, m.MatchVerdict.SAME, a, b, path, by, note, load)


@match.command()
@click.argument("a")
@click.argument("b")
@_DATASET
@_BY
@_NOTE
@_LOAD
@click.pass_obj
def reject(obj: Context, a: str, b: str, path: str, by: str | None, note: str | None, load: bool) -> None:
    """Record that items A and B are different duties: the pair is never a candidate again.

    \b
    Example:
      kg match reject d803 d805 -d data/sample --note "两项不同的许可"
    """
    _decide(obj, m.MatchVerdict.DIFFERENT, a, b, path, by, note, load)
