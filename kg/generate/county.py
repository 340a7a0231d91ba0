"""The city and counties of a generated dataset: their areas, bodies, decisions and
department lists (a mixin of :class:`kg.generate.builder._Builder`, whose rows it shares)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from kg.generate.catalogue import COUNTY_SYL, DEPTS, _name
from kg.generate.plan_b import SESSIONS_FROM


@dataclass(frozen=True)
class _County:
    id: str
    index: int
    name: str
    unified_deployment: str  # decision id
    notice: str  # a department notice that is not a unified deployment


class _CityAndCounties:
    """Methods of the builder that add the city and its counties (a mixin of
    :class:`kg.generate.builder._Builder`, whose rows it shares)."""

    areas: list[dict[str, Any]]
    bodies: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    dept_catalogue: dict[str, list[dict[str, str]]]
    handover_catalogue: dict[str, list[dict[str, str]]]
    prefix: str  # "" or a province's id prefix ("p03-")

    @property
    def province(self) -> int | None:
        """The number of the province of a generated country (``p03-``: 3), or None."""
        return int(self.prefix[1:-1]) if self.prefix else None

    @property
    def region(self) -> str:
        """The place name the generated province and city share: 生成 (生成省, 生成市), or
        生成3 for province 3 of a generated country (生成3省, 生成3市)."""
        return f"生成{self.province}" if self.province else "生成"

    @property
    def area_code(self) -> str:
        """The first two digits of the generated 行政区划代码: 98, or the province's number."""
        return f"{self.province:02d}" if self.province else "98"

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
        raise NotImplementedError

    def add_city(self, city: str) -> None:
        province = f"{city}-province"
        g, code = self.region, self.area_code
        self.areas.append({"id": province, "name": f"{g}省", "level": "province"})
        self.areas.append(
            {
                "id": city,
                "name": f"{g}市",
                "level": "city",
                "parent": province,
                "code": f"{code}0000",
                "sessions_from": SESSIONS_FROM,
            }
        )
        self.bodies += [
            {
                "id": f"{province}-gov",
                "name": f"{g}省人民政府",
                "kind": "government",
                "level": "province",
                "area": province,
            },
            {"id": f"{city}-pc", "name": f"中共{g}市委员会", "kind": "party_committee", "level": "city", "area": city},
            {"id": f"{city}-gov", "name": f"{g}市人民政府", "kind": "government", "level": "city", "area": city},
        ]
        # the province's published decision under 行政处罚法 art. 24: every penalty item a
        # department may devolve (the generator's hand-overs are all 下放) is conferred on
        # every township of the province (devolved-enforcement-no-province-decision, DL-1.2c)
        self.decisions.append(
            {
                "id": f"{province}-dec-penalty",
                "name": f"{g}省人民政府关于赋予乡镇人民政府、街道办事处部分行政处罚权的决定",
                "kind": "conferment",
                "issuer": f"{province}-gov",
                "date": "2022-08-01",
                "document_no": "生政发〔2022〕8号",
                "published": True,
                "items": sorted(row["duty_id"] for rows in self.handover_catalogue.values() for row in rows),
                "all_townships_of": [province],
            }
        )

    def add_county(self, city: str, ci: int, rng: random.Random, county_names: set[str]) -> _County:
        c = f"{self.prefix}gc{ci:02d}"
        cname = _name(rng, COUNTY_SYL, county_names) + rng.choice(("区", "县"))
        self.areas.append(
            {"id": c, "name": cname, "level": "county", "parent": city, "code": f"{self.area_code}{ci:04d}"}
        )
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
        self.decisions.append(
            {
                "id": ud,
                "name": f"{cname}关于推进乡镇（街道）赋权扩能工作的统一部署",
                "kind": "unified_deployment",
                # a joint document of the Party committee and the government (两办), as the
                # plan's "党委和政府统一部署" asks: no single-issuer ambiguity (DL-1.3-access)
                "issuers": [f"{c}-pc", f"{c}-gov"],
                "date": "2023-03-15",
                "document_no": f"生委办发〔2023〕{ci}号",
                # scope (issue 11): every township of the county; the items it authorises
                # are added as hand-overs are made on it
                "items": [],
                "all_townships_of": [c],
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
