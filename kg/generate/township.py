"""The parts of a generated township that are bodies, areas and grants (its lists are
made by :class:`kg.generate.builder._Builder`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.generate.catalogue import DEPTS, OFFICES, POWER_NAMES, VILLAGE_SYL, _name

if TYPE_CHECKING:  # pragma: no cover - annotations only (the builder imports this module)
    from kg.generate.builder import _Builder, _County, _Township


def add_township_bodies(b: _Builder, tw: _Township) -> None:
    t, tname, r = tw.id, tw.name, tw.rng
    gov_name = f"{tname}办事处" if tw.street else f"{tname}人民政府"
    new_posts = r.randint(3, 7)
    b.new_posts_total += new_posts
    b.bodies += [
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
    if b.hit("missing_party_office", r):
        offices = [o for o in offices if o[0] != "djb"]
        b.problem(
            "missing_party_office",
            t,
            t,
            f"{tname}没有单独设立党建工作办公室",
            [("office-party-building-missing", t, [f"{t}-pc", f"{t}-gov"])],
        )
    for code, oname, otype, parent in offices:
        b.bodies.append(
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
    b.bodies.append(
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


def add_dispatched_bodies(b: _Builder, county: _County, tw: _Township) -> None:
    """The departments that send a body; some are integrated into the township (DL-1.1)."""
    r = tw.rng
    for d in DEPTS:
        if d.dispatched is None or (d.code in ("cz", "zf") and r.random() < 0.3):
            continue
        status = "integrated" if d.code in ("cz", "zr") and r.random() < 0.5 else "dispatched"
        bid = f"{tw.id}-{d.code}s"
        b.bodies.append(
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


def add_villages(b: _Builder, tw: _Township) -> None:
    """Villages / communities, each with its committee and one grid."""
    r, street = tw.rng, tw.street
    vnames: set[str] = set()
    for vi in range(1, r.randint(2, 4) + 1):
        level = "community" if street else "village"
        vname = _name(r, VILLAGE_SYL, vnames) + ("社区" if street else "村")
        v = f"{tw.id}-v{vi}"
        b.areas.append({"id": v, "name": vname, "level": level, "parent": tw.id})
        b.areas.append({"id": f"{v}-g1", "name": f"{vname}第一网格", "level": "grid", "parent": v})
        committee = f"{v}-cwh"
        b.bodies.append(
            {
                "id": committee,
                "name": f"{vname}{'居民' if street else '村民'}委员会",
                "kind": "village_committee",
                "level": level,
                "area": v,
            }
        )
        tw.villages.append(committee)


def add_power_grants(b: _Builder, county: _County, tw: _Township) -> None:
    """Power grants (DL-1.2): the Party committee's powers, personnel advice over
    dispatched bodies, and the government's law enforcement."""
    # long: the DL-1.2 grants of one township in the plan's order, each with its seeded problem
    t, tname, pc_name, r = tw.id, tw.name, tw.pc_name, tw.rng
    powers = list(POWER_NAMES)
    if b.hit("missing_power", r):
        dropped = r.choice(powers)
        powers.remove(dropped)
        b.problem(
            "missing_power",
            t,
            f"{t}-pc",
            f"{pc_name}缺少{POWER_NAMES[dropped]}",
            [("powers-township-missing", dropped, [f"{t}-pc"])],
        )
    for p in powers:
        b.grants.append(
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
        if b.hit("missing_personnel_advice", r):
            aspects.remove("assessment")
            b.problem(
                "missing_personnel_advice",
                t,
                bid,
                f"{pc_name}对{d.dispatched}工作考核没有建议意见权",
                [("dispatched-no-assessment-input", bid, [f"{t}-pc", f"{county.id}-{d.code}"])],
            )
        for aspect in aspects:
            label = "工作考核" if aspect == "assessment" else "主要负责同志任免"
            b.grants.append(
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
        "legal_basis": f"《中华人民共和国行政处罚法》第二十四条；《{b.region}市赋予乡镇（街道）行政执法权决定》",
    }
    if b.hit("enforcement_unguided", r):
        b.problem(
            "enforcement_unguided",
            t,
            le["id"],
            f"{tname}的行政执法权没有业务指导部门",
            [("enforcement-no-guidance", le["id"], [f"{t}-gov"])],
        )
    else:
        le["guided_by"] = f"{county.id}-zf"
    b.grants.append(le)
