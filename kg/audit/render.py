"""Findings as text: a rich table per township, JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from kg.audit.rules import LANGS, SEVERITY_ZH, Finding, sort_findings, summary
from kg.csvsafe import csv_cell
from kg.errors import UsageError

FORMATS: tuple[str, ...] = ("table", "json", "csv", "markdown")
JSON_VERSION = 1

# --------------------------------------------------------------------------- renderers

_NO_TOWNSHIP = {"zh": "乡镇以上（区县、市级）", "en": "Above township level"}
_HEAD = {
    "zh": {
        "severity": "级别",
        "rule": "规则",
        "clause": "条款",
        "subject": "对象",
        "message": "说明",
        "none": "未发现问题。",
        "title": "审计结果",
        "count": "共 {n} 项：错误 {error}，警告 {warning}，提示 {info}",
        "provenance": "依据与出处",
        "sentence": "政策原文",
        "sources": "数据出处",
    },
    "en": {
        "severity": "Severity",
        "rule": "Rule",
        "clause": "Clause",
        "subject": "Subject",
        "message": "Message",
        "none": "No findings.",
        "title": "Audit findings",
        "count": "{n} findings: {error} errors, {warning} warnings, {info} info",
        "provenance": "Basis and sources",
        "sentence": "Policy text",
        "sources": "Data sources",
    },
}


def _groups(findings: Sequence[Finding]) -> list[tuple[str | None, str | None, list[Finding]]]:
    out: dict[str | None, tuple[str | None, list[Finding]]] = {}
    for f in sort_findings(findings):
        out.setdefault(f.township_id, (f.township_name, []))[1].append(f)
    return [(tid, name, fs) for tid, (name, fs) in out.items()]


def _township_label(tid: str | None, name: str | None, lang: str) -> str:
    return (
        _NO_TOWNSHIP[lang] if tid is None else f"{name or tid}（{tid}）" if lang == "zh" else f"{name or tid} ({tid})"
    )


def _severity_label(sev: str, lang: str) -> str:
    return SEVERITY_ZH[sev] if lang == "zh" else sev


def render_table(findings: Sequence[Finding], lang: str = "zh", width: int = 140) -> str:
    """A rich table per township, rows ordered by severity; Chinese titles unless ``lang="en"``."""
    h = _HEAD[lang]
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None, force_terminal=False)
    if not findings:
        console.print(h["none"])
        return console.export_text()
    for tid, name, fs in _groups(findings):
        table = Table(
            title=_township_label(tid, name, lang),
            box=box.SIMPLE_HEAVY,
            show_lines=True,
            title_justify="left",
            expand=True,
        )
        table.add_column(h["severity"], no_wrap=True)
        table.add_column(h["rule"], overflow="fold", ratio=2)
        table.add_column(h["clause"], no_wrap=True)
        table.add_column(h["subject"], overflow="fold", ratio=2)
        table.add_column(h["message"], overflow="fold", ratio=5)
        for f in fs:
            table.add_row(
                _severity_label(f.severity, lang),
                f.title(lang),
                f.clause,
                f"{f.subject_name or ''} ({f.subject_id})",
                f.message(lang),
            )
        console.print(table)
    console.print(h["count"].format(n=len(findings), **summary(findings)))
    return console.export_text()


def findings_document(findings: Sequence[Finding], rules: Sequence[str] | None = None) -> dict[str, Any]:
    """The JSON document described by ``schema/findings.schema.json``."""
    fs = sort_findings(findings)
    return {
        "version": JSON_VERSION,
        "rules": sorted(rules) if rules is not None else sorted({f.rule_id for f in fs}),
        "summary": {"total": len(fs), **summary(fs)},
        "findings": [f.model_dump(mode="json") for f in fs],
    }


def render_json(findings: Sequence[Finding], rules: Sequence[str] | None = None) -> str:
    return json.dumps(findings_document(findings, rules), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = tuple(Finding.model_fields)


def sources_text(f: Finding) -> str:
    """The finding's sources as ``fact @ file, sheet S, row N`` joined with ``; ``."""
    return "; ".join(f"{s.fact()} @ {s.where()}" for s in f.sources)


def render_csv(findings: Sequence[Finding]) -> str:
    """One row per finding, every field; ``related_ids`` joined with ``;``, ``sources`` with ``; ``
    (each ``fact @ file, sheet S, row N``)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for f in sort_findings(findings):
        d = f.model_dump()
        d["related_ids"] = ";".join(f.related_ids)
        d["sources"] = sources_text(f)
        w.writerow(["" if d[c] is None else csv_cell(d[c]) for c in CSV_COLUMNS])
    return buf.getvalue()


def _md(text: str | None) -> str:
    return (text or "").replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(findings: Sequence[Finding], lang: str = "zh") -> str:
    h = _HEAD[lang]
    lines = [f"# {h['title']}", ""]
    if not findings:
        return "\n".join([*lines, h["none"], ""])
    lines += [h["count"].format(n=len(findings), **summary(findings)), ""]
    for tid, name, fs in _groups(findings):
        lines += [f"## {_township_label(tid, name, lang)}", ""]
        lines += [
            f"| {h['severity']} | {h['rule']} | {h['clause']} | {h['subject']} | {h['message']} |",
            "|---|---|---|---|---|",
        ]
        for f in fs:
            lines.append(
                f"| {_severity_label(f.severity, lang)} | {_md(f.title(lang))} (`{f.rule_id}`) | {f.clause} | {_md(f.subject_name)} (`{f.subject_id}`) | {_md(f.message(lang))} |"
            )
        lines.append("")
        if any(f.sources or f.clause_sentence for f in fs):
            lines += [f"### {h['provenance']}", ""]
            for f in fs:
                lines.append(f"- `{f.rule_id}` · `{f.subject_id}`")
                if f.clause_sentence:
                    lines.append(f"  - {h['sentence']}（{f.clause}）：{_md(f.clause_sentence)}")
                if f.sources:
                    lines.append(f"  - {h['sources']}：")
                    lines += [f"    - `{_md(s.fact())}` — {_md(s.where())}" for s in f.sources]
            lines.append("")
    return "\n".join(lines)


def render(
    findings: Sequence[Finding], fmt: str = "table", lang: str = "zh", rules: Sequence[str] | None = None
) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose from: {', '.join(FORMATS)}")
    if lang not in LANGS:
        raise UsageError(f"unknown language {lang!r}; choose from: {', '.join(LANGS)}")
    if fmt == "table":
        return render_table(findings, lang)
    if fmt == "json":
        return render_json(findings, rules)
    if fmt == "csv":
        return render_csv(findings)
    return render_markdown(findings, lang)
