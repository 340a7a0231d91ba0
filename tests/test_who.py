"""`kg who` / `kg.who`: who is responsible for an item, township by township, on every store.

Expected answers are read from the sample's own files (the list rows and hand-overs),
not restated from the implementation.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import kg
from kg.cli import cli
from kg.ingest.load import load_dataset
from kg.responsibility import find_duties, render_who
from kg.stores import Store

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


class Obj:
    def __init__(self, store: Store) -> None:
        self._store = store

    def store(self) -> Store:
        return self._store


@pytest.fixture
def sample(store: Store) -> Store:
    load_dataset(store, SAMPLE)
    return store


def _row(list_file: str, duty: str) -> tuple[int, dict[str, str]]:
    with (SAMPLE / "lists" / list_file).open(encoding="utf-8") as fh:
        for line_no, row in enumerate(csv.DictReader(fh), start=2):
            if row["duty_id"] == duty:
                return line_no, row
    raise AssertionError(f"{duty} not in {list_file}")


def _handover(duty: str, to_body: str) -> dict:
    hs = yaml.safe_load((SAMPLE / "handovers.yaml").read_text(encoding="utf-8"))
    (h,) = [h for h in hs if h["duty"] == duty and h["to_body"] == to_body]
    return h


def test_substring_answers_lead_cooperating_list_handover_and_law(sample: Store) -> None:
    line, row = _row("list-ds-qn-basic.csv", "d202")
    h = _handover("d202", "ds-qn-gov")
    answers = kg.who(sample, row["name"][1:4])  # part of the name
    (a,) = [x for x in answers if x.duty_id == "d202" and x.township_id == "ds-qn"]
    assert a.match == "substring"
    assert [x.id for x in a.leads] == row["lead"].split(";")
    assert [x.id for x in a.cooperating] == row["cooperating"].split(";")
    assert any(x.file == "sample/lists/list-ds-qn-basic.csv" and x.row == line for x in a.lists)
    (ho,) = a.handovers
    assert (ho.id, ho.mode, ho.from_id, ho.decision_id) == (h["id"], h["mode"], h["from_body"], h["decision"])
    assert ho.date == h["date"]
    assert a.legal_basis == row["legal_basis"]


def test_fuzzy_and_township_filter(sample: Store) -> None:
    _, row = _row("list-ds-hb-basic.csv", "d002")
    text = row["name"][:6] + row["name"][8:10]  # not a substring of the name any more
    assert text not in row["name"]
    matches = find_duties(sample, text)
    assert matches and matches[0].duty_id == "d002" and matches[0].how == "fuzzy"
    answers = kg.who(sample, text, township="湖滨")
    assert {a.township_id for a in answers} == {"ds-hb"}
    assert [x.id for x in answers[0].leads] == row["lead"].split(";")
    assert kg.who(sample, text, township="no-such-township") == []
    assert kg.who(sample, "完全无关的字符串ZZZ") == []


def test_taken_back_list_names_no_holder(sample: Store) -> None:
    _, basic = _row("list-ds-sl-basic.csv", "d302")
    (a,) = kg.who(sample, "d302")
    assert a.match == "id"
    assert {x.list_kind for x in a.lists} == {"basic", "taken_back"}
    assert [x.id for x in a.leads] == basic["lead"].split(";")


def test_cli_table_and_json(sample: Store) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["who", "食品摊贩", "--format", "json"], obj=Obj(sample))
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    # the one item whose name holds the text; close names (d807 食品小摊点备案) come as fuzzy answers
    assert {(a["township_id"], a["duty_id"]) for a in doc if a["match"] == "substring"} == {("ds-qn", "d202")}
    assert all(a["match"] in ("substring", "fuzzy", "id") for a in doc), doc
    res = runner.invoke(cli, ["who", "食品摊贩", "--lang", "en"], obj=Obj(sample))
    assert res.exit_code == 0 and "Lead" in res.stdout and "桥南街道办事处" in res.stdout
    res = runner.invoke(cli, ["who", " "], obj=Obj(sample))
    assert res.exit_code == 2 and "name" in res.output


def test_render_keeps_chinese_names_whole() -> None:
    from kg.responsibility import Holder, Responsibility

    long_name = "东山区综合行政执法局城市管理综合执法大队第三中队"
    a = Responsibility(
        township_id="ds-hb",
        township_name="湖滨街道",
        duty_id="d1",
        duty_name="事项",
        match="id",
        score=100,
        leads=[Holder(id="b1", name=long_name)],
        cooperating=[],
        lists=[],
        handovers=[],
        legal_basis=None,
        legal_citations=[],
    )
    text = render_who([a], width=100)
    # folded over lines, never cut off with an ellipsis: every character is there, in order
    assert "…" not in text
    rest = iter(text)
    assert all(ch in rest for ch in long_name)
    assert "…" not in render_who([a], width=60)
