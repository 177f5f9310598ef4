"""The figure record: one number found in an article, with everything needed to trace and use it."""
from __future__ import annotations

import dataclasses
import datetime as dt

KINDS = ("count", "percent", "rate", "ratio", "multiplier", "currency", "duration", "date", "year", "other")
SECTIONS = ("headline", "caption", "dateline", "body", "byline", "boilerplate")


@dataclasses.dataclass(frozen=True, slots=True)
class Figure:
    article_id: str
    figure_id: str
    char_start: int
    char_end: int
    surface: str
    value: float | None
    kind: str
    unit: str | None
    per: str | None
    qualifier: str | None
    measure: str
    period_start: dt.date | None
    period_end: dt.date | None
    region: str | None
    region_code: str | None
    section: str
    sentence_index: int

    def to_json_dict(self) -> dict:
        """The record with dates as ISO strings, ready for JSON."""
        record = dataclasses.asdict(self)
        for key in ("period_start", "period_end"):
            if record[key] is not None:
                record[key] = record[key].isoformat()
        return record


FIELDS = tuple(field.name for field in dataclasses.fields(Figure))
# each field's slot setter, in field order
_FILLERS = tuple(getattr(Figure, name).__set__ for name in FIELDS)


def new_figure(*values) -> Figure:
    """Figure(*values) with the values in FIELDS order, made faster: a frozen dataclass's generated
    __init__ sets each field through object.__setattr__; this fills the slots directly."""
    if len(values) != len(_FILLERS):
        raise TypeError(f"a Figure has {len(_FILLERS)} fields, not {len(values)}")
    figure = object.__new__(Figure)
    for fill, value in zip(_FILLERS, values):
        fill(figure, value)
    return figure
