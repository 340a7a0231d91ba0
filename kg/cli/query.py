"""``kg query`` and ``kg export``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from kg import api
from kg.bulk import export_bulk
from kg.cli.group import Context, out_console, reader, say
from kg.csvsafe import csv_cell
from kg.export import to_networkx, write_graphml, write_json
from kg.stores import Result


def _render(result: Result, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result.records(), ensure_ascii=False, indent=1, default=str)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow([csv_cell(c) for c in result.columns])
        for row in result.rows:
            w.writerow([csv_cell(v) for v in row])
        return buf.getvalue()
    raise AssertionError(fmt)


def _cell(v: Any) -> str:
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return "" if v is None else str(v)


@click.command()
@click.argument("cypher")
@click.option("-p", "--param", "params", nargs=2, multiple=True, metavar="NAME VALUE", help="A text parameter ($NAME).")
@click.option(
    "-j",
    "--json-param",
    "json_params",
    nargs=2,
    multiple=True,
    metavar="NAME JSON",
    help="A parameter given as JSON (numbers, lists, maps).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--write", is_flag=True, help="Allow the query to write (queries are read-only by default).")
@click.pass_obj
def query(
    obj: Context,
    cypher: str,
    params: tuple[tuple[str, str], ...],
    json_params: tuple[tuple[str, str], ...],
    fmt: str,
    write: bool,
) -> None:
    """Run Cypher: text, a .cypher file, or the name of a query in queries/.

    \b
    Example:
      kg query "MATCH (a:Area {level: \\$level}) RETURN a.id, a.name" -p level township
      kg query explore-township-duties -p township ds-hb --format csv
    """
    values: dict[str, Any] = dict(params)
    for name, text in json_params:
        try:
            values[name] = json.loads(text)
        except json.JSONDecodeError as e:
            raise click.BadParameter(f"{name}: {text!r} is not JSON ({e.msg})", param_hint="--json-param") from None
    if write:
        store = obj.store()
        with store.write_lock(wait=getattr(obj, "lock_timeout", None), say=say):
            result = api.query(store, cypher, values, write=True)
    else:
        result = api.query(reader(obj), cypher, values, write=False)
    if fmt != "table":
        click.echo(_render(result, fmt), nl=False)
        return
    table = Table(*result.columns)
    for row in result.rows:
        table.add_row(*(_cell(v) for v in row))
    out_console().print(table)
    click.echo(f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}", err=True)


@click.command()
@click.argument("output", type=click.Path(dir_okay=False), required=False)
@click.option(
    "--bulk",
    "bulk_dir",
    metavar="DIR",
    type=click.Path(file_okay=False),
    default=None,
    help="Instead: write neo4j-admin import CSVs of the --dataset folders into DIR (no store is read).",
)
@click.option(
    "--dataset",
    "datasets",
    metavar="PATH",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="A dataset folder to export with --bulk (repeatable).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "graphml"]), default=None, help="Default: from the file suffix."
)
@click.option(
    "--around", metavar="ID", default=None, help="Only the nodes within --hops of this node (e.g. a township's id)."
)
@click.option("--hops", type=click.IntRange(0, 4), default=2, show_default=True)
@click.pass_obj
def export(
    obj: Context,
    output: str | None,
    bulk_dir: str | None,
    datasets: tuple[str, ...],
    fmt: str | None,
    around: str | None,
    hops: int,
) -> None:
    """Export the graph (or one neighbourhood) as JSON or GraphML; or, with --bulk,
    datasets as neo4j-admin import files for a national-scale Neo4j.

    \b
    Example:
      kg export graph.graphml
      kg export township.json --around ds-hb
      kg export --bulk /tmp/kg-bulk --dataset data/sample
    """
    if bulk_dir is not None:
        if output is not None or not datasets:
            raise click.UsageError("--bulk DIR takes one or more --dataset PATH and no OUTPUT file")
        report = export_bulk(list(datasets), bulk_dir)
        click.echo(
            f"wrote {report.nodes} nodes and {report.relationships} relationships of {len(report.datasets)} "
            f"dataset(s) to {bulk_dir}; import with: neo4j-admin database import full neo4j @{Path(bulk_dir) / 'import.args'}"
        )
        return
    if output is None:
        raise click.UsageError("missing OUTPUT (or use --bulk DIR --dataset PATH)")
    path = Path(output)
    fmt = fmt or (
        "graphml" if path.suffix.lower() == ".graphml" else "json" if path.suffix.lower() == ".json" else None
    )
    if fmt is None:
        raise click.UsageError("cannot tell the format from the file name; add --format json or --format graphml")

    g = to_networkx(reader(obj), around=around, hops=hops)
    (write_graphml if fmt == "graphml" else write_json)(g, path)
    click.echo(f"wrote {g.number_of_nodes()} nodes and {g.number_of_edges()} relationships to {path}")
