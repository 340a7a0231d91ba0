"""Builds a generated dataset: city, counties, townships with their bodies, grants,
hand-overs and lists, then writes the files."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.audit.rules import list_rules
from kg.generate.catalogue import (
    DEPTS,
    PROBLEM_CLAUSE,
    PROBLEM_RULE,
    TOWN_SYL,
    Dept,
    _dept_duties,
    _dump_yaml,
    _handover_duties,
    _name,
    _township_duties,
    _write_csv,
)
from kg.generate.county import _CityAndCounties, _County
from kg.generate.party import PARTY_FILES, add_party_organisations, add_staffing
from kg.generate.plan_b import GENERATOR_AS_OF, add_plan_b
from kg.generate.township import add_dispatched_bodies, add_power_grants, add_township_bodies, add_villages

# --------------------------------------------------------------------------- generator


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
class _Builder(_CityAndCounties):
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
    expected: list[dict[str, Any]] = field(default_factory=list)  # the findings the problems give
    # -- issue 12 part B
    centres: list[dict[str, Any]] = field(default_factory=list)
    cadres: list[dict[str, Any]] = field(default_factory=list)
    pairings: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    funds: list[dict[str, Any]] = field(default_factory=list)
    links: int = 0
    listed: set[str] = field(default_factory=set)  # the duty ids on some list
    # issue 12 part A: file name (without .yaml) -> entries (kg.generate.party)
    party: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {f: [] for f in PARTY_FILES})
    new_posts_total: int = 0
    town_catalogue: list[dict[str, str]] = field(default_factory=_township_duties)
    dept_catalogue: dict[str, list[dict[str, str]]] = field(
        default_factory=lambda: {d.code: _dept_duties(d) for d in DEPTS}
    )
    handover_catalogue: dict[str, list[dict[str, str]]] = field(
        default_factory=lambda: {d.code: _handover_duties(d) for d in DEPTS}
    )
    #: a province of a generated country (``generate_dataset(province=N)``): the prefix of
    #: every id (``p03-``), so that provinces share no id; "" for a stand-alone dataset
    prefix: str = ""

    def __post_init__(self) -> None:
        if self.prefix:
            self.town_catalogue = _in_province(self.town_catalogue, self.prefix)
            self.dept_catalogue = {k: _in_province(v, self.prefix) for k, v in self.dept_catalogue.items()}
            self.handover_catalogue = {k: _in_province(v, self.prefix) for k, v in self.handover_catalogue.items()}

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
            self.listed.add(r["duty_id"])
            self.links += (
                1
                + len([x for x in r.get("lead", "").split(";") if x])
                + len([x for x in r.get("cooperating", "").split(";") if x])
            )

    def problem(
        self,
        kind: str,
        township: str | None,
        subject: str,
        note: str,
        findings: list[tuple[str, str, list[str]]] | None = None,
    ) -> None:
        """Record a seeded problem and the findings it must give: ``(rule id, subject id,
        related ids)``, all in ``township``. They become ``expected_findings.yaml``.
        Without ``findings``, the problem gives one finding of ``PROBLEM_RULE[kind]`` about
        ``subject`` whose related ids are not stated (``related: null``)."""
        index = len(self.problems) + 1
        if findings is None:
            self.expected.append(
                {
                    "seed": f"G{index}",
                    "rule": PROBLEM_RULE[kind],
                    "township": township,
                    "subject": subject,
                    "related": None,
                }
            )
            findings = []
        self.problems.append(
            {"problem": kind, "clause": PROBLEM_CLAUSE[kind], "township": township, "subject": subject, "note": note}
        )
        for rule, finding_subject, related in findings:
            self.expected.append(
                {
                    "seed": f"G{index}",
                    "rule": rule,
                    "township": township,
                    "subject": finding_subject,
                    "related": sorted(dict.fromkeys(related)),
                }
            )

    def hit(self, kind: str, r: random.Random) -> bool:
        return r.random() < self.rates[kind]

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
                "code": f"{self.area_code}{ci:04d}{ti:03d}",
            }
        )
        pc_name = f"{tname}党工委" if street else f"中共{tname}委员会"
        tw = _Township(t, tname, street, subtype, pc_name, r)
        add_township_bodies(self, tw)
        add_dispatched_bodies(self, county, tw)
        add_villages(self, tw)
        add_party_organisations(self, county, tw)
        add_power_grants(self, county, tw)
        handed = self.add_handovers(county, tw)
        basic = self.basic_list(tw, handed)
        dept_rows = [(d, row) for d in DEPTS for row in self.dept_catalogue[d.code]]
        if self.hit("unrecorded_handover", r):
            d, row = r.choice(dept_rows)
            lead, dep = f"{t}-pab" if "pab" in tw.office_ids else f"{t}-gov", f"{c}-{d.code}"
            basic.append({**row, "lead": lead})
            # the department leads the same duty on its current list: an overlap as well
            self.problem(
                "unrecorded_handover",
                t,
                row["duty_id"],
                f"承担{d.name}清单事项但无交办记录",
                [
                    ("access-unrecorded-handover", row["duty_id"], [lead, dep, f"list-{c}-{d.code}-2024"]),
                    ("duty-overlap", row["duty_id"], [lead, dep]),
                    *_without_conferment(row, lead, f"list-{t}-basic"),
                ],
            )
        coop, back = self.cooperating_and_taken_back(county, tw, basic, dept_rows)
        if self.hit("taken_back_still_held", r):
            row = back[0]
            kept = ("duty_id", "name", "duty_type", "legal_basis", "code")
            basic.append({**{k: row[k] for k in kept if k in row}, "lead": f"{t}-gov"})
            # the department still leads it on its current list: an overlap and no hand-over as well
            dep, gov = row["lead"], f"{t}-gov"
            self.problem(
                "taken_back_still_held",
                t,
                row["duty_id"],
                "已收回事项仍在基本履职事项清单中",
                [
                    ("access-taken-back-still-held", row["duty_id"], [f"list-{t}-back", gov, f"list-{t}-basic"]),
                    ("access-unrecorded-handover", row["duty_id"], [gov, dep, f"list-{dep}-2024"]),
                    ("duty-overlap", row["duty_id"], [gov, dep]),
                    *_without_conferment(row, gov, f"list-{t}-basic"),
                ],
            )
        gov = f"{t}-gov"
        self.add_list(f"list-{t}-basic", f"{tname}基本履职事项清单", "basic", gov, "2024-01-01", basic)
        self.add_list(f"list-{t}-coop", f"{tname}配合履职事项清单", "cooperating", gov, "2024-01-01", coop)
        self.add_list(f"list-{t}-back", f"{tname}上级部门收回事项清单", "taken_back", gov, "2024-01-01", back)
        add_plan_b(self, county, tw)  # last: the township's other draws stay as they were

    def add_handovers(self, county: _County, tw: _Township) -> list[dict[str, str]]:
        """Hand-overs from departments to the township government; the rows they add to its basic list."""
        c, t, r, rates = county.id, tw.id, tw.rng, self.rates
        handed: list[dict[str, str]] = []
        pool = [(d, row) for d in DEPTS for row in self.handover_catalogue[d.code]]
        for d, row in r.sample(pool, r.randint(2, 4)):
            hid = f"ho-{t}-{row['duty_id']}"
            # the generated township leads the item and the department's current list drops
            # it: that is a 下放 (devolution). Under a 委托 the department would keep it and
            # the township would list it as entrusted (issue 11), so every generated
            # hand-over is a 下放; the draw stays so the rest of the dataset is unchanged.
            r.choice(("下放", "委托"))
            mode = "下放"
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
                self.problem(
                    "handover_without_decision",
                    t,
                    hid,
                    "没有统一部署的决定",
                    [("access-handover-without-decision", hid, [f"{c}-{d.code}", f"{t}-gov", row["duty_id"]])],
                )
            elif roll < rates["handover_without_decision"] + rates["handover_wrong_decision"]:
                ho["decision"] = county.notice
                self.problem(
                    "handover_wrong_decision",
                    t,
                    hid,
                    "依据的是部门通知而非统一部署",
                    [
                        (
                            "access-handover-without-decision",
                            hid,
                            [f"{c}-{d.code}", f"{t}-gov", row["duty_id"], county.notice],
                        )
                    ],
                )
            else:
                ho["decision"] = county.unified_deployment
                ud = next(x for x in self.decisions if x["id"] == county.unified_deployment)
                if row["duty_id"] not in ud["items"]:
                    ud["items"].append(row["duty_id"])
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
            self.problem(
                "overlap",
                t,
                row["duty_id"],
                "两个乡镇机构同时牵头",
                [("duty-overlap", row["duty_id"], row["lead"].split(";"))],
            )
        if self.hit("gap", r):
            row = basic[free.pop()]
            row["lead"] = ""
            row.pop("cooperating", None)
            self.problem(
                "gap",
                t,
                row["duty_id"],
                "既无牵头单位也无配合单位",
                [("duty-gap", row["duty_id"], [f"list-{t}-basic"])],
            )
        if self.hit("cooperating_orphan", r):
            row = basic[free.pop()]
            row["cooperating"] = row["lead"]
            row["lead"] = ""
            self.problem(
                "cooperating_orphan",
                t,
                row["duty_id"],
                "只有配合单位没有牵头单位",
                [("duty-cooperating-orphan", row["duty_id"], [f"list-{t}-basic", row["cooperating"]])],
            )
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
        province = f", province={self.province}" if self.province else ""
        description = (
            f"GENERATED, NOT OFFICIAL: kg.generate with townships={townships}, seed={seed}{province}. "
            f"Problems are seeded on purpose; seeded_problems.yaml lists them, expected_findings.yaml what the audits must find. "
            f"{self.new_posts_total} new posts allotted in all."
        )
        _dump_yaml(
            self.root / "dataset.yaml",
            header,
            {
                "id": ds_id,
                "name": f"{self.region}市基层治理职责与权力数据（虚构，{townships}个乡镇，种子{seed}）",
                "description": description,
                "illustrative": True,
                "lists": self.lists,
            },
        )
        _dump_yaml(self.root / "areas.yaml", header, self.areas)
        _dump_yaml(self.root / "bodies.yaml", header, self.bodies)
        # a decision names only items the dataset holds (in a small dataset, some department's
        # devolvable items are on no list: they are not in the province's decision either)
        for dec in self.decisions:
            if "items" in dec:
                dec["items"] = [i for i in dec["items"] if i in self.listed]
        _dump_yaml(self.root / "decisions.yaml", header, self.decisions)
        _dump_yaml(self.root / "powers.yaml", header, self.grants)
        _dump_yaml(self.root / "handovers.yaml", header, self.handovers)
        add_staffing(self, self.areas[0]["id"])
        for name in PARTY_FILES:
            _dump_yaml(self.root / f"{name}.yaml", header, self.party[name])
        for name, items in (
            ("service_centres", self.centres),
            ("cadres", self.cadres),
            ("pairings", self.pairings),
            ("pairing_projects", self.projects),
            ("deputy_sessions", self.sessions),
            ("funds", self.funds),
        ):
            _dump_yaml(self.root / f"{name}.yaml", header, items)
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
        clause = {r.id: r.clause for r in list_rules()}
        _dump_yaml(
            self.root / "expected_findings.yaml",
            header
            + "# The findings `kg audit` must report on this dataset: exactly these, none missing, none extra.\n"
            + "# seed: the index (G1 …) of the problem in seeded_problems.yaml that gives the finding.\n",
            {
                # the plan's part B facts are dated for this audit date (kg.generate.plan_b)
                "as_of": GENERATOR_AS_OF,
                "findings": [
                    {"seed": e["seed"], "rule": e["rule"], "clause": clause[e["rule"]]} | e for e in self.expected
                ],
            },
        )


def _in_province(rows: list[dict[str, str]], prefix: str) -> list[dict[str, str]]:
    """A catalogue as one province lists it: its own duty ids (``p03-gb-011``), each item
    keeping the national catalogue's id as its 项目编码 (``code: gb-011``), with the same
    name, type and legal basis in every province."""
    return [{**row, "duty_id": f"{prefix}{row['duty_id']}", "code": row["duty_id"]} for row in rows]


def _without_conferment(row: dict[str, str], lead: str, list_id: str) -> list[tuple[str, str, list[str]]]:
    """A township that leads a department's penalty or coercive item with nothing on record
    exercises it without conferment as well (``enforcement-without-conferment``, DL-1.2c)."""
    if row.get("duty_type") in ("行政处罚", "行政强制"):
        return [("enforcement-without-conferment", row["duty_id"], [lead, list_id])]
    return []
