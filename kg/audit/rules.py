"""Audits: run the rule queries of ``queries/`` and turn their rows into findings.

Every audit query (``kind: audit``) returns the same columns
(:data:`kg.audit.queries.AUDIT_COLUMNS`)::

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

Rendering is in :mod:`kg.audit.render`; :func:`kg.audit.transfer.check_transfer` applies
the duty-access rule (:mod:`kg.audit.access`) *before* a hand-over is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from kg import policy
from kg.audit.params import as_of_date, runner_params
from kg.audit.provenance import Source, clause_sentence, finding_ids, lookup_sources
from kg.audit.queries import AUDIT_COLUMNS, Query, list_queries
from kg.errors import KgError, UsageError
from kg.stores import Store

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
LANGS: tuple[str, ...] = ("zh", "en")

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
    source_zh: str  # the plan's sentence the rule's clause rests on (docs/policy/clauses.yaml)
    query: Query

    @classmethod
    def from_query(cls, q: Query) -> Rule:
        h = q.header
        assert h.severity is not None
        return cls(
            id=h.id,
            title_zh=h.title_zh,
            title_en=h.title_en,
            clause=h.clause,
            severity=h.severity,
            description=h.description,
            source_zh=policy.source_sentence(h.clause),
            query=q,
        )

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
    #: the file rows of the facts the finding rests on (see :mod:`kg.audit.provenance`)
    sources: list[Source] = []
    #: the plan's sentence behind the clause (kg.policy.source_sentence)
    clause_sentence: str | None = None

    def title(self, lang: str = "zh") -> str:
        return self.title_en if lang == "en" else self.title_zh

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


# --------------------------------------------------------------------------- rules and selection


def list_rules(directory: Path | str | None = None) -> list[Rule]:
    """Every audit rule, sorted by id."""
    return [Rule.from_query(q) for q in list_queries(directory, kind="audit")]


def clause_ancestors(clause: str) -> list[str]:
    """``DL-1.3-list`` → ``[DL-1.3-list, DL-1.3, DL-1]`` (:func:`kg.policy.ancestors`)."""
    return policy.ancestors(clause)


def clause_matches(rule_clause: str, selector: str) -> bool:
    """A rule cites the selected clause or a part of it (``DL-1.2`` selects ``DL-1.2a``)."""
    return selector in clause_ancestors(rule_clause)


def _norm_clause(s: str) -> str:
    s = s.strip()
    return "DL-" + s[3:] if s[:3].lower() == "dl-" else s


def select_rules(
    all_rules: Sequence[Rule], rules: Iterable[str] | None = None, clauses: Iterable[str] | None = None
) -> list[Rule]:
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
        raise UsageError(
            f"no audit rule cites clause {', '.join(map(repr, bad))}; choose from: {', '.join(valid_clauses)}"
        )
    if not rules and not clauses:
        return list(all_rules)
    chosen = set(rules)
    chosen.update(r.id for r in all_rules for c in clauses if clause_matches(r.clause, c))
    return [r for r in all_rules if r.id in chosen]


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (
            f.township_id is None,
            f.township_id or "",
            SEVERITY_RANK[f.severity],
            f.rule_id,
            f.subject_id,
            f.related_ids,
        ),
    )


def at_least(findings: Iterable[Finding], severity: str) -> list[Finding]:
    """Findings whose severity is ``severity`` or worse."""
    if severity not in SEVERITY_RANK:
        raise UsageError(f"unknown severity {severity!r}; choose from: {', '.join(SEVERITIES)}")
    return [f for f in findings if SEVERITY_RANK[f.severity] <= SEVERITY_RANK[severity]]


def rule_params(rule: Rule, as_of: dt.date | str | None = None) -> dict[str, object]:
    """The runner-supplied parameters the rule declares (:mod:`kg.audit.params`)."""
    return runner_params(rule.clause, set(rule.query.header.params), as_of)


def run_rule(store: Store, rule: Rule, as_of: dt.date | str | None = None) -> list[Finding]:
    """Run one rule on the graph as it stood on ``as_of`` (default today)."""
    res = store.run(rule.query.cypher, rule_params(rule, as_of))
    if tuple(res.columns) != AUDIT_COLUMNS:
        raise AuditError(
            f"rule {rule.id} returned the columns {', '.join(res.columns)}, not {', '.join(AUDIT_COLUMNS)}"
        )
    out = []
    for row in res.records():
        related = row["related_ids"] or []
        out.append(
            Finding(
                rule_id=rule.id,
                title_zh=rule.title_zh,
                title_en=rule.title_en,
                clause=rule.clause,
                severity=rule.severity,
                township_id=row["township_id"],
                township_name=row["township_name"],
                subject_id=str(row["subject_id"]),
                subject_name=row["subject_name"],
                related_ids=sorted({str(x) for x in related if x is not None}),
                message_zh=row["message_zh"],
                message_en=row["message_en"],
            )
        )
    return out


def run_audit(
    store: Store,
    rules: Iterable[str] | None = None,
    clauses: Iterable[str] | None = None,
    directory: Path | str | None = None,
    as_of: dt.date | str | None = None,
    provenance: bool = True,
) -> list[Finding]:
    """Run the selected rules (all by default) on the graph as it stood on ``as_of``
    (an ISO date or a date; default today) and return their findings, sorted.

    With ``provenance`` (the default) each finding carries its sources and clause sentence.
    """
    selected = select_rules(list_rules(directory), rules, clauses)
    try:
        day = as_of_date(as_of)
    except ValueError as e:
        raise UsageError(str(e)) from None
    findings = [f for found in _run_rules(store, selected, day) for f in found]
    if provenance:
        findings = add_provenance(store, findings)
    return sort_findings(findings)


def _run_rules(store: Store, selected: Sequence[Rule], day: dt.date) -> list[list[Finding]]:
    """Each rule's findings, in the order of ``selected``. Rules are read-only and
    independent, so they run ``store.read_workers`` at a time (one at a time for a view
    bound to one transaction). On an error or Ctrl-C the rules not yet started are
    cancelled and the first failure (in rule order) is raised."""
    workers = min(store.read_workers, len(selected))
    if workers <= 1:
        return [run_rule(store, rule, day) for rule in selected]
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kg-audit")
    try:
        futures = [pool.submit(run_rule, store, rule, day) for rule in selected]
        return [f.result() for f in futures]
    finally:
        # after an error or Ctrl-C: no new rule starts; the ones running finish on their own
        pool.shutdown(wait=False, cancel_futures=True)


def add_provenance(store: Store, findings: Sequence[Finding]) -> list[Finding]:
    """The findings with their sources (one batched lookup for all) and clause sentences."""
    sources = lookup_sources(store, [finding_ids(f) for f in findings])
    return [
        f.model_copy(update={"sources": s, "clause_sentence": clause_sentence(f.clause)})
        for f, s in zip(findings, sources, strict=True)
    ]


def summary(findings: Sequence[Finding]) -> dict[str, int]:
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
