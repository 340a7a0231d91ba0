"""``kg audit`` and ``kg check-transfer``: click commands for the main ``kg`` group.

Both take the store from ``ctx.obj.store()`` (an open :class:`kg.stores.Store`).

Exit status: 0 — done (no findings at the ``--fail-on`` level; transfer allowed);
1 — findings at or above ``--fail-on`` (for check-transfer: findings the hand-over would
add) / transfer not allowed; 2 — usage error
(unknown rule, clause, format …, with the valid choices); 3 — any other error
(store unreachable, a broken query file), reported as one sentence on stderr.
"""

from __future__ import annotations

import csv
import io
import json

import click

import kg.audit as a
from kg.audit.params import as_of_date
from kg.audit.transfer import WhatIf, what_if_transfer
from kg.cli.group import EXIT_FINDINGS, reader
from kg.errors import UsageError

AUDIT_HELP = """Check the graph against the policy and list the findings.

Each rule is a query in queries/ citing a clause of the project's reading of the plan
(docs/policy/clauses.yaml, DL-…). --as-of audits the graph as it stood on a date
(lists, hand-overs and decisions in force then; the plan's deadlines compared with
it); the default is today. Without
--rule or --clause every rule runs; --rule and --clause add up (a rule is run if it is
named or cites a selected clause; --clause DL-1.3 selects DL-1.3-list and
DL-1.3-access).

\b
Examples:
  kg audit
  kg audit --clause DL-1.3 --format markdown
  kg audit --rule duty-overlap --rule duty-gap --lang en
  kg audit --format json --fail-on error > findings.json
  kg audit --as-of 2023-05-01
  kg audit --browser-params --as-of 2023-05-01
  kg audit --list
  kg audit --explain d201
  kg audit --explain duty-overlap:d601 --lang en

Exit status: 0 done; 1 findings at or above --fail-on; 2 usage error; 3 other error.
"""


@click.command("audit", help=AUDIT_HELP)
@click.option("--rule", "rules", multiple=True, metavar="ID", help="Run this rule (repeatable); see --list.")
@click.option(
    "--clause",
    "clauses",
    multiple=True,
    metavar="DL-…",
    help="Run the rules citing this clause or a part of it (repeatable).",
)
@click.option(
    "--format", "fmt", type=click.Choice(a.FORMATS), default="table", show_default=True, help="Output format."
)
@click.option(
    "--lang",
    type=click.Choice(a.LANGS),
    default="zh",
    show_default=True,
    help="Language of titles and messages (table, markdown, --list).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["warning", "error"]),
    default=None,
    help="Exit with status 1 if any finding is at this severity or worse.",
)
@click.option(
    "--as-of",
    "as_of",
    default=None,
    callback=lambda _ctx, _param, value: _check_date(value),
    metavar="YYYY-MM-DD",
    help="Audit the graph as it stood on this date (default: today).",
)
@click.option(
    "--browser-params",
    is_flag=True,
    help="Print the :param lines that set the selected rules' parameters in Neo4j Browser, and exit.",
)
@click.option(
    "--list",
    "list_rules",
    is_flag=True,
    help="List the rules (id, severity, clause, title, the plan's sentence) and exit.",
)
@click.option(
    "--explain",
    "explain_id",
    default=None,
    metavar="ID",
    help="Explain the finding with this subject id (or RULE:ID): its paths through the graph and its sources.",
)
@click.pass_context
def audit_command(
    ctx: click.Context,
    rules: tuple[str, ...],
    clauses: tuple[str, ...],
    fmt: str,
    lang: str,
    fail_on: str | None,
    as_of: str | None,
    browser_params: bool,
    list_rules: bool,
    explain_id: str | None,
) -> None:
    selected = a.select_rules(a.list_rules(), rules, clauses)
    if browser_params:
        _print_browser_params(selected, as_of)
        return
    if list_rules:
        _print_rules(selected, fmt, lang)
        return
    if explain_id is not None:
        from kg.audit.explain import explain, render_explained

        explained = explain(reader(ctx.obj), explain_id, [r.id for r in selected])
        if fmt == "json":
            data = [
                {"finding": f.model_dump(mode="json"), "query": q, "paths": [p.model_dump() for p in ps]}
                for f, q, ps in explained
            ]
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            click.echo(render_explained(explained, lang), nl=False)
        return
    findings = a.run_audit(reader(ctx.obj), rules=[r.id for r in selected], as_of=as_of)
    out = a.render(findings, fmt, lang, rules=[r.id for r in selected])
    click.echo(out, nl=not out.endswith("\n"))
    failing = a.at_least(findings, fail_on) if fail_on else []
    if failing:
        # on stderr, so that it shows when the findings go to a file
        click.echo(f"kg audit: {len(failing)} findings at severity {fail_on} or worse (--fail-on {fail_on})", err=True)
        ctx.exit(EXIT_FINDINGS)


