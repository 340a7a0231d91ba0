"""Audits: the rule queries of ``queries/`` (:mod:`kg.audit.queries`), findings and rule
selection (:mod:`kg.audit.rules`), the duty-access rule (:mod:`kg.audit.access`), the
transfer check (:mod:`kg.audit.transfer`) and rendering (:mod:`kg.audit.render`)."""

from kg.audit.render import FORMATS, JSON_VERSION, findings_document, render, render_csv, render_json, render_markdown, render_table
from kg.audit.rules import (
    LANGS,
    SEVERITIES,
    SEVERITY_RANK,
    SEVERITY_ZH,
    AuditError,
    Finding,
    Rule,
    Severity,
    at_least,
    clause_ancestors,
    clause_matches,
    list_rules,
    run_audit,
    run_rule,
    select_rules,
    sort_findings,
    summary,
)
from kg.audit.transfer import TransferVerdict, check_transfer, transfer_facts

__all__ = [
    "FORMATS", "JSON_VERSION", "LANGS", "SEVERITIES", "SEVERITY_RANK", "SEVERITY_ZH",
    "AuditError", "Finding", "Rule", "Severity", "TransferVerdict",
    "at_least", "check_transfer", "clause_ancestors", "clause_matches", "findings_document", "list_rules",
    "render", "render_csv", "render_json", "render_markdown", "render_table", "run_audit", "run_rule",
    "select_rules", "sort_findings", "summary", "transfer_facts",
]
