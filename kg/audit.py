"""Audits: run the rule queries of ``queries/`` and turn their rows into findings.

Every audit query (``kind: audit``) returns the same columns
(:data:`kg.queries.AUDIT_COLUMNS`)::

    township_id    the township (Area, level township) the finding is in, or null
                   when the problem sits above township level
    township_name  its name
    subject_id     what the finding is about: a duty, hand-over, power, dispatched
                   body, power grant or township (each rule's description says which)
    subject_name   its name
    related_ids    ids of the other entities involved (bodies, lists, decisions …)
    message_zh     one sentence in Chinese, citing the clause
    message_en     the same in English

:func:`run_audit` adds the rule's id, titles, clause and severity to each row and
returns :class:`Finding` objects, sorted by township, severity, rule and subject;
``related_ids`` is sorted and de-duplicated so results compare across stores.

:func:`check_transfer` applies the duty-access rule (:mod:`kg.access`) *before* a
hand-over is made.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from . import access
from .access import BodyFacts, DecisionFacts, Reason, TransferFacts
from .errors import KgError, UsageError
from .queries import AUDIT_COLUMNS, Query, list_queries
from .store import Store

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
FORMATS: tuple[str, ...] = ("table", "json", "csv", "markdown")
LANGS: tuple[str, ...] = ("zh", "en")
JSON_VERSION = 1

Severity = Literal["error", "warning", "info"]


class AuditError(KgError):
    """An audit query failed or returned something other than the finding columns."""


class Rule(BaseModel):
    """An audit rule: the header of its query file."""

    model_config = ConfigDict(frozen=True)

    id: str
    title_zh: str
    title_en: str
    clause: str
    severity: Severity
    description: str
    query: Query

    @classmethod
    def from_query(cls, q: Query) -> "Rule":
        h = q.header
        assert h.severity is not None
        return cls(id=h.id, title_zh=h.title_zh, title_en=h.title_en, clause=h.clause, severity=h.severity,
                   description=h.description, query=q)

    def title(self, lang: str = "zh") -> str:
        return self.title_en if lang == "en" else self.title_zh


class Finding(BaseModel):
    """One problem found by one rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule_id: str
    title_zh: str
    title_en: str
    clause: str
    severity: Severity
    township_id: str | None
    township_name: str | None
    subject_id: str
    subject_name: str | None
    related_ids: list[str]
    message_zh: str
    message_en: str

    def title(self, lang: str = "zh") -> str:
        return self.title_en if lang == "en" else self.title_zh

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def key(self) -> tuple[str, str | None, str, tuple[str, ...]]:
        """What identifies a finding: rule, township, subject and related ids."""
        return (self.rule_id, self.township_id, self.subject_id, tuple(self.related_ids))


# --------------------------------------------------------------------------- rules and selection


def list_rules(directory: Path | str | None = None) -> list[Rule]:
    """Every audit rule, sorted by id."""
    return [Rule.from_query(q) for q in list_queries(directory, kind="audit")]


def clause_ancestors(clause: str) -> list[str]:
    """``DL-1.3-list`` → ``[DL-1.3-list, DL-1.3, DL-1]``; ``DL-1.2a`` → ``[DL-1.2a, DL-1.2, DL-1]``."""
    out = [clause]
    c = clause
    while True:
        if re.search(r"-[a-z]+$", c) and c.count("-") > 1:
            c = c.rsplit("-", 1)[0]
        elif re.search(r"\d[a-z]$", c):
            c = c[:-1]
        elif re.search(r"\.\d+$", c):
            c = c.rsplit(".", 1)[0]
        else:
            break
        out.append(c)
    return out


def clause_matches(rule_clause: str, selector: str) -> bool:
    """A rule cites the selected clause or a part of it (``DL-1.2`` selects ``DL-1.2a``)."""
    return selector in clause_ancestors(rule_clause)


def _norm_clause(s: str) -> str:
    s = s.strip()
    return "DL-" + s[3:] if s[:3].lower() == "dl-" else s


