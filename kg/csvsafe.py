"""CSV cells that a spreadsheet will not run as formulas (OWASP "CSV injection")."""

from __future__ import annotations

import json
from typing import Any

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(v: Any) -> Any:
    """A value for a CSV cell: lists and maps as JSON; text that starts like a formula
    (``= + - @``, tab, carriage return) gets a leading ``'``. Numbers stay numbers."""
    if isinstance(v, (list, dict)):
        v = json.dumps(v, ensure_ascii=False)
    if isinstance(v, str) and v.startswith(FORMULA_LEADS):
        return "'" + v
    return v
