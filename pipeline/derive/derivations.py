"""Derivations declared in the catalogue, each a small function registered by name. A derivation
reads the consolidated observations and returns derived rows: metric x derivation x region x period,
with the value, its unit, the formula in words and the figure_ids it was computed from. Change,
multiple and growth rows span from the base period's start to the compared period's end."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator

import pandas as pd

from pipeline.catalog import Catalogue, Metric, load_catalogue
from pipeline.derive import periods, wording
from pipeline.derive.consolidate import consolidate

DERIVED_COLUMNS = ["metric_id", "derivation_id", "region", "region_code", "period_start", "period_end",
                   "value", "unit", "formula", "figure_ids"]
READ_COLUMNS = ["metric_id", "region", "region_code", "period_start", "period_end", "value", "figure_ids",
                "published_date"]
"""The columns of a consolidated observation the derivations read."""
DAYS_PER_YEAR = 365
DERIVATIONS: dict[str, Callable[..., Iterator[tuple]]] = {}


def derivation(name: str):
    """Registers a derivation under the name the catalogue uses."""
    def register(function):
        DERIVATIONS[name] = function
        return function
    return register


@dataclasses.dataclass
class Context:
    """Observations with unique metric x region x period keys (consolidated, or one article's). A metric's
    rows are split off once, and its valued rows turned into tuples once, however many derivations read
    them."""
    observations: pd.DataFrame
    catalogue: Catalogue
    _index: dict = dataclasses.field(default_factory=dict, init=False, repr=False)
    _runs: dict = dataclasses.field(default_factory=dict, init=False, repr=False)
    _countries: dict = dataclasses.field(default_factory=dict, init=False, repr=False)
    _frames: dict = dataclasses.field(default_factory=dict, init=False, repr=False)
    _valued: dict = dataclasses.field(default_factory=dict, init=False, repr=False)
    _region_names: dict = dataclasses.field(default_factory=dict, init=False, repr=False)
    _numbers: dict = dataclasses.field(default_factory=dict, init=False, repr=False)

    def of(self, metric_id: str, spanned: bool = True) -> pd.DataFrame:
        """A metric's observations in their order (only those with a start and end when spanned)."""
        if not self._frames:
            self._frames.update({(metric, False): frame for metric, frame
                                 in self.observations.groupby("metric_id", sort=False)})
            self._frames[None] = self.observations.iloc[0:0]
        frame = self._frames.get((metric_id, False), self._frames[None])
        if spanned:
            if (metric_id, True) not in self._frames:
                self._frames[metric_id, True] = frame.loc[[periods.has_span(s, e) for s, e in
                                                           zip(frame["period_start"], frame["period_end"])]]
            frame = self._frames[metric_id, True]
        return frame

    def valued(self, metric_id: str) -> list:
        """The rows of a metric's spanned observations that have a value, as named tuples."""
        if metric_id not in self._valued:
            frame = self.of(metric_id)
            self._valued[metric_id] = list(frame[frame["value"].notna()].itertuples())
        return self._valued[metric_id]

    def find(self, metric_id: str, region_code, start, end):
        """The observation of a metric for one region and period, or None. Each metric looked up gets its
        own index, of its rows only (two or three metrics are looked up, out of every observation)."""
        if metric_id not in self._index:
            self._index[metric_id] = by_key(self.of(metric_id, spanned=False).itertuples())
        index = self._index[metric_id]
        return index.get(key(metric_id, region_code, start, end)) if index else None

    def number(self, value: float) -> str:
        """wording.number(value), worked out once per value and type (a value is written in several
        formulas: 36,000 numbers written, about 5,000 distinct, at 100,000 articles)."""
        known = (value, type(value))
        if known not in self._numbers:
            self._numbers[known] = wording.number(value)
        return self._numbers[known]

    def region_name(self, region_code: str):
        """The name the first observation of a region gives it, or None."""
        if not self._region_names:
            for code, name in zip(self.observations["region_code"], self.observations["region"]):
                self._region_names.setdefault(code, name)
            self._region_names.setdefault(None, None)
        return self._region_names.get(region_code)


def key(*parts) -> tuple:
    """A lookup key in which every missing value (None, NaN, NaT) is None."""
    return tuple(None if part is None or part is pd.NaT or (isinstance(part, float) and part != part) else part
                 for part in parts)


def by_key(observations: Iterable) -> dict[tuple, object]:
    """Observation rows by key(metric_id, region_code, period_start, period_end); the last one wins."""
    return {key(r.metric_id, r.region_code, r.period_start, r.period_end): r for r in observations}


SOURCE = object()
"""The default of the region, region_code and period_start a derived row may set: those of its source."""


def row(source, derivation_id: str, value: float, unit: str, formula: str, *sources, region=SOURCE,
        region_code=SOURCE, period_start=SOURCE) -> tuple:
    """A derived row (its DERIVED_COLUMNS in order) with the metric, region and period of `source` (an
    observation's named tuple) unless given, and the figure_ids of source and sources."""
    figure_ids = list(source.figure_ids)
    for observation in sources:
        figure_ids += [f for f in observation.figure_ids if f not in figure_ids]
    return (source.metric_id, derivation_id, source.region if region is SOURCE else region,
            source.region_code if region_code is SOURCE else region_code,
            source.period_start if period_start is SOURCE else period_start, source.period_end, float(value),
            unit, formula, figure_ids)


def _runs(context: Context, owner: Metric) -> list[list]:
    """Each region's runs of back-to-back periods of one length, in time order (found once per metric:
    several derivations walk them)."""
    if owner.id not in context._runs:
        # grouped by region in the order the regions first appear, as groupby(dropna=False, sort=False) would
        regions = {_region(code): [] for code in context.of(owner.id)["region_code"]}
        for r in context.valued(owner.id):
            regions[_region(r.region_code)].append(r)
        found = context._runs[owner.id] = []
        for rows in regions.values():
            found += [[rows[i] for i in run] for run in periods.chains([(r.period_start, r.period_end) for r in rows])]
    return context._runs[owner.id]


def _region(code):
    """A region code, every missing value (None, NaN, NA) as None."""
    return code if isinstance(code, str) else None


CADENCES = {1: "monthly", 3: "quarterly", 6: "half_yearly", 12: ""}


def _spanning(name: str, run: list) -> str:
    """The id of a derivation from a run's first period to a later one. Runs of yearly periods keep the
    plain name; shorter cadences say theirs ("multiple_of_first_half_yearly"), since a half-yearly and
    a yearly run over the same years span the same dates."""
    months = periods.whole_months(run[0].period_start, run[0].period_end)
    cadence = CADENCES.get(months) if months else None
    if cadence is None:
        cadence = f"{months}_monthly" if months else f"{periods.days(run[0].period_start, run[0].period_end)}_daily"
    return f"{name}_{cadence}" if cadence else name


def _by_country(context: Context, owner: Metric) -> list[tuple[object, list]]:
    """For each period and country of a metric: (the national observation or None, the regional ones),
    found once per metric (three derivations read them)."""
    if owner.id not in context._countries:
        groups: dict[tuple, list] = {}
        for r in context.valued(owner.id):
            if isinstance(r.region_code, str):
                groups.setdefault((r.period_start, r.period_end, r.region_code.split("-")[0]), []).append(r)
        found = context._countries[owner.id] = []
        for rows in groups.values():
            national = [r for r in rows if "-" not in r.region_code]
            found.append(((national[0] if national else None), [r for r in rows if "-" in r.region_code]))
    return context._countries[owner.id]


@derivation("period_days")
def _period_days(context: Context, owner: Metric) -> Iterator[tuple]:
    for r in context.valued(owner.id):
        n = periods.days(r.period_start, r.period_end)
        yield row(r, "period_days", n, "days", f"{wording.period(r.period_start, r.period_end)} = {n} days")


@derivation("daily_rate")
def _daily_rate(context: Context, owner: Metric) -> Iterator[tuple]:
    for r in context.valued(owner.id):
        n = periods.days(r.period_start, r.period_end)
        yield row(r, "daily_rate", r.value / n, f"{owner.unit} per day", f"{context.number(r.value)} / {n} days")


@derivation("annualised")
def _annualised(context: Context, owner: Metric) -> Iterator[tuple]:
    """Periods shorter than a year scaled to 365 days (a whole year is its own annual value)."""
    for r in context.valued(owner.id):
        n = periods.days(r.period_start, r.period_end)
        if n < DAYS_PER_YEAR:
            yield row(r, "annualised", r.value / n * DAYS_PER_YEAR, f"{owner.unit} per year",
                      f"{context.number(r.value)} / {n} days x {DAYS_PER_YEAR}")


def _steps(context: Context, owner: Metric) -> Iterator[tuple]:
    for run in _runs(context, owner):
        for before, after in zip(run, run[1:]):
            yield before, after


@derivation("change")
def _change(context: Context, owner: Metric) -> Iterator[tuple]:
    for before, after in _steps(context, owner):
        yield row(after, "change", after.value - before.value, owner.unit,
                  f"{context.number(after.value)} - {context.number(before.value)}", before,
                  period_start=before.period_start)


@derivation("change_pct")
def _change_pct(context: Context, owner: Metric) -> Iterator[tuple]:
    for before, after in _steps(context, owner):
        if before.value:
            yield row(after, "change_pct", (after.value - before.value) / before.value * 100, "percent",
                      f"({context.number(after.value)} - {context.number(before.value)}) / "
                      f"{context.number(before.value)} x 100", before, period_start=before.period_start)


@derivation("multiple_of_first")
def _multiple_of_first(context: Context, owner: Metric) -> Iterator[tuple]:
    for run in _runs(context, owner):
        first = run[0]
        if not first.value or len(run) < 2:
            continue
        derivation_id = _spanning("multiple_of_first", run)
        for later in run[1:]:
            yield row(later, derivation_id, later.value / first.value, "times",
                      f"{context.number(later.value)} / {context.number(first.value)}", first,
                      period_start=first.period_start)


@derivation("cagr")
def _cagr(context: Context, owner: Metric) -> Iterator[tuple]:
    """Compound annual growth from the first to the last period of a run."""
    for run in _runs(context, owner):
        first, last = run[0], run[-1]
        if len(run) < 2 or first.value <= 0 or last.value <= 0:
            continue
        years = periods.years_between_starts((first.period_start, first.period_end),
                                             (last.period_start, last.period_end))
        value = ((last.value / first.value) ** (1 / years) - 1) * 100
        ratio = f"{context.number(last.value)} / {context.number(first.value)}"
        yield row(last, _spanning("cagr", run), value, "percent per year",
                  f"(({ratio}) ^ (1 / {context.number(years)}) - 1) x 100", *run[:-1], period_start=first.period_start)


@derivation("share_of")
def _share_of(context: Context, owner: Metric, metric: str) -> Iterator[tuple]:
    for r in context.valued(owner.id):
        whole = context.find(metric, r.region_code, r.period_start, r.period_end)
        if whole is not None and whole.value:
            yield row(r, f"share_of_{metric}", r.value / whole.value * 100, "percent",
                      f"{context.number(r.value)} / {context.number(whole.value)} x 100", whole)


@derivation("ratio_to_national")
def _ratio_to_national(context: Context, owner: Metric) -> Iterator[tuple]:
    for nation, regional in _by_country(context, owner):
        for r in regional if nation is not None and nation.value else []:
            yield row(r, "ratio_to_national", r.value / nation.value, "ratio",
                      f"{context.number(r.value)} ({r.region}) / {context.number(nation.value)} ({nation.region})",
                      nation)


@derivation("rank_among_regions")
def _rank_among_regions(context: Context, owner: Metric) -> Iterator[tuple]:
    """1 for the highest value among a country's regions reported for the same period; ties share a rank."""
    for _, regional in _by_country(context, owner):
        for r in regional if len(regional) > 1 else []:
            rank = 1 + sum(other.value > r.value for other in regional)
            yield row(r, "rank_among_regions", rank, "rank", f"{context.number(r.value)} ranked among "
                      f"{len(regional)} regions (1 = highest)", *[o for o in regional if o is not r])


@derivation("disparity")
def _disparity(context: Context, owner: Metric) -> Iterator[tuple]:
    """Highest over lowest regional value of a period, reported for the country."""
    for _, regional in _by_country(context, owner):
        if len(regional) < 2 or min(r.value for r in regional) <= 0:
            continue
        top, bottom = max(regional, key=lambda r: r.value), min(regional, key=lambda r: r.value)
        country = top.region_code.split("-")[0]
        yield row(top, "disparity", top.value / bottom.value, "ratio",
                  f"{context.number(top.value)} ({top.region}) / {context.number(bottom.value)} ({bottom.region})",
                  bottom, region=context.region_name(country), region_code=country)


@derivation("implied_total")
def _implied_total(context: Context, owner: Metric, times: str, total: str) -> Iterator[tuple]:
    """The metric times another (cases per officer x officers) against the total it restates."""
    total_unit = context.catalogue.metric(total).unit
    for r in context.valued(owner.id):
        factor = context.find(times, r.region_code, r.period_start, r.period_end)
        if factor is None or pd.isna(factor.value):
            continue
        implied = r.value * factor.value
        product = f"{context.number(factor.value)} x {context.number(r.value)}"
        yield row(r, "implied_total", implied, total_unit, f"{product} = {context.number(implied)}", factor)
        stated = context.find(total, r.region_code, r.period_start, r.period_end)
        if stated is None or not stated.value:
            continue
        versus = f"{product} = {context.number(implied)} vs stated {context.number(stated.value)}"
        yield row(r, "implied_total_diff", implied - stated.value, total_unit, versus, factor, stated)
        yield row(r, "implied_total_diff_pct", (implied - stated.value) / stated.value * 100, "percent",
                  f"({versus}) / {context.number(stated.value)} x 100", factor, stated)


@derivation("months_since")
def _months_since(context: Context, owner: Metric) -> Iterator[tuple]:
    """Whole calendar months from a date's month to the publication month of its article."""
    for r in context.of(owner.id, spanned=False).itertuples():
        if r.period_start is None or pd.isna(r.published_date):
            continue
        months = periods.month_index(r.published_date) - periods.month_index(r.period_start)
        yield row(r, "months_since", months, "months",
                  f"{wording.month(r.period_start)} to publication {r.published_date.isoformat()}")


def derive_metrics(observations: pd.DataFrame, figures: pd.DataFrame | None, articles: pd.DataFrame,
                   catalogue: Catalogue | None = None) -> pd.DataFrame:
    """Every derivation the catalogue declares, over the observations consolidated across articles
    (see consolidate.py). figures is accepted for a uniform signature; observations carry all needed."""
    catalogue = catalogue or load_catalogue()
    consolidated = consolidate(observations, articles)
    # the named tuples carry only the columns derivations read (iterating article_id, a pyarrow string
    # column, took 1.5 us a row)
    context = Context(consolidated.loc[:, consolidated.columns.isin(READ_COLUMNS)], catalogue)
    rows: list[tuple] = []
    for metric in catalogue.metrics:
        for name, params in metric.derivations:
            if name not in DERIVATIONS:
                raise KeyError(f"{metric.id}: the catalogue declares unknown derivation {name!r}")
            rows.extend(DERIVATIONS[name](context, metric, **dict(params)))
    frame = pd.DataFrame(rows, columns=DERIVED_COLUMNS)
    frame["value"] = frame["value"].astype("float64")
    return frame
