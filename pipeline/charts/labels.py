"""How charts name things: period labels as a reader says them ("2018", "H1 2023", "Q3 2022",
"Aug 2018"), the length of a period in words, values with their qualifier ("around 89.5"), lists of
names in notes, and the safe slugs chart file names are made of."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

from pipeline.catalog.qualifiers import is_approximate
from pipeline.derive.periods import length, whole_months
from pipeline.derive.wording import number

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NOUNS = {12: "year", 6: "half-year", 3: "quarter", 1: "month"}


def period_label(start: dt.date | None, end: dt.date | None) -> str:
    """The period as a reader names it; a period that is no calendar unit keeps its ISO dates."""
    if end is None:
        return "undated" if start is None else f"from {start.isoformat()}"
    if start is None:
        return f"as of {end.isoformat()}"
    months = whole_months(start, end)
    if months is None:
        return start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"
    if start.month == 1 and months % 12 == 0:
        return str(start.year) if months == 12 else f"{start.year}–{end.year}"
    if months == 6 and start.month in (1, 7):
        return f"H{1 + start.month // 7} {start.year}"
    if months == 3 and start.month in (1, 4, 7, 10):
        return f"Q{1 + start.month // 3} {start.year}"
    first, last = _MONTHS[start.month - 1], _MONTHS[end.month - 1]
    if months == 1:
        return f"{first} {start.year}"
    return f"{first}–{last} {end.year}" if start.year == end.year else f"{first} {start.year}–{last} {end.year}"


def span_words(start: dt.date, end: dt.date) -> str:
    """How long a period is: "6 months", "1 month", "45 days"."""
    unit, count = length(start, end)
    return f"{count} {unit[:-1] if count == 1 else unit}"


def unit_noun(start: dt.date, end: dt.date) -> str:
    """The calendar unit a period is one of ("year", "quarter"), else its length with a hyphen."""
    unit, count = length(start, end)
    if unit == "months" and count in _NOUNS:
        return _NOUNS[count]
    return f"{count}-{unit[:-1]} period"


def value_label(value: float, qualifier: str | None) -> str:
    """The value as the article words it where the wording matters: "around 89.5", "more than 9,000"."""
    text = number(value)
    return f"{qualifier} {text}" if is_approximate(qualifier) else text


def listing(names: list[str], noun: str, shown: int = 3) -> str:
    """A few names as a reader lists them ("Busan and Seoul"), or a count and the first few ("34 regions
    (Argentina, Australia, Brazil and 31 more)")."""
    if len(names) <= shown:
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{len(names)} {noun} ({', '.join(names[:shown])} and {len(names) - shown} more)"


def slug(text: str) -> str:
    """Lower-case ASCII letters, digits, underscores and single hyphens, safe in any file name:
    "South Jeolla" -> "south-jeolla", "H1 2023" -> "h1-2023", "protection_measures" unchanged."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9_]+", "-", ascii_text.lower()).strip("-") or "unnamed"
