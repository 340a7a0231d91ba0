"""Errors that kg reports to its users.

Every problem found in input data is a :class:`InputIssue` that names the file,
sheet, row and column it was found at. A load collects all of them before it
writes anything and raises one :class:`DataError` holding the whole report.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class KgError(Exception):
    """Base class for errors kg reports to users as one clear sentence."""


@dataclass(frozen=True)
class InputIssue:
    """One located problem in an input file."""

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


@dataclass
class DataError(KgError):
    """Input data was refused; nothing was written."""

    issues: list[InputIssue] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.issues)
        head = f"the dataset was refused with {n} error{'s' if n != 1 else ''}; nothing was written"
        return head + "".join(f"\n  - {i}" for i in self.issues)


class StoreError(KgError):
    """The graph store could not be reached or refused an operation."""


class UsageError(KgError):
    """The user asked for something that does not exist (unknown rule, format, ...)."""
