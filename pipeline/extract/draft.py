"""A figure while it is being read: the number and every attribute found for it so far."""
from __future__ import annotations

import dataclasses
import datetime as dt

from pipeline.extract.numbers import NumberMention
from pipeline.extract.places import Place
from pipeline.extract.structure import Sentence

SPAN_KINDS = ("multiplier", "duration")


@dataclasses.dataclass(slots=True)
class Draft:
    """A figure being built; becomes a Figure once the article is read."""

    number: NumberMention
    sentence: Sentence
    kind: str
    unit: str | None = None
    per: str | None = None
    qualifier: str | None = None
    measure: str = ""
    period: tuple[dt.date | None, dt.date | None] | None = None
    place: Place | None = None
    change: bool = False
    reference: bool = False
    shift: str | None = None
    in_year: int | None = None  # "in the same quarter of 2022": the period compared with, moved to that year
    current: tuple[dt.date | None, dt.date | None] | None = None
    """A change's own period, before its span reaches back to the base ("rose 0.24 percent this week")."""
    clause: tuple[int, int] = (0, 0)
    national: bool = False


def between(items, start: int, end: int) -> bool:
    """Whether any of the drafts starts within [start, end)."""
    for item in items:
        if start <= item.number.start < end:
            return True
    return False
