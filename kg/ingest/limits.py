"""Limits on input files, so a hostile or broken file ends in a located error instead
of exhausting memory. Each can be raised through the environment (``KG_MAX_ROWS`` …)."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputIssue


def _env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


MAX_TABLE_BYTES = _env("KG_MAX_TABLE_BYTES", 50_000_000)  # CSV / XLSX on disk
# kg generate --townships 5000 writes YAML files of up to 14 MB (powers.yaml), which the old limit
# of 5 MB refused
MAX_YAML_BYTES = _env("KG_MAX_YAML_BYTES", 32_000_000)
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


def xlsx_expanded_issue(path: Path | BinaryIO, rel: str) -> InputIssue | None:
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
    if not _inside(str(resolved), root):
        return InputIssue(rel_from, "points outside the dataset folder", row=row, column=column)
    return None


def _inside(resolved: str, root: Path) -> bool:
    """Whether a resolved path is ``root`` (symlinks resolved) or below it; on strings, as
    the dataset's files are checked one by one (pathlib's objects cost more than the check)."""
    top = os.path.realpath(root)
    return resolved == top or resolved.startswith(top if top.endswith(os.sep) else top + os.sep)


def present(path: Path) -> bool:
    """Whether a dataset folder holds ``path`` at all: a file, a folder, a FIFO … or a
    link, even a dangling one (which :func:`open_input` then refuses by name)."""
    return path.exists() or path.is_symlink()


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def open_input(
    path: Path, rel: str, issues: list[InputIssue], *, root: Path | None, limit: int | None = None
) -> BinaryIO | None:
    """Open an input file for reading — the one way kg's readers open a file of a dataset.

    The file must resolve inside ``root`` (the dataset folder; symlinks resolved) and be
    a regular file — not a folder, FIFO, device or socket — of at most ``limit`` bytes.
    Otherwise a located issue naming the file (never where a link points) is appended
    and ``None`` returned. The kind is checked before opening (opening a FIFO would
    block) and again on the open file, so a file swapped in between is caught too.
    ``root=None`` (a file named on the command line, a shipped mapping) skips only the
    folder check.
    """
    try:
        resolved = os.path.realpath(path, strict=True)  # what Path.resolve(strict=True) does, without a Path
    except FileNotFoundError:
        what = "is a link to a file that does not exist" if path.is_symlink() else "file not found"
        issues.append(InputIssue(rel, what))
        return None
    except (OSError, RuntimeError):
        issues.append(InputIssue(rel, "cannot be resolved (a link loop, or a folder that cannot be read)"))
        return None
    if root is not None and not _inside(resolved, root):
        issues.append(InputIssue(rel, "is a link to a file outside the dataset folder; kg reads only files inside it"))
        return None
    try:
        kind = _not_regular(os.stat(resolved).st_mode)
        if kind:
            issues.append(InputIssue(rel, f"is {kind}, not a regular file"))
            return None
        # O_NONBLOCK: a FIFO swapped in after the check does not hang the open; O_NOFOLLOW:
        # a link swapped in for the resolved name is refused
        fd = os.open(resolved, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as e:
        issues.append(InputIssue(rel, f"cannot be opened: {e.strerror or e}"))
        return None
    st = os.fstat(fd)
    kind = _not_regular(st.st_mode)
    too_big = limit is not None and st.st_size > limit
    if kind or too_big:
        os.close(fd)
        msg = f"is {kind}, not a regular file" if kind else f"is {_mb(st.st_size)}; the limit is {_mb(limit or 0)}"
        issues.append(InputIssue(rel, msg))
        return None
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")
