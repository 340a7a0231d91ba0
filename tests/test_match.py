"""kg.match: normalisation, blocking, scoring and quality on the labelled pairs (no store)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from kg.match import (
    DEFAULT_THRESHOLD,
    MatchItem,
    article_key,
    articles_from_basis,
    blocked_pairs,
    char_ngrams,
    find_candidates,
    infer_duty_type,
    name_similarity,
    normalise_name,
    score_pair,
)
from kg.match.evaluate import load_pairs, metrics

PAIRS = Path(__file__).parent / "data" / "match" / "pairs.csv"
CX64 = "《中华人民共和国城乡规划法》第六十四条"


@pytest.fixture(scope="module")
def labelled():
    return load_pairs(PAIRS)


# --- normalisation -------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "对未取得建设工程规划许可证进行建设的行政处罚",
        "1.对未取得建设工程规划许可证进行建设的处罚",
        "（三）对未取得建设工程规划许可证进行建设行为的处罚",
        "一、未取得建设工程规划许可证，进行建设的处罚。",
        "１．对未取得建设工程规划许可证\u3000进行建设的处罚",  # full-width digit, point, space
        "负责对未取得建设工程规划许可证进行建设的行政处罚工作",
    ],
)
def test_variants_normalise_alike(variant):
    assert normalise_name(variant) == "未取得建设工程规划许可证进行建设处罚"


def test_normalisation_drops_list_style_but_keeps_the_act():
    assert normalise_name("负责辖区内森林防火工作") == "森林防火"
    assert normalise_name("对违反《森林法》规定的处罚") == "违反规定处罚"
    # the act word separates duties and must survive
    assert normalise_name("对食品生产经营者的行政检查") != normalise_name("对食品生产经营者的行政处罚")
    assert normalise_name("") == ""


def test_char_ngrams():
    assert char_ngrams("违法建设") == frozenset({"违法", "法建", "建设"})
    assert char_ngrams("森林防火", 3) == frozenset({"森林防", "林防火"})
    assert char_ngrams("处") == frozenset({"处"})
    assert char_ngrams("") == frozenset()


def test_infer_duty_type_prefers_a_specific_declared_type():
    assert infer_duty_type("违法建设查处", None) == "行政处罚"
    assert infer_duty_type("土地违法行为动态巡查", "其他") == "行政检查"
    assert infer_duty_type("乡村建设规划许可证核发", "公共服务") == "行政许可"
    assert infer_duty_type("违法建设查处", "行政强制") == "行政强制"
    assert infer_duty_type("森林防火工作", "其他") is None


# --- legal articles ------------------------------------------------------------------


def test_article_spellings_share_a_key():
    keys = {article_key(s) for s in (CX64, "《城乡规划法》第64条", "《中华人民共和国城乡规划法》第六十四条第一款")}
    assert keys == {("城乡规划法#64",)}
    assert article_key("《中华人民共和国城乡规划法》") == ()
    assert article_key("《城乡规划法》第六十五条") != article_key(CX64)


def test_articles_from_basis_uses_the_project_parser():
    text = "1.《中华人民共和国土地管理法》第六十七条第一款第二项；2.《森林防火条例》第十条、第十二条"
    assert articles_from_basis(text) == (
        "《中华人民共和国土地管理法》第六十七条",
        "《森林防火条例》第十条",
        "《森林防火条例》第十二条",
    )
    assert articles_from_basis(None) == ()


# --- scoring -------------------------------------------------------------------------


def _item(id_, name, duty_type=None, articles=(), parent=None, holder=None, line="t1"):
    return MatchItem(id_, name, duty_type, tuple(articles), parent, holder or f"h-{id_}", line)


TOWN = _item("a", "违法建设治理", "其他", [CX64])
DEPT = _item(
    "b",
    "对未取得建设工程规划许可证或者未按照建设工程规划许可证的规定进行建设的行政处罚",
    "行政处罚",
    ["《城乡规划法》第64条"],
)


def test_issue_example_is_a_candidate_with_its_evidence():
    cand = score_pair(TOWN, DEPT)
    assert cand is not None and cand.score >= DEFAULT_THRESHOLD
    assert cand.shared_articles == (CX64,)
    assert cand.article_overlap == 1.0
    assert cand.duty_types == (None, "行政处罚") and cand.type_relation == "unknown"
    assert (cand.a, cand.b) == ("a", "b") and cand.holders == ("h-a", "h-b")


def test_score_is_symmetric_and_bounded(labelled):
    for p in labelled[::7]:
        x, y = score_pair(p.a, p.b), score_pair(p.b, p.a)
        assert x == y
        assert x is None or 0.0 <= x.score <= 1.0


def test_a_shared_article_never_lowers_the_score(labelled):
    extra = "《测试条例》第一条"
    for p in labelled:
        before = score_pair(p.a, p.b)
        after = score_pair(replace(p.a, articles=(*p.a.articles, extra)), replace(p.b, articles=(*p.b.articles, extra)))
        if before is None:
            assert after is None
        elif before.article_overlap is not None:  # without articles before, A goes from unknown to 1
            assert after.score >= before.score


def test_disjoint_articles_and_type_conflicts_lower_the_score():
    same = score_pair(TOWN, DEPT).score
    other_article = score_pair(TOWN, replace(DEPT, articles=("《城乡规划法》第六十五条",)))
    assert other_article.score < same and other_article.article_overlap == 0.0
    inspect = replace(DEPT, duty_type="行政检查")
    typed = replace(TOWN, duty_type="行政处罚")
    assert score_pair(typed, inspect).score < score_pair(typed, DEPT).score
    assert score_pair(typed, inspect).type_relation == "conflict"


def test_paragraphs_that_disagree_are_not_a_shared_article():
    a = _item("a", "对盗伐林木的行政处罚", "行政处罚", ["《中华人民共和国森林法》第七十六条第一款"])
    b = _item("b", "对滥伐林木的行政处罚", "行政处罚", ["《森林法》第七十六条第二款"])
    c = replace(b, articles=("《森林法》第七十六条",))
    assert score_pair(a, b).shared_articles == () and score_pair(a, b).article_overlap == 0.0
    assert score_pair(a, c).article_overlap == 1.0


def test_main_and_sub_items():
    main = _item("m", "对违反临时建设管理规定的处罚", "行政处罚", [CX64])
    sub1 = _item("s1", "对未经批准进行临时建设的处罚", "行政处罚", [CX64], parent="m")
    sub2 = _item("s2", "对未按照批准内容进行临时建设的处罚", "行政处罚", [CX64], parent="m")
    assert score_pair(main, sub1) is None and score_pair(sub1, main) is None
    siblings = score_pair(sub1, sub2)
    unrelated = score_pair(replace(sub1, parent=None), replace(sub2, parent=None))
    assert siblings.structure == "siblings" and siblings.score < unrelated.score


def test_name_similarity():
    assert name_similarity("1.违法建设治理", "违法建设治理工作") == 1.0
    assert name_similarity("森林防火", "最低生活保障审批") < 0.2
    # a short name inside a long one counts (discounted partial ratio)
    contained = name_similarity("未取得燃气经营许可证从事燃气经营", "对未取得燃气经营许可证从事燃气经营活动的处罚")
    assert 0.8 <= contained < 1.0
    assert name_similarity("盗伐林木的处罚", "滥伐林木的处罚") < 1.0


# --- blocking ------------------------------------------------------------------------


def _one_line_per_pair(labelled):
    items, index = [], []
    for p in labelled:
        items += [replace(p.a, jurisdiction=p.pair_id), replace(p.b, jurisdiction=p.pair_id)]
        index.append((len(items) - 2, len(items) - 1))
    return items, index


def test_blocking_keeps_every_positive_sharing_an_article(labelled):
    items, index = _one_line_per_pair(labelled)
    pairs = set(blocked_pairs(items)[0])
    sharing = [ij for p, ij in zip(labelled, index, strict=True) if p.same and p.a.article_keys & p.b.article_keys]
    assert len(sharing) > 50
    assert all(ij in pairs for ij in sharing)


def test_blocking_keeps_the_pairs_the_scorer_accepts(labelled):
    items, index = _one_line_per_pair(labelled)
    pairs = set(blocked_pairs(items)[0])
    accepted = [
        ij
        for p, ij in zip(labelled, index, strict=True)
        if (c := score_pair(p.a, p.b)) is not None and c.score >= DEFAULT_THRESHOLD
    ]
    kept = sum(ij in pairs for ij in accepted)
    assert kept >= 0.95 * len(accepted)


def _all_items(labelled, line="t1"):
    seen: dict[str, MatchItem] = {}
    for p in labelled:
        for item in (p.a, p.b):
            seen.setdefault(item.id, replace(item, holder=f"h-{item.id}", jurisdiction=line))
    return list(seen.values())


def test_blocking_stays_within_lines_and_below_all_pairs(labelled):
    items = _all_items(labelled, "t1") + [replace(i, id=i.id + "@t2", jurisdiction="t2") for i in _all_items(labelled)]
    pairs, stats = blocked_pairs(items)
    assert all(items[i].jurisdiction == items[j].jurisdiction for i, j in pairs)
    assert stats.pairs == len(pairs) and stats.all_pairs == len(items) * (len(items) - 1) // 2
    assert 0 < stats.pairs < 0.25 * stats.within_line_pairs < stats.all_pairs


def test_blocking_skips_pairs_of_one_holder():
    a, b = replace(TOWN, holder="x"), replace(DEPT, holder="x")
    assert blocked_pairs([a, b])[0] == []
    assert blocked_pairs([a, b], cross_holder=False)[0] == [(0, 1)]
    assert blocked_pairs([a, replace(DEPT, holder="y", jurisdiction="t2")])[0] == []


# --- candidates ----------------------------------------------------------------------


def test_candidates_are_deterministic_and_sorted(labelled):
    items = _all_items(labelled)
    first, stats = find_candidates(items)
    shuffled = items[:]
    random.Random(7).shuffle(shuffled)
    again, _ = find_candidates(shuffled)
    assert first == again and len(first) > 50
    assert [(-c.score, c.a, c.b) for c in first] == sorted((-c.score, c.a, c.b) for c in first)
    assert all(c.score >= DEFAULT_THRESHOLD and c.a < c.b for c in first)
    assert stats.items == len(items)


def test_an_item_given_for_two_lines_yields_one_candidate():
    items = [TOWN, DEPT, replace(TOWN, jurisdiction="t2"), replace(DEPT, jurisdiction="t2")]
    cands, _ = find_candidates(items)
    assert [(c.a, c.b, c.jurisdiction) for c in cands] == [("a", "b", "t1")]


# --- quality on the labelled set -----------------------------------------------------


def test_labelled_set_is_big_and_balanced_enough(labelled):
    assert len(labelled) >= 300
    assert sum(p.same for p in labelled) >= 100
    assert sum(p.kind.startswith("hard negative") for p in labelled) >= 100
    assert all(p.source for p in labelled)


def test_precision_and_recall_at_the_default_threshold(labelled):
    m = metrics(labelled, DEFAULT_THRESHOLD)
    assert m.precision >= 0.9, m
    assert m.recall >= 0.8, m
