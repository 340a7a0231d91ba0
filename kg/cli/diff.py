"""``kg diff``: what changed between two versions of a duty list (see :mod:`kg.diff`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from kg.cli.group import out_console, reader
from kg.diff import _choices, _known_lists, diff_lists, diff_series, render_json, render_table
from kg.errors import UsageError


@click.command("diff")
@click.argument("lists", nargs=-1, metavar="[OLD NEW]")
@click.option(
    "--series",
    "series",
    default=None,
    metavar="S",
    help="A list series, or a body id: compare every series it owns (its three lists together).",
)
@click.option(
    "--from",
    "date_from",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Compare the versions in force on this date (YYYY-MM-DD) …",
)
@click.option(
    "--to",
    "date_to",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="… with those in force on this date.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the table's labels."
)
@click.pass_obj
def diff(
    obj: Any,
    lists: tuple[str, ...],
    series: str | None,
    date_from: dt.datetime | None,
    date_to: dt.datetime | None,
    fmt: str,
    lang: str,
) -> None:
    """Show which items were added, removed, renamed, moved between basic / cooperating /
    taken-back, or changed lead, between two versions of a list.

    OLD and NEW are list ids; either may name several lists separated by commas (a
    township's three lists). Or give --series with --from and --to to compare the
    versions in force on two dates.

    \b
    Examples:
      kg diff list-ds-zr-2023 list-ds-zr-2024
      kg diff list-ds-hb-basic,list-ds-hb-coop,list-ds-hb-back list-ds-qn-basic,list-ds-qn-coop,list-ds-qn-back
      kg diff --series ds-zr --from 2023-06-01 --to 2024-06-01 --format json
      kg diff list-ds-zr-2023 list-ds-zr-2024 --lang en
    """
    if series is not None or date_from is not None or date_to is not None:
        if lists:
            raise UsageError("give either two list ids, or --series with --from and --to, not both")
        missing = [name for name, v in (("--series", series), ("--from", date_from), ("--to", date_to)) if v is None]
        if missing:
            raise UsageError(f"missing {', '.join(missing)}: --series, --from and --to go together")
        result = diff_series(reader(obj), series, date_from.date(), date_to.date())  # type: ignore[arg-type,union-attr]
    elif len(lists) == 2:
        result = diff_lists(reader(obj), lists[0], lists[1])
    else:
        known = _choices(r[0] for r in _known_lists(reader(obj)))
        raise UsageError(f"give two list ids (OLD NEW), got {len(lists)}; known lists: {known}")
    if fmt == "json":
        click.echo(render_json(result))
    else:
        out_console().print(render_table(result, lang))
