"""The figure record: one number found in an article, with everything needed to trace and use it, and
new_figure, the fast way the extractor makes one."""
from __future__ import annotations

import dataclasses
import datetime as dt

from pipeline.extract.frozen import fast_maker

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
new_figure = fast_maker(Figure)
"""Figure(*values), values in FIELDS order, several times faster (pipeline.extract.frozen)."""
