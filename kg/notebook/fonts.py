"""matplotlib: a CJK font for Chinese labels and the projection drawing."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import networkx as nx

from kg.palette import PALETTE, RELATIONSHIP_COLOR

#: fonts that draw Chinese, best first (family names as matplotlib knows them)
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)
_CJK_FILES = (
    "notosanscjk",
    "notoserifcjk",
    "wqy-microhei",
    "wqy-zenhei",
    "sourcehansans",
    "droidsansfallback",
    "uming",
    "simhei",
    "msyh",
)


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese text with an installed CJK font; its family name, or
    ``None`` (with a warning) if none is installed — then Chinese shows as boxes.

    On Debian/Ubuntu: ``apt-get install fonts-noto-cjk`` (or ``fonts-wqy-microhei``).
    """
    import matplotlib as mpl  # matplotlib (notebooks extra) is imported on use: slow, optional
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    if not any(name in known for name in CJK_FONTS):
        # fonts installed after matplotlib built its cache are not in it yet
        for path in font_manager.findSystemFonts():
            if any(key in Path(path).name.lower().replace("_", "") for key in _CJK_FILES):
                try:
                    font_manager.fontManager.addfont(path)
                except Exception:  # pragma: no cover - an unreadable font file
                    continue
        known = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in known:
            mpl.rcParams["font.sans-serif"] = [name, *[f for f in mpl.rcParams["font.sans-serif"] if f != name]]
            mpl.rcParams["font.family"] = "sans-serif"
            mpl.rcParams["axes.unicode_minus"] = False
            return name
    warnings.warn(
        "no CJK font found: Chinese text in charts will show as boxes; "
        "install one, e.g. 'apt-get install fonts-noto-cjk' or 'fonts-wqy-microhei'",
        stacklevel=2,
    )
    return None


def draw_projection(p: nx.Graph, ax: Any = None, *, seed: int = 7) -> Any:
    """Draw a :func:`department_township_projection` with matplotlib: departments as
    squares and townships as circles in the palette's Body and Area colours, edge width
    by shared duties. Returns the axes."""
    import matplotlib.pyplot as plt  # on use: matplotlib is optional and slow to import

    if ax is None:
        _, ax = plt.subplots(figsize=(11, 8))
    pos = nx.spring_layout(p, seed=seed, weight="weight", k=1.2 / max(1, p.number_of_nodes()) ** 0.5)
    deps = [n for n, d in p.nodes(data=True) if d.get("kind") == "department"]
    towns = [n for n, d in p.nodes(data=True) if d.get("kind") == "township"]
    widths = [0.6 + 0.8 * d.get("weight", 1) for _, _, d in p.edges(data=True)]
    nx.draw_networkx_edges(p, pos, ax=ax, width=widths, edge_color=RELATIONSHIP_COLOR, alpha=0.8)
    nx.draw_networkx_nodes(
        p,
        pos,
        nodelist=deps,
        ax=ax,
        node_shape="s",
        node_size=600,
        node_color=PALETTE["Body"].color,
        edgecolors=PALETTE["Body"].border,
    )
    nx.draw_networkx_nodes(
        p,
        pos,
        nodelist=towns,
        ax=ax,
        node_shape="o",
        node_size=900,
        node_color=PALETTE["Area"].color,
        edgecolors=PALETTE["Area"].border,
    )
    nx.draw_networkx_labels(
        p, pos, labels={n: p.nodes[n].get("name") or n for n in p}, ax=ax, font_size=9, font_family=_font_family()
    )
    nx.draw_networkx_edge_labels(
        p, pos, edge_labels={(a, b): d.get("weight") for a, b, d in p.edges(data=True)}, ax=ax, font_size=8
    )
    ax.set_axis_off()
    return ax


def _font_family() -> str:
    import matplotlib as mpl  # on use: matplotlib is optional and slow to import

    fams = mpl.rcParams["font.sans-serif"]
    return fams[0] if fams else "sans-serif"
