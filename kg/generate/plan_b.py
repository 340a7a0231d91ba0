"""The plan's facts of issue 12 part B in a generated dataset: service centres (DL-3.3),
cadres sent down (DL-4.1), pairings and projects (DL-4.2), deputies' sessions (DL-4.3)
and special funds (DL-4.4), with seeded problems at known rates.

Everything is judged at :data:`GENERATOR_AS_OF`: cadres are in post since 2023-06-01,
sessions are due from three months before it (``sessions_from`` on the city), funds
exist for the years from the plan year to the year before it. Each village or community
gets at most one seeded problem, so problems do not mask one another.
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING, Any

from kg.generate.catalogue import DEPTS

if TYPE_CHECKING:
    from kg.generate.builder import _Builder, _County, _Township

#: the audit date generated datasets are meant to be audited at (``kg audit --as-of``)
GENERATOR_AS_OF = "2024-07-01"  # every generated list is in force then (the last from 2024-06-01)
#: first month deputies' sessions are due: three months before GENERATOR_AS_OF
SESSIONS_FROM = "2024-04"
SESSION_MONTHS = ("2024-04", "2024-05", "2024-06")
FUND_YEARS = (2023,)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静磊强军洋勇艳杰涛明超秀霞平刚桂"

#: per-place problems, tried in this order; a place gets the first that hits
PLACE_PROBLEMS = (
    "centre_below_standard",
    "cadre_missing_role",
    "pairing_missing",
    "pairing_no_project",
    "pairing_no_leader",
    "session_month_missing",
    "fund_amount_mismatch",
    "fund_shares_mismatch",
    "fund_missing",
    "fund_threshold_village",
)
#: problems that only a community (c) or only a village (v) can have
ONLY = {"centre_below_standard": "community", "fund_shares_mismatch": "village", "fund_threshold_village": "village"}


def _person(r: random.Random, used: set[str]) -> str:
    for _ in range(50):
        n = r.choice(SURNAMES) + r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.5 else "")
        if n not in used:
            used.add(n)
            return n
    n = f"{r.choice(SURNAMES)}{r.choice(GIVEN)}{len(used)}"
    used.add(n)
    return n


def add_plan_b(b: _Builder, county: _County, tw: _Township) -> None:
    """Centres, cadres, pairings, sessions and funds for one township and its places."""
    r = tw.rng
    places = [a for a in b.areas if a.get("parent") == tw.id and a["level"] in ("village", "community")]
    if tw.street:
        short = b.hit("centre_below_standard", r)
        m2 = r.randint(700, 950) if short else r.randint(1000, 1600)
        b.centres.append({"id": f"{tw.id}-sc", "name": f"{tw.name}党群服务中心", "area": tw.id, "floor_area_m2": m2})
        if short:
            b.problem("centre_below_standard", tw.id, tw.id, f"街道党群服务中心{m2}平方米，不足1000平方米")
    for a in places:
        _place(b, county, tw, a, r)


def _place(b: _Builder, county: _County, tw: _Township, a: dict[str, Any], r: random.Random) -> None:
    # long: one village or community's part-B facts in dependency order, with at most one seeded problem
    v, level, vname = a["id"], a["level"], a["name"]
    problem = next(
        (k for k in PLACE_PROBLEMS if ONLY.get(k, level) == level and b.hit(k, r)),
        None,
    )
    if level == "village":
        a["population"] = (
            1500 if problem == "fund_threshold_village" else r.choice((r.randint(400, 1499), r.randint(1501, 4000)))
        )
        a["population_year"] = 2023
    else:
        a["households"] = r.randint(300, 3000)
        a["households_year"] = 2023
        required = a["households"] * 30 / 100
        m2 = (
            math.floor(required * 0.8) if problem == "centre_below_standard" else math.ceil(required) + r.randint(0, 80)
        )
        b.centres.append({"id": f"{v}-sc", "name": f"{vname}党群服务中心", "area": v, "floor_area_m2": m2})
    # DL-4.1: two cadres of one county department, one per role
    dept = r.choice(DEPTS)
    unit = f"{county.id}-{dept.code}"
    used: set[str] = set()
    roles = ("resident",) if problem == "cadre_missing_role" else ("resident", "pairing_liaison")
    for i, role in enumerate(roles, 1):
        who = _person(r, used)
        b.cadres.append(
            {
                "id": f"{v}-cad{i}",
                "name": f"{county.name}{dept.name}选派{vname}{'驻村干部' if role == 'resident' else '结对共建联络员'}",
                "cadre": who,
                "unit": unit,
                "place": v,
                "role": role,
                "start_date": "2023-06-01",
                "round": "2023",
            }
        )
    # DL-4.2: the unit pairs with the place, names a leader and runs a project
    if problem != "pairing_missing":
        pairing: dict[str, Any] = {
            "id": f"{v}-pr",
            "name": f"{county.name}{dept.name}与{vname}结对共建",
            "unit": unit,
            "place": v,
        }
        if problem != "pairing_no_leader":
            pairing["leader"] = _person(r, used)
            pairing["leader_position_zh"] = f"{county.name}{dept.name}副局长"
        pairing["start_date"] = "2023-06-01"
        b.pairings.append(pairing)
        if problem != "pairing_no_project":
            b.projects.append(
                {
                    "id": f"{v}-pp1",
                    "name": f"{vname}共建项目",
                    "pairing": pairing["id"],
                    "field": r.choice(("industry", "governance", "service")),
                    "start_date": "2023-08-01",
                }
            )
    # DL-4.3: a session each month due
    skip = r.choice(SESSION_MONTHS) if problem == "session_month_missing" else None
    for month in SESSION_MONTHS:
        if month != skip:
            b.sessions.append(
                {
                    "id": f"{v}-ses-{month}",
                    "name": f"{vname}{month}社情民意恳谈",
                    "place": v,
                    "date": f"{month}-{r.randint(1, 28):02d}",
                    "participant_kinds": sorted(
                        r.sample(["npc_deputy", "party_deputy", "cppcc_member"], r.randint(1, 3))
                    ),
                }
            )
    # DL-4.4: a fund for each year due
    if problem != "fund_missing":
        for year in FUND_YEARS:
            if level == "community":
                amount, city, county_share = 200000, None, None
            else:
                amount = 100000 if a["population"] >= 1500 else 50000
                city = county_share = amount // 2
            if problem == "fund_amount_mismatch":
                amount = {200000: 150000, 100000: 50000, 50000: 100000}[amount]
                if city is not None:
                    city = county_share = amount // 2
            if problem == "fund_shares_mismatch":
                city, county_share = amount * 3 // 5, amount * 2 // 5
            fund: dict[str, Any] = {"id": f"{v}-fund-{year}", "name": f"{vname}{year}年服务群众专项经费", "place": v}
            fund.update(year=year, amount_yuan=amount)
            if city is not None:
                fund.update(city_share_yuan=city, county_share_yuan=county_share)
            b.funds.append(fund)
    if problem is None:
        return
    subject = {
        "pairing_no_project": f"{v}-pr",
        "pairing_no_leader": f"{v}-pr",
        "fund_amount_mismatch": f"{v}-fund-{FUND_YEARS[0]}",
        "fund_shares_mismatch": f"{v}-fund-{FUND_YEARS[0]}",
    }.get(problem, v)
    b.problem(problem, tw.id, subject, f"{vname}: {problem}")
