"""Validation at I/O speed (issue 15): the one-pass reader from libyaml's events gives
the same data and line marks as PyYAML's two-pass loader, falls back to it for anything less
plain; validation shortcuts (duty rows seen before, whole-file validation, the paused
collector) keep every located error."""

from __future__ import annotations

import gc
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from datasets import make_dataset, small_org

from kg.errors import DataError, InputIssue
from kg.ingest import yamlio
from kg.ingest.dataset import read_dataset

# texts the one-pass reader builds itself: implicit typing of plain scalars (YAML 1.1, as
# PyYAML's SafeLoader), quoting, block scalars, flow collections, nesting, odd keys
PLAIN = [
    "a: 1\nb: 0x1F\nc: 0o17\nd: 017\ne: 1_000\nf: 1:30\ng: -1.5e3\nh: .inf\ni: -.Inf\nj: .nan\n"
    "k: yes\nl: No\nm: on\nn: OFF\no: ~\np: null\nq:\nr: 2024-01-05\ns: 2024-01-05 10:00:00\n"
    "t: '1'\nu: \"yes\"\nv: |\n  block\nw: >\n  folded\nx: 1.\ny: +12\nz: 0b101\n",
    "- {a: 1, b: [1, 2, {c: d}]}\n- [x, y]\n- plain\n- ''\n-\n- - nested\n",
    "1: one\ntrue: t\nnull: n\n1.5: f\n2024-01-01: d\n",
    "a: 1\na: 2\n",  # a repeated key: the last value, as PyYAML
    "__line__: 5\nx: 1\n__key_lines__: 7\n",  # the keys of the former line marks are dropped
    "",
    "# only a comment\n",
    "plain\n",
    "[1, 2]\n",
    "a: 09\nb: 0_8\nd: -0\ne: +0.5\nf: 190:20:30\ng: 1e5\nh: 6.8523015e+5\n",
    "a:\n  b:\n    c:\n      - d\n      - e: f\n        g: h\n",
    "- id: a\n  name: 甲\n\n- id: b\n  tags:\n  - x\n  - y: z\n",
    "--- \na: 1\n...\n",
    "a: 中文\n中文: 值\nY: n\nNULL: FALSE\n",
]
# texts it leaves to the two-pass loader: tags, anchors, merge keys, '=', collection keys,
# several documents
UNUSUAL = [
    "<<: {a: 1}\nb: 2\n",
    "a: &x 1\nb: 2\n",
    "!!str 1\n",
    "a: !!int '5'\n",
    "=: v\n",
    "? [a]\n: b\n",
    "--- a\n--- b\n",
]


def two_pass(text: str) -> Any:
    """What PyYAML's compose-then-construct loader (with kg's line marks) gives."""
    loader = yamlio._LineLoader(text)
    try:
        node = loader.get_single_node()
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def shape(x: Any) -> Any:
    """Data with types, order, lines and key lines spelt out (nan compared as a word)."""
    if isinstance(x, yamlio.YamlMap):
        return ("map", x.line, sorted(x.key_lines.items()), [(shape(k), shape(v)) for k, v in x.items()])
    if isinstance(x, dict):
        return ("dict", [(shape(k), shape(v)) for k, v in x.items()])
    if isinstance(x, list):
        return ("list", [shape(v) for v in x])
    if isinstance(x, float) and math.isnan(x):
        return ("float", "nan")
    return (type(x).__name__, x)


def read(tmp_path: Path, text: str) -> tuple[Any, list[InputIssue]]:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    issues: list[InputIssue] = []
    return yamlio.read_yaml(path, "f.yaml", issues, root=tmp_path), issues


@pytest.mark.parametrize("text", PLAIN)
def test_the_one_pass_reader_gives_what_the_two_pass_loader_gives(tmp_path: Path, text: str) -> None:
    assert shape(yamlio._fast_load(text)) == shape(two_pass(text))
    data, issues = read(tmp_path, text)
    assert not issues and shape(data) == shape(two_pass(text))


@pytest.mark.parametrize("text", UNUSUAL)
def test_less_plain_yaml_is_read_by_the_two_pass_loader(tmp_path: Path, text: str) -> None:
    with pytest.raises(yamlio._Unusual):
        yamlio._fast_load(text)
    try:
        expected: Any = ("data", shape(two_pass(text)))
    except yaml.YAMLError as e:
        expected = ("error", str(getattr(e, "problem", e)))
    data, issues = read(tmp_path, text)
    got = ("error", issues[0].message) if issues else ("data", shape(data))
    if expected[0] == "data":
        assert got == expected
    else:
        assert got[0] == "error" and expected[1] in got[1]


