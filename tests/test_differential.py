"""Differential test: every query in queries/ gives the same result on both stores.

Each query file (discovered at test time) runs on the embedded store and on Neo4j over
the sample (data/sample) and over a generated dataset of ``KG_DIFF_TOWNSHIPS`` (300)
townships — tens of thousands of duty links. The results must be equal: the same
columns and the same rows; where the query ends in ORDER BY, the rows must also come
in the same order of the ORDER BY keys (rows that tie may come in any order). Queries
with parameters get values from the data (the first township id, …), chosen by the
parameter's name.

Equal results are not enough (both stores returning nothing agree): every audit query
returns exactly the findings of its rule in the dataset's expected_findings.yaml (the
sample's, or the one `kg generate` writes), and every exploration query returns rows.
The generator itself is tested in test_generate.py.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import STORES
from findings import read_as_of, read_expected

from kg import api
from kg.audit import run_audit
from kg.audit.params import runner_params
from kg.audit.queries import load_query, query_files, used_params
from kg.generate import generate_dataset
from kg.resources import resource_dir
from kg.stores import Result, Store

TOWNSHIPS = int(os.environ.get("KG_DIFF_TOWNSHIPS", "300"))
SEED = int(os.environ.get("KG_DIFF_SEED", "1"))
DATASETS = ("sample", "generated")
QUERY_FILES = query_files(resource_dir("queries"))

pytestmark = [
    pytest.mark.neo4j,
    pytest.mark.skipif(
        set(STORES) != {"embedded", "neo4j"},
        reason="the differential test needs both stores (KG_TEST_STORES=embedded,neo4j)",
    ),
]

# --------------------------------------------------------------------------- parameters

#: (words in the parameter name, Cypher that picks a value from the loaded data)
PICKERS: tuple[tuple[tuple[str, ...], str], ...] = (
    # lists of ids (explain and explore-who queries), before the single-id pickers below
    (
        ("duty_ids",),
        "MATCH (:DutyList)-[:INCLUDES]->(d:Duty) WITH DISTINCT d ORDER BY d.id LIMIT 5 RETURN collect(d.id)",
    ),
    (("related_ids",), "MATCH (b:Body)-[:HOLDS_DUTY]->() WITH DISTINCT b ORDER BY b.id RETURN collect(b.id)"),
    (("subject_id",), "MATCH (b:Body)-[:HOLDS_DUTY]->(d:Duty) RETURN d.id ORDER BY d.id LIMIT 1"),
    (
        ("department", "dept", "from_body"),
        (
            "MATCH (b:Body {kind: 'department'}) OPTIONAL MATCH (b)-[:HANDS_OVER]->(h) "
            "WITH b, count(h) AS n RETURN b.id ORDER BY n DESC, b.id LIMIT 1"
        ),
    ),
    (("township", "town", "area"), "MATCH (a:Area {level: 'township'}) RETURN a.id ORDER BY a.id LIMIT 1"),
    (("county",), "MATCH (a:Area {level: 'county'}) RETURN a.id ORDER BY a.id LIMIT 1"),
    (("duty",), "MATCH (:DutyList)-[:INCLUDES]->(d:Duty) RETURN d.id ORDER BY d.id LIMIT 1"),
    (("list",), "MATCH (l:DutyList) RETURN l.id ORDER BY l.id LIMIT 1"),
    (("decision",), "MATCH (d:Decision) RETURN d.id ORDER BY d.id LIMIT 1"),
    (("handover",), "MATCH (h:Handover) RETURN h.id ORDER BY h.id LIMIT 1"),
    (("grant",), "MATCH (g:PowerGrant) RETURN g.id ORDER BY g.id LIMIT 1"),
    (("body", "holder", "owner"), "MATCH (b:Body)-[:HOLDS_DUTY]->() RETURN b.id ORDER BY b.id LIMIT 1"),
    (("power",), "MATCH (p:Power) RETURN p.id ORDER BY p.id LIMIT 1"),
)
FIXED = {"date": "2024-01-01", "as_of": "2024-01-01", "limit": 25, "text": "管理"}


def pick_params(store: Store, names: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in sorted(names):
        low = name.lower()
        if low in FIXED:
            out[name] = FIXED[low]
            continue
        for words, cypher in PICKERS:
            if any(w in low for w in words):
                out[name] = store.run(cypher).value()
                break
        else:
            pytest.fail(f"no value for parameter ${name}: teach PICKERS in {Path(__file__).name} what a {name!r} is")
    return out


# --------------------------------------------------------------------------- ORDER BY keys


def _split_top(text: str) -> list[str]:
    """Split on commas that are not inside brackets or string literals."""
    parts, depth, buf, quote = [], 0, "", None
    for ch in text:
        if quote:
            buf += ch
            if ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(buf.strip())
            buf = ""
            continue
        buf += ch
    if buf.strip():
        parts.append(buf.strip())
    return parts


_LITERAL = re.compile(r"^'([^']*)'$|^\"([^\"]*)\"$|^(-?\d+)$")


def _literal(text: str) -> Any:
    m = _LITERAL.match(text.strip())
    if not m:
        raise ValueError(text)
    return m.group(1) if m.group(1) is not None else m.group(2) if m.group(2) is not None else int(m.group(3))


def _key_fn(expr: str, columns: list[str]) -> Any:
    """A Python function of a row for an ORDER BY item over the returned columns."""
    expr = re.sub(r"\s+(ASC|ASCENDING|DESC|DESCENDING)\s*$", "", expr.strip(), flags=re.IGNORECASE)
    if expr in columns:
        i = columns.index(expr)
        return lambda row: row[i]
    m = re.match(r"^coalesce\((\w+)\s*,\s*(.+)\)$", expr, re.IGNORECASE)
    if m and m.group(1) in columns:
        i, dflt = columns.index(m.group(1)), _literal(m.group(2))
        return lambda row: dflt if row[i] is None else row[i]
    m = re.match(r"^(\w+)\[(-?\d+)\]$", expr)
    if m and m.group(1) in columns:
        i, k = columns.index(m.group(1)), int(m.group(2))
        return lambda row: row[i][k] if row[i] is not None and -len(row[i]) <= k < len(row[i]) else None
    raise ValueError(expr)


def final_order_by(cypher: str) -> str | None:
    """The ORDER BY items after the last RETURN, or None."""
    code = re.sub(r"//[^\n]*", " ", cypher)
    ret = [m.end() for m in re.finditer(r"\bRETURN\b", code, re.IGNORECASE)]
    if not ret:
        return None
    tail = code[ret[-1] :]
    m = re.search(r"\bORDER\s+BY\b(.*?)(\bSKIP\b|\bLIMIT\b|$)", tail, re.IGNORECASE | re.DOTALL)
    return m.group(1).strip() if m else None


def _canon(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def compare(query_name: str, cypher: str, results: dict[str, Result | BaseException]) -> None:
    """Fail with a readable diff unless the stores' results are equal."""
    errors = {s: r for s, r in results.items() if isinstance(r, BaseException)}
    if errors:
        pytest.fail(f"{query_name}: " + "; ".join(f"{s} raised {type(e).__name__}: {e}" for s, e in errors.items()))
    (a_name, a), (b_name, b) = results.items()
    assert isinstance(a, Result) and isinstance(b, Result)
    assert a.columns == b.columns, f"{query_name}: columns differ: {a_name} {a.columns} vs {b_name} {b.columns}"
    rows_a, rows_b = Counter(_canon(r) for r in a.rows), Counter(_canon(r) for r in b.rows)
    if rows_a != rows_b:
        only_a, only_b = rows_a - rows_b, rows_b - rows_a

        def sample(c):
            return "\n    ".join(list(c.elements())[:5])

        pytest.fail(
            f"{query_name}: {len(a.rows)} rows on {a_name}, {len(b.rows)} on {b_name}; "
            f"{sum(only_a.values())} only on {a_name}, {sum(only_b.values())} only on {b_name}\n"
            f"  only on {a_name}:\n    {sample(only_a)}\n  only on {b_name}:\n    {sample(only_b)}"
        )
    order = final_order_by(cypher)
    if order is None:
        return
    try:
        keys = [_key_fn(item, a.columns) for item in _split_top(order)]
    except ValueError:
        # an ORDER BY this test cannot evaluate: the rows must then come in the same order
        assert [_canon(r) for r in a.rows] == [_canon(r) for r in b.rows], f"{query_name}: same rows, different order"
        return
    seq_a = [_canon([k(r) for k in keys]) for r in a.rows]
    seq_b = [_canon([k(r) for k in keys]) for r in b.rows]
    for i, (x, y) in enumerate(zip(seq_a, seq_b, strict=False)):
        assert x == y, f"{query_name}: ORDER BY {order}: row {i} has key {x} on {a_name} but {y} on {b_name}"


