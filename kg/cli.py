"""The ``kg`` command: a thin layer over :mod:`kg.api`.

Errors go to stderr as one clear sentence (a refused dataset lists each located
problem below it); never a traceback unless ``KG_DEBUG=1``. Exit status: 0 done,
1 findings (``audit --fail-on``) or a refused transfer, 2 usage error, 3 other error.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click

from . import api
from .errors import KgError, UsageError
from .resources import resource_dir
from .store import EmbeddedStore, Neo4jSettings, Neo4jStore, Store, default_data_dir


class Context:
    """Store options from the command line; the store opens on first use."""

    def __init__(self, backend: str, data_dir: str | None, uri: str | None, user: str | None, database: str | None) -> None:
        self.backend, self.data_dir, self.uri, self.user, self.database = backend, data_dir, uri, user, database
        self._store: Store | None = None

    def store(self) -> Store:
        if self._store is None:
            if self.backend == "neo4j":
                self._store = Neo4jStore(Neo4jSettings.from_env(self.uri, self.user, self.database))
            else:
                self._store = EmbeddedStore(self.data_dir)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _err() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _out() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


#: exit statuses of every command
EXIT_FINDINGS = 1  # kg audit --fail-on: findings at that severity; check-transfer: not allowed
EXIT_USAGE = 2  # unknown option value, rule, clause, list id …: the message lists the choices
EXIT_ERROR = 3  # anything else: a refused dataset, a store that cannot be reached, …


class Failure(click.ClickException):
    """A KgError shown as ``error: <sentence>`` on stderr."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.message}", err=True)


