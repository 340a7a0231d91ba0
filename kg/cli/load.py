"""``kg init``, ``kg load``, ``kg stats`` and ``kg demo``."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click
import yaml
from rich.table import Table

from kg import api
from kg.cli.group import Context, err_console, out_console, progress_bar, reader, say
from kg.errors import KgError
from kg.resources import resource_dir
from kg.stores import Store, default_data_dir
from kg.stores.embedded import server_status, stop_server

if TYPE_CHECKING:
    from kg.ingest.load import LoadReport


@click.command()
@click.pass_obj
def init(obj: Context) -> None:
    """Create constraints, indexes and the Power catalogue (safe to repeat).

    \b
    Example:
      kg --store neo4j init
    """
    obj.store().ensure_schema()
    click.echo(f"schema ready in the {obj.store().describe()}")


def _progress_load(
    store: Store, path: str, strict: bool, lock_wait: float | None = None, match: bool = True
) -> LoadReport:
    with progress_bar() as bar:
        task = bar.add_task("loading", total=None)

        def tick(stage: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=stage)

        return api.load(store, path, strict=strict, progress=tick, lock_wait=lock_wait, say=say, match=match)


@click.command()
@click.argument("path", type=click.Path())
@click.option("--strict", is_flag=True, help="Also refuse hand-overs that break the duty-access rule (DL-1.3).")
@click.option(
    "--no-match",
    "no_match",
    is_flag=True,
    help="Skip the candidate pairs of items that may be one duty (kg match); decisions still apply.",
)
@click.pass_obj
def load(obj: Context, path: str, strict: bool, no_match: bool) -> None:
    """Validate a dataset folder and write it; nothing is written if anything is wrong.

    Loading the same dataset again gives the same graph; a changed list replaces
    the old one. Candidate pairs of items that may be one duty in different words are
    written too (see kg match), unless --no-match.

    \b
    Example:
      kg load data/sample
      kg load --strict data/sample   # exit 3: refused, its seeded hand-overs break DL-1.3
    """
    if not Path(path).exists():
        raise KgError(f"dataset folder not found: {path}")
    report = _progress_load(obj.store(), path, strict, getattr(obj, "lock_timeout", None), match=not no_match)
    click.echo(
        f"loaded {report.dataset}: {report.nodes_written} nodes and {report.relationships_written} relationships written, "
        f"{report.nodes_removed} nodes and {report.relationships_removed} relationships removed"
    )
    for line in layout_lines(report):
        click.echo(line)
    for w in report.warnings:
        err_console().print(f"warning: {w}", markup=False, highlight=False)


def layout_lines(report: LoadReport) -> list[str]:
    """What ``kg load`` says about the list files: the layout each file (each sheet) was
    read with and the columns it ignored; tidy files, which have no other columns, in one line."""
    lines: list[str] = []
    tidy = [lay for lay in report.layouts if lay.layout == "tidy"]
    for lay in report.layouts:
        if lay.layout == "tidy":
            continue
        where = f"{lay.file} [{lay.sheet}]" if lay.sheet else lay.file
        ignored = f"ignored columns: {', '.join(lay.ignored)}" if lay.ignored else "no column ignored"
        lines.append(f"  {where}: layout {lay.layout}, header row {lay.header_row}; {ignored}")
    if tidy:
        lines.append(f"  {len(tidy)} list file(s) in the tidy layout (kg's own columns, none ignored)")
    return (["list files:"] if lines else []) + lines


def _print_stats(counts: dict[str, dict[str, int]], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(counts, ensure_ascii=False, indent=1))
        return
    table = Table(title="kg stats")
    table.add_column("kind")
    table.add_column("name")
    table.add_column("count", justify="right")
    for kind, group in (("node", counts["nodes"]), ("relationship", counts["relationships"])):
        for name, n in group.items():
            table.add_row(kind, name, str(n))
    out_console().print(table)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def stats(obj: Context, fmt: str) -> None:
    """Count nodes by label and relationships by type.

    \b
    Example:
      kg stats --format json
    """
    _print_stats(api.stats(reader(obj)), fmt)


@click.command()
@click.pass_obj
def demo(obj: Context) -> None:
    """Load the illustrative sample city into a fresh embedded store and show what it holds.

    The demo store is the folder 'demo' in the data directory; a demo store made
    before is replaced, any other content there is left alone (kg refuses).

    \b
    Example:
      kg demo
      kg --data-dir /tmp/kg demo
    """
    target = Path(obj.data_dir or default_data_dir()) / "demo"
    marker = target / DEMO_MARKER
    if target.exists() and any(target.iterdir()):
        if not marker.exists() and not _only_store_files(target):
            raise KgError(f"{target} exists and was not made by kg demo; move it away or use another --data-dir")
        stop_server(target)
        shutil.rmtree(target)
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    marker.write_text("made by kg demo; kg demo replaces this folder\n")
    obj.backend, obj.data_dir = "embedded", str(target)
    store = obj.store()
    report = _progress_load(
        store, str(resource_dir("sample")), strict=False, lock_wait=getattr(obj, "lock_timeout", None)
    )
    click.echo(f"Loaded the illustrative sample ({report.dataset}) into the {store.describe()}.")
    _print_stats(api.stats(store), "table")
    from kg.audit import run_audit

    # the sample describes mid-2025: audited later, every month and year since would be missing
    as_of = str(yaml.safe_load((resource_dir("sample") / "expected_findings.yaml").read_text("utf-8"))["as_of"])
    findings = run_audit(store, as_of=as_of)
    by_rule = Counter(f"{f.rule_id} ({f.clause}, {f.severity})" for f in findings)
    click.echo(f"\nOn {as_of}, the date the sample describes, the audits find {len(findings)} problems in it:")
    for rule, n in sorted(by_rule.items()):
        click.echo(f"  {n:3d}  {rule}")
    click.echo(f"\nNext: kg --data-dir {target.resolve()} audit --as-of {as_of}")


DEMO_MARKER = ".kg-demo"
#: what an embedded store folder of an earlier kg holds (no demo marker yet)
STORE_FILES = frozenset({"appendonlydir", "kg.rdb", "dump.rdb", "redis.log", "redis.pid", "redis.sock", "import"})


def _only_store_files(folder: Path) -> bool:
    """An embedded store made by an earlier ``kg demo``, before it marked its folder."""
    return all(p.name in STORE_FILES or p.name.endswith((".lock", ".json")) for p in folder.iterdir())


@click.group()
def server() -> None:
    """The embedded store's server: it stays up between commands and stops itself when
    idle for $KG_SERVER_IDLE seconds (default 300).

    \b
    Example:
      kg server status
      kg server stop
    """


@server.command("status")
@click.pass_obj
def server_status_cmd(obj: Context) -> None:
    """Say whether the embedded store's server is running."""
    d = Path(obj.data_dir or default_data_dir())
    info = server_status(d)
    click.echo(f"running (pid {info['pid']}) for {d}" if info else f"not running for {d}")


@server.command("stop")
@click.pass_obj
def server_stop_cmd(obj: Context) -> None:
    """Stop the embedded store's server now (its data is already on disk)."""
    d = Path(obj.data_dir or default_data_dir())
    click.echo(f"stopped the server of {d}" if stop_server(d) else f"no server was running for {d}")
