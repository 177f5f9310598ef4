"""When a stated number agrees with the value recomputed for it. The precision of a statement is one
unit of its last shown digit ("19.4" -> 0.1, "135" -> 1, "31 million" -> 1 million, "threefold" -> 1;
trailing zeros of a whole number are not shown digits: "7,000" -> 1,000, "30 million" -> 10 million); the
qualifier (see pipeline.catalog.qualifiers) decides the test:

| bound (qualifiers)                          | consistent when                                   |
|---------------------------------------------|---------------------------------------------------|
| exact (none, "in just", "only")             | recomputed rounds to the stated digits: |r - s| <= unit/2 |
| rounded (about, around, approximately, roughly, average) | the same: "around 19.4" admits 19.35..19.45 |
| just_below (nearly, almost)                 | s - unit <= r <= s                                |
| above (more than, over)                     | r > s                                             |
| at_or_above (at least)                      | r >= s                                            |
| below (less than)                           | r < s                                             |
| at_or_below (up to)                         | r <= s                                            |

A small epsilon absorbs float noise. relative_error is (stated - recomputed) / recomputed, signed."""
from __future__ import annotations

import math
import re

import numpy as np

from pipeline.catalog.qualifiers import bound

DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
EPSILON = 1e-9


def stated_unit(surface: str | None, value: float) -> float:
    """One unit of the last shown digit of a number as written; 1 for number words ("threefold")."""
    match = DIGITS.search(surface or "")
    if not match:
        return 1.0
    token = match.group().replace(",", "")
    if "." in token:
        unit = 10.0 ** -len(token.split(".")[1])
    else:
        stripped = token.rstrip("0")
        unit = 10.0 ** (len(token) - len(stripped)) if stripped else 1.0
    shown = float(token)
    scale = abs(value / shown) if shown and value else 1.0
    return unit * scale


def _tests(stated, recomputed, unit) -> dict:
    """Each bound's test (see the table above), over numbers or numpy arrays alike."""
    slack = EPSILON * np.maximum(1.0, np.maximum(np.abs(stated), np.abs(recomputed)))
    gap = recomputed - stated
    return {
        "exact": np.abs(gap) <= unit / 2 + slack,
        "rounded": np.abs(gap) <= unit / 2 + slack,
        "just_below": (-unit - slack <= gap) & (gap <= slack),
        "above": gap > slack,
        "at_or_above": gap >= -slack,
        "below": gap < -slack,
        "at_or_below": gap <= slack,
    }


def agrees(stated: float, recomputed: float, qualifier: str | None, unit: float) -> bool:
    """Whether the recomputed value satisfies the statement (see the table above)."""
    return bool(_tests(stated, recomputed, unit)[bound(qualifier)])


def agreeing(stated: np.ndarray, recomputed: np.ndarray, bounds: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """agrees() over arrays, each statement given by its bound (qualifiers.bound) rather than its qualifier."""
    tests = _tests(stated, recomputed, unit)
    return np.select([bounds == kind for kind in tests], list(tests.values()), default=False)


def relative_error(stated: float, recomputed: float | None) -> float | None:
    if recomputed is None or recomputed == 0 or math.isnan(recomputed):
        return None
    return (stated - recomputed) / recomputed
