"""What generated datasets are made of: problem rates and clauses, departments, offices,
duty catalogues and name syllables."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
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
    # --- issue 12 part A (kg.generate.party) ---
    "posts_over_allotted": 0.1,  # DL-1.1-posts: per county, allots its townships more than it received
    "posts_not_allotted": 0.1,  # DL-1.1-posts: per county, received more than it allots
    "big_committee_missing": 0.03,  # DL-2.1: township without a big committee
    "big_committee_no_member": 0.03,  # DL-2.1-members: township big committee without part-time member
    "grid_no_branch": 0.03,  # DL-2.2: per village, its grid has no Party branch
    "party_chain_broken": 0.03,  # DL-2.2: per village/community, its grid branch reports to nothing
    "compound_no_contacts": 0.03,  # DL-2.2: per community, its compound group has no contact households
    "property_no_org": 0.04,  # DL-2.3: per community, an eligible property company without Party organisation
    "no_cross_appointment": 0.03,  # DL-2.3: per community, no cross-appointment
    "member_not_reported": 0.03,  # DL-3.1: per community, an in-service member who never reported
    "member_not_placed": 0.03,  # DL-3.1: reported, placed nowhere
    "member_wrong_community": 0.03,  # DL-3.1: reported to another community of the township
    # -- issue 12 part B: per village/community (centres also per sub-district), at most one each
    "centre_below_standard": 0.05,  # DL-3.3: a sub-district or community centre below its floor area
    "cadre_missing_role": 0.03,  # DL-4.1: only the resident cadre, no pairing liaison
    "pairing_missing": 0.02,  # DL-4.2: the sending unit has no pairing with the place
    "pairing_no_project": 0.02,  # DL-4.2: a pairing without a project
    "pairing_no_leader": 0.02,  # DL-4.2: a pairing without a responsible leader
    "session_month_missing": 0.03,  # DL-4.3: one due month without a session
    "fund_amount_mismatch": 0.03,  # DL-4.4: a fund of the wrong class amount
    "fund_shares_mismatch": 0.03,  # DL-4.4: a village fund not 1:1
    "fund_missing": 0.02,  # DL-4.4: no fund record for a due year
    "fund_threshold_village": 0.01,  # DL-4.4-threshold: a village of exactly 1,500 people
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
    # --- issue 12 part A ---
    "posts_over_allotted": "DL-1.1-posts",
    "posts_not_allotted": "DL-1.1-posts",
    "big_committee_missing": "DL-2.1",
    "big_committee_no_member": "DL-2.1-members",
    "grid_no_branch": "DL-2.2",
    "party_chain_broken": "DL-2.2",
    "compound_no_contacts": "DL-2.2",
    "property_no_org": "DL-2.3",
    "no_cross_appointment": "DL-2.3",
    "member_not_reported": "DL-3.1",
    "member_not_placed": "DL-3.1",
    "member_wrong_community": "DL-3.1",
    # --- issue 12 part B ---
    "centre_below_standard": "DL-3.3",
    "cadre_missing_role": "DL-4.1",
    "pairing_missing": "DL-4.2",
    "pairing_no_project": "DL-4.2",
    "pairing_no_leader": "DL-4.2",
    "session_month_missing": "DL-4.3",
    "fund_amount_mismatch": "DL-4.4",
    "fund_shares_mismatch": "DL-4.4",
    "fund_missing": "DL-4.4",
    "fund_threshold_village": "DL-4.4-threshold",
}

#: the rule that finds a problem recorded without its own list of findings (issue 12):
#: one finding of this rule about the problem's subject, related ids unstated
PROBLEM_RULE = {
    "posts_over_allotted": "posts-over-allotted",
    "posts_not_allotted": "posts-not-allotted",
    "big_committee_missing": "big-committee-missing",
    "big_committee_no_member": "big-committee-no-part-time-member",
    "grid_no_branch": "grid-no-party-branch",
    "party_chain_broken": "party-chain-broken",
    "compound_no_contacts": "compound-group-no-contact-households",
    "property_no_org": "property-company-no-party-org",
    "no_cross_appointment": "community-no-cross-appointment",
    "member_not_reported": "in-service-member-not-reported",
    "member_not_placed": "in-service-member-not-placed",
    "member_wrong_community": "in-service-member-wrong-community",
    # --- issue 12 part B, judged at the generator's audit date (kg.generate.plan_b.GENERATOR_AS_OF),
    # before the service centres' deadline ---
    "centre_below_standard": "service-centre-below-standard-pending",
    "cadre_missing_role": "cadres-missing-role",
    "pairing_missing": "pairing-missing",
    "pairing_no_project": "pairing-no-project",
    "pairing_no_leader": "pairing-no-leader",
    "session_month_missing": "deputy-session-month-missing",
    "fund_amount_mismatch": "fund-amount-mismatch",
    "fund_shares_mismatch": "fund-shares-mismatch",
    "fund_missing": "fund-missing",
    "fund_threshold_village": "fund-village-threshold",
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
