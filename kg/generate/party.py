"""Issue 12 part A in generated datasets: staffing posts (DL-1.1-posts), big committees
(DL-2.1), the grid Party chain (DL-2.2), property Party building (DL-2.3) and in-service
members (DL-3.1), with problems seeded at the rates of :data:`kg.generate.catalogue.DEFAULT_RATES`.

Every township gets a big committee with a part-time member; every village or community
a Party organisation reporting to the township Party committee and a grid branch; a
community also a compound with its group, contact households, a property company and an
owners' committee with their Party organisations, a cross-appointment and an in-service
member who reported in June 2023. Villages record ``big_committee_eligible``; eligible
ones get a big committee. Each seeded problem sits in its own township or place so that
it does not mask another; a compound exists only under a grid that has its branch.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from kg.generate.builder import _Builder, _County, _Township

CITY_NEW_POSTS = 1500  # the plan's number; clauses.yaml DL-1.1-posts (the audits read it from there)


def add_party_organisations(b: _Builder, county: _County, tw: _Township) -> None:
    """Big committee, village/community organisations, grids, compounds and members of one township."""
    t, r = tw.id, tw.rng
    pc = f"{t}-pc"
    big = f"po-{t}-dgw"
    if b.hit("big_committee_missing", r):
        b.problem("big_committee_missing", t, t, "乡镇（街道）到期未组建大工委、大党委")
    else:
        _org(
            b,
            big,
            f"{tw.name}“大工委”" if tw.street else f"{tw.name}“大党委”",
            "big_committee",
            t,
            "2023-10-01",
            expands=pc,
        )
        if b.hit("big_committee_no_member", r):
            b.problem("big_committee_no_member", t, big, "大工委、大党委没有兼职委员")
        else:
            _member(b, big, f"{tw.name}派出所", "law_enforcement")
    places = [a for a in b.areas if a.get("parent") == t and a["level"] in ("village", "community")]
    communities = [a["id"] for a in places if a["level"] == "community"]
    for place in places:
        v, vname = place["id"], place["name"]
        dw = f"po-{v}-dw"
        _org(b, dw, f"{vname}党委", "village_org", v, "2019-06-01", reports_to=pc)
        if place["level"] == "village":
            place["big_committee_eligible"] = eligible = r.random() < 0.7
        if place["level"] == "community" or eligible:
            ddw = f"po-{v}-ddw"
            _org(b, ddw, f"{vname}“大党委”", "big_committee", v, "2023-10-15", expands=dw)
            _member(b, ddw, f"{vname}卫生服务站", "medical")
        grid = f"{v}-g1"
        zb = f"po-{grid}-zb"
        if place["level"] == "village" and b.hit("grid_no_branch", r):
            b.problem("grid_no_branch", t, grid, "网格没有党支部")
            continue
        broken = b.hit("party_chain_broken", r)
        _org(b, zb, f"{vname}第一网格党支部", "grid_branch", grid, "2023-03-01", reports_to=None if broken else dw)
        if broken:
            b.problem("party_chain_broken", t, zb, "网格党支部没有上级党组织")
        if place["level"] == "community":
            _compound(b, tw, v, vname, grid, zb, dw, [c for c in communities if c != v])


def _compound(b: _Builder, tw: _Township, v: str, vname: str, grid: str, zb: str, dw: str, others: list[str]) -> None:
    # long: builds one compound's whole Party chain in dependency order, with its seeded problems
    t, r = tw.id, tw.rng
    c = f"{grid}-c1"
    b.areas.append({"id": c, "name": f"{vname}一号小区", "level": "compound", "parent": grid})
    xz = f"po-{c}-xz"
    _org(b, xz, f"{vname}一号小区党小组", "compound_group", c, "2023-03-01", reports_to=zb)
    if b.hit("compound_no_contacts", r):
        b.problem("compound_no_contacts", t, xz, "楼院党小组没有党员联系户")
    else:
        b.party["contact_households"].append(
            {
                "id": f"ch-{c}",
                "name": f"{vname}一号小区党员联系户",
                "member": "党员甲",
                "group": xz,
                "households": r.randint(5, 20),
            }
        )
    company = f"pc-{c}"
    members = r.randint(3, 8)
    if b.hit("property_no_org", r):
        b.problem("property_no_org", t, company, "符合条件的物业服务企业未成立党组织")
    else:
        _org(b, f"po-{company}", f"{vname}一号小区物业党支部", "property_org", company, "2023-03-01", reports_to=dw)
    b.party["property_companies"].append(
        {"id": company, "name": f"{vname}一号小区物业服务有限公司", "manages": [c], "party_members": members}
    )
    committee = f"oc-{c}"
    b.party["owners_committees"].append(
        {"id": committee, "name": f"{vname}一号小区业主委员会", "represents": c, "party_members": r.randint(0, 2)}
    )
    if b.hit("no_cross_appointment", r):
        b.problem("no_cross_appointment", t, v, "社区与物业、业委会没有交叉任职")
    else:
        b.party["cross_appointments"].append(
            {"id": f"ca-{v}", "name": f"{vname}党委委员兼任业主委员会委员", "person": "委员乙", "from_org": dw,
             "to_org": committee, "since": "2023-07-01"}
        )  # fmt: skip
    member: dict[str, Any] = {
        "id": f"ism-{c}",
        "name": f"{vname}在职党员丙",
        "person": "丙",
        "employer": f"{t}-gov",
        "residence": c,
        "reported_to": v,
        "reported_date": "2023-06-10",
        "placed_in": [zb, xz],
    }
    roll = r.random()
    rates = b.rates
    if roll < rates["member_not_reported"]:
        del member["reported_to"], member["reported_date"]
        member["placed_in"] = []
        b.problem("member_not_reported", t, member["id"], "在职党员到期未报到")
    elif roll < rates["member_not_reported"] + rates["member_not_placed"]:
        member["placed_in"] = []
        b.problem("member_not_placed", t, member["id"], "在职党员报到后未编入网格党支部、楼院党小组")
    elif others and roll < rates["member_not_reported"] + rates["member_not_placed"] + rates["member_wrong_community"]:
        member["reported_to"] = others[0]
        b.problem("member_wrong_community", t, member["id"], "在职党员未按居住地报到")
    b.party["in_service_members"].append(member)


def _org(
    b: _Builder,
    id_: str,
    name: str,
    kind: str,
    covers: str,
    formed: str,
    reports_to: str | None = None,
    expands: str | None = None,
) -> None:
    org: dict[str, Any] = {"id": id_, "name": name, "kind": kind, "covers": covers}
    if reports_to:
        org["reports_to"] = reports_to
    if expands:
        org["expands"] = expands
    org["formed_date"] = formed
    b.party["party_orgs"].append(org)


def _member(b: _Builder, committee: str, unit: str, category: str) -> None:
    b.party["part_time_members"].append(
        {
            "id": f"ptm-{committee}",
            "name": f"兼职委员（{unit}）",
            "person": "委员甲",
            "committee": committee,
            "unit_name": unit,
            "unit_category": category,
            "since": "2023-10-15",
        }
    )


def add_staffing(b: _Builder, city: str) -> None:
    """The city's 1,500 new posts spread over all townships; each county receives what its
    townships get, except where a county over- or under-allots (seeded, per county)."""
    townships = [a for a in b.areas if a["level"] == "township"]
    if not townships:
        return
    base, extra = divmod(CITY_NEW_POSTS, len(townships))
    by_county: dict[str, int] = {}
    for i, a in enumerate(townships):
        posts = base + (1 if i < extra else 0)
        if posts <= 0:
            continue
        b.party["staffing"].append(
            {"id": f"sa-{a['id']}", "name": f"向{a['name']}下达行政事业编制", "from_area": a["parent"],
             "to_area": a["id"], "posts": posts, "date": "2023-03-20"}
        )  # fmt: skip
        by_county[a["parent"]] = by_county.get(a["parent"], 0) + posts
    for county, allotted in by_county.items():
        r = random.Random(f"kg-generate:staffing:{county}")
        received = allotted
        if allotted > 10 and b.hit("posts_over_allotted", r):
            received = allotted - 10
            b.problem("posts_over_allotted", None, county, "区县向乡镇下达的编制超过其所得")
        elif b.hit("posts_not_allotted", r):
            received = allotted + 10
            b.problem("posts_not_allotted", None, county, "区县所得编制未全部下达乡镇")
        b.party["staffing"].append(
            {"id": f"sa-{county}", "name": f"市向{county}下达乡镇行政事业编制", "from_area": city, "to_area": county,
             "posts": received, "date": "2023-03-01"}
        )  # fmt: skip


#: the dataset file of each kind this module writes, in write order
PARTY_FILES = (
    "staffing",
    "property_companies",
    "owners_committees",
    "party_orgs",
    "part_time_members",
    "contact_households",
    "cross_appointments",
    "in_service_members",
)