def test_lines_types_and_dates_as_text(tmp_path: Path) -> None:
    data, _ = read(tmp_path, "- id: a\n  n: 1\n\n- id: b\n  on: 2024-01-05\n  q: '7'\n  x: ~\n")
    assert [(d.line, d.key_lines) for d in data] == [(1, {"id": 1, "n": 2}), (4, {"id": 4, "on": 5, "q": 6, "x": 7})]
    assert data == [{"id": "a", "n": 1}, {"id": "b", True: "2024-01-05", "q": "7", "x": None}]


def test_syntax_errors_and_aliases_are_located_as_before(tmp_path: Path) -> None:
    _, issues = read(tmp_path, "- id: a\n  name: [x\n")
    assert issues[0].message.startswith("is not valid YAML") and issues[0].row is not None
    _, issues = read(tmp_path, "- &a x\n- *a\n")
    assert issues[0].row == 2 and "uses the alias *a" in issues[0].message
    _, issues = read(tmp_path, "a:" + " [" * 25 + "]" * 25 + "\n")
    assert "nests deeper than" in issues[0].message


# ------------------------------------------------------------------------ validation shortcuts


def duty_rows(**cells: str) -> list[dict[str, str]]:
    return [{"duty_id": "D1", "name": "巡查", "lead": "T1-gov", **cells}]


def spec(n: int) -> dict[str, Any]:
    return {"name": f"清单{n}", "kind": "basic", "owner": "T1-gov", "effective_date": f"202{n}-01-01"}


def test_a_duty_row_seen_before_is_still_compared_with_the_known_duty(tmp_path: Path) -> None:
    lists = {
        "L1": (spec(1), duty_rows()),
        "L2": (spec(2), duty_rows(duty_type="行政检查")),  # fills the known duty's duty_type
        "L3": (spec(3), duty_rows(duty_type="行政检查")),  # the same cells: nothing to report
        "L4": (spec(4), duty_rows(name="另一名称")),
        "L5": (spec(5), duty_rows(name="另一名称")),  # the same cells as L4: reported again
        "L6": (spec(6), duty_rows(duty_type="行政许可")),
    }
    with pytest.raises(DataError) as e:
        read_dataset(make_dataset(tmp_path / "ds", **small_org(), lists=lists))
    located = [(i.file, i.row, i.column) for i in e.value.issues]
    assert located == [
        ("ds/lists/L4.csv", 2, "name"),
        ("ds/lists/L5.csv", 2, "name"),
        ("ds/lists/L6.csv", 2, "duty_type"),
    ]
    assert all("at ds/lists/L1.csv, row 2" in i.message for i in e.value.issues)


def test_one_invalid_entry_is_located_and_the_valid_ones_are_kept(tmp_path: Path) -> None:
    org = small_org()
    org["bodies"][0] = {**org["bodies"][0], "staffing_posts": "many"}
    org["bodies"].append({**org["bodies"][1], "id": "X1-extra", "area": "X9"})
    with pytest.raises(DataError) as e:
        read_dataset(make_dataset(tmp_path / "ds", **org))
    located = sorted((i.file, i.column, i.row is not None) for i in e.value.issues)
    # the invalid body is located at its field; the valid one after it is checked too
    assert located == [("ds/bodies.yaml", "area", True), ("ds/bodies.yaml", "staffing_posts", True)]


@pytest.mark.parametrize("valid", [True, False])
def test_the_garbage_collector_is_as_it_was_after_reading(tmp_path: Path, valid: bool) -> None:
    org = small_org()
    if not valid:
        org["areas"][0] = {**org["areas"][0], "level": "galaxy"}
    root = make_dataset(tmp_path / "ds", **org)
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            if valid:
                read_dataset(root)
            else:
                with pytest.raises(DataError):
                    read_dataset(root)
            assert gc.isenabled() is enabled
        finally:
            gc.enable()


def test_a_name_too_long_for_an_id_is_located_at_its_cell(tmp_path: Path) -> None:
    rows = duty_rows(lead="T1-gov、" + "长" * 201, cooperating="X1-nr")
    with pytest.raises(DataError) as e:
        read_dataset(make_dataset(tmp_path / "ds", **small_org(), lists={"L1": (spec(1), rows)}))
    assert [(i.file, i.row, i.column) for i in e.value.issues] == [("ds/lists/L1.csv", 2, "lead")]
    assert "at most 200 characters" in e.value.issues[0].message
