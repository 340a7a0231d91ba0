"""Parsing legal-basis cells into citations."""

from __future__ import annotations

import pytest

from kg.ingest.legal import Citation, chinese_number, parse_legal_basis


def refs(text: str) -> list[tuple]:
    return [(c.law, c.article_no, c.paragraph_no, c.item_no) for c in parse_legal_basis(text)]


def test_several_laws_down_to_item():
    text = "《中华人民共和国土地管理法》第六十七条第一款第二项；《中华人民共和国安全生产法》第六十五条第一款"
    cits = parse_legal_basis(text)
    assert cits == [
        Citation(
            "中华人民共和国土地管理法",
            "第六十七条",
            "第一款",
            "第二项",
            "《中华人民共和国土地管理法》第六十七条第一款第二项",
            67,
            1,
            2,
        ),
        Citation(
            "中华人民共和国安全生产法",
            "第六十五条",
            "第一款",
            None,
            "《中华人民共和国安全生产法》第六十五条第一款",
            65,
            1,
            None,
        ),
    ]


def test_numbered_lines_and_several_paragraphs():
    text = "1.《中华人民共和国城乡规划法》第四十一条第一款、第二款\n2.《辽宁省城乡规划条例》第三十五条"
    assert refs(text) == [
        ("中华人民共和国城乡规划法", 41, 1, None),
        ("中华人民共和国城乡规划法", 41, 2, None),
        ("辽宁省城乡规划条例", 35, None, None),
    ]


def test_several_articles_of_one_law():
    assert refs("《森林防火条例》第十条、第十二条和第二十五条") == [
        ("森林防火条例", 10, None, None),
        ("森林防火条例", 12, None, None),
        ("森林防火条例", 25, None, None),
    ]


def test_article_range_is_expanded():
    assert [c.article_no for c in parse_legal_basis("《森林防火条例》第十条至第十二条")] == [10, 11, 12]


def test_arabic_digits_and_full_width_digits():
    assert refs("《中华人民共和国行政处罚法》第24条第1款") == [("中华人民共和国行政处罚法", 24, 1, None)]
    assert refs("《中华人民共和国行政处罚法》第２４条") == [("中华人民共和国行政处罚法", 24, None, None)]


def test_bracketed_items_and_version_suffix():
    cits = parse_legal_basis("《中华人民共和国安全生产法（2021年修正）》第九十五条第（一）项、第（二）项")
    assert [(c.law, c.article_no, c.item, c.item_no) for c in cits] == [
        ("中华人民共和国安全生产法", 95, "第（一）项", 1),
        ("中华人民共和国安全生产法", 95, "第（二）项", 2),
    ]
    assert cits[0].text.startswith("《中华人民共和国安全生产法（2021年修正）》")


def test_quoted_article_text_is_not_cited():
    text = (
        "《中华人民共和国安全生产法》第六十五条：应急管理部门依法开展安全生产行政执法工作，"
        "对违法行为依照《中华人民共和国行政处罚法》和本法第九十条的规定处理。\n"
        "《生产安全事故应急条例》第三十条"
    )
    assert refs(text) == [("中华人民共和国安全生产法", 65, None, None), ("生产安全事故应急条例", 30, None, None)]


def test_law_without_article_and_empty_cells():
    assert refs("《中华人民共和国村民委员会组织法》") == [("中华人民共和国村民委员会组织法", None, None, None)]
    assert parse_legal_basis("") == [] and parse_legal_basis(None) == [] and parse_legal_basis("无") == []


def test_law_named_without_book_title_marks():
    assert refs("依据中华人民共和国安全生产法第六十五条") == [("中华人民共和国安全生产法", 65, None, None)]


def test_duplicates_are_dropped():
    assert len(parse_legal_basis("《森林防火条例》第十条；《森林防火条例》第十条")) == 1


@pytest.mark.parametrize(
    "text, value",
    [
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("六十七", 67),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("二百", 200),
        ("两千零一", 2001),
        ("45", 45),
        ("条", None),
    ],
)
def test_chinese_number(text, value):
    assert chinese_number(text) == value
