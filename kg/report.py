"""An auditor's report: one self-contained, offline HTML file.

``kg report OUT.html`` (:func:`write_report`) writes a county/township overview, a
scorecard per township, a township × power matrix, the findings by rule with their
provenance (:mod:`kg.audit.provenance`) and inline SVG charts. Everything is in the
file: no fonts, scripts, styles or images are fetched, and a Content-Security-Policy
(``default-src 'none'`` with hashes for the one ``<style>`` and the one ``<script>``)
forbids any request. Chinese is shown first; a button switches to English.

Counts carry ``data-count`` attributes (``total``, ``error`` …, ``rule:<id>``,
``township:<id>``) so tests can compare them with ``kg audit``.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kg.audit.rules import SEVERITIES, SEVERITY_ZH, Finding, Rule, list_rules, run_audit, summary
from kg.model import POWERS
from kg.stores import Store

_SEV_EN = {"error": "Error", "warning": "Warning", "info": "Info"}
SEVERITY_COLOURS = {"error": "#b3261e", "warning": "#e09b00", "info": "#1565c0"}


@dataclass
class Township:
    id: str
    name: str
    county_id: str | None
    county_name: str | None
    subtype: str | None = None
    bodies: int = 0
    villages: int = 0
    lists: int = 0
    duties: int = 0
    powers: dict[str, int] = field(default_factory=dict)  # power id -> number of grants
    findings: list[Finding] = field(default_factory=list)


@dataclass
class ReportData:
    townships: list[Township]
    rules: list[Rule]
    findings: list[Finding]
    generated: str


# --------------------------------------------------------------------------- data


def collect(store: Store, findings: Sequence[Finding] | None = None) -> ReportData:
    """Everything the report shows, in a handful of read-only queries."""
    rows = store.run(
        "MATCH (t:Area {level: 'township'}) OPTIONAL MATCH (t)-[:BELONGS_TO]->(c:Area) "
        "RETURN t.id, t.name, t.subtype, c.id, c.name ORDER BY t.id"
    ).rows
    towns = {r[0]: Township(id=r[0], name=r[1], subtype=r[2], county_id=r[3], county_name=r[4]) for r in rows}
    for tid, n in store.run(
        "MATCH (t:Area {level: 'township'})<-[:GOVERNS|SERVES]-(b:Body) RETURN t.id, count(DISTINCT b)"
    ).rows:
        towns[tid].bodies = n
    for tid, n in store.run(
        "MATCH (t:Area {level: 'township'})<-[:BELONGS_TO]-(v:Area) RETURN t.id, count(DISTINCT v)"
    ).rows:
        towns[tid].villages = n
    for tid, nl, nd in store.run(
        "MATCH (t:Area {level: 'township'})<-[:GOVERNS|SERVES]-(:Body)-[:OWNS]->(l:DutyList)-[:INCLUDES]->(d:Duty) "
        "WHERE NOT coalesce(l.superseded, false) AND l.kind <> 'taken_back' "
        "RETURN t.id, count(DISTINCT l), count(DISTINCT d)"
    ).rows:
        towns[tid].lists, towns[tid].duties = nl, nd
    for tid, pid, n in store.run(
        "MATCH (t:Area {level: 'township'})<-[:GOVERNS|SERVES]-(:Body)-[:HOLDS]->(g:PowerGrant)-[:CONFERS]->(p:Power) "
        "RETURN t.id, p.id, count(DISTINCT g)"
    ).rows:
        towns[tid].powers[pid] = n
    if findings is None:
        findings = run_audit(store)
    for f in findings:
        if f.township_id in towns:
            towns[f.township_id].findings.append(f)
    return ReportData(
        townships=list(towns.values()),
        rules=list_rules(),
        findings=list(findings),
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


# --------------------------------------------------------------------------- html helpers


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


def bi(zh: str, en: str) -> str:
    """Both languages; CSS shows one (Chinese unless the page is switched to English)."""
    return f'<span class="zh" lang="zh-Hans">{_e(zh)}</span><span class="en" lang="en">{_e(en)}</span>'


def _sev(sev: str) -> str:
    return f'<span class="sev sev-{sev}">{bi(SEVERITY_ZH[sev], _SEV_EN[sev])}</span>'


def _count(key: str, n: int) -> str:
    return f'<b data-count="{_e(key)}">{n}</b>'


def _text_width(text: str, size: int = 13) -> int:
    """Rough width in pixels of a label: CJK characters are about one em, others about 0.55 em."""
    return int(sum(size if ord(ch) > 0x2E80 else size * 0.55 for ch in text))


def _bar_chart(items: Sequence[tuple[str, str, Counter[str]]], title_zh: str, title_en: str) -> str:
    """A horizontal stacked bar chart (inline SVG) of findings per item and severity."""
    label_w = 16 + max([_text_width(t) for zh, en, _ in items for t in (zh, en)] + [60])
    bar_w, row_h = 420, 24
    most = max([sum(c.values()) for _, _, c in items] + [1])
    height = row_h * len(items) + 40
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {label_w + bar_w + 60} {height}" '
        f'width="{label_w + bar_w + 60}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{_e(title_zh)} / {_e(title_en)}</title>"
    ]
    for i, (label_zh, label_en, counts) in enumerate(items):
        y = 10 + i * row_h
        parts.append(
            f'<text class="zh" x="{label_w - 8}" y="{y + 16}" text-anchor="end">{_e(label_zh)}</text>'
            f'<text class="en" x="{label_w - 8}" y="{y + 16}" text-anchor="end">{_e(label_en)}</text>'
        )
        x = float(label_w)
        for sev in SEVERITIES:
            n = counts.get(sev, 0)
            if not n:
                continue
            w = bar_w * n / most
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{SEVERITY_COLOURS[sev]}">'
                f"<title>{_e(label_zh)}: {n} {sev}</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 16}">{sum(counts.values())}</text>')
    ly = 10 + len(items) * row_h + 12
    lx = label_w
    for sev in SEVERITIES:
        parts.append(
            f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{SEVERITY_COLOURS[sev]}"/>'
            f'<text class="zh" x="{lx + 16}" y="{ly + 11}">{SEVERITY_ZH[sev]}</text>'
            f'<text class="en" x="{lx + 16}" y="{ly + 11}">{_SEV_EN[sev]}</text>'
        )
        lx += 90
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------- sections


def _overview(d: ReportData) -> str:
    s = summary(d.findings)
    counties: dict[str | None, list[Township]] = defaultdict(list)
    for t in d.townships:
        counties[t.county_id].append(t)
    rows = []
    for cid, ts in sorted(counties.items(), key=lambda kv: kv[0] or ""):
        fs = [f for t in ts for f in t.findings]
        cs = summary(fs)
        rows.append(
            f"<tr><td>{_e(ts[0].county_name or '—')} <code>{_e(cid or '')}</code></td><td>{len(ts)}</td>"
            f"<td>{sum(t.duties for t in ts)}</td><td>{len(fs)}</td>"
            + "".join(f"<td>{cs[x]}</td>" for x in SEVERITIES)
            + "</tr>"
        )
    above = [f for f in d.findings if f.township_id is None]
    return (
        f'<section id="overview"><h2>{bi("总览", "Overview")}</h2>'
        f'<p class="totals">{bi("审计发现", "Findings")}：{_count("total", len(d.findings))} · '
        + " · ".join(f"{_sev(x)} {_count(x, s[x])}" for x in SEVERITIES)
        + f" · {bi('乡镇（街道）', 'Townships')} {_count('townships', len(d.townships))}"
        + f" · {bi('乡镇以上', 'Above township level')} {_count('above-township', len(above))}</p>"
        + f"<table><thead><tr><th>{bi('区市县', 'County')}</th><th>{bi('乡镇（街道）数', 'Townships')}</th>"
        f"<th>{bi('事项数', 'Duties')}</th><th>{bi('发现', 'Findings')}</th>"
        + "".join(f"<th>{_sev(x)}</th>" for x in SEVERITIES)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + _bar_chart(
            [(t.name, t.id, Counter(f.severity for f in t.findings)) for t in d.townships],
            "各乡镇（街道）审计发现",
            "Findings per township",
        )
        + "</section>"
    )


def _scorecards(d: ReportData) -> str:
    cards = []
    for t in d.townships:
        s = summary(t.findings)
        held = sum(1 for p in POWERS if t.powers.get(p.id))
        state = "bad" if s["error"] else "warn" if s["warning"] else "ok"
        rules = Counter(f.rule_id for f in t.findings)
        by_rule = {r.id: r for r in d.rules}
        items = "".join(
            f"<li>{bi(by_rule[r].title_zh if r in by_rule else r, by_rule[r].title_en if r in by_rule else r)}"
            f" × {n}</li>"
            for r, n in sorted(rules.items())
        )
        cards.append(
            f'<article class="card {state}" id="t-{_e(t.id)}"><h3>{_e(t.name)} <code>{_e(t.id)}</code></h3>'
            f'<p class="muted">{_e(t.county_name or "")} {_e(t.subtype or "")}</p>'
            f"<dl><dt>{bi('发现', 'Findings')}</dt><dd>{_count('township:' + t.id, len(t.findings))}"
            f" ({s['error']}/{s['warning']}/{s['info']})</dd>"
            f"<dt>{bi('现行清单', 'Current lists')}</dt><dd>{t.lists}</dd>"
            f"<dt>{bi('清单事项', 'Listed duties')}</dt><dd>{t.duties}</dd>"
            f"<dt>{bi('权力（六项）', 'Powers (of six)')}</dt><dd>{held}/{len(POWERS)}</dd>"
            f"<dt>{bi('机构', 'Bodies')}</dt><dd>{t.bodies}</dd>"
            f"<dt>{bi('村（社区）等', 'Villages, communities')}</dt><dd>{t.villages}</dd></dl>"
            + (f"<ul>{items}</ul>" if items else f'<p class="okmsg">{bi("未发现问题", "No findings")}</p>')
            + "</article>"
        )
    return f'<section id="scorecards"><h2>{bi("乡镇（街道）评分卡", "Township scorecards")}</h2><div class="cards">{"".join(cards)}</div></section>'


def _matrix(d: ReportData) -> str:
    head = "".join(f"<th>{bi(p.name, p.name_en)}</th>" for p in POWERS)
    rows = []
    for t in d.townships:
        cells = "".join(
            f'<td class="{"yes" if t.powers.get(p.id) else "no"}">{t.powers.get(p.id) or "✗"}</td>' for p in POWERS
        )
        rows.append(f"<tr><th>{_e(t.name)} <code>{_e(t.id)}</code></th>{cells}</tr>")
    return (
        f'<section id="matrix"><h2>{bi("乡镇（街道）× 权力矩阵", "Township × power matrix")}</h2>'
        f'<p class="muted">{bi("数字为授权条数；✗ 为未授予（DL-1.2）。", "Numbers are power grants; ✗ means none (DL-1.2).")}</p>'
        f'<table class="matrix"><thead><tr><th>{bi("乡镇（街道）", "Township")}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _findings(d: ReportData) -> str:
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in d.findings:
        by_rule[f.rule_id].append(f)
    chart = _bar_chart(
        [(r.title_zh, r.title_en, Counter(f.severity for f in by_rule.get(r.id, []))) for r in d.rules],
        "各规则审计发现",
        "Findings per rule",
    )
    parts = []
    for r in d.rules:
        fs = by_rule.get(r.id, [])
        items = []
        for f in fs:
            srcs = "".join(
                f"<li><code>{_e(s.fact())}</code> — {_e(s.where())}</li>" for s in f.sources if s.row is not None
            )
            items.append(
                f'<li class="finding" data-rule="{_e(r.id)}"><p>{_sev(f.severity)} '
                f"<b>{_e(f.township_name or '')}</b> {bi(f.message_zh, f.message_en)}</p>"
                + (
                    f"<details><summary>{bi('依据与出处', 'Basis and sources')}</summary>"
                    + (
                        f'<blockquote lang="zh-Hans">{_e(f.clause)}：{_e(f.clause_sentence)}</blockquote>'
                        if f.clause_sentence
                        else ""
                    )
                    + f'<ul class="sources">{srcs}</ul></details>'
                )
                + "</li>"
            )
        parts.append(
            f'<section class="rule" id="rule-{_e(r.id)}"><h3>{bi(r.title_zh, r.title_en)} '
            f'<code>{_e(r.id)}</code> <span class="muted">{_e(r.clause)}</span> · {_count("rule:" + r.id, len(fs))}</h3>'
            + (f"<ol>{''.join(items)}</ol>" if items else f'<p class="okmsg">{bi("未发现问题", "No findings")}</p>')
            + "</section>"
        )
    return f'<section id="findings"><h2>{bi("按规则列出的审计发现", "Findings by rule")}</h2>{chart}{"".join(parts)}</section>'


_CSS = """
:root{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;color:#1d2733;background:#f6f7f9}
body{margin:0 auto;max-width:1200px;padding:0 20px 40px}
header{display:flex;justify-content:space-between;align-items:center;border-bottom:3px solid #b3261e;padding:12px 0}
h1{font-size:1.5em;margin:0}h2{border-left:5px solid #b3261e;padding-left:8px;margin-top:32px}
.lang-zh .en,.lang-en .zh{display:none}
table{border-collapse:collapse;background:#fff;margin:8px 0}td,th{border:1px solid #d6dbe1;padding:4px 8px;text-align:left}
.matrix td{text-align:center}.matrix td.no{background:#fdecea;color:#b3261e}.matrix td.yes{background:#e8f5e9}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px}
.card{background:#fff;border:1px solid #d6dbe1;border-top:5px solid #2e7d32;border-radius:6px;padding:8px 12px}
.card.bad{border-top-color:#b3261e}.card.warn{border-top-color:#e09b00}
.card h3{margin:4px 0;font-size:1.05em}dl{display:grid;grid-template-columns:auto auto;gap:2px 10px;margin:6px 0}dd{margin:0;text-align:right}
.card ul{padding-left:18px;margin:6px 0;font-size:.9em}
.muted{color:#5f6b7a}.okmsg{color:#2e7d32}code{font-size:.85em;color:#5f6b7a}
.sev{display:inline-block;border-radius:3px;padding:0 5px;color:#fff;font-size:.85em}
.sev-error{background:#b3261e}.sev-warning{background:#e09b00}.sev-info{background:#1565c0}
.chart{max-width:100%;height:auto;background:#fff;border:1px solid #d6dbe1;margin:8px 0}.chart text{font-size:13px}
.rule{background:#fff;border:1px solid #d6dbe1;border-radius:6px;padding:4px 14px;margin:10px 0}
.rule h3{font-size:1em}.finding p{margin:4px 0}blockquote{margin:4px 0;padding:4px 10px;border-left:3px solid #d6dbe1;color:#34404e}
.sources{font-size:.85em}button{font:inherit;padding:4px 12px;cursor:pointer}
"""

_JS = """
document.getElementById('lang').addEventListener('click', function () {
  var root = document.documentElement, en = root.classList.contains('lang-zh');
  root.classList.toggle('lang-zh', !en); root.classList.toggle('lang-en', en);
  root.setAttribute('lang', en ? 'en' : 'zh-Hans');
});
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def render_report(d: ReportData, title: str = "基层权责审计报告") -> str:
    """The report as one HTML document."""
    csp = f"default-src 'none'; style-src {_hash(_CSS)}; script-src {_hash(_JS)}; base-uri 'none'; form-action 'none'"
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans" class="lang-zh"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)} / Audit report</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{bi(title, 'Audit report on grassroots duties and powers')}</h1>"
        f'<button id="lang" type="button">{bi("English", "中文")}</button></header>'
        f'<p class="muted">{bi("生成时间", "Generated")}：{_e(d.generated)} · '
        f"{bi('每项发现均注明所依据的政策条款原文和数据出处（文件、工作表、行）。', 'Every finding cites the clause sentence it checks and the file, sheet and row of each fact.')}</p>"
        + _overview(d)
        + _scorecards(d)
        + _matrix(d)
        + _findings(d)
        + f"<script>{_JS}</script></body></html>\n"
    )


def write_report(store: Store, out: Path | str, findings: Sequence[Finding] | None = None) -> ReportData:
    """Write the report for the graph in ``store`` to ``out``; returns what it shows."""
    data = collect(store, findings)
    Path(out).write_text(render_report(data), encoding="utf-8")
    return data