def pinned_dates(folder: Path) -> list[str]:
    """The audit date of an expected_findings.yaml, then those of its earlier pinned runs."""
    doc = yaml.safe_load((folder / "expected_findings.yaml").read_text(encoding="utf-8"))
    dates = [str(doc["as_of"])] + [str(r["as_of"]) for r in doc.get("runs") or []]
    return list(dict.fromkeys(dates))


# --------------------------------------------------------------------------- fixtures


class Runs:
    """Loads one dataset at a time into both stores and caches every query's results."""

    def __init__(self, stores: dict[str, Store], generated: Path) -> None:
        self.stores = stores
        self.paths = {"sample": resource_dir("sample"), "generated": generated}
        self.current: str | None = None
        self.results: dict[tuple[str, str], dict[str, Result | BaseException]] = {}
        self.params: dict[tuple[str, str], dict[str, Any]] = {}
        self.timings: dict[str, dict[str, float]] = {}
        self.stats: dict[tuple[str, str], dict[str, dict[str, int]]] = {}

    def load(self, dataset: str) -> None:
        if self.current == dataset:
            return
        self.timings[dataset] = {}
        for name, store in self.stores.items():
            store.clear()
            store.ensure_schema()
            t0 = time.perf_counter()
            api.load(store, self.paths[dataset], match=dataset != "generated")  # the generator seeds no reworded twins
            self.timings[dataset][f"load {name}"] = time.perf_counter() - t0
            self.stats[(dataset, name)] = api.stats(store)
        self.current = dataset

    def finding_params(self, dataset: str, explain_id: str, names: set[str]) -> dict[str, Any]:
        """The subject, related ids and township of the first finding of the rule that
        ``explain-<rule>`` explains (any rule's for the generic ``explain-finding``)."""
        rule = explain_id.removeprefix("explain-")
        rules = None if rule == "finding" else [rule]
        findings: list[Any] = []
        for as_of in pinned_dates(self.paths[dataset]):  # the pinned date, then the earlier pinned runs
            findings = findings or run_audit(self.stores["embedded"], rules=rules, as_of=as_of)
        if not findings and dataset != "sample":
            # the generator seeds only some rules; every rule's findings in the sample, on
            # all its pinned dates, are explained on both stores in test_explain_rules.py
            pytest.skip(f"{explain_id}: the generated dataset seeds no finding of its rule")
        assert findings, f"{explain_id}: no finding of its rule on {dataset} to explain"
        f = findings[0]
        values = {"subject_id": f.subject_id, "related_ids": f.related_ids, "township_id": f.township_id or ""}
        return {n: values[n] for n in names}

    def run(self, dataset: str, path: Path) -> tuple[str, dict[str, Result | BaseException]]:
        key = (dataset, path.name)
        query = load_query(path)
        if key not in self.results:
            self.load(dataset)
            names = set(query.header.params) | used_params(query.cypher)
            if query.header.kind == "audit":  # audits get what the runner supplies, at the dataset's pinned date
                params = runner_params(query.header.clause, names, read_as_of(self.paths[dataset]))
            elif query.header.kind == "explain":  # an explain query explains a real finding of its rule
                params = self.finding_params(dataset, query.id, names)
            else:
                params = pick_params(self.stores["embedded"], names)
            self.params[key] = params
            out: dict[str, Result | BaseException] = {}
            for name, store in self.stores.items():
                t0 = time.perf_counter()
                try:
                    out[name] = store.run(query.cypher, params)
                except Exception as e:
                    out[name] = e
                self.timings[dataset][f"{path.stem} {name}"] = time.perf_counter() - t0
            self.results[key] = out
        return query.cypher, self.results[key]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated") / f"gen-{TOWNSHIPS}-{SEED}"
    generate_dataset(root, TOWNSHIPS, SEED)
    return root


