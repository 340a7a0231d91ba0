"""Limits on input files, so a hostile or broken file ends in a located error instead
of exhausting memory. Each can be raised through the environment (``KG_MAX_ROWS`` …)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from kg.errors import InputIssue


def _env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


MAX_TABLE_BYTES = _env("KG_MAX_TABLE_BYTES", 50_000_000)  # CSV / XLSX on disk
MAX_YAML_BYTES = _env("KG_MAX_YAML_BYTES", 5_000_000)
MAX_XLSX_EXPANDED = _env("KG_MAX_XLSX_EXPANDED", 200_000_000)  # uncompressed workbook
MAX_ROWS = _env("KG_MAX_ROWS", 100_000)
MAX_COLUMNS = _env("KG_MAX_COLUMNS", 200)
MAX_CELL = _env("KG_MAX_CELL", 10_000)  # characters
MAX_YAML_DEPTH = 20
SHOWN = 80  # characters of a value quoted in a message


def shorten(value: object) -> str:
    """``repr`` of a value, cut to a readable length."""
    text = repr(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _mb(n: int) -> str:
    return f"{n / 1_000_000:,.1f} MB"


def file_size_issue(path: Path, rel: str, limit: int) -> InputIssue | None:
    size = path.stat().st_size
    if size > limit:
        return InputIssue(rel, f"is {_mb(size)}; the limit is {_mb(limit)}")
    return None


def xlsx_expanded_issue(path: Path, rel: str) -> InputIssue | None:
    """A workbook is a zip: refuse one that expands beyond the limit (zip bomb)."""
    try:
        with zipfile.ZipFile(path) as z:
            total = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError):
        return None  # openpyxl reports the damaged file
    if total > MAX_XLSX_EXPANDED:
        return InputIssue(rel, f"expands to {_mb(total)}; the limit is {_mb(MAX_XLSX_EXPANDED)}")
    return None


def outside_issue(root: Path, path: Path, rel_from: str, column: str, row: int | None) -> InputIssue | None:
    """A path named in a dataset file must stay inside the dataset folder (symlinks resolved)."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return InputIssue(rel_from, "names a path that cannot be resolved", row=row, column=column)
    if not resolved.is_relative_to(root.resolve()):
        return InputIssue(rel_from, "points outside the dataset folder", row=row, column=column)
    return None