def _check_date(value: str | None) -> str | None:
    """A date like 2025-06-30, checked before any store is opened."""
    if value is None:
        return None
    try:
        return as_of_date(value).isoformat()
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _print_browser_params(rules: list[a.Rule], as_of: str | None) -> None:
    try:
        values: dict[str, object] = {}
        for r in rules:
            values.update(a.rule_params(r, as_of))
    except ValueError as e:
        raise UsageError(str(e)) from None
    if not values:
        click.echo("// the selected rules take no parameters")
    for name, value in sorted(values.items()):
        click.echo(f":param {name} => {json.dumps(value, ensure_ascii=False)}")


def _print_rules(rules: list[a.Rule], fmt: str, lang: str) -> None:
    if fmt == "json":
        data = [
            {
                "id": r.id,
                "title_zh": r.title_zh,
                "title_en": r.title_en,
                "clause": r.clause,
                "severity": r.severity,
                "description": r.description,
                "source_zh": r.source_zh,
            }
            for r in rules
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["id", "severity", "clause", "title", "source_zh"])
        for r in rules:
            w.writerow([r.id, r.severity, r.clause, r.title(lang), r.source_zh])
        click.echo(buf.getvalue(), nl=False)
        return
    width = max((len(r.id) for r in rules), default=0)
    for r in sorted(rules, key=lambda r: (r.clause, a.SEVERITY_RANK[r.severity], r.id)):
        click.echo(f"{r.id:<{width}}  {r.severity:<7}  {r.clause:<13}  {r.title(lang)}")
        click.echo(f"{'':<{width}}  「{r.source_zh}」")


CHECK_HELP = """Check before the fact whether a county department may hand a duty over
to a township (duty-access rule, DL-1.3), and what every audit would find after it.

Allowed only if the department is a county-level department, the target is one of the
township's own bodies in that county (a township area id stands for its government),
the duty exists, and --decision names an existing unified deployment issued by a Party
committee or government of the county or above.

Then every audit rule (or those of --rule / --clause) runs on the graph as it is and as it
would be with the hand-over in force on --date, and the findings it would add and remove
are listed (a finding is its rule, township, subject and related ids, as in kg diff). The
hypothetical hand-over is written only into a private scratch view — a copy of the graph
on the embedded store, a transaction that is rolled back on Neo4j — that no other reader
sees and that is dropped at the end, also on an error or Ctrl-C: the graph is unchanged.
A 下放 is modelled through the hand-over alone (no list row changes).

\b
Examples:
  kg check-transfer --department ds-sj --township ds-qn-gov --duty d202 --decision dec-ds-2023-05 --date 2024-01-01
  kg check-transfer --department xh-sj --township xh-cg --duty d601 --decision dec-xh-2023-12 --date 2025-06-30 --format json
  kg check-transfer --department ds-zf --township ds-sl --duty d306 --mode 下放 --date 2025-06-30 --fail-on error

Exit status: 0 allowed (and no added finding at the --fail-on level); 1 not allowed, or an
added finding at or above --fail-on; 2 usage error; 3 other error.
"""