def select_rules(all_rules: Sequence[Rule], rules: Iterable[str] | None = None, clauses: Iterable[str] | None = None) -> list[Rule]:
    """The rules named by id, plus those citing any of the clauses (all rules if neither is given).

    Raises :class:`UsageError` listing the valid choices for an unknown id or clause.
    """
    rules = [r.strip() for r in (rules or [])]
    clauses = [_norm_clause(c) for c in (clauses or [])]
    by_id = {r.id: r for r in all_rules}
    unknown = [r for r in rules if r not in by_id]
    if unknown:
        raise UsageError(f"unknown rule {', '.join(map(repr, unknown))}; choose from: {', '.join(sorted(by_id))}")
    valid_clauses = sorted({a for r in all_rules for a in clause_ancestors(r.clause)})
    bad = [c for c in clauses if c not in valid_clauses]
    if bad:
        raise UsageError(f"no audit rule cites clause {', '.join(map(repr, bad))}; choose from: {', '.join(valid_clauses)}")
    if not rules and not clauses:
        return list(all_rules)
    chosen = {r for r in rules}
    chosen.update(r.id for r in all_rules for c in clauses if clause_matches(r.clause, c))
    return [r for r in all_rules if r.id in chosen]


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.township_id is None, f.township_id or "", SEVERITY_RANK[f.severity], f.rule_id, f.subject_id, f.related_ids))


def at_least(findings: Iterable[Finding], severity: str) -> list[Finding]:
    """Findings whose severity is ``severity`` or worse."""
    if severity not in SEVERITY_RANK:
        raise UsageError(f"unknown severity {severity!r}; choose from: {', '.join(SEVERITIES)}")
    return [f for f in findings if SEVERITY_RANK[f.severity] <= SEVERITY_RANK[severity]]


def run_rule(store: Store, rule: Rule) -> list[Finding]:
    res = store.run(rule.query.cypher)
    if tuple(res.columns) != AUDIT_COLUMNS:
        raise AuditError(f"rule {rule.id} returned the columns {', '.join(res.columns)}, not {', '.join(AUDIT_COLUMNS)}")
    out = []
    for row in res.records():
        related = row["related_ids"] or []
        out.append(Finding(
            rule_id=rule.id, title_zh=rule.title_zh, title_en=rule.title_en, clause=rule.clause, severity=rule.severity,
            township_id=row["township_id"], township_name=row["township_name"],
            subject_id=str(row["subject_id"]), subject_name=row["subject_name"],
            related_ids=sorted({str(x) for x in related if x is not None}),
            message_zh=row["message_zh"], message_en=row["message_en"],
        ))
    return out


def run_audit(store: Store, rules: Iterable[str] | None = None, clauses: Iterable[str] | None = None,
              directory: Path | str | None = None) -> list[Finding]:
    """Run the selected rules (all by default) and return their findings, sorted."""
    selected = select_rules(list_rules(directory), rules, clauses)
    findings: list[Finding] = []
    for rule in selected:
        findings.extend(run_rule(store, rule))
    return sort_findings(findings)


# --------------------------------------------------------------------------- renderers

_NO_TOWNSHIP = {"zh": "乡镇以上（区县、市级）", "en": "Above township level"}
_HEAD = {
    "zh": {"severity": "级别", "rule": "规则", "clause": "条款", "subject": "对象", "message": "说明", "none": "未发现问题。",
           "title": "审计结果", "count": "共 {n} 项：错误 {error}，警告 {warning}，提示 {info}"},
    "en": {"severity": "Severity", "rule": "Rule", "clause": "Clause", "subject": "Subject", "message": "Message", "none": "No findings.",
           "title": "Audit findings", "count": "{n} findings: {error} errors, {warning} warnings, {info} info"},
}


