"""Period arithmetic over datetime.date pairs: lengths in days and months, and the series of
back-to-back periods of one length (2018, 2019, ... or Q1, Q2, ...) that changes and growth run over."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

DAY = dt.timedelta(days=1)


def has_span(start, end) -> bool:
    return isinstance(start, dt.date) and isinstance(end, dt.date) and start <= end


def days(start: dt.date, end: dt.date) -> int:
    """Days in the period, both ends included: 2023-01-01..2023-06-30 is 181."""
    return (end - start).days + 1


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def whole_months(start: dt.date, end: dt.date) -> int | None:
    """How many calendar months the period covers exactly, None when it does not start on the 1st and
    end on a month's last day."""
    if start.day != 1 or (end + DAY).day != 1:
        return None
    return month_index(end) - month_index(start) + 1


def length(start: dt.date, end: dt.date) -> tuple[str, int]:
    """A comparable period length: ("months", n) for whole months, else ("days", n)."""
    months = whole_months(start, end)
    return ("months", months) if months is not None else ("days", days(start, end))


def years_between_starts(first: tuple[dt.date, dt.date], last: tuple[dt.date, dt.date]) -> float:
    """Years from the first period to the last, counting whole months exactly (2018 to 2022 is 4)."""
    if whole_months(*first) is not None and whole_months(*last) is not None:
        return (month_index(last[0]) - month_index(first[0])) / 12
    return (last[0] - first[0]).days / 365.25


def chains(periods: Sequence[tuple[dt.date, dt.date]]) -> list[list[int]]:
    """Indices of periods grouped into runs of equal length, each following the last without gap or
    overlap, in time order. A period belongs to one run; runs of one period are kept."""
    order = sorted(range(len(periods)), key=lambda i: periods[i])
    runs: list[list[int]] = []
    for i in order:
        start, end = periods[i]
        extended = next((run for run in runs if periods[run[-1]][1] + DAY == start
                         and length(*periods[run[-1]]) == length(start, end)), None)
        if extended is not None:
            extended.append(i)
        else:
            runs.append([i])
    return runs


def units_in(start: dt.date, end: dt.date, unit: str) -> float | None:
    """How many of a time unit (hour, day, week, month, year) the period holds: a whole-month period
    counts months exactly (2022 holds 12 months, 1 year), any other counts days."""
    n_days = days(start, end)
    months = whole_months(start, end)
    if unit == "hour":
        return n_days * 24.0
    if unit == "day":
        return float(n_days)
    if unit == "week":
        return n_days / 7
    if unit == "month":
        return float(months) if months is not None else n_days / (365.25 / 12)
    if unit == "year":
        return months / 12 if months is not None else n_days / 365.25
    return None