@click.command("check-transfer", help=CHECK_HELP)
@click.option("--department", required=True, metavar="ID", help="The county department handing the duty over.")
@click.option("--township", required=True, metavar="ID", help="The receiving township body, or a township area.")
@click.option("--duty", required=True, metavar="ID", help="The duty to hand over.")
@click.option("--decision", default=None, metavar="ID", help="The unified-deployment decision that authorises it.")
@click.option(
    "--mode", type=click.Choice(["委托", "下放"]), default="委托", show_default=True, help="Entrustment or devolution."
)
@click.option(
    "--date",
    "date_",
    default=None,
    metavar="DATE",
    help="The hand-over's date, and the date the audits judge (default today).",
)
@click.option("--rule", "rules", multiple=True, metavar="ID", help="Only this audit rule (repeatable).")
@click.option("--clause", "clauses", multiple=True, metavar="DL-…", help="Only the rules citing this clause.")
@click.option(
    "--fail-on",
    type=click.Choice(["warning", "error"]),
    default=None,
    help="Also exit with status 1 if the hand-over would add a finding at this severity or worse.",
)
@click.option("--lang", type=click.Choice(a.LANGS), default="zh", show_default=True, help="Language of the output.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
@click.pass_context
def check_transfer_command(
    ctx: click.Context,
    department: str,
    township: str,
    duty: str,
    decision: str | None,
    mode: str,
    date_: str | None,
    rules: tuple[str, ...],
    clauses: tuple[str, ...],
    fail_on: str | None,
    lang: str,
    fmt: str,
) -> None:
    try:
        day = as_of_date(date_).isoformat()
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--date") from None
    selected = [r.id for r in a.select_rules(a.list_rules(), rules, clauses)]
    result = what_if_transfer(reader(ctx.obj), department, township, duty, decision, mode, day, rules=selected)
    if fmt == "json":
        # the verdict's fields stay at the top (as before the what-if), the what-if beside them
        doc = {
            **result.verdict.model_dump(mode="json"),
            "as_of": result.as_of,
            "modelled": result.modelled,
            "handover_id": result.handover_id,
            "added": a.findings_document(result.added, selected),
            "removed": a.findings_document(result.removed, selected),
        }
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        click.echo(render_what_if(result, lang), nl=False)
    failing = a.at_least(result.added, fail_on) if fail_on else []
    if failing:
        click.echo(
            f"kg check-transfer: the hand-over would add {len(failing)} findings at severity {fail_on} or worse "
            f"(--fail-on {fail_on})",
            err=True,
        )
    if not result.verdict.allowed:
        # on stderr too, so that it shows when the output goes to a file
        click.echo(
            f"kg check-transfer: not allowed ({result.verdict.reasons[0].code}"
            f"{f' and {len(result.verdict.reasons) - 1} more' if len(result.verdict.reasons) > 1 else ''})",
            err=True,
        )
    if not result.verdict.allowed or failing:
        ctx.exit(EXIT_FINDINGS)


_WHAT_IF_HEAD = {
    "zh": ("假设该交办于 {day} 生效，全部审计规则的结果将：", "新增 {n} 项", "消除 {n} 项", "（假设的交办记为 {hid}）"),
    "en": (
        "With this hand-over in force on {day}, the audits would:",
        "add {n} findings",
        "remove {n} findings",
        "(the hypothetical hand-over is {hid})",
    ),
}


_NOT_MODELLED = {
    "zh": "该交办无法模拟（部门、接收机构或事项不存在），未运行审计。",
    "en": "The hand-over cannot be modelled (unknown department, receiving body or duty): no audit was run.",
}


def render_what_if(result: WhatIf, lang: str = "zh") -> str:
    """The verdict, then the findings the hand-over would add and remove, as tables."""
    head, add, remove, hid = _WHAT_IF_HEAD[lang]
    if not result.modelled:
        return result.verdict.render(lang) + "\n\n" + _NOT_MODELLED[lang] + "\n"
    out = [result.verdict.render(lang), "", head.format(day=result.as_of), hid.format(hid=result.handover_id), ""]
    for label, findings in ((add, result.added), (remove, result.removed)):
        out.append(label.format(n=len(findings)))
        if findings:
            out.append(a.render_table(findings, lang).rstrip("\n"))
        out.append("")
    return "\n".join(out)


# names the main group registers
audit = audit_command
check_transfer = check_transfer_command

__all__ = ["audit", "audit_command", "check_transfer", "check_transfer_command"]
