"""How numbers and periods are written in formulas and claim texts: "29,372", "89.55", "2023-09"."""
from __future__ import annotations

import datetime as dt
import math


def number(value: float | None, digits: int = 4) -> str:
    """Thousands separators, up to `digits` significant decimals, no trailing zeros."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "?"
    if float(value).is_integer():
        return f"{int(value):,}"
    magnitude = math.floor(math.log10(abs(value))) if value else 0
    decimals = max(0, digits - 1 - magnitude)
    return f"{value:,.{decimals}f}".rstrip("0").rstrip(".")


def month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def period(start: dt.date | None, end: dt.date | None) -> str:
    if start is None and end is None:
        return "unknown period"
    if start is None:
        return f"as of {end.isoformat()}"
    return f"{start.isoformat()} to {end.isoformat()}"
