"""Generate large, realistic-looking datasets for tests and benchmarks.

``generate_dataset(path, townships=300, seed=1)`` writes a dataset folder in the tidy
format of :mod:`kg.ingest.dataset` (``dataset.yaml``, the organisation YAML files and one CSV
per duty list) for a fictional city with counties, townships, their governments,
Party committees, offices, institutions, dispatched bodies, villages/communities with
grids, county departments with their power lists (some in two versions), power grants,
unified-deployment decisions, hand-overs and per-township lists (basic, cooperating,
taken back). A 300-township dataset holds about 200 duty links (INCLUDES and
HOLDS_DUTY edges) per township in all, about 60,000: tens of thousands.

The output is a pure function of the arguments: the same ``townships`` and ``seed``
give byte-identical files. Problems are seeded on purpose at known rates
(:data:`DEFAULT_RATES`), each in its own township row so that they do not mask one
another; ``seeded_problems.yaml`` beside the data names every one of them with its
clause, township and subject, so audits can be checked against it.

Everything is invented: the names are generated, the dataset is marked illustrative.
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.ingest.dataset import TIDY_COLUMNS

#: seeded problems: the share of townships (or of hand-overs / dispatched bodies) that get one
DEFAULT_RATES: dict[str, float] = {
    "overlap": 0.05,  # DL-1.3-list: a basic-list row with two township leads
    "gap": 0.05,  # DL-1.3-list: a basic-list row with neither lead nor cooperating body
    "cooperating_orphan": 0.03,  # DL-1.3-list: a row with cooperating bodies but no lead
    "unrecorded_handover": 0.04,  # DL-1.3-access: a township leads a department's duty, no hand-over
    "taken_back_still_held": 0.03,  # DL-1.3-access: a taken-back duty still on the basic list
    "handover_without_decision": 0.06,  # DL-1.3-access: per hand-over, no decision at all
    "handover_wrong_decision": 0.03,  # DL-1.3-access: per hand-over, a department's own notice
    "missing_party_office": 0.03,  # DL-1.1-office: township without a Party Building Work Office
    "missing_power": 0.03,  # DL-1.2a: township Party committee lacks one of the four powers
    "missing_personnel_advice": 0.05,  # DL-1.2b: per still-dispatched body, no assessment input
    "enforcement_unguided": 0.04,  # DL-1.2c: township enforcement power without a guiding department
}

PROBLEM_CLAUSE = {
    "overlap": "DL-1.3-list",
    "gap": "DL-1.3-list",
    "cooperating_orphan": "DL-1.3-list",
    "unrecorded_handover": "DL-1.3-access",
    "taken_back_still_held": "DL-1.3-access",
    "handover_without_decision": "DL-1.3-access",
    "handover_wrong_decision": "DL-1.3-access",
    "missing_party_office": "DL-1.1-office",
    "missing_power": "DL-1.2a",
    "missing_personnel_advice": "DL-1.2b",
    "enforcement_unguided": "DL-1.2c",
}

TOWNSHIPS_PER_COUNTY = 12

# --------------------------------------------------------------------------- catalogues


@dataclass(frozen=True)
class Dept:
    code: str
    name: str  # suffix after the county name
    dispatched: str | None  # name suffix of the body it sends into townships, if any
    law: str
    objects: tuple[str, ...]


DEPTS: tuple[Dept, ...] = (
    Dept("ga", "公安局", "派出所", "《中华人民共和国治安管理处罚法》", ("户籍", "流动人口", "烟花爆竹燃放", "犬只")),
    Dept(
        "sf", "司法局", "司法所", "《中华人民共和国人民调解法》", ("人民调解组织", "法律援助", "社区矫正", "普法宣传")
    ),
    Dept(
        "sj",
        "市场监督管理局",
        "市场监督管理所",
        "《中华人民共和国食品安全法》",
        ("食品经营", "食品小作坊", "特种设备", "计量器具"),
    ),
    Dept(
        "zr",
        "自然资源局",
        "自然资源所",
        "《中华人民共和国土地管理法》",
        ("耕地保护", "农村宅基地", "矿产资源", "地质灾害"),
    ),
    Dept("cz", "财政局", "财政所", "《中华人民共和国预算法》", ("惠农补贴", "村级财务", "政府采购", "国有资产")),
    Dept(
        "zf",
        "综合行政执法局",
        "综合行政执法队",
        "《中华人民共和国行政处罚法》",
        ("违法建设", "占道经营", "户外广告", "建筑垃圾"),
    ),
    Dept("ny", "农业农村局", None, "《中华人民共和国农业法》", ("秸秆焚烧", "农药经营", "动物防疫", "农村集体资产")),
    Dept(
        "hb", "生态环境局", None, "《中华人民共和国环境保护法》", ("畜禽养殖污染", "扬尘污染", "噪声污染", "饮用水水源")
    ),
    Dept(
        "yj", "应急管理局", None, "《中华人民共和国安全生产法》", ("危险化学品", "烟花爆竹经营", "防汛抗旱", "森林防火")
    ),
    Dept(
        "zj", "住房和城乡建设局", None, "《中华人民共和国建筑法》", ("农村危房", "燃气经营", "物业管理", "建设工程质量")
    ),
)

#: actions on a department's objects: (name suffix, duty type)
DEPT_ACTIONS: tuple[tuple[str, str], ...] = (
    ("监督检查", "行政检查"),
    ("违法行为查处", "行政处罚"),
    ("许可审批", "行政许可"),
    ("信息登记", "行政确认"),
)

#: township duty domains: (name, duty type, legal basis, lead office)
TOWNSHIP_DOMAINS: tuple[tuple[str, str, str, str], ...] = (
    ("基层党组织建设", "其他", "《中国共产党支部工作条例（试行）》", "djb"),
    ("党员教育管理", "其他", "《中国共产党党员教育管理工作条例》", "djb"),
    ("城乡居民最低生活保障", "行政给付", "《社会救助暂行办法》", "zhb"),
    ("特困人员供养", "行政给付", "《社会救助暂行办法》", "zhb"),
    ("临时救助", "行政给付", "《社会救助暂行办法》", "zhb"),
    ("残疾人服务", "公共服务", "《中华人民共和国残疾人保障法》", "zhb"),
    ("养老服务", "公共服务", "《中华人民共和国老年人权益保障法》", "zhb"),
    ("退役军人服务", "公共服务", "《退役军人保障法》", "zhb"),
    ("就业创业服务", "公共服务", "《中华人民共和国就业促进法》", "fwzx"),
    ("城乡居民社会保险", "公共服务", "《中华人民共和国社会保险法》", "fwzx"),
    ("生产经营单位安全生产", "行政检查", "《中华人民共和国安全生产法》", "pab"),
    ("矛盾纠纷排查化解", "其他", "《中华人民共和国人民调解法》", "pab"),
    ("信访事项", "其他", "《信访工作条例》", "pab"),
    ("网格化服务管理", "其他", "《辽宁省网格化服务管理条例》", "pab"),
    ("消防安全", "行政检查", "《中华人民共和国消防法》", "pab"),
    ("防汛抗旱", "其他", "《中华人民共和国防洪法》", "pab"),
    ("森林防火", "其他", "《森林防火条例》", "pab"),
    ("环境卫生", "公共服务", "《城市市容和环境卫生管理条例》", "jjb"),
    ("农村人居环境整治", "其他", "《中华人民共和国乡村振兴促进法》", "jjb"),
    ("农业生产", "公共服务", "《中华人民共和国农业法》", "jjb"),
    ("统计调查", "其他", "《中华人民共和国统计法》", "jjb"),
    ("文化体育活动", "公共服务", "《中华人民共和国公共文化服务保障法》", "zhb"),
    ("妇女儿童权益保障", "其他", "《中华人民共和国妇女权益保障法》", "zhb"),
    ("征兵", "其他", "《中华人民共和国兵役法》", "zhb"),
)
TOWNSHIP_ACTIONS: tuple[str, ...] = ("组织实施", "宣传教育", "排查登记", "申请受理和初审")

OFFICES: tuple[tuple[str, str, str, str], ...] = (
    # code, name, office_type, parent (pc or gov)
    ("djb", "党建工作办公室", "party_building", "pc"),
    ("zhb", "综合事务办公室", "comprehensive", "gov"),
    ("pab", "平安建设办公室", "comprehensive", "gov"),
    ("jjb", "经济发展办公室", "comprehensive", "gov"),
)

COUNTY_SYL = "东西南北中金银青白红松柏桃李梅兰竹菊安宁泰和丰华兴盛长永清明"
TOWN_SYL = "湖滨桥南松岭白杨鹤山城关新民园区河口石门柳林花园石桥凤鸣龙泉云台海湾桂树杏坛水源"
VILLAGE_SYL = "东南西北前后上下大小新老高"

POWER_NAMES = {
    "integrated_management": "综合管理权",
    "coordination": "统筹协调权",
    "emergency_handling": "应急处置权",
    "participation_advice": "参与权和建议权",
}


# --------------------------------------------------------------------------- result


@dataclass
class GeneratedDataset:
    """What :func:`generate_dataset` wrote."""

    path: Path
    townships: int
    seed: int
    counties: int
    duty_links: int  # INCLUDES + HOLDS_DUTY edges the lists will give
    lists: int
    problems: list[dict[str, Any]] = field(default_factory=list)

    def problem_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(p["problem"] for p in self.problems).items()))


# --------------------------------------------------------------------------- helpers


def _name(rng: random.Random, syllables: str, used: set[str], n: int = 2) -> str:
    for _ in range(200):
        s = "".join(rng.choice(syllables) for _ in range(n))
        if s not in used:
            used.add(s)
            return s
    s = f"{''.join(rng.choice(syllables) for _ in range(n))}{len(used)}"
    used.add(s)
    return s


def _dump_yaml(path: Path, header: str, data: Any) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(header + text, encoding="utf-8")


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(TIDY_COLUMNS), lineterminator="\n")
    w.writeheader()
    for i, r in enumerate(rows, start=1):
        w.writerow({"seq": str(i), **{c: r.get(c, "") for c in TIDY_COLUMNS if c != "seq"}})
    path.write_text(buf.getvalue(), encoding="utf-8")


def _dept_duties(dept: Dept) -> list[dict[str, str]]:
    """A department's own duty items (shared ids across counties)."""
    out = []
    for oi, obj in enumerate(dept.objects, start=1):
        for ai, (action, dtype) in enumerate(DEPT_ACTIONS, start=1):
            out.append(
                {
                    "duty_id": f"gp-{dept.code}-{oi}{ai}",
                    "name": f"{obj}{action}",
                    "duty_type": dtype,
                    "legal_basis": dept.law,
                }
            )
    return out


