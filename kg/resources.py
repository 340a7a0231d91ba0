"""Where the shipped folders (schema, queries, loaders, sample data, policy reading) are found."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent
_REPO = _PKG.parent
_IN_REPO = {
    "schema": "schema",
    "queries": "queries",
    "loaders": "loaders",
    "sample": "data/sample",
    "policy": "docs/policy",
}


def resource_dir(name: str) -> Path:
    """The folder ``name`` (schema, queries, loaders, sample or policy).

    A source checkout or editable install uses the repository's own folder; an
    installed wheel uses the copy under ``kg/_data``.
    """
    if (_REPO / "pyproject.toml").is_file() and (_REPO / "kg").is_dir():
        return _REPO / _IN_REPO[name]
    return _PKG / "_data" / name
