"""Helpers of the reliability corpus (tests/test_reliability_*.py): run ``kg`` as a real
process against either store, and compare whole graphs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from kg.api import load
from kg.export import graph_json, to_networkx
from kg.stores import EmbeddedStore, Store

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "sample"


def store_args(backend: str, data_dir: Path) -> list[str]:
    return ["--store", "neo4j"] if backend == "neo4j" else ["--store", "embedded", "--data-dir", str(data_dir)]


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), **extra}


def kg_cmd(backend: str, data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *store_args(backend, data_dir), *args]


def run_kg(backend: str, data_dir: Path, *args: str, timeout: float = 180, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        kg_cmd(backend, data_dir, *args), capture_output=True, text=True, env=env(**extra), timeout=timeout
    )


def popen_kg(backend: str, data_dir: Path, *args: str, **extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        kg_cmd(backend, data_dir, *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(**extra),
    )


def snapshot(store: Store) -> str:
    """The whole graph as canonical JSON (what ``kg export`` writes)."""
    return json.dumps(graph_json(to_networkx(store)), ensure_ascii=False, sort_keys=True, default=str)


def datasets(store: Store) -> dict[str, Any]:
    from kg.api import datasets as marks

    return {d["id"]: d["state"] for d in marks(store)}


class Target:
    """One store as seen from outside: its command-line options and an in-process handle."""

    def __init__(self, backend: str, data_dir: Path, neo4j: Store | None) -> None:
        self.backend, self.data_dir, self._neo4j = backend, data_dir, neo4j

    def open(self) -> Store:
        return self._neo4j if self._neo4j is not None else EmbeddedStore(self.data_dir)

    def close(self, store: Store) -> None:
        if store is not self._neo4j:
            store.close()

    def kg(self, *args: str, **extra: str) -> subprocess.CompletedProcess:
        return run_kg(self.backend, self.data_dir, *args, **extra)

    def popen(self, *args: str, **extra: str) -> subprocess.Popen:
        return popen_kg(self.backend, self.data_dir, *args, **extra)


def clean_load_snapshot(t: Target) -> str:
    """The graph of one clean load of the sample into an emptied store."""
    s = t.open()
    try:
        s.clear()
        load(s, SAMPLE)
        return snapshot(s)
    finally:
        t.close(s)
