"""Duty matching (kg.match): quality on the labelled pairs and speed on a synthetic province.

    python benchmarks/bench_match.py [--townships 1500] [--items 340] [--seed 1]
                                     [--skip-province]

1. **Quality.** Scores tests/data/match/pairs.csv and prints precision / recall / F1 at
   the default threshold, a threshold table, and a 5-fold cross-validated estimate (the
   threshold picked on four folds by F1, measured on the fifth).
2. **Speed.** Generates a province of ``--townships`` jurisdiction lines of ``--items``
   items each, worded from a vocabulary of conduct × object × act templates with list
   noise (numbering, 行政/的/负责 boilerplate, punctuation, township names and local
   qualifiers in some items), some items citing legal articles in varied spellings, and about 4 % deliberate
   overlaps (a second wording of a duty already in the line, under another holder).
   Times record building (article parsing) and :func:`kg.match.find_candidates`
   (blocking + scoring), wall and CPU, and prints candidate pairs against all pairs.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import time
from pathlib import Path

from kg.match import DEFAULT_THRESHOLD, MatchItem, find_candidates
from kg.match.evaluate import LabelledPair, load_pairs, metrics, pair_scores

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "data" / "match" / "pairs.csv"

# ---- quality ---------------------------------------------------------------------------


def quality(pairs: list[LabelledPair]) -> dict[str, object]:
    scores = pair_scores(pairs)
    m = metrics(pairs, DEFAULT_THRESHOLD, scores)
    print(
        f"labelled pairs: {len(pairs)} ({sum(p.same for p in pairs)} same, {sum(not p.same for p in pairs)} different)"
    )
    print(
        f"default threshold {DEFAULT_THRESHOLD}: precision {m.precision:.3f}  recall "
        f"{m.recall:.3f}  F1 {m.f1:.3f}  (tp {m.tp}, fp {m.fp}, fn {m.fn}, tn {m.tn})"
    )
    print("\nthreshold  precision  recall  F1")
    for t in (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
        mt = metrics(pairs, t, scores)
        print(f"  {t:5.2f}    {mt.precision:7.3f}  {mt.recall:6.3f}  {mt.f1:5.3f}")
    cv = cross_validate(pairs, scores)
    print(
        f"\n5-fold CV (threshold chosen on 4 folds by F1): picked {cv['thresholds']}, "
        f"held-out precision {cv['precision']:.3f}  recall {cv['recall']:.3f}  F1 {cv['f1']:.3f}"
    )
    return {
        "threshold": DEFAULT_THRESHOLD,
        "precision": round(m.precision, 4),
        "recall": round(m.recall, 4),
        "f1": round(m.f1, 4),
        "cv": cv,
    }


def cross_validate(pairs: list[LabelledPair], scores: list[float], folds: int = 5) -> dict:
    order = list(range(len(pairs)))
    random.Random(13).shuffle(order)
    grid = [round(0.30 + 0.05 * i, 2) for i in range(12)]
    tp = fp = fn = 0
    picked = []
    for f in range(folds):
        test = set(order[f::folds])
        train = [i for i in order if i not in test]
        best = max(grid, key=lambda t: (metrics([pairs[i] for i in train], t, [scores[i] for i in train]).f1, t))
        picked.append(best)
        m = metrics([pairs[i] for i in sorted(test)], best, [scores[i] for i in sorted(test)])
        tp, fp, fn = tp + m.tp, fp + m.fp, fn + m.fn
    p, r = tp / (tp + fp), tp / (tp + fn)
    return {"thresholds": picked, "precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4)}


# ---- synthetic province ----------------------------------------------------------------

VERBS = [
    "擅自占用",
    "非法占用",
    "违规堆放物料于",
    "未经批准设置",
    "擅自拆除、改动",
    "违规使用",
    "损坏",
    "擅自改变用途的",
    "未按规定维护",
    "违规倾倒垃圾于",
    "擅自挖掘",
    "污染",
]
OBJECTS = [
    "城市道路",
    "城市绿地",
    "耕地",
    "林地",
    "河道管理范围",
    "消防设施",
    "户外广告设施",
    "燃气设施",
    "排水设施",
    "公共场所",
    "文物保护单位",
    "水利工程设施",
    "农村公路",
    "电力设施",
    "环境卫生设施",
    "城市桥梁",
    "人防工程",
    "地下管线",
    "供水设施",
    "公共停车场",
    "市政照明设施",
    "防洪设施",
    "水土保持设施",
    "自然保护地",
    "基本农田",
    "饮用水水源保护区",
    "畜禽养殖禁养区",
    "烟花爆竹销售网点",
    "危险化学品储存场所",
    "建筑工地扬尘防治设施",
    "餐饮油烟净化设施",
    "农村生活污水处理设施",
    "渔业水域",
    "野生动物栖息地",
    "古树名木",
    "风景名胜区",
    "公共体育设施",
    "殡葬设施",
    "村庄规划区",
    "集贸市场",
    "校园周边区域",
    "铁路线路安全保护区",
    "公路建筑控制区",
    "地质灾害隐患点",
    "矿产资源",
    "草原",
    "湿地",
    "农田水利设施",
    "公共厕所",
    "垃圾中转站",
]
LAWS = [
    "《中华人民共和国城乡规划法》",
    "《中华人民共和国土地管理法》",
    "《城市道路管理条例》",
    "《中华人民共和国消防法》",
    "《中华人民共和国森林法》",
    "《城市绿化条例》",
    "《中华人民共和国水法》",
    "《城镇燃气管理条例》",
    "《中华人民共和国文物保护法》",
    "《城市市容和环境卫生管理条例》",
    "《中华人民共和国防洪法》",
    "《电力设施保护条例》",
]
PENALTY = ["对{c}的行政处罚", "{c}的处罚", "对{c}行为的查处", "{c}治理", "负责{c}的处罚工作"]
INSPECT = ["对{o}保护情况的监督检查", "{o}日常巡查", "{o}安全检查", "负责{o}巡查工作"]
LICENCE = ["{o}占用审批", "临时占用{o}许可", "{o}使用许可证核发"]
GENERAL = ["{o}管理", "{o}保护宣传", "{o}隐患排查整治", "配合开展{o}专项整治"]
ZH = "零一二三四五六七八九"


def _zh(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else ZH[tens]) + "十" if tens else "") + (ZH[ones] if ones else "")


def vocabulary(rng: random.Random) -> list[tuple[str, str, list[str], list[str]]]:
    """Duties: (key, type, wordings, articles); one law and article (and its spellings) each."""
    duties = []
    for oi, o in enumerate(OBJECTS):
        law = LAWS[oi % len(LAWS)]
        short = law.replace("中华人民共和国", "")
        for vi, v in enumerate(VERBS):
            c, art = v + o, 20 + (oi * 7 + vi * 3) % 60
            arts = [f"{law}第{_zh(art)}条", f"{short}第{art}条", f"{law}第{_zh(art)}条第一款"]
            duties.append((f"p{oi}-{vi}", "行政处罚", [t.format(c=c) for t in PENALTY], arts))
        for kind, dtype, templates in (("i", "行政检查", INSPECT), ("l", "行政许可", LICENCE), ("g", "其他", GENERAL)):
            art = 5 + (oi * 11 + len(kind)) % 15
            arts = [f"{law}第{_zh(art)}条", f"{short}第{art}条"]
            duties.append((f"{kind}{oi}", dtype, [t.format(o=o) for t in templates], arts))
    return duties


def _noise(name: str, rng: random.Random, town: str) -> str:
    if rng.random() < 0.1:
        name = f"{town}辖区内{name}"
    r = rng.random()
    if r < 0.15:
        name = f"{rng.randint(1, 40)}.{name}"
    elif r < 0.25:
        name = f"（{ZH[rng.randint(1, 9)]}）{name}"
    if rng.random() < 0.1:
        name = name.replace("、", "，") + "。"
    if rng.random() < 0.05:  # a local qualifier, sometimes naming the township's own park
        name += rng.choice(["（含集镇区）", "（农村地区）", "（城区范围）", f"（{town}工业园区）"])
    return name


Row = tuple[str, str, str, tuple[str, ...], str, str]  # id, name, type, articles, holder, line


def province(townships: int, per_town: int, seed: int) -> list[Row]:
    """Rows of a synthetic province; one jurisdiction line per township, 15 per county."""
    rng = random.Random(seed)
    duties = vocabulary(rng)
    rows: list[Row] = []
    for t in range(townships):
        town, county = f"第{t}镇", t // 15
        depts = [f"c{county}-d{d}" for d in range(25)]
        picked = rng.sample(duties, min(per_town, len(duties)))
        for k, duty in enumerate(picked):
            holder = f"t{t}" if k < 117 else rng.choice(depts)
            rows.append(_row(f"t{t}-{k}", duty, holder, town, rng))
        for k, duty in enumerate(rng.sample(picked, per_town // 25)):
            rows.append(_row(f"t{t}-o{k}", duty, rng.choice([f"t{t}", *depts]), town, rng))
    return rows


def _row(id_: str, duty: tuple, holder: str, town: str, rng: random.Random) -> Row:
    _, dtype, wordings, arts = duty
    name = _noise(rng.choice(wordings), rng, town)
    cited = (rng.choice(arts),) if rng.random() < 0.4 else ()
    if dtype != "行政处罚" and rng.random() < 0.5:
        dtype = "其他"
    return (id_, name, dtype, cited, holder, town)


def speed(townships: int, per_town: int, seed: int) -> dict[str, object]:
    t0 = time.perf_counter()
    rows = province(townships, per_town, seed)
    gen = time.perf_counter() - t0
    w0, c0 = time.perf_counter(), time.process_time()
    items = [MatchItem(i, n, d, a, None, h, j) for i, n, d, a, h, j in rows]
    prep_wall, prep_cpu = time.perf_counter() - w0, time.process_time() - c0
    w0, c0 = time.perf_counter(), time.process_time()
    cands, stats = find_candidates(items)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    print(
        f"\nprovince: {townships} lines x ~{per_town} items = {len(items):,} items "
        f"({stats.distinct_names:,} distinct normalised names); generated in {gen:.1f} s"
    )
    print(f"  build records (article parsing): wall {prep_wall:.1f} s, CPU {prep_cpu:.1f} s")
    print(f"  find_candidates (blocking + scoring): wall {wall:.1f} s, CPU {cpu:.1f} s")
    print(
        f"  blocked pairs {stats.pairs:,} (names {stats.name_pairs:,}, articles "
        f"{stats.article_pairs:,}); candidates >= {DEFAULT_THRESHOLD}: {len(cands):,}"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory of the process: {rss:,.0f} MiB")
    print(
        f"  all pairs inside lines {stats.within_line_pairs:,} "
        f"({stats.pairs / stats.within_line_pairs:.2%} blocked); all pairs {stats.all_pairs:,}"
    )
    return {
        "items": len(items),
        "distinct_names": stats.distinct_names,
        "prepare_wall_s": round(prep_wall, 2),
        "prepare_cpu_s": round(prep_cpu, 2),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "blocked_pairs": stats.pairs,
        "name_pairs": stats.name_pairs,
        "article_pairs": stats.article_pairs,
        "candidates": len(cands),
        "peak_rss_mib": round(rss),
        "within_line_pairs": stats.within_line_pairs,
        "all_pairs": stats.all_pairs,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--townships", type=int, default=1500)
    ap.add_argument("--items", type=int, default=340)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-province", action="store_true")
    args = ap.parse_args(argv)
    print(f"python {platform.python_version()} on {platform.machine()}")
    summary: dict[str, object] = {"quality": quality(load_pairs(PAIRS))}
    if not args.skip_province:
        summary["province"] = speed(args.townships, args.items, args.seed)
    print("\n" + json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
