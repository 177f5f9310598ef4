"""What an approximation word says about the true value: the bound each qualifier the extractor emits
puts on it, and how precise a stated value is. Used to prefer an exact figure over an approximate one
and to judge claims."""
from __future__ import annotations

BOUNDS = {
    None: "exact", "in just": "exact", "only": "exact",
    "average": "rounded", "about": "rounded", "around": "rounded", "approximately": "rounded",
    "roughly": "rounded",
    "nearly": "just_below", "almost": "just_below",
    "more than": "above", "over": "above", "at least": "at_or_above",
    "less than": "below", "up to": "at_or_below",
}
"""exact: the stated digits are the value (rounded to them); rounded: the value is near the stated one;
just_below: the value is a little under it; above / at_or_above / below / at_or_below: a bound."""

_PREFERENCE = {"exact": 0, "rounded": 1, "just_below": 2}


def bound(qualifier) -> str:
    """The bound a qualifier puts on the true value; words the table does not know count as rounded,
    a missing qualifier (None or a pandas NA) as exact."""
    if not isinstance(qualifier, str) or not qualifier:
        return "exact"
    return BOUNDS.get(qualifier, "rounded")


def exactness_rank(qualifier: str | None) -> int:
    """0 for a value stated exactly (an "average" of 328 is still a stated number), higher the looser."""
    if qualifier == "average":
        return 0
    return _PREFERENCE.get(bound(qualifier), 3)


def is_approximate(qualifier: str | None) -> bool:
    return exactness_rank(qualifier) > 0