def _handover_duties(dept: Dept) -> list[dict[str, str]]:
    """Duties a department may hand over to townships (on its superseded list only)."""
    return [
        {
            "duty_id": f"gh-{dept.code}-{oi}",
            "name": f"{obj}一般违法行为查处（可下放）",
            "duty_type": "行政处罚",
            "legal_basis": dept.law,
        }
        for oi, obj in enumerate(dept.objects[:2], start=1)
    ]


def _township_duties() -> list[dict[str, str]]:
    out = []
    for di, (domain, dtype, basis, office) in enumerate(TOWNSHIP_DOMAINS, start=1):
        for ai, action in enumerate(TOWNSHIP_ACTIONS, start=1):
            out.append(
                {
                    "duty_id": f"gb-{di:02d}{ai}",
                    "name": f"{domain}{action}",
                    "duty_type": dtype,
                    "legal_basis": basis,
                    "office": office,
                }
            )
    return out


# --------------------------------------------------------------------------- generator


@dataclass(frozen=True)
class _County:
    id: str
    index: int
    name: str
    unified_deployment: str  # decision id
    notice: str  # a department notice that is not a unified deployment


@dataclass
class _Township:
    id: str
    name: str
    street: bool
    subtype: str
    pc_name: str
    rng: random.Random
    offices: list[tuple[str, str, str, str]] = field(default_factory=list)
    office_ids: dict[str, str] = field(default_factory=dict)
    dispatched: list[tuple[Dept, str, str]] = field(default_factory=list)  # (department, body id, status)
    villages: list[str] = field(default_factory=list)  # committee ids

    def own_bodies(self) -> list[str]:
        """The township's own bodies: offices, service centre and integrated dispatched bodies."""
        return (
            [f"{self.id}-{code}" for code, *_ in self.offices]
            + [f"{self.id}-fwzx"]
            + [b for _, b, s in self.dispatched if s == "integrated"]
        )


