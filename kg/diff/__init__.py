"""What changed between two versions of a duty list (``kg diff``).

Two sides are compared: each is one list version, or several lists taken together (the
three lists 基本 / 配合 / 收回 of one township), or — with :func:`diff_series` — the
versions of a series (or of every series a body owns) in force on a date. An *item* is a
duty included in a list of a side; its *category* is the kind of that list.

Items are matched across the sides within a family of list kinds (the three lists form
one family; power and empowerment lists are each their own):

1. by duty id (a duty read from a published list has an id derived from its county and
   normalised name, see :mod:`kg.ingest.names`; a tidy list gives ids explicitly);
2. the remaining items, old against new, when both carry the same 项目编码 or their
   normalised names are at least :data:`RENAME_SIMILARITY` alike (``difflib`` ratio),
   best pairs first.

A matched pair is

* **renamed** when its names differ,
* **moved** when its category differs (basic ↔ cooperating ↔ taken_back),
* **lead_changed** when it stays in the same category and its set of lead bodies differs
  (a move changes who leads by the three-list rule, so it is not reported again);

an old item without a match is **removed**, a new one **added**. One pair may be both
renamed and moved. Reads are portable Cypher with values as parameters (FalkorDB and
Neo4j).
"""

# a package since the split: compare (the models, reading, comparing) and render (JSON, table);
# every name is re-exported here, where callers import it
from kg.diff.compare import (  # noqa: F401
    CATEGORY_ORDER,
    CHANGE_KINDS,
    FAMILY,
    RENAME_SIMILARITY,
    DiffItem,
    DiffPair,
    ListDiff,
    ListInfo,
    _choices,
    _known_lists,
    diff_lists,
    diff_series,
    versions_in_force,
)
from kg.diff.render import render_json, render_table

__all__ = [
    "CHANGE_KINDS",
    "RENAME_SIMILARITY",
    "DiffItem",
    "DiffPair",
    "ListDiff",
    "ListInfo",
    "diff_lists",
    "diff_series",
    "render_json",
    "render_table",
]
