"""Benchmark: load 20 counties' published three-lists of 340 items each.

Interpretation of the bar ("20 counties' lists of 340 items each"): 20 county
datasets, each a folder with its areas, bodies (the township government and 25 county
departments), an alias table, and one township's three-list workbook in layout C
(履行职责事项清单, XLSX, one sheet per list with title rows and a notes row): 117 basic,
99 cooperating and 124 taken-back items = 340 rows, declared as three DutyLists. About a
third of the rows cite (法律法规依据) a law down to article / paragraph / item, 关联单位 cells name one
to three departments, some by an old name resolved through the alias table.

Each dataset is read and validated (``read_dataset``: XLSX parsing, layout detection,
name resolution, citation parsing) and then written (``build_plan`` + ``write_plan``:
batched UNWIND MERGE, stale removal, superseded marking) into a fresh embedded store,
and into Neo4j as well when ``NEO4J_URI`` is set (there only this benchmark's own
datasets, ``bench-county-*``, are removed first; nothing else is touched).

    PYTHONPATH=. python benchmarks/bench_load_lists.py [--counties 20] [--towns 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml
from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.ingest.dataset import read_dataset
from kg.ingest.legal import zh_number
from kg.ingest.load import build_plan, write_plan
from kg.stores import EmbeddedStore, Neo4jSettings, Neo4jStore, Store

SIZES = {
    "基本履职事项清单": ("basic", 117),
    "配合履职事项清单": ("cooperating", 99),
    "上级部门收回事项清单": ("taken_back", 124),
}
HEADER = ["序号", "事项名称", "关联单位", "来源镇街", "上级部门职责", "镇街配合职责", "工作方式", "法律法规依据"]
DEPARTMENTS = [
    ("nr", "县自然资源和规划局", "县自然资源局"),
    ("ag", "县农业农村局", None),
    ("hc", "县住房和城乡建设局", "县住建局"),
    ("em", "县应急管理局", None),
    ("fo", "县林业和草原局", "县林业局"),
    ("ee", "县生态环境分局", None),
    ("wr", "县水利局", None),
    ("tr", "县交通运输局", None),
    ("ed", "县教育局", None),
    ("he", "县卫生健康局", "县卫健局"),
    ("cv", "县民政局", None),
    ("hr", "县人力资源和社会保障局", "县人社局"),
    ("mr", "县市场监督管理局", "县市场监管局"),
    ("ps", "县公安局", None),
    ("js", "县司法局", None),
    ("fi", "县财政局", None),
    ("st", "县统计局", None),
    ("cu", "县文化旅游体育局", "县文旅局"),
    ("va", "县退役军人事务局", None),
    ("ms", "县医疗保障局", "县医保局"),
    ("ur", "县城市管理局", "县城管局"),
    ("gr", "县粮食和物资储备局", None),
    ("ta", "县税务局", None),
    ("fd", "县消防救援大队", None),
    ("pd", "县发展和改革局", "县发改局"),
]
TOPICS = [
    "耕地保护",
    "森林防火",
    "防汛抗旱",
    "安全生产",
    "农村人居环境",
    "食品安全",
    "燃气安全",
    "河湖管护",
    "地质灾害",
    "动物防疫",
    "社会救助",
    "就业服务",
    "义务教育",
    "疾病预防",
    "文物保护",
    "道路交通",
    "市场秩序",
    "环境保护",
    "殡葬管理",
    "退役军人服务",
    "医疗保障",
    "城乡环境卫生",
    "粮食安全",
    "消防安全",
    "统计调查",
]
ACTIONS = [
    "日常巡查",
    "宣传教育",
    "隐患排查",
    "信息报送",
    "组织实施",
    "监督检查",
    "矛盾调处",
    "台账管理",
    "应急处置",
    "协助调查",
    "政策宣传",
    "数据采集",
]
LAWS = [
    "《中华人民共和国安全生产法》",
    "《中华人民共和国土地管理法》",
    "《森林防火条例》",
    "《中华人民共和国防洪法》",
    "《中华人民共和国食品安全法》",
    "《城镇燃气管理条例》",
    "《地质灾害防治条例》",
    "《中华人民共和国动物防疫法》",
]


def _basis(rng: random.Random) -> str:
    parts = []
    for i in range(rng.choice([1, 1, 2])):
        law = rng.choice(LAWS)
        ref = f"第{zh_number(rng.randint(5, 120))}条"
        if rng.random() < 0.5:
            ref += f"第{zh_number(rng.randint(1, 4))}款"
        if rng.random() < 0.3:
            ref += f"第（{zh_number(rng.randint(1, 6))}）项"
        parts.append(f"{i + 1}.{law}{ref}")
    return "\n".join(parts)


def write_county(root: Path, n: int, towns: int, rng: random.Random) -> int:
    """One county dataset folder; returns the number of list rows written."""
    cid = f"X{n:02d}"
    areas = [{"id": cid, "name": f"第{n}县", "level": "county"}]
    bodies = [
        {"id": f"{cid}-{k}", "name": name, "kind": "department", "level": "county", "area": cid}
        for k, name, _ in DEPARTMENTS
    ]
    aliases = [{"name": old, "body": f"{cid}-{k}"} for k, _, old in DEPARTMENTS if old]
    lists = []
    rows_written = 0
    for t in range(1, towns + 1):
        tid = f"{cid}-T{t}"
        areas.append({"id": tid, "name": f"第{n}县{t}镇", "level": "township", "parent": cid})
        bodies.append(
            {
                "id": f"{tid}-gov",
                "name": f"第{n}县{t}镇人民政府",
                "kind": "government",
                "level": "township",
                "area": tid,
            }
        )
        wb = Workbook()
        wb.remove(wb.active)
        for title, (kind, size) in SIZES.items():
            ws = wb.create_sheet(title)
            ws.append([f"第{n}县{t}镇履行职责事项清单"])
            ws.merge_cells("A1:H1")
            ws.append(HEADER)
            for i in range(1, size + 1):
                topic, action = TOPICS[i % len(TOPICS)], ACTIONS[(i // len(TOPICS)) % len(ACTIONS)]
                depts = rng.sample(DEPARTMENTS, rng.choice([1, 1, 2, 3]))
                related = "、".join(old if old and rng.random() < 0.3 else name for _, name, old in depts)
                upper = f"负责{topic}工作的统筹指导和监督管理。" if kind != "basic" else None
                township = f"做好{topic}{action}，发现问题及时报告。" if kind == "cooperating" else None
                mode = "由上级部门收回，镇街不再承担" if kind == "taken_back" else None
                basis = _basis(rng) if rng.random() < 0.35 else None
                ws.append(
                    [i, f"{topic}{action}（{kind[0]}{i}）", related, f"第{n}县{t}镇", upper, township, mode, basis]
                )
                rows_written += 1
            ws.append(["说明：本清单实行动态调整。"])
        file = f"lists/{tid}.xlsx"
        (root / "lists").mkdir(parents=True, exist_ok=True)
        wb.save(root / file)
        for title, (kind, _) in SIZES.items():
            lists.append(
                {
                    "id": f"{tid}-{kind}-2025",
                    "name": f"第{n}县{t}镇{title}",
                    "kind": kind,
                    "owner": f"{tid}-gov",
                    "effective_date": "2025-06-01",
                    "series": f"{tid}-{kind}",
                    "file": file,
                    "layout": "layout-c-three-lists",
                }
            )

    def dump(name, data):
        return (root / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    dump("dataset.yaml", {"id": f"bench-county-{n:02d}", "name": f"第{n}县", "lists": lists})
    dump("areas.yaml", areas)
    dump("bodies.yaml", bodies)
    dump("aliases.yaml", aliases)
    return rows_written


def run(store: Store, folders: list[Path], rows: int, label: str) -> None:
    read_s = write_s = 0.0
    nodes = rels = 0
    for folder in folders:
        t0 = time.perf_counter()
        ds = read_dataset(folder)
        t1 = time.perf_counter()
        report = write_plan(store, build_plan(ds))
        t2 = time.perf_counter()
        read_s += t1 - t0
        write_s += t2 - t1
        nodes += report.nodes_written
        rels += report.relationships_written
    total = read_s + write_s
    print(f"{label}: {len(folders)} datasets, {rows} list rows, {nodes} nodes, {rels} relationships")
    print(f"  read+validate {read_s:7.2f} s   ({rows / read_s:8.0f} rows/s)")
    print(
        f"  write         {write_s:7.2f} s   ({rows / write_s:8.0f} rows/s, {(nodes + rels) / write_s:8.0f} elements/s)"
    )
    print(f"  total         {total:7.2f} s   ({rows / total:8.0f} rows/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counties", type=int, default=20)
    parser.add_argument("--towns", type=int, default=1, help="townships (340-item three-list files) per county")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--keep", type=Path, default=None, help="write the datasets here and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-lists-"))
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    folders, rows = [], 0
    for n in range(1, args.counties + 1):
        folder = base / f"county-{n:02d}"
        shutil.rmtree(folder, ignore_errors=True)
        rows += write_county(folder, n, args.towns, rng)
        folders.append(folder)
    print(f"generated {args.counties} county datasets ({rows} rows) in {time.perf_counter() - t0:.1f} s under {base}")
    with tempfile.TemporaryDirectory(prefix="kg-bench-store-") as data_dir:
        store = EmbeddedStore(data_dir)
        try:
            store.ensure_schema()
            run(store, folders, rows, "embedded (FalkorDBLite), fresh store")
        finally:
            store.close()
    if os.environ.get("NEO4J_URI"):
        store = Neo4jStore(Neo4jSettings.from_env())
        try:
            store.ensure_schema()
            while store.run(
                "MATCH (n) WHERE n.dataset STARTS WITH 'bench-county-' WITH n LIMIT 10000 "
                "DETACH DELETE n RETURN count(*)",
                write=True,
            ).value(0):
                pass
            run(store, folders, rows, f"neo4j ({store.describe()}), benchmark datasets removed first")
        finally:
            store.close()
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
