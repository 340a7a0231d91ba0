"""Explain a finding as paths through the graph (``kg audit --explain ID``).

Each rule may have a companion query ``queries/explain-<rule id>.cypher`` (``kind:
explain``); rules without one use the generic ``explain-finding``, which draws the paths
of one or two steps from the subject through the finding's own nodes. Explain queries
take the finding's ids as parameters (``subject_id``, and as declared ``related_ids``,
``township_id``) and return :data:`~kg.audit.queries.EXPLAIN_COLUMNS`: the path itself
(Neo4j Browser draws it) and its nodes and relationships as plain lists, which
:func:`explain_finding` turns into text — the same paths on both stores.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from kg.audit.queries import Query, list_queries
from kg.audit.render import sources_text
from kg.audit.rules import Finding, run_audit
from kg.errors import UsageError
from kg.stores import Store

GENERIC = "explain-finding"


class ExplainedPath(BaseModel):
    """One path: its nodes (ids, names) and relationships (types, start node ids), in order."""

    model_config = ConfigDict(frozen=True)

    node_ids: list[str]
    node_names: list[str | None]
    rel_types: list[str]
    rel_starts: list[str]

    def steps(self) -> list[tuple[str, str, bool, str]]:
        """``(from id, type, forward, to id)`` for each relationship, in path order."""
        return [
            (self.node_ids[i], t, self.rel_starts[i] == self.node_ids[i], self.node_ids[i + 1])
            for i, t in enumerate(self.rel_types)
        ]

    def text(self) -> str:
        def node(i: int) -> str:
            name = self.node_names[i]
            return f"({name} {self.node_ids[i]})" if name else f"({self.node_ids[i]})"

        out = node(0)
        for i, (_, rtype, forward, _) in enumerate(self.steps()):
            out += f"-[{rtype}]->" if forward else f"<-[{rtype}]-"
            out += node(i + 1)
        return out


def explain_queries() -> dict[str, Query]:
    return {q.id: q for q in list_queries(kind="explain")}


def explain_query(rule_id: str, queries: dict[str, Query] | None = None) -> Query:
    """The rule's own ``explain-<rule>`` query, else the generic one."""
    queries = queries if queries is not None else explain_queries()
    return queries.get(f"explain-{rule_id}") or queries[GENERIC]


def _params(q: Query, f: Finding) -> dict[str, Any]:
    given = {"subject_id": f.subject_id, "related_ids": list(f.related_ids), "township_id": f.township_id or ""}
    return {k: v for k, v in given.items() if k in q.header.params}


def _covered(a: ExplainedPath, b: ExplainedPath) -> bool:
    """Every relationship of ``a`` is in ``b`` (so ``a`` adds nothing to the picture)."""
    if not a.rel_types:
        return a.node_ids[0] in b.node_ids
    key = {(s, t, e) if fw else (e, t, s) for s, t, fw, e in b.steps()}
    return all(((s, t, e) if fw else (e, t, s)) in key for s, t, fw, e in a.steps())


def explain_finding(store: Store, f: Finding, queries: dict[str, Query] | None = None) -> list[ExplainedPath]:
    """The finding's paths (paths wholly inside a longer one are left out)."""
    q = explain_query(f.rule_id, queries)
    res = store.run(q.cypher, _params(q, f))
    paths = []
    for r in res.records():
        p = ExplainedPath(
            node_ids=[str(x) for x in r["node_ids"]],
            node_names=list(r["node_names"]),
            rel_types=list(r["rel_types"]),
            rel_starts=[str(x) for x in r["rel_starts"]],
        )
        if p not in paths:
            paths.append(p)
    # a path is left out when another one draws all of it; of two that draw the same
    # relationships (a path back along a parallel edge, say), the shorter one stays
    order = {i: (len(p.rel_types), p.node_ids, p.rel_types) for i, p in enumerate(paths)}
    kept = [
        p
        for i, p in enumerate(paths)
        if not any(
            j != i and _covered(p, o) and (not _covered(o, p) or order[j] < order[i]) for j, o in enumerate(paths)
        )
    ]
    return sorted(kept, key=lambda p: (p.node_ids, p.rel_types))


def select_findings(findings: Sequence[Finding], ident: str) -> list[Finding]:
    """Findings named by ``ID`` (their subject id) or ``RULE:ID``."""
    rule, sep, subject = ident.rpartition(":")
    chosen = [f for f in findings if f.subject_id == (subject if sep else ident) and (not sep or f.rule_id == rule)]
    if not chosen:
        known = sorted({f"{f.rule_id}:{f.subject_id}" for f in findings})
        raise UsageError(f"no finding has the id {ident!r}; choose from: {', '.join(known) or '(no findings)'}")
    return chosen


def explain(
    store: Store, ident: str, rules: Sequence[str] | None = None
) -> list[tuple[Finding, str, list[ExplainedPath]]]:
    """For each finding named by ``ident``: the finding, the explain query's id, its paths."""
    queries = explain_queries()
    out = []
    for f in select_findings(run_audit(store, rules=rules or None), ident):
        out.append((f, explain_query(f.rule_id, queries).id, explain_finding(store, f, queries)))
    return out


_T = {
    "zh": {"query": "图示查询", "paths": "路径", "sentence": "政策原文", "sources": "数据出处"},
    "en": {"query": "explain query", "paths": "paths", "sentence": "policy text", "sources": "sources"},
}


def render_explained(items: Sequence[tuple[Finding, str, list[ExplainedPath]]], lang: str = "zh") -> str:
    t = _T[lang]
    lines: list[str] = []
    for f, qid, paths in items:
        lines += [
            f"{f.rule_id} · {f.subject_id} — {f.title(lang)} [{f.clause}, {f.severity}]",
            f"  {f.message(lang)}",
        ]
        if f.clause_sentence:
            lines.append(f"  {t['sentence']}: {f.clause_sentence}")
        lines.append(f"  {t['paths']} ({t['query']} {qid}):")
        lines += [f"    {p.text()}" for p in paths]
        if f.sources:
            lines.append(f"  {t['sources']}:")
            lines += [f"    {s}" for s in sources_text(f).split("; ")]
        lines.append("")
    return "\n".join(lines)
