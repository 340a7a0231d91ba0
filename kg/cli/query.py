"""``kg query`` and ``kg export``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from kg import api
from kg import model as m
from kg.cli.group import Context, out_console, progress_bar, reader, say
from kg.csvsafe import csv_cell
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


#: Chinese headings for the column names the shipped queries use (others are shown as they are)
COLUMN_ZH = {
    "township_id": "乡镇（街道）编号",
    "township_name": "乡镇（街道）",
    "subject_id": "对象编号",
    "subject_name": "对象",
    "related_ids": "相关编号",
    "message_zh": "说明",
    "message_en": "说明（英文）",
    "list_id": "清单编号",
    "list_name": "清单",
    "list_kind": "清单类型",
    "duty_id": "事项编号",
    "duty_name": "事项",
    "leads": "牵头单位",
    "cooperating": "配合单位",
    "entrusted": "受委托单位",
    **m.ENTRY_CONTENT_LABELS["zh"],
    "holder_id": "承担单位编号",
    "holder_name": "承担单位",
    "grant_id": "授权编号",
    "power": "权力",
    "aspect": "方面",
    "legal_basis": "法律依据",
    "guided_by": "业务指导部门",
    "department_id": "部门编号",
    "department_name": "部门",
    "handover_id": "交办编号",
    "handover_mode": "方式",
    "handover_date": "日期",
    "decision_id": "决定编号",
    "decision_name": "决定",
    "decision_no": "文号",
    "from_id": "交办部门编号",
    "from_name": "交办部门",
    "source_file": "文件",
    "source_sheet": "工作表",
    "source_row": "行",
    "legal_citations": "法律条款",
    "id": "编号",
    "name": "名称",
    "level": "层级",
    "kind": "类型",
    "n": "数量",
    "count": "数量",
}
_ROWS = {"zh": "共 {n} 行", "en": "{n} row{s}"}


def _heading(column: str, lang: str) -> str:
    if lang != "zh":
        return column
    key = column.rsplit(".", 1)[-1]
    zh = COLUMN_ZH.get(column) or COLUMN_ZH.get(key)
    return zh or column


def _title(text: str, lang: str) -> str | None:
    """A query file's title in the language (None for Cypher without a header)."""
    if not text.lstrip().startswith("//"):
        return None
    first = text.lstrip().splitlines()[0][2:].strip()
    zh, sep, en = first.partition(" / ")
    return (en if lang == "en" else zh) if sep else first


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
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the table's title and headings.",
)
@click.pass_obj
def query(
    obj: Context,
    cypher: str,
    params: tuple[tuple[str, str], ...],
    json_params: tuple[tuple[str, str], ...],
    fmt: str,
    write: bool,
    lang: str,
) -> None:
    """Run Cypher: text, a .cypher file, or the name of a query in queries/.

    \b
    Example:
      kg query "MATCH (a:Area {level: \\$level}) RETURN a.id, a.name" -p level township
      kg query explore-township-duties -p township ds-hb --format csv
      kg query explore-township-duties -p township ds-hb --lang en
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
    click.echo(render_table(result, lang, _title(api.resolve_query(cypher), lang)), nl=False)
    n = len(result.rows)
    click.echo(_ROWS[lang].format(n=n, s="s" if n != 1 else ""), err=True)


def render_table(result: Result, lang: str = "zh", title: str | None = None, width: int | None = None) -> str:
    """A query result as a rich table; cells fold instead of being cut off (long Chinese names stay whole)."""
    table = Table(title=title, title_justify="left", show_lines=False)
    for c in result.columns:
        # ids stay on one line; names and lists fold (never cut off with an ellipsis)
        is_id = c == "id" or c.endswith(("_id", ".id"))
        table.add_column(_heading(c, lang), overflow="fold", no_wrap=is_id, ratio=None if is_id else 1)
    for row in result.rows:
        table.add_row(*(_cell(v) for v in row))
    console = out_console()
    buf = io.StringIO()
    console = Console(file=buf, width=width or console.width, highlight=False, color_system=None, force_terminal=False)
    console.print(table)
    return buf.getvalue()


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
    "--no-match", is_flag=True, help="With --bulk: leave out the RESEMBLES candidates (as kg load --no-match)."
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="With --bulk: datasets validated and written side by side, each in a process of its own "
    "(default: KG_EXPORT_JOBS, else the CPUs; each holds one dataset in memory).",
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
    no_match: bool,
    jobs: int | None,
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
        from kg.bulk import export_bulk  # the dataset reader and openpyxl: only for --bulk

        with progress_bar() as bar:
            task = bar.add_task("exporting datasets", total=len(datasets))
            report = export_bulk(
                list(datasets),
                bulk_dir,
                lambda _stage, done, total: bar.update(task, completed=done, total=total),
                match=not no_match,
                jobs=jobs,
            )
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

    from kg.export import to_networkx, write_graphml, write_json  # networkx: only for this command

    g = to_networkx(reader(obj), around=around, hops=hops)
    (write_graphml if fmt == "graphml" else write_json)(g, path)
    click.echo(f"wrote {g.number_of_nodes()} nodes and {g.number_of_edges()} relationships to {path}")
