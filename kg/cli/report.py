"""``kg report``: the auditor's report as one offline HTML file (:mod:`kg.report`)."""

from __future__ import annotations

from pathlib import Path

import click

REPORT_HELP = """Write an auditor's report: one self-contained HTML file that opens offline.

It holds a county/township overview, a scorecard per township, a township × power
matrix, the findings by rule with the clause sentence and the file rows behind each,
and charts. Chinese first; the button at the top switches to English. The file makes
no network request (its Content-Security-Policy forbids any).

\b
Example:
  kg report audit-report.html
"""


@click.command("report", help=REPORT_HELP)
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.pass_context
def report_command(ctx: click.Context, out: Path) -> None:
    from kg.report import write_report

    data = write_report(ctx.obj.store(), out)
    click.echo(f"wrote {out}: {len(data.townships)} townships, {len(data.findings)} findings", err=True)


report = report_command

__all__ = ["report", "report_command"]