class KgGroup(click.Group):
    """Turns kg's own errors into click exceptions, so every command exits the same way."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as e:
            raise click.UsageError(str(e), ctx) from None
        except KgError as e:
            raise Failure(str(e)) from None


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "backend", type=click.Choice(["embedded", "neo4j"]), default=lambda: os.environ.get("KG_STORE", "embedded"),
              show_default="embedded, or $KG_STORE", help="Which graph store to use.")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help=f"Embedded store's data directory (default $KG_DATA_DIR or {default_data_dir()}).")
@click.option("--uri", default=None, help="Neo4j URI (default $NEO4J_URI; bolt://, neo4j://, neo4j+s:// …).")
@click.option("--user", default=None, help="Neo4j user (default $NEO4J_USERNAME). The password is read from $NEO4J_PASSWORD only.")
@click.option("--database", default=None, help="Neo4j database (default $NEO4J_DATABASE, else the server's default).")
@click.version_option(package_name="kg")
@click.pass_context
def cli(ctx: click.Context, backend: str, data_dir: str | None, uri: str | None, user: str | None, database: str | None) -> None:
    """kg: who holds which duty and power in township governance, and audits of those lists.

    \b
    Example:
      kg demo                        # load the sample into a fresh embedded store
      kg load data/sample && kg stats
      kg --store neo4j load data/sample
    """
    if ctx.obj is None:  # tests and embedding programs may pass their own (with a store() method)
        ctx.obj = Context(backend, data_dir, uri, user, database)
        ctx.call_on_close(ctx.obj.close)


@cli.command()
@click.pass_obj
def init(obj: Context) -> None:
    """Create constraints, indexes and the Power catalogue (safe to repeat).

    \b
    Example:
      kg --store neo4j init
    """
    obj.store().ensure_schema()
    click.echo(f"schema ready in the {obj.store().describe()}")


def _progress_load(store: Store, path: str, strict: bool) -> api.LoadReport:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=_err(), transient=True) as bar:
        task = bar.add_task("loading", total=None)

        def tick(stage: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=stage)

        return api.load(store, path, strict=strict, progress=tick)


@cli.command()
@click.argument("path", type=click.Path())
@click.option("--strict", is_flag=True, help="Also refuse hand-overs that break the duty-access rule (DL-1.3).")
@click.pass_obj
def load(obj: Context, path: str, strict: bool) -> None:
    """Validate a dataset folder and write it; nothing is written if anything is wrong.

    Loading the same dataset again gives the same graph; a changed list replaces
    the old one.

    \b
    Example:
      kg load data/sample
      kg load --strict data/my-county
    """
    if not Path(path).exists():
        raise KgError(f"dataset folder not found: {path}")
    report = _progress_load(obj.store(), path, strict)
    click.echo(
        f"loaded {report.dataset}: {report.nodes_written} nodes and {report.relationships_written} relationships written, "
        f"{report.nodes_removed} nodes and {report.relationships_removed} relationships removed"
    )


def _print_stats(counts: dict[str, dict[str, int]], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(counts, ensure_ascii=False, indent=1))
        return
    from rich.table import Table

    table = Table(title="kg stats")
    table.add_column("kind")
    table.add_column("name")
    table.add_column("count", justify="right")
    for kind, group in (("node", counts["nodes"]), ("relationship", counts["relationships"])):
        for name, n in group.items():
            table.add_row(kind, name, str(n))
    _out().print(table)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def stats(obj: Context, fmt: str) -> None:
    """Count nodes by label and relationships by type.

    \b
    Example:
      kg stats --format json
    """
    _print_stats(api.stats(obj.store()), fmt)


def _render(result: api.Result, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result.records(), ensure_ascii=False, indent=1, default=str)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(result.columns)
        for row in result.rows:
            w.writerow([json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for v in row])
        return buf.getvalue()
    raise AssertionError(fmt)


def _cell(v: Any) -> str:
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return "" if v is None else str(v)


@cli.command()
@click.argument("cypher")
@click.option("-p", "--param", "params", nargs=2, multiple=True, metavar="NAME VALUE", help="A text parameter ($NAME).")
@click.option("-j", "--json-param", "json_params", nargs=2, multiple=True, metavar="NAME JSON", help="A parameter given as JSON (numbers, lists, maps).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--write", is_flag=True, help="Allow the query to write (queries are read-only by default).")
@click.pass_obj
def query(obj: Context, cypher: str, params: tuple[tuple[str, str], ...], json_params: tuple[tuple[str, str], ...], fmt: str, write: bool) -> None:
    """Run Cypher: text, a .cypher file, or the name of a query in queries/.

    \b
    Example:
      kg query "MATCH (a:Area {level: \\$level}) RETURN a.id, a.name" -p level township
      kg query township_duties -p township T-DG-01 --format csv
    """
    values: dict[str, Any] = dict(params)
    for name, text in json_params:
        try:
            values[name] = json.loads(text)
        except json.JSONDecodeError as e:
            raise click.BadParameter(f"{name}: {text!r} is not JSON ({e.msg})", param_hint="--json-param") from None
    result = api.query(obj.store(), cypher, values, write=write)
    if fmt != "table":
        click.echo(_render(result, fmt), nl=False)
        return
    from rich.table import Table

    table = Table(*result.columns)
    for row in result.rows:
        table.add_row(*(_cell(v) for v in row))
    _out().print(table)
    click.echo(f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}", err=True)


@cli.command()
@click.argument("output", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "graphml"]), default=None, help="Default: from the file suffix.")
@click.option("--around", metavar="ID", default=None, help="Only the nodes within --hops of this node (e.g. a township's id).")
@click.option("--hops", type=click.IntRange(0, 4), default=2, show_default=True)
@click.pass_obj
def export(obj: Context, output: str, fmt: str | None, around: str | None, hops: int) -> None:
    """Export the graph (or one neighbourhood) as JSON or GraphML.

    \b
    Example:
      kg export graph.graphml
      kg export township.json --around T-DG-01
    """
    from .export import to_networkx, write_graphml, write_json

    path = Path(output)
    fmt = fmt or ("graphml" if path.suffix.lower() == ".graphml" else "json" if path.suffix.lower() == ".json" else None)
    if fmt is None:
        raise click.UsageError("cannot tell the format from the file name; add --format json or --format graphml")
    g = to_networkx(obj.store(), around=around, hops=hops)
    (write_graphml if fmt == "graphml" else write_json)(g, path)
    click.echo(f"wrote {g.number_of_nodes()} nodes and {g.number_of_edges()} relationships to {path}")


@cli.command()
@click.pass_obj
def demo(obj: Context) -> None:
    """Load the illustrative sample city into a fresh embedded store and show what it holds.

    The demo store is the folder 'demo' in the data directory; it is emptied first.

    \b
    Example:
      kg demo
      kg --data-dir /tmp/kg demo
    """
    target = Path(obj.data_dir or default_data_dir()) / "demo"
    if target.exists():
        shutil.rmtree(target)
    obj.backend, obj.data_dir = "embedded", str(target)
    store = obj.store()
    report = _progress_load(store, str(resource_dir("sample")), strict=False)
    click.echo(f"Loaded the illustrative sample ({report.dataset}) into the {store.describe()}.")
    _print_stats(api.stats(store), "table")
    from .audit import run_audit

    findings = run_audit(store)
    by_rule = Counter(f"{f.rule_id} ({f.clause}, {f.severity})" for f in findings)
    click.echo(f"\nThe audits find {len(findings)} problems in the sample:")
    for rule, n in sorted(by_rule.items()):
        click.echo(f"  {n:3d}  {rule}")
    click.echo(f"\nNext: kg --data-dir {target} audit")


def _register_commands() -> None:
    """Commands that live in their own modules, next to the library code they drive."""
    from .cli_audit import audit, check_transfer
    from .cli_diff import diff
    from .cli_generate import generate

    for command in (audit, check_transfer, diff, generate):
        cli.add_command(command)


_register_commands()


def main() -> None:
    """Entry point of the ``kg`` command."""
    try:
        cli.main(prog_name="kg")
    except Exception as e:  # never a traceback for users
        if os.environ.get("KG_DEBUG"):
            raise
        click.echo(f"error: unexpected {type(e).__name__}: {e} (set KG_DEBUG=1 for details)", err=True)
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":  # pragma: no cover
    main()
