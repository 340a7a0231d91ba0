"""Data frames for notebooks: a notebook store, counts, query results, findings and rules."""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from kg.api import load, query, stats
from kg.audit import Finding, findings_document, list_rules, run_audit
from kg.audit.rules import SEVERITIES
from kg.resources import resource_dir
from kg.stores import Store, default_backend, open_store
from kg.stores.embedded_server import stop_server


def notebook_store(backend: str | None = None, data_dir: str | Path | None = None, *, sample: bool = True) -> Store:
    """A store for a notebook, with the illustrative sample loaded (unless ``sample=False``).

    Embedded by default, in ``data_dir`` or a new temporary folder — never the user's
    default store. A temporary folder is removed, and its server stopped, when the
    Python process (the notebook's kernel) exits. ``backend="neo4j"`` (or
    ``KG_STORE=neo4j``) opens Neo4j from the usual ``NEO4J_*`` variables; loading the
    sample there replaces only what the sample dataset wrote before.
    """
    backend = (backend or default_backend()).lower()
    scratch = backend == "embedded" and data_dir is None
    if scratch:
        data_dir = tempfile.mkdtemp(prefix="kg-notebook-")
    store = open_store(backend, data_dir=data_dir)
    if scratch:  # a folder of its own: its server stops and the folder goes when the kernel exits
        atexit.register(_discard, store, Path(str(data_dir)))
    if sample:
        load(store, resource_dir("sample"))
    return store


def _discard(store: Store, data_dir: Path) -> None:
    """Close a notebook's temporary store, stop its server and remove its folder."""
    with contextlib.suppress(Exception):
        store.close()
    with contextlib.suppress(Exception):
        stop_server(data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)


# --------------------------------------------------------------------------- frames


def label_counts(store: Store) -> pd.DataFrame:
    """Nodes per label (every label of the model, zeros included), as ``label, nodes``."""
    counts = stats(store)["nodes"]
    return pd.DataFrame({"label": list(counts), "nodes": list(counts.values())})


def rel_type_counts(store: Store) -> pd.DataFrame:
    """Relationships per type (every type of the model, zeros included), as ``type, relationships``."""
    counts = stats(store)["relationships"]
    return pd.DataFrame({"type": list(counts), "relationships": list(counts.values())})


def query_frame(store: Store, text_or_name: str, params: dict[str, Any] | None = None, **kw: Any) -> pd.DataFrame:
    """:func:`kg.query` (Cypher text, a ``.cypher`` file or a shipped query's name) as a DataFrame."""
    res = query(store, text_or_name, params, **kw)
    return pd.DataFrame(res.rows, columns=res.columns)


def townships(store: Store) -> pd.DataFrame:
    """Every township: ``id, name, subtype, county_id, county``, ordered by id."""
    return query_frame(
        store,
        "MATCH (t:Area {level: 'township'}) OPTIONAL MATCH (t)-[:BELONGS_TO]->(c:Area) "
        "RETURN t.id AS id, t.name AS name, t.subtype AS subtype, c.id AS county_id, c.name AS county ORDER BY id",
    )


def finding_columns() -> list[str]:
    """The columns of :func:`findings_frame`: the fields of :class:`kg.audit.Finding`, in order."""
    return list(Finding.model_fields)


def findings_frame(
    findings_or_store: Store | Iterable[Finding],
    rules: Sequence[str] | None = None,
    clauses: Sequence[str] | None = None,
    as_of: dt.date | str | None = None,
) -> pd.DataFrame:
    """Audit findings as a DataFrame: one row per finding, one column per Finding field.

    Given a store, runs :func:`kg.audit.run_audit` (optionally only ``rules`` or
    ``clauses``, on the audit date ``as_of`` like ``kg audit --as-of``; default today);
    given findings, uses them. Values are those of ``kg audit --format
    json``: the ``findings`` of :func:`kg.audit.findings_document`, in its order (lists
    stay lists, missing values are ``None``); ``frame.attrs["summary"]`` holds its counts.
    """
    if isinstance(findings_or_store, Store):
        findings = run_audit(findings_or_store, rules=rules, clauses=clauses, as_of=as_of)
    else:
        findings = list(findings_or_store)
    doc = findings_document(findings)  # exactly what `kg audit --format json` prints
    frame = pd.DataFrame(doc["findings"], columns=finding_columns(), dtype=object)
    frame.attrs["summary"] = doc["summary"]
    return frame


def rules_frame() -> pd.DataFrame:
    """The audit rules: ``id, clause, severity, title_zh, title_en, description``."""
    return pd.DataFrame(
        [
            {
                "id": r.id,
                "clause": r.clause,
                "severity": r.severity,
                "title_zh": r.title_zh,
                "title_en": r.title_en,
                "description": r.description,
            }
            for r in list_rules()
        ],
        columns=["id", "clause", "severity", "title_zh", "title_en", "description"],
    )


def findings_by_township_and_rule(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts of findings per township (rows) and rule (columns); findings above township level under ``—``."""
    if frame.empty:
        return pd.DataFrame()
    township = frame["township_name"].fillna("—")
    return pd.crosstab(township, frame["rule_id"]).rename_axis(index="township", columns="rule")


def findings_by_township_and_severity(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts of findings per township (rows) and severity (columns ``error, warning, info``,
    zeros included); findings above township level under ``—``."""
    if frame.empty:
        return pd.DataFrame(columns=list(SEVERITIES))
    township = frame["township_name"].fillna("—")
    counts = pd.crosstab(township, frame["severity"]).reindex(columns=list(SEVERITIES), fill_value=0)
    return counts.rename_axis(index="township", columns="severity")