@dataclass
class _Builder:
    """The rows of a generated dataset while it is made, and the files it becomes."""

    root: Path
    rates: dict[str, float]
    basic_duties: tuple[int, int]
    cooperating_duties: tuple[int, int]
    areas: list[dict[str, Any]] = field(default_factory=list)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    grants: list[dict[str, Any]] = field(default_factory=list)
    handovers: list[dict[str, Any]] = field(default_factory=list)
    lists: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    links: int = 0
    new_posts_total: int = 0
    town_catalogue: list[dict[str, str]] = field(default_factory=_township_duties)
    dept_catalogue: dict[str, list[dict[str, str]]] = field(
        default_factory=lambda: {d.code: _dept_duties(d) for d in DEPTS}
    )
    handover_catalogue: dict[str, list[dict[str, str]]] = field(
        default_factory=lambda: {d.code: _handover_duties(d) for d in DEPTS}
    )

    def add_list(
        self,
        list_id: str,
        name: str,
        kind: str,
        owner: str,
        date: str,
        rows: list[dict[str, str]],
        series: str | None = None,
    ) -> None:
        spec: dict[str, Any] = {"id": list_id, "name": name, "kind": kind, "owner": owner, "effective_date": date}
        if series:
            spec["series"] = series
        spec["file"] = f"lists/{list_id}.csv"
        self.lists.append(spec)
        _write_csv(self.root / spec["file"], rows)
        for r in rows:
            self.links += (
                1
                + len([x for x in r.get("lead", "").split(";") if x])
                + len([x for x in r.get("cooperating", "").split(";") if x])
            )

    def problem(self, kind: str, township: str, subject: str, note: str) -> None:
        self.problems.append(
            {"problem": kind, "clause": PROBLEM_CLAUSE[kind], "township": township, "subject": subject, "note": note}
        )

    def hit(self, kind: str, r: random.Random) -> bool:
        return r.random() < self.rates[kind]

    # ----------------------------------------------------------------- city and counties

    def add_city(self, city: str) -> None:
        self.areas.append({"id": city, "name": "生成市", "level": "city", "code": "980000"})
        self.bodies += [
            {"id": f"{city}-pc", "name": "中共生成市委员会", "kind": "party_committee", "level": "city", "area": city},
            {"id": f"{city}-gov", "name": "生成市人民政府", "kind": "government", "level": "city", "area": city},
        ]

    def add_county(self, city: str, ci: int, rng: random.Random, county_names: set[str]) -> _County:
        c = f"gc{ci:02d}"
        cname = _name(rng, COUNTY_SYL, county_names) + rng.choice(("区", "县"))
        self.areas.append({"id": c, "name": cname, "level": "county", "parent": city, "code": f"98{ci:04d}"})
        self.bodies += [
            {"id": f"{c}-pc", "name": f"中共{cname}委员会", "kind": "party_committee", "level": "county", "area": c},
            {"id": f"{c}-gov", "name": f"{cname}人民政府", "kind": "government", "level": "county", "area": c},
        ]
        for d in DEPTS:
            self.bodies.append(
                {
                    "id": f"{c}-{d.code}",
                    "name": f"{cname}{d.name}",
                    "kind": "department",
                    "level": "county",
                    "area": c,
                    "parent": f"{c}-gov",
                }
            )
        # the county's unified deployment, and one department notice that is not one
        ud = f"{c}-dec-ud"
        issuer = f"{c}-pc" if ci % 2 else f"{c}-gov"
        self.decisions.append(
            {
                "id": ud,
                "name": f"{cname}关于推进乡镇（街道）赋权扩能工作的统一部署",
                "kind": "unified_deployment",
                "issuer": issuer,
                "date": "2023-03-15",
                "document_no": f"生委发〔2023〕{ci}号",
            }
        )
        notice_dept = DEPTS[ci % len(DEPTS)]
        notice = f"{c}-dec-{notice_dept.code}-notice"
        self.decisions.append(
            {
                "id": notice,
                "name": f"{cname}{notice_dept.name}关于委托乡镇开展日常检查的通知",
                "kind": "other",
                "issuer": f"{c}-{notice_dept.code}",
                "date": "2024-02-20",
                "document_no": f"生{notice_dept.code}发〔2024〕{ci}号",
            }
        )
        county = _County(c, ci, cname, ud, notice)
        self.add_department_lists(county)
        return county

    def add_department_lists(self, county: _County) -> None:
        """Department power lists: current 2024 version; every third department also has a
        superseded 2023 version that still holds the duties it later handed over."""
        c, cname = county.id, county.name
        for di, d in enumerate(DEPTS):
            own = [{**row, "lead": f"{c}-{d.code}"} for row in self.dept_catalogue[d.code]]
            series = f"list-{c}-{d.code}"
            title = f"{cname}{d.name}权责清单"
            if (county.index + di) % 3 == 0:
                old = own[:-2] + [{**row, "lead": f"{c}-{d.code}"} for row in self.handover_catalogue[d.code]]
                owner = f"{c}-{d.code}"
                self.add_list(
                    f"{series}-2023", f"{title}（2023年版）", "power", owner, "2023-01-01", old, series=series
                )
                self.add_list(
                    f"{series}-2024", f"{title}（2024年版）", "power", owner, "2024-06-01", own, series=series
                )
            else:
                self.add_list(f"{series}-2024", f"{title}（2024年版）", "power", f"{c}-{d.code}", "2024-03-01", own)

    # ----------------------------------------------------------------- townships

    def add_township(self, county: _County, ti: int, seed: int, town_names: set[str]) -> None:
        c, ci = county.id, county.index
        t = f"{c}-t{ti:02d}"
        r = random.Random(f"kg-generate:{seed}:{t}")
        street = r.random() < 0.4
        subtype = "街道" if street else r.choice(("镇", "乡"))
        tname = _name(r, TOWN_SYL, town_names) + subtype
        self.areas.append(
            {
                "id": t,
                "name": tname,
                "level": "township",
                "parent": c,
                "subtype": subtype,
                "code": f"98{ci:04d}{ti:03d}",
            }
        )
        pc_name = f"{tname}党工委" if street else f"中共{tname}委员会"
        tw = _Township(t, tname, street, subtype, pc_name, r)
        self.add_township_bodies(tw)
        self.add_dispatched_bodies(county, tw)
        self.add_villages(tw)
        self.add_power_grants(county, tw)
        handed = self.add_handovers(county, tw)
        basic = self.basic_list(tw, handed)
        dept_rows = [(d, row) for d in DEPTS for row in self.dept_catalogue[d.code]]
        if self.hit("unrecorded_handover", r):
            d, row = r.choice(dept_rows)
            basic.append({**row, "lead": f"{t}-pab" if "pab" in tw.office_ids else f"{t}-gov"})
            self.problem("unrecorded_handover", t, row["duty_id"], f"承担{d.name}清单事项但无交办记录")
        coop, back = self.cooperating_and_taken_back(county, tw, basic, dept_rows)
        if self.hit("taken_back_still_held", r):
            row = back[0]
            basic.append({**{k: row[k] for k in ("duty_id", "name", "duty_type", "legal_basis")}, "lead": f"{t}-gov"})
            self.problem("taken_back_still_held", t, row["duty_id"], "已收回事项仍在基本履职事项清单中")
        gov = f"{t}-gov"
        self.add_list(f"list-{t}-basic", f"{tname}基本履职事项清单", "basic", gov, "2024-01-01", basic)
        self.add_list(f"list-{t}-coop", f"{tname}配合履职事项清单", "cooperating", gov, "2024-01-01", coop)
        self.add_list(f"list-{t}-back", f"{tname}上级部门收回事项清单", "taken_back", gov, "2024-01-01", back)

    def add_township_bodies(self, tw: _Township) -> None:
        t, tname, r = tw.id, tw.name, tw.rng
        gov_name = f"{tname}办事处" if tw.street else f"{tname}人民政府"
        new_posts = r.randint(3, 7)
        self.new_posts_total += new_posts
        self.bodies += [
            {"id": f"{t}-pc", "name": tw.pc_name, "kind": "party_committee", "level": "township", "area": t},
            {
                "id": f"{t}-gov",
                "name": gov_name,
                "kind": "government",
                "level": "township",
                "area": t,
                "staffing_posts": r.randint(40, 90),
                "new_posts": new_posts,
            },
        ]
        offices = list(OFFICES)
        if self.hit("missing_party_office", r):
            offices = [o for o in offices if o[0] != "djb"]
            self.problem("missing_party_office", t, t, f"{tname}没有单独设立党建工作办公室")
        for code, oname, otype, parent in offices:
            self.bodies.append(
                {
                    "id": f"{t}-{code}",
                    "name": f"{tname}{oname}",
                    "kind": "office",
                    "level": "township",
                    "area": t,
                    "parent": f"{t}-{parent}",
                    "office_type": otype,
                }
            )
        self.bodies.append(
            {
                "id": f"{t}-fwzx",
                "name": f"{tname}便民服务中心",
                "kind": "institution",
                "level": "township",
                "area": t,
                "parent": f"{t}-gov",
            }
        )
        tw.offices = offices
        tw.office_ids = {code: f"{t}-{code}" for code, *_ in offices}
        tw.office_ids["fwzx"] = f"{t}-fwzx"
        tw.office_ids.setdefault("djb", f"{t}-pc")  # without the office the Party committee leads Party duties

    def add_dispatched_bodies(self, county: _County, tw: _Township) -> None:
        """The departments that send a body; some are integrated into the township (DL-1.1)."""
        r = tw.rng
        for d in DEPTS:
            if d.dispatched is None or (d.code in ("cz", "zf") and r.random() < 0.3):
                continue
            status = "integrated" if d.code in ("cz", "zr") and r.random() < 0.5 else "dispatched"
            bid = f"{tw.id}-{d.code}s"
            self.bodies.append(
                {
                    "id": bid,
                    "name": f"{tw.name[: -len(tw.subtype)] or tw.name}{d.dispatched}",
                    "kind": "dispatched",
                    "level": "township",
                    "area": tw.id,
                    "dispatched_by": f"{county.id}-{d.code}",
                    "dispatch_status": status,
                }
            )
            tw.dispatched.append((d, bid, status))

    def add_villages(self, tw: _Township) -> None:
        """Villages / communities, each with its committee and one grid."""
        r, street = tw.rng, tw.street
        vnames: set[str] = set()
        for vi in range(1, r.randint(2, 4) + 1):
            level = "community" if street else "village"
            vname = _name(r, VILLAGE_SYL, vnames) + ("社区" if street else "村")
            v = f"{tw.id}-v{vi}"
            self.areas.append({"id": v, "name": vname, "level": level, "parent": tw.id})
            self.areas.append({"id": f"{v}-g1", "name": f"{vname}第一网格", "level": "grid", "parent": v})
            committee = f"{v}-cwh"
            self.bodies.append(
                {
                    "id": committee,
                    "name": f"{vname}{'居民' if street else '村民'}委员会",
                    "kind": "village_committee",
                    "level": level,
                    "area": v,
                }
            )
            tw.villages.append(committee)

    def add_power_grants(self, county: _County, tw: _Township) -> None:
        """Power grants (DL-1.2): the Party committee's powers, personnel advice over
        dispatched bodies, and the government's law enforcement."""
        t, tname, pc_name, r = tw.id, tw.name, tw.pc_name, tw.rng
        powers = list(POWER_NAMES)
        if self.hit("missing_power", r):
            dropped = r.choice(powers)
            powers.remove(dropped)
            self.problem("missing_power", t, f"{t}-pc", f"{pc_name}缺少{POWER_NAMES[dropped]}")
        for p in powers:
            self.grants.append(
                {
                    "id": f"pg-{t}-{p}",
                    "name": f"{pc_name}{POWER_NAMES[p]}",
                    "holder": f"{t}-pc",
                    "power": p,
                    "subject": t,
                }
            )
        for d, bid, status in tw.dispatched:
            if status != "dispatched":
                continue
            aspects = ["assessment", "appointment"]
            if self.hit("missing_personnel_advice", r):
                aspects.remove("assessment")
                self.problem("missing_personnel_advice", t, bid, f"{pc_name}对{d.dispatched}工作考核没有建议意见权")
            for aspect in aspects:
                label = "工作考核" if aspect == "assessment" else "主要负责同志任免"
                self.grants.append(
                    {
                        "id": f"pg-{bid}-{aspect}",
                        "name": f"对{tname}{d.dispatched}{label}的建议意见权",
                        "holder": f"{t}-pc",
                        "power": "personnel_advice",
                        "subject": bid,
                        "aspect": aspect,
                    }
                )
        le: dict[str, Any] = {
            "id": f"pg-{t}-le",
            "name": f"{tname}以自身名义行使的行政执法权",
            "holder": f"{t}-gov",
            "power": "law_enforcement",
            "subject": t,
            "legal_basis": "《中华人民共和国行政处罚法》第二十四条；《生成市赋予乡镇（街道）行政执法权决定》",
        }
        if self.hit("enforcement_unguided", r):
            self.problem("enforcement_unguided", t, le["id"], f"{tname}的行政执法权没有业务指导部门")
        else:
            le["guided_by"] = f"{county.id}-zf"
        self.grants.append(le)

    def add_handovers(self, county: _County, tw: _Township) -> list[dict[str, str]]:
        """Hand-overs from departments to the township government; the rows they add to its basic list."""
        c, t, r, rates = county.id, tw.id, tw.rng, self.rates
        handed: list[dict[str, str]] = []
        pool = [(d, row) for d in DEPTS for row in self.handover_catalogue[d.code]]
        for d, row in r.sample(pool, r.randint(2, 4)):
            hid = f"ho-{t}-{row['duty_id']}"
            mode = r.choice(("下放", "委托"))
            ho: dict[str, Any] = {
                "id": hid,
                "name": f"{county.name}{d.name}向{tw.name}{mode}{row['name'].removesuffix('（可下放）')}",
                "duty": row["duty_id"],
                "from_body": f"{c}-{d.code}",
                "to_body": f"{t}-gov",
                "mode": mode,
                "date": "2023-04-01",
            }
            roll = r.random()
            if roll < rates["handover_without_decision"]:
                self.problem("handover_without_decision", t, hid, "没有统一部署的决定")
            elif roll < rates["handover_without_decision"] + rates["handover_wrong_decision"]:
                ho["decision"] = county.notice
                self.problem("handover_wrong_decision", t, hid, "依据的是部门通知而非统一部署")
            else:
                ho["decision"] = county.unified_deployment
            self.handovers.append(ho)
            handed.append(dict(row.items()) | {"lead": f"{t}-gov"})
        return handed

    def basic_list(self, tw: _Township, handed: list[dict[str, str]]) -> list[dict[str, str]]:
        """Township duties, seeded problems (each on a distinct row) and the handed-over duties."""
        t, r = tw.id, tw.rng
        own_bodies = tw.own_bodies()
        chosen = sorted(r.sample(range(len(self.town_catalogue)), r.randint(*self.basic_duties)))
        basic: list[dict[str, str]] = []
        for i in chosen:
            row = {k: v for k, v in self.town_catalogue[i].items() if k != "office"}
            row["lead"] = tw.office_ids.get(self.town_catalogue[i]["office"], f"{t}-gov")
            if r.random() < 0.3:
                row["cooperating"] = r.choice(tw.villages + [b for b in own_bodies if b != row["lead"]])
            basic.append(row)
        free = list(range(len(basic)))
        r.shuffle(free)
        if self.hit("overlap", r):
            row = basic[free.pop()]
            other = next(b for b in own_bodies if b != row["lead"])
            row["lead"] = f"{row['lead']};{other}"
            row.pop("cooperating", None)
            self.problem("overlap", t, row["duty_id"], "两个乡镇机构同时牵头")
        if self.hit("gap", r):
            row = basic[free.pop()]
            row["lead"] = ""
            row.pop("cooperating", None)
            self.problem("gap", t, row["duty_id"], "既无牵头单位也无配合单位")
        if self.hit("cooperating_orphan", r):
            row = basic[free.pop()]
            row["cooperating"] = row["lead"]
            row["lead"] = ""
            self.problem("cooperating_orphan", t, row["duty_id"], "只有配合单位没有牵头单位")
        return basic + handed

    def cooperating_and_taken_back(
        self, county: _County, tw: _Township, basic: list[dict[str, str]], dept_rows: list[tuple[Dept, dict[str, str]]]
    ) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        """Department duties the township helps with, and those the county took back from it."""
        c, t, r = county.id, tw.id, tw.rng
        coop: list[dict[str, str]] = []
        used_duties = {row["duty_id"] for row in basic}
        for d, row in r.sample(dept_rows, r.randint(*self.cooperating_duties)):
            if row["duty_id"] in used_duties:
                continue
            helpers = [b for dd, b, _ in tw.dispatched if dd.code == d.code] or [f"{t}-gov"]
            if r.random() < 0.5:
                helpers.append(r.choice(tw.own_bodies()))
            coop.append({**row, "lead": f"{c}-{d.code}", "cooperating": ";".join(dict.fromkeys(helpers))})
            used_duties.add(row["duty_id"])
        back: list[dict[str, str]] = []
        candidates = [(d, row) for d, row in dept_rows if row["duty_id"] not in used_duties]
        for d, row in r.sample(candidates, r.randint(1, 3)):
            back.append({**row, "lead": f"{c}-{d.code}"})
        return coop, back

    # ----------------------------------------------------------------- files

    def write(self, ds_id: str, townships: int, seed: int) -> None:
        header = "# 生成的示例数据（虚构，仅供测试，非官方数据）/ generated test data, not official\n"
        description = (
            f"GENERATED, NOT OFFICIAL: kg.generate with townships={townships}, seed={seed}. "
            f"Problems are seeded on purpose; seeded_problems.yaml lists them. "
            f"{self.new_posts_total} new posts allotted in all."
        )
        _dump_yaml(
            self.root / "dataset.yaml",
            header,
            {
                "id": ds_id,
                "name": f"生成市基层治理职责与权力数据（虚构，{townships}个乡镇，种子{seed}）",
                "description": description,
                "illustrative": True,
                "lists": self.lists,
            },
        )
        _dump_yaml(self.root / "areas.yaml", header, self.areas)
        _dump_yaml(self.root / "bodies.yaml", header, self.bodies)
        _dump_yaml(self.root / "decisions.yaml", header, self.decisions)
        _dump_yaml(self.root / "powers.yaml", header, self.grants)
        _dump_yaml(self.root / "handovers.yaml", header, self.handovers)
        _dump_yaml(
            self.root / "seeded_problems.yaml",
            header,
            {
                "townships": townships,
                "seed": seed,
                "rates": self.rates,
                "counts": dict(sorted(Counter(p["problem"] for p in self.problems).items())),
                "problems": self.problems,
            },
        )


