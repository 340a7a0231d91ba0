"""Values that both stores can write. A value that passes the model but fails (or is
silently changed) at write time would leave a half-written load, so every value of a
plan is checked before the first write."""

from __future__ import annotations

import math
from typing import Any

INT64 = (-(2**63), 2**63 - 1)
#: characters per text property (the model limits ids further)
MAX_TEXT = 10_000


def storable_problem(v: Any) -> str | None:
    """Why ``v`` cannot be stored as a property on both stores, or None."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int):
        return None if INT64[0] <= v <= INT64[1] else "is outside the 64-bit integer range"
    if isinstance(v, float):
        return None if math.isfinite(v) else "is not a finite number"
    if isinstance(v, str):
        if "\x00" in v:
            return "contains a NUL character"
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            return "contains an unpaired surrogate (not valid Unicode)"
        return None if len(v) <= MAX_TEXT else f"is {len(v):,} characters long; the limit is {MAX_TEXT:,}"
    if isinstance(v, list):
        if len({type(x) for x in v}) > 1:
            return "mixes value types in one list"
        return next((p for x in v if (p := storable_problem(x))), None)
    return f"has an unsupported type {type(v).__name__}"


def param_problem(v: Any) -> str | None:
    """Why a query parameter cannot be sent (maps allowed, unlike properties), or None."""
    if isinstance(v, dict):
        return next((p for x in v.values() if (p := param_problem(x))), None)
    if isinstance(v, list):
        return next((p for x in v if (p := param_problem(x))), None)
    if isinstance(v, str) and "\x00" not in v:
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            return "contains an unpaired surrogate (not valid Unicode)"
        return None
    return storable_problem(v)
