"""Names of bodies on published lists: how names compare, the ids of mapped duties, and
what the mapped-list path keeps while a dataset is read."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.errors import InputIssue
from kg.ingest.normalise import compact

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from kg.ingest.dataset import ListSpec
    from kg.ingest.published import ListRow, Mapping

_TRAILING_PUNCT = "。；;，,、.．:："


def norm_name(text: str) -> str:
    """A name as compared: NFKC, no white space, no trailing punctuation."""
    return compact(text).rstrip(_TRAILING_PUNCT)


def mapped_duty_id(scope: str, normalised_name: str) -> str:
    """The id of a duty read from a published list (see the module docstring)."""
    return f"duty-{scope}-{hashlib.sha1(normalised_name.encode('utf-8')).hexdigest()[:12]}"


def _relocate(issue: InputIssue, path: str, rel: str) -> InputIssue:
    """An issue of ``read_list`` with the file named relative to the dataset."""
    if issue.file != path and path not in issue.message:
        return issue
    return InputIssue(
        rel if issue.file == path else issue.file,
        issue.message.replace(path, rel),
        issue.sheet,
        issue.row,
        issue.column,
    )


@dataclass
class PendingHandover:
    """A hand-over one list row records: 原实施主体 → the row's 责任主体, by 赋权方式."""

    list_id: str
    series: str
    effective_date: Any
    duty: str
    duty_name: str
    from_body: str
    to_body: str
    mode: str
    date: Any  # the row's 赋权时间, else None (the list's effective date)
    decision: str | None
    file: str
    sheet: str | None
    row: int


@dataclass
class _MappedState:
    """What the mapped-list path keeps while a dataset is read."""

    names: dict[str, list[str]] = field(default_factory=dict)  # normalised name -> body ids
    display: dict[str, str] = field(default_factory=dict)  # normalised name -> as first written
    scopes: dict[str, str | None] = field(default_factory=dict)  # body id -> county scope
    files: dict[tuple, list[ListRow] | None] = field(default_factory=dict)
    file_specs: dict[tuple, ListSpec] = field(default_factory=dict)
    claimed: dict[tuple, set[str]] = field(default_factory=dict)
    duty_rank: dict[str, tuple[Any, int]] = field(default_factory=dict)
    shipped: dict[str, Mapping] | None = None
    mappings: dict[str, Mapping] = field(default_factory=dict)
    order: int = 0
    #: hand-overs recorded by rows with 原实施主体 (issue 11 item 7), made into Handover
    #: entities once every version of every list is read
    handovers: list[PendingHandover] = field(default_factory=list)

    def add_name(self, name: str, body_id: str) -> None:
        key = norm_name(name)
        if not key:
            return
        ids = self.names.setdefault(key, [])
        if body_id not in ids:
            ids.append(body_id)
        self.display.setdefault(key, name.strip())

    def header_of(self, r: ListRow, fld: str) -> str:
        """The header text of a row's field, e.g. 关联单位, for messages."""
        mapping = self.mappings.get(r.layout or "")
        if mapping is not None:
            for header in r.raw:
                if mapping.field_of(header.split(" (")[0]) == fld:
                    return header
        return fld
