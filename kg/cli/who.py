"""``kg who``: who is responsible for an item, township by township (:mod:`kg.responsibility`)."""

from __future__ import annotations

import json

import click

WHO_HELP = """Who is responsible for an item in each township?

Finds items (duties) whose name contains TEXT, or resembles it (fuzzy), or whose id is
TEXT, and for each township that lists one says: the lead body, the cooperating bodies,
how it got there (the list and its file row, the hand-over and the decision behind it)
and what the law cited says.

\b
Examples:
  kg who 食品摊贩
  kg who 占道经营 --township ds-hb
  kg who 最低生活保障 --township 湖滨 --lang en
  kg who d202 --format json

Exit status: 0 done (also when nothing matches); 2 usage error; 3 other error.
"""


@click.command("who", help=WHO_HELP)
@click.argument("text")
@click.option("--township", default=None, metavar="ID|NAME", help="Only this township (its id or part of its name).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100), help="At most this many items.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format."
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the table.")
@click.pass_context
def who_command(ctx: click.Context, text: str, township: str | None, limit: int, fmt: str, lang: str) -> None:
    from kg.responsibility import render_who, who, who_json

    answers = who(ctx.obj.store(), text, township, limit=limit)
    if fmt == "json":
        click.echo(json.dumps(who_json(answers), ensure_ascii=False, indent=2))
    else:
        out = render_who(answers, text, lang)
        click.echo(out, nl=not out.endswith("\n"))


who_cli = who_command

__all__ = ["who_cli", "who_command"]
