"""Terminal tables in both languages; long Chinese names fold instead of being cut off."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import SAMPLE

from kg import api
from kg.cli import cli
from kg.cli.query import render_table
from kg.stores import Result, Store

LONG = "东山区综合行政执法局城市管理综合执法大队第三中队市容环境卫生专项整治组"


def _chars_in_order(text: str, name: str) -> bool:
    rest = iter(text)
    return all(ch in rest for ch in name)


def test_query_table_headings_follow_lang_and_names_stay_whole() -> None:
    res = Result(columns=["duty_id", "duty_name", "leads"], rows=[["d1", LONG, [LONG]]])
    zh = render_table(res, "zh", "乡镇事项", width=60)
    en = render_table(res, "en", "Duties", width=60)
    assert "事项编号" in zh and "牵头单位" in zh and "duty_name" not in zh
    assert "duty_name" in en and "事项编号" not in en
    for text in (zh, en):
        assert "…" not in text
        assert _chars_in_order(text, LONG)
        assert " d1 " in text  # ids are not folded


class Obj:
    def __init__(self, store: Store) -> None:
        self._store = store

    def store(self) -> Store:
        return self._store


def test_query_command_titles_a_named_query(store: Store) -> None:
    api.load(store, SAMPLE)  # reading commands refuse a store that holds no dataset
    runner = CliRunner()
    res = runner.invoke(cli, ["query", "explore-township-duties", "-p", "township", "x"], obj=Obj(store))
    assert res.exit_code == 0, res.output
    assert "乡镇事项及承担单位" in res.stdout and "事项编号" in res.stdout and "共 0 行" in res.stderr
    res = runner.invoke(
        cli, ["query", "explore-township-duties", "-p", "township", "x", "--lang", "en"], obj=Obj(store)
    )
    assert res.exit_code == 0, res.output
    assert "A township's duties and who holds them" in res.stdout and "duty_id" in res.stdout
    assert "0 rows" in res.stderr