def _groups(findings: Sequence[Finding]) -> list[tuple[str | None, str | None, list[Finding]]]:
    out: dict[str | None, tuple[str | None, list[Finding]]] = {}
    for f in sort_findings(findings):
        out.setdefault(f.township_id, (f.township_name, []))[1].append(f)
    return [(tid, name, fs) for tid, (name, fs) in out.items()]


def _township_label(tid: str | None, name: str | None, lang: str) -> str:
    return _NO_TOWNSHIP[lang] if tid is None else f"{name or tid}（{tid}）" if lang == "zh" else f"{name or tid} ({tid})"


def _severity_label(sev: str, lang: str) -> str:
    return SEVERITY_ZH[sev] if lang == "zh" else sev


def summary(findings: Sequence[Finding]) -> dict[str, int]:
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}


def render_table(findings: Sequence[Finding], lang: str = "zh", width: int = 140) -> str:
    """A rich table per township, rows ordered by severity; Chinese titles unless ``lang="en"``."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    h = _HEAD[lang]
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None, force_terminal=False)
    if not findings:
        console.print(h["none"])
        return console.export_text()
    for tid, name, fs in _groups(findings):
        table = Table(title=_township_label(tid, name, lang), box=box.SIMPLE_HEAVY, show_lines=True, title_justify="left", expand=True)
        table.add_column(h["severity"], no_wrap=True)
        table.add_column(h["rule"], overflow="fold", ratio=2)
        table.add_column(h["clause"], no_wrap=True)
        table.add_column(h["subject"], overflow="fold", ratio=2)
        table.add_column(h["message"], overflow="fold", ratio=5)
        for f in fs:
            table.add_row(_severity_label(f.severity, lang), f.title(lang), f.clause, f"{f.subject_name or ''} ({f.subject_id})", f.message(lang))
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


def render_csv(findings: Sequence[Finding]) -> str:
    """One row per finding, every field; ``related_ids`` joined with ``;``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for f in sort_findings(findings):
        d = f.model_dump()
        d["related_ids"] = ";".join(f.related_ids)
        w.writerow(["" if d[c] is None else d[c] for c in CSV_COLUMNS])
    return buf.getvalue()


def _md(text: str | None) -> str:
    return (text or "").replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(findings: Sequence[Finding], lang: str = "zh") -> str:
    h = _HEAD[lang]
    lines = [f"# {h['title']}", ""]
    if not findings:
        return "\n".join(lines + [h["none"], ""])
    lines += [h["count"].format(n=len(findings), **summary(findings)), ""]
    for tid, name, fs in _groups(findings):
        lines += [f"## {_township_label(tid, name, lang)}", ""]
        lines += [f"| {h['severity']} | {h['rule']} | {h['clause']} | {h['subject']} | {h['message']} |", "|---|---|---|---|---|"]
        for f in fs:
            lines.append(f"| {_severity_label(f.severity, lang)} | {_md(f.title(lang))} (`{f.rule_id}`) | {f.clause} | {_md(f.subject_name)} (`{f.subject_id}`) | {_md(f.message(lang))} |")
        lines.append("")
    return "\n".join(lines)


def render(findings: Sequence[Finding], fmt: str = "table", lang: str = "zh", rules: Sequence[str] | None = None) -> str:
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


# --------------------------------------------------------------------------- check_transfer


