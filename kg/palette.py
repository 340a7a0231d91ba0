"""One colour per node label, shared by every picture kg draws.

The Neo4j Browser style sheet ``browser/kg.grass`` and the notebook pictures
(:func:`kg.notebook.graph_html`) use these colours, so a township looks the same in the
Browser and in Jupyter. ``tests/test_notebook_api.py`` checks that the style sheet and
this table agree; :func:`parse_grass` reads a style sheet.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple


class Style(NamedTuple):
    color: str  # fill
    border: str  # border-color
    text: str  # text-color-internal


#: label → colours (Neo4j Browser's own palette, one hue per label)
PALETTE: dict[str, Style] = {
    "Area": Style("#68BDF6", "#5CA8DB", "#FFFFFF"),
    "Body": Style("#6DCE9E", "#60B58B", "#FFFFFF"),
    "Power": Style("#FF756E", "#E06760", "#FFFFFF"),
    "PowerGrant": Style("#DE9BF9", "#BF85D6", "#FFFFFF"),
    "Decision": Style("#FB95AF", "#E0849B", "#FFFFFF"),
    "Duty": Style("#FFD86E", "#EDBA39", "#604A0E"),
    "DutyList": Style("#A5ABB6", "#9AA1AC", "#FFFFFF"),
    "Handover": Style("#FFA94D", "#E8913A", "#FFFFFF"),
    # -- issue 12 part A
    "StaffingAllotment": Style("#D9C8AE", "#C0A378", "#2A2C34"),
    "PartyOrg": Style("#E0584F", "#C43A31", "#FFFFFF"),
    "PartTimeMember": Style("#F0A8A4", "#D9837E", "#2A2C34"),
    "ContactHousehold": Style("#ECB5C9", "#DA7298", "#2A2C34"),
    "PropertyCompany": Style("#9BB8A2", "#739E7D", "#2A2C34"),
    "OwnersCommittee": Style("#B7CE63", "#99B73A", "#2A2C34"),
    "CrossAppointment": Style("#C6A7E0", "#A47CC8", "#2A2C34"),
    "InServiceMember": Style("#7FC6BC", "#4FAF9F", "#2A2C34"),
    # -- issue 12 part B
    "ServiceCentre": Style("#4C8EDA", "#2870C2", "#FFFFFF"),
    "CadreAssignment": Style("#57C7E3", "#23B3D7", "#2A2C34"),
    "Pairing": Style("#8DCC93", "#5DB665", "#2A2C34"),
    "PairingProject": Style("#C990C0", "#B261A5", "#FFFFFF"),
    "DeputySession": Style("#F79767", "#F36924", "#FFFFFF"),
    "SpecialFund": Style("#F16667", "#EB2728", "#FFFFFF"),
}
#: anything else (a label kg does not know)
DEFAULT_STYLE = Style("#A5ABB6", "#9AA1AC", "#FFFFFF")
#: relationships are drawn in one neutral colour
RELATIONSHIP_COLOR = "#A5ABB6"


def style(label: str) -> Style:
    return PALETTE.get(label, DEFAULT_STYLE)


# a selector and its body; quoted values may hold braces (caption: "{name}")
_RULE = re.compile(r"""([^{}"']+)\{((?:[^{}"']|"[^"]*"|'[^']*')*)\}""", re.S)


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """A Neo4j Browser style sheet (GraSS) as ``{selector: {property: value}}``.

    Selectors are kept as written (``node``, ``node.Duty``, ``relationship.HOLDS_DUTY``);
    quotes around values are removed.
    """
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    out: dict[str, dict[str, str]] = {}
    for selector, body in _RULE.findall(text):
        props = out.setdefault(selector.strip(), {})
        for decl in body.split(";"):
            if ":" in decl:
                key, value = decl.split(":", 1)
                props[key.strip()] = value.strip().strip("'\"")
    return out


def grass_palette(path: str | Path) -> dict[str, Style]:
    """The per-label colours of a style sheet file (labels with a ``color`` only)."""
    rules = parse_grass(Path(path).read_text(encoding="utf-8"))
    out = {}
    for selector, props in rules.items():
        if selector.startswith("node.") and "color" in props:
            label = selector[len("node.") :]
            out[label] = Style(
                props["color"].upper(),
                props.get("border-color", props["color"]).upper(),
                props.get("text-color-internal", DEFAULT_STYLE.text).upper(),
            )
    return out


__all__ = ["DEFAULT_STYLE", "PALETTE", "RELATIONSHIP_COLOR", "Style", "grass_palette", "parse_grass", "style"]
