"""How loads write relationships: CREATE for keys only this dataset can hold, MERGE for
the rest, no relationship-key index on Neo4j, stale removal by endpoints (found by
counting, so a reload that swaps rows one for one must still find them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import STORES
from test_loading import BASIC, POWER, base_dataset, rows_basic, rows_power, snapshot

from kg import api
from kg.ingest.dataset import ORG_FILES
from kg.stores import Store


def rel_keys(store: Store) -> list[str]:
    return sorted(str(r[0]) for r in store.run("MATCH ()-[r]->() WHERE r.key IS NOT NULL RETURN r.key").rows)


def extending(root: Path, other: str) -> Path:
    """The dataset at ``root``, declaring that it extends ``other`` (so it may take over its ids)."""
    with (root / "dataset.yaml").open("a", encoding="utf-8") as f:
        f.write(f"extends: [{other}]\n")
    return root


def test_a_second_dataset_with_the_same_relationships_does_not_duplicate_them(store: Store, tmp_path: Path) -> None:
    api.load(store, base_dataset(tmp_path / "a", dataset_id="first"))
    keys = rel_keys(store)
    assert keys and len(keys) == len(set(keys))
    # same ids, same keys, another dataset that extends the first: the types are no longer
    # one dataset's alone
    api.load(store, extending(base_dataset(tmp_path / "b", dataset_id="second"), "first"))
    assert rel_keys(store) == keys
    # and the first dataset loading again (taking its ids back) does not create them twice either
    api.load(store, extending(base_dataset(tmp_path / "a2", dataset_id="first"), "second"))
    assert rel_keys(store) == keys


def test_a_reload_creates_only_the_new_rows_and_removes_the_stale(store: Store, tmp_path: Path) -> None:
    api.load(store, base_dataset(tmp_path / "v1"))
    before = set(rel_keys(store))
    rows = rows_basic()
    rows[0]["cooperating"] = ""  # HOLDS_DUTY X1-nr → D1 goes away
    rows.append({"seq": "4", "duty_id": "D9", "name": "新增事项", "lead": "T1-gov"})
    lists = {
        "L-basic": (
            {"name": "一号街道基本履职事项清单", "kind": "basic", "owner": "T1-gov", "effective_date": "2024-01-01"},
            rows,
        )
    }
    api.load(store, base_dataset(tmp_path / "v2", lists=lists))
    after = rel_keys(store)
    assert len(after) == len(set(after))
    gone, added = before - set(after), set(after) - before
    assert "HOLDS_DUTY|X1-nr|D1|L-basic|cooperating" in gone
    assert {"INCLUDES|L-basic|D9", "HOLDS_DUTY|T1-gov|D9|L-basic|lead"} <= added
    # the rows of the power list, which the new version no longer has, went too
    assert not [k for k in after if "L-power" in k]


def test_a_reload_that_swaps_rows_one_for_one_removes_the_stale(store: Store, tmp_path: Path) -> None:
    """As many rows come as go: every count of the dataset's nodes and relationships is the
    same before and after, yet the old rows must go."""
    api.load(store, base_dataset(tmp_path / "v1"))
    before = set(rel_keys(store))
    counts = api.stats(store)
    rows = rows_basic()
    rows[0]["cooperating"], rows[1]["cooperating"] = "", "X1-nr"  # X1-nr cooperates on D2 instead of D1
    rows[2] = {"seq": "3", "duty_id": "D5", "name": "城镇燃气安全巡查", "duty_type": "行政检查", "lead": "T1-gov"}
    v2 = base_dataset(tmp_path / "v2", lists={"L-basic": (BASIC, rows), "L-power": (POWER, rows_power())})
    report = api.load(store, v2)
    assert api.stats(store) == counts
    after = set(rel_keys(store))
    moved = "HOLDS_DUTY|X1-nr|D{}|L-basic|cooperating"
    assert before - after == {"INCLUDES|L-basic|D3", "HOLDS_DUTY|T1-gov|D3|L-basic|lead", moved.format(1)}
    assert after - before == {"INCLUDES|L-basic|D5", "HOLDS_DUTY|T1-gov|D5|L-basic|lead", moved.format(2)}
    assert (report.relationships_removed, report.nodes_removed) == (3, 1)
    assert store.run("MATCH (d:Duty) WHERE d.id IN ['D3', 'D5'] RETURN collect(d.id)").value() == ["D5"]
    # the same graph as a fresh load of the new version
    reloaded = snapshot(store)
    store.clear()
    store.ensure_schema()
    api.load(store, v2)
    assert snapshot(store) == reloaded


def test_a_reload_of_a_dataset_whose_keys_are_held_twice_keeps_them_and_removes_nothing(
    store: Store, tmp_path: Path
) -> None:
    """A key held twice (written by hand, or by an older kg) is more relationships than keys
    written, so the reload looks for stale ones: it finds none and removes nothing."""
    root = base_dataset(tmp_path / "ds")
    api.load(store, root)
    store.run(
        "MATCH (a:Body {id: 'T1-gov'})-[r:HOLDS_DUTY]->(b:Duty {id: 'D3'}) CREATE (a)-[c:HOLDS_DUTY]->(b) SET c = r",
        write=True,
    )
    report = api.load(store, root)
    assert report.relationships_removed == 0
    held = store.run("MATCH (:Body {id: 'T1-gov'})-[r:HOLDS_DUTY]->(:Duty {id: 'D3'}) RETURN count(r)").value()
    assert held == 2


@pytest.mark.neo4j
@pytest.mark.skipif("neo4j" not in STORES, reason="Neo4j is not among KG_TEST_STORES")
def test_neo4j_schema_drops_the_relationship_key_indexes(request: pytest.FixtureRequest) -> None:
    neo = request.getfixturevalue("_neo4j")
    neo.run("CREATE INDEX includes_key IF NOT EXISTS FOR ()-[r:INCLUDES]-() ON (r.key)", write=True)
    names = {r[0] for r in neo.run("SHOW INDEXES YIELD name RETURN name").rows}
    assert "includes_key" in names
    neo.ensure_schema()
    names = {r[0] for r in neo.run("SHOW INDEXES YIELD name RETURN name").rows}
    assert "includes_key" not in names and "includes_dataset" in names


def test_progress_covers_reading_and_validating(store: Store, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    api.load(
        store, base_dataset(tmp_path / "ds"), progress=lambda stage, done, total: seen.append((stage, done, total))
    )
    reading = [(d, t) for s, d, t in seen if s == "read and validate"]
    # each organisation file (present or not), the duty catalogue, the two lists: one tick each, in order
    total = len(ORG_FILES) + 1 + 2
    assert reading == [(i, total) for i in range(1, total + 1)]
    writing = [d for s, d, _ in seen if s == "write"]
    assert writing and writing == sorted(writing)
    assert seen[-1][0] == "done"