class TransferVerdict(BaseModel):
    """Whether a county department may hand a duty over to a township (DL-1.3)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allowed: bool
    department_id: str
    township_id: str
    duty_id: str
    decision_id: str | None = None
    clause: str = access.CLAUSE
    reasons: list[Reason]

    def render(self, lang: str = "zh") -> str:
        if lang == "en":
            head = (f"Allowed: {self.department_id} may hand {self.duty_id} over to {self.township_id} ({self.clause})."
                    if self.allowed else
                    f"Not allowed: {self.department_id} may not hand {self.duty_id} over to {self.township_id} ({self.clause}):")
        else:
            head = (f"允许：{self.department_id} 可以将 {self.duty_id} 交由 {self.township_id} 承担（{self.clause}）。"
                    if self.allowed else
                    f"不允许：{self.department_id} 不得将 {self.duty_id} 交由 {self.township_id} 承担（{self.clause}）：")
        return "\n".join([head] + [f"  - [{r.clause}] {r.message(lang)}" for r in self.reasons])


def _area_chain(store: Store, area_id: str) -> list[str]:
    chain, seen, cur = [], set(), area_id
    while cur is not None and cur not in seen:
        seen.add(cur)
        chain.append(cur)
        cur = store.run("MATCH (a:Area {id: $id}) OPTIONAL MATCH (a)-[:BELONGS_TO]->(p:Area) RETURN p.id", {"id": cur}).value()
    return chain


def _store_body(store: Store, body_id: str | None) -> BodyFacts | None:
    if not body_id:
        return None
    rows = store.run(
        "MATCH (b:Body {id: $id}) OPTIONAL MATCH (b)-[:GOVERNS|SERVES]->(a:Area) "
        "RETURN b.id, b.name, b.kind, b.level, b.dispatch_status, a.id, a.level ORDER BY a.id",
        {"id": body_id},
    ).rows
    if not rows:
        return None
    bid, name, kind, level, status, area_id, area_level = rows[0]
    facts = BodyFacts(id=bid, name=name, kind=kind, level=level, dispatch_status=status, area_id=area_id, area_level=area_level)
    if area_id is not None:
        facts.area_chain = _area_chain(store, area_id)
    return facts


def _resolve_target(store: Store, target_id: str) -> str:
    """A township area id names its government (or, failing one, its Party committee)."""
    area = store.run("MATCH (a:Area {id: $id}) RETURN a.level", {"id": target_id}).value()
    if area != "township":
        return target_id
    ids = store.run(
        "MATCH (b:Body)-[:GOVERNS]->(:Area {id: $id}) WHERE b.kind IN ['government', 'party_committee'] "
        "RETURN b.id, b.kind ORDER BY b.kind, b.id", {"id": target_id},
    ).rows
    return ids[0][0] if ids else target_id


def transfer_facts(store: Store, department_id: str, township_id: str, duty_id: str, decision_id: str | None = None) -> TransferFacts:
    target_id = _resolve_target(store, township_id)
    duty_name = store.run("MATCH (d:Duty {id: $id}) RETURN d.name", {"id": duty_id}).value()
    decision = None
    if decision_id is not None:
        rows = store.run(
            "MATCH (d:Decision {id: $id}) OPTIONAL MATCH (i:Body)-[:ISSUES]->(d) RETURN d.id, d.name, d.kind, d.document_no, i.id",
            {"id": decision_id},
        ).rows
        if rows:
            did, name, kind, doc, issuer = rows[0]
            decision = DecisionFacts(id=did, name=name, kind=kind, document_no=doc, issuer=_store_body(store, issuer))
    return TransferFacts(
        department_id=department_id, target_id=target_id, duty_id=duty_id,
        department=_store_body(store, department_id), target=_store_body(store, target_id),
        duty_name=duty_name, decision_id=decision_id, decision=decision,
    )


def check_transfer(store: Store, department_id: str, township_id: str, duty_id: str, decision_id: str | None = None) -> TransferVerdict:
    """May ``department_id`` hand ``duty_id`` over to ``township_id`` on ``decision_id``?

    ``township_id`` is a township body (e.g. its government) or a township area (its
    government is taken). Allowed only if the department is a county-level department,
    the target is a township's own body within the department's county, the duty exists,
    and the decision exists, is a unified deployment and is issued by a Party committee
    or government of the county or above (DL-1.3, :mod:`kg.access`).
    """
    facts = transfer_facts(store, department_id, township_id, duty_id, decision_id)
    blocking = access.transfer_reasons(facts)
    reasons = blocking or [access.authorised_reason(facts)]
    return TransferVerdict(allowed=not blocking, department_id=department_id, township_id=facts.target_id,
                           duty_id=duty_id, decision_id=decision_id, reasons=reasons)
