"""The ``kg`` command: a thin layer over :mod:`kg.api`, one module per command family.

Errors go to stderr as one clear sentence (a refused dataset lists each located
problem below it); never a traceback unless ``KG_DEBUG=1``. Exit statuses are in
:mod:`kg.cli.group`.
"""

from __future__ import annotations

import os
import sys

import click

from kg.cli.audit import audit, check_transfer
from kg.cli.diff import diff
from kg.cli.generate import generate
from kg.cli.group import EXIT_ERROR, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_USAGE, cli
from kg.cli.load import demo, init, load, server, stats
from kg.cli.match import match
from kg.cli.query import export, query
from kg.cli.report import report
from kg.cli.who import who_cli

for _command in (
    init,
    load,
    stats,
    query,
    export,
    demo,
    audit,
    check_transfer,
    diff,
    generate,
    server,
    match,
    report,
    who_cli,
):
    cli.add_command(_command)


def main() -> None:
    """Entry point of the ``kg`` command."""
    try:
        cli.main(prog_name="kg")
    except KeyboardInterrupt:  # while parsing options or closing the store
        click.echo("interrupted: stopped by Ctrl-C", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as e:  # never a traceback for users
        if os.environ.get("KG_DEBUG"):
            raise
        click.echo(f"error: unexpected {type(e).__name__}: {e} (set KG_DEBUG=1 for details)", err=True)
        sys.exit(EXIT_ERROR)


__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_USAGE", "cli", "main"]
