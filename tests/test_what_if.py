"""What-if (issue 11 item 6): ``kg check-transfer`` runs every audit on the graph as it
would be after the hand-over and lists the findings it would add and remove; the
hypothetical hand-over lives only in a scratch view (a copy of the graph on the embedded
store, a rolled-back transaction on Neo4j): no other reader sees it, and the graph is the
same afterwards, also after an error or Ctrl-C inside. On every store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from reliability import Target, snapshot

import kg.audit.transfer as transfer
from kg.audit.transfer import what_if_transfer
from kg.ingest.load import load_dataset
from kg.stores import EmbeddedStore, Store
from tests.datasets import make_dataset
from tests.test_audit_rules import lst, org, row

COUNT_HANDOVERS = "MATCH (h:Handover) RETURN count(h)"


def fixture(root: Path) -> Path:
    """X1-nr leads d1 and d2; 一号街道 leads d2 too with no hand-over on record (an overlap
    and an unrecorded hand-over); a 两办-style unified deployment covers d1 and d2 in T1."""
    o = org()
    return make_dataset(
        root,
        areas=o["areas"],
        bodies=o["bodies"],
        lists={
            "x1-power": lst("power", "X1-nr", [row("d1", "X1-nr"), row("d2", "X1-nr")]),
            "t1-basic": lst("basic", "T1-gov", [row("d2", "T1-gov")]),
        },
        decisions=[
            {
                "id": "ud",
                "name": "统一部署",
                "kind": "unified_deployment",
                "issuers": ["X1-pc", "X1-gov"],
                "date": "2024-01-01",
                "items": ["d1", "d2"],
                "townships": ["T1"],
            }
        ],
    )


def keys(findings: list[Any]) -> set[tuple[str, str | None, str, frozenset[str]]]:
    return {transfer.finding_key(f) for f in findings}


def test_a_transfer_that_adds_a_finding(store: Store, tmp_path: Path) -> None:
    load_dataset(store, fixture(tmp_path / "ds"))
    before = snapshot(store)
    w = what_if_transfer(store, "X1-nr", "T1", "d1", None, "委托", "2025-06-30")
    assert not w.verdict.allowed
    hid = w.handover_id
    assert hid.startswith("whatif-")
    assert keys(w.added) == {
        ("access-handover-without-decision", "T1", hid, frozenset({"X1-nr", "T1-gov", "d1"})),
    }
    assert w.removed == []
    assert snapshot(store) == before
    # a hand-over of a duty that does not exist cannot be modelled: nothing runs or changes
    w = what_if_transfer(store, "X1-nr", "T1", "zzz", None, "委托", "2025-06-30")
    assert not w.modelled and not w.added and not w.removed
    assert "unknown_duty" in [r.code for r in w.verdict.reasons]


def test_a_transfer_that_fixes_a_problem(store: Store, tmp_path: Path) -> None:
    load_dataset(store, fixture(tmp_path / "ds"))
    before = snapshot(store)
    w = what_if_transfer(store, "X1-nr", "T1-gov", "d2", "ud", "下放", "2025-06-30")
    assert w.verdict.allowed
    assert w.added == []
    assert keys(w.removed) == {
        ("access-unrecorded-handover", "T1", "d2", frozenset({"T1-gov", "X1-nr", "x1-power"})),
        ("duty-overlap", "T1", "d2", frozenset({"T1-gov", "X1-nr"})),
    }
    # the removed findings carry their sources, as kg audit's do
    assert all(f.sources for f in w.removed)
    assert snapshot(store) == before


def test_the_graph_is_unchanged_after_an_error_or_ctrl_c_inside(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_dataset(store, fixture(tmp_path / "ds"))
    before = snapshot(store)
    seen: list[int] = []

    def interrupted(*_: Any) -> Any:
        # the hypothetical hand-over is written: the view has it, the store does not
        seen.append(store.run(COUNT_HANDOVERS).value())
        raise KeyboardInterrupt

    monkeypatch.setattr(transfer, "findings_delta", interrupted)
    with pytest.raises(KeyboardInterrupt):
        what_if_transfer(store, "X1-nr", "T1", "d1", "ud", "委托", "2025-06-30")
    assert seen == [0]
    assert snapshot(store) == before

    def failing(*_: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(transfer, "findings_delta", failing)
    with pytest.raises(RuntimeError):
        what_if_transfer(store, "X1-nr", "T1", "d1", "ud", "委托", "2025-06-30")
    assert snapshot(store) == before
    if isinstance(store, EmbeddedStore):
        assert store.command("GRAPH.LIST") == [store.graph_name]


def test_a_scratch_view_is_private_and_thrown_away(store: Store, tmp_path: Path) -> None:
    load_dataset(store, fixture(tmp_path / "ds"))
    with store.scratch() as view:
        view.run("CREATE (:Handover {id: 'whatif-x', what_if: true})", write=True)
        assert view.run(COUNT_HANDOVERS).value() == 1
        assert store.run(COUNT_HANDOVERS).value() == 0  # another reader does not see it
    assert store.run(COUNT_HANDOVERS).value() == 0
    with store.scratch() as view:  # nor does the next what-if
        assert view.run(COUNT_HANDOVERS).value() == 0


def test_a_copy_left_by_a_killed_process_is_swept(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "db")
    try:
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        left = f"{store.graph_name}__scratch__{dead.pid}-000000000000"
        store.command("GRAPH.COPY", store.graph_name, left)
        assert left in store.command("GRAPH.LIST")
        with store.scratch() as view:
            assert view.run("RETURN 1").value() == 1
        assert store.command("GRAPH.LIST") == [store.graph_name]
    finally:
        store.close()


def test_check_transfer_command(target: Target, tmp_path: Path) -> None:
    root = fixture(tmp_path / "ds")
    assert target.kg("load", str(root)).returncode == 0
    store = target.open()
    try:
        before = snapshot(store)
    finally:
        target.close(store)
    fixes = ["--department", "X1-nr", "--township", "T1-gov", "--duty", "d2", "--decision", "ud", "--mode", "下放"]
    p = target.kg("check-transfer", *fixes, "--date", "2025-06-30", "--format", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["allowed"] is True and doc["as_of"] == "2025-06-30" and doc["modelled"] is True
    assert doc["added"]["findings"] == []
    assert {f["rule_id"] for f in doc["removed"]["findings"]} == {"access-unrecorded-handover", "duty-overlap"}
    # text: the verdict, then what it would add and remove; English on request
    p = target.kg("check-transfer", *fixes, "--date", "2025-06-30", "--lang", "en")
    assert p.returncode == 0, p.stderr
    assert "add 0 findings" in p.stdout and "remove 2 findings" in p.stdout
    # an authorised hand-over adds nothing here; one without a decision is not allowed
    # (exit 1) and adds an error, which --fail-on reports on stderr as kg audit does
    adds = ["--department", "X1-nr", "--township", "T1", "--duty", "d1", "--date", "2025-06-30"]
    p = target.kg("check-transfer", *adds, "--decision", "ud", "--rule", "access-handover-without-decision")
    assert p.returncode == 0, p.stderr  # authorised by ud: adds nothing
    p = target.kg("check-transfer", *adds, "--fail-on", "error")
    assert p.returncode == 1 and "would add 1 findings at severity error" in p.stderr
    p = target.kg("check-transfer", *adds, "--rule", "no-such-rule")
    assert p.returncode == 2 and "duty-overlap" in p.stderr
    store = target.open()
    try:
        assert snapshot(store) == before
    finally:
        target.close(store)