def generate_dataset(
    path: str | Path,
    townships: int = 300,
    seed: int = 1,
    *,
    townships_per_county: int = TOWNSHIPS_PER_COUNTY,
    basic_duties: tuple[int, int] = (40, 55),
    cooperating_duties: tuple[int, int] = (10, 18),
    rates: dict[str, float] | None = None,
    dataset_id: str | None = None,
) -> GeneratedDataset:
    """Write a generated dataset folder at ``path`` (created; existing files overwritten).

    ``basic_duties`` and ``cooperating_duties`` bound the rows of each township's basic
    and cooperating lists. ``rates`` overrides entries of :data:`DEFAULT_RATES`.
    """
    if townships < 1:
        raise ValueError("townships must be at least 1")
    rates = {**DEFAULT_RATES, **(rates or {})}
    unknown = set(rates) - set(DEFAULT_RATES)
    if unknown:
        raise ValueError(f"unknown problem rates: {', '.join(sorted(unknown))}")
    root = Path(path)
    (root / "lists").mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"kg-generate:{seed}")
    builder = _Builder(root, rates, basic_duties, cooperating_duties)
    city = "gc"
    builder.add_city(city)
    n_counties = max(1, -(-townships // townships_per_county))
    county_names: set[str] = set()
    town_names: set[str] = set()
    t_index = 0
    for ci in range(1, n_counties + 1):
        county = builder.add_county(city, ci, rng, county_names)
        in_county = min(townships_per_county, townships - t_index)
        for ti in range(1, in_county + 1):
            t_index += 1
            builder.add_township(county, ti, seed, town_names)
    builder.write(dataset_id or f"generated-{townships}-s{seed}", townships, seed)
    return GeneratedDataset(
        path=root,
        townships=townships,
        seed=seed,
        counties=n_counties,
        duty_links=builder.links,
        lists=len(builder.lists),
        problems=builder.problems,
    )