@pytest.fixture(scope="module")
def runs(request: pytest.FixtureRequest, generated: Path) -> Iterator[Runs]:
    stores = {name: request.getfixturevalue(f"_{name}") for name in ("embedded", "neo4j")}
    r = Runs(stores, generated)
    yield r
    for dataset, t in r.timings.items():
        slow = sorted(t.items(), key=lambda kv: -kv[1])[:6]
        print(f"\n[differential] {dataset}: " + ", ".join(f"{k} {v:.1f}s" for k, v in slow))


# --------------------------------------------------------------------------- tests


def test_there_are_queries() -> None:
    assert QUERY_FILES, f"no query files in {resource_dir('queries')}"


# dataset-major order, so that each dataset is loaded once
@pytest.mark.parametrize(
    ("dataset", "path"),
    [(d, p) for d in DATASETS for p in QUERY_FILES],
    ids=[f"{d}-{p.stem}" for d in DATASETS for p in QUERY_FILES],
)
def test_query_gives_the_same_result_on_both_stores(runs: Runs, dataset: str, path: Path) -> None:
    cypher, results = runs.run(dataset, path)
    name = f"{path.name} on {dataset} {runs.params[(dataset, path.name)] or ''}".strip()
    compare(name, cypher, results)
    # equal is not enough: two stores that both return nothing agree, and test nothing
    query = load_query(path)
    if query.header.kind == "audit":
        # an audit query returns exactly the dataset's expected findings of its rule
        want = [e for e in read_expected(runs.paths[dataset]) if e["rule"] == query.header.id]
        for store_name, res in results.items():
            assert isinstance(res, Result)
            got = Counter((r["township_id"], r["subject_id"], frozenset(r["related_ids"] or [])) for r in res.records())
            exp = Counter(
                (e["township"], e["subject"], frozenset(e["related"])) for e in want if e["related"] is not None
            )
            # a generated problem may state only its township and subject (related: null)
            loose = Counter((e["township"], e["subject"]) for e in want if e["related"] is None)
            rest = Counter(k[:2] for k in (got - exp).elements())
            assert not (exp - got) and rest == loose, (
                f"{name} on {store_name}: {sum((exp - got).values())} expected findings missing "
                f"{sorted(map(str, (exp - got).elements()))[:5]}; unexpected or missing (township, subject): "
                f"{sorted(map(str, ((rest - loose) + (loose - rest)).elements()))[:5]}"
            )
    else:
        # an exploration query, given values picked from the data, has something to show
        for store_name, res in results.items():
            assert isinstance(res, Result)
            assert res.rows, f"{name}: no rows on {store_name} (nor on the other store)"


@pytest.mark.parametrize("dataset", DATASETS)
def test_both_stores_hold_the_same_counts(runs: Runs, dataset: str) -> None:
    if (dataset, "embedded") not in runs.stats:
        runs.load(dataset)
    assert runs.stats[(dataset, "embedded")] == runs.stats[(dataset, "neo4j")]


def test_generated_dataset_is_large_enough(runs: Runs) -> None:
    if ("generated", "embedded") not in runs.stats:
        runs.load("generated")
    stats = runs.stats[("generated", "embedded")]
    links = stats["relationships"]["HOLDS_DUTY"] + stats["relationships"]["INCLUDES"]
    townships = sum(1 for p in (runs.paths["generated"]).glob("lists/list-*-basic.csv"))
    assert townships == TOWNSHIPS
    if TOWNSHIPS >= 300:
        assert links >= 20_000, links
