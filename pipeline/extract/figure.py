"""The figure record: one number found in an article, with everything needed to trace and use it, and
new_figure, the fast way the extractor makes one."""
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
# a class with Figure's fields, not frozen: its generated __init__ assigns each slot plainly
_UnfrozenFigure = dataclasses.make_dataclass(
    "_UnfrozenFigure", [(field.name, field.type) for field in dataclasses.fields(Figure)], slots=True, eq=False,
    repr=False)


def new_figure(*values) -> Figure:
    """Figure(*values), values in FIELDS order, several times faster: a frozen dataclass's __init__ sets each
    field through object.__setattr__; this fills an instance of the unfrozen twin class, then makes it a
    Figure (Python allows it: both classes have the same slots, so their instances are laid out alike)."""
    figure = _UnfrozenFigure(*values)
    figure.__class__ = Figure
    return figure
