"""Which charts to draw: a time series per metric x region with two or more periods, and a regional
breakdown per metric x period with two or more regions (the national value, when an article gives
it, as a reference line). Each chart is a ChartSpec holding everything the drawing needs: title, unit,
labelled bars, partial periods and gaps marked, qualifiers, source articles and notes.

Only numeric observations are charted. Where several articles report the same metric, region and
period, the most recent article's value is drawn (pipeline.derive.consolidate) and a note says the
articles disagree. A chart keeps to the bars its fixed size shows legibly: a series its MOST_PERIODS
most recent periods, a breakdown its MOST_REGIONS largest regions; a note says what is left out (it
is all in the observations table).

The observations are read once, as plain rows taken column by column (DataFrame.to_dict spends most of
its time boxing values that need none), and a period's label and length are worked out once per
period, not once per bar."""
from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import functools
import operator

import pandas as pd

from pipeline.catalog import Catalogue, load_catalogue
from pipeline.charts.labels import listing, period_label, slug, span_words, unit_noun
from pipeline.derive.consolidate import SERIES_KEY, consolidate
from pipeline.derive.periods import DAY, days, length


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    """None for a gap: a period between two reported ones that no article gives a figure for."""
    qualifier: str | None = None
    note: str | None = None
    """Set when the bar's period is not as long as the others' ("H1 2023 covers 6 months, ...")."""


@dataclasses.dataclass(frozen=True)
class Reference:
    label: str
    value: float
    qualifier: str | None


@dataclasses.dataclass(frozen=True)
class Source:
    article_id: str
    publisher: str | None
    published_date: str | None


@dataclasses.dataclass(frozen=True)
class ChartSpec:
    file: str
    kind: str
    """"series" (one region over time) or "regions" (one period across regions)."""
    metric_id: str
    title: str
    subtitle: str
    unit: str
    bars: tuple[Bar, ...]
    sources: tuple[Source, ...]
    reference: Reference | None = None
    notes: tuple[str, ...] = ()
    region: str | None = None
    period: str | None = None
    period_length: str | None = None
    """A series' usual period ("year", "quarter"), the one a bar with a note differs from."""


MOST_PERIODS = 40
"""The most bars a series shows (its most recent periods, gaps included): more overlap their labels."""
MOST_REGIONS = 20
"""The most bars a regional breakdown shows (its largest values): more overlap their labels."""
SOURCE_COLUMNS = ("article_id", "publisher", "published_date")
"""What a chart's footer and index say of each source article."""
ROW_COLUMNS = ("article_id", "metric_id", "region", "region_code", "period_start", "period_end", "value", "unit",
               "qualifier")
"""The columns of a consolidated observation that charts read."""
_PLAIN_TYPES = frozenset((str, type(None), float, int, bool, dt.date))
"""Types of the values DataFrame.to_dict passes on as they are (it makes Python values of the others)."""
PERIODS_CACHED = 1 << 12
"""How many periods' labels and lengths are remembered (about 1,300 periods at 100,000 articles)."""
_series_key = operator.itemgetter(*SERIES_KEY)


def _per_period(function):
    """function(start, end) remembered for periods of plain dates: thousands of rows share a few hundred
    periods. A period of datetimes or Timestamps is worked out each time, since one can equal another
    that reads otherwise (in another time zone)."""
    remembered = functools.lru_cache(maxsize=PERIODS_CACHED)(function)
    plain = {dt.date, type(None)}

    def per_period(start, end):
        return remembered(start, end) if type(start) in plain and type(end) in plain else function(start, end)

    return per_period


_label, _length, _span_words, _unit_noun = map(_per_period, (period_label, length, span_words, unit_noun))


def _date(value) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _describe(metric_id: str, unit, catalogue: Catalogue) -> tuple[str, str]:
    """Title and unit from the catalogue; a metric it no longer holds keeps its id and row unit."""
    metric = next((m for m in catalogue.metrics if m.id == metric_id), None)
    if metric is not None:
        return metric.title, metric.unit
    return metric_id.replace("_", " ").capitalize(), _text(unit) or ""


def _iso(value) -> str | None:
    published = _date(value)
    return published.isoformat() if published else None


def _sources(rows: list[dict]) -> tuple[Source, ...]:
    found = {row["article_id"]: row["source"] for row in rows}
    return tuple(sorted(found.values(), key=lambda s: (s.published_date or "", s.article_id)))


def _period_key(row: dict) -> tuple:
    start, end = row["period_start"], row["period_end"]
    return (start or end or dt.date.min, end or dt.date.max)


def _disagreement_notes(rows: list[dict], with_region: bool) -> tuple[str, ...]:
    """One note for all the bars whose articles disagree: the periods of a series, the regions of a
    breakdown (a breakdown of 200 regions would otherwise carry 200 notes)."""
    rows = [row for row in rows if row["disputed"]]
    if not rows:
        return ()
    if with_region:
        what = f"{_label(rows[0]['period_start'], rows[0]['period_end'])} for " \
               f"{listing([row['region'] for row in rows], 'regions')}"
    else:
        what = listing([_label(row["period_start"], row["period_end"]) for row in rows], "periods")
    return (f"Articles disagree on {what}; the most recent is shown (see the conflicts table).",)


def _typical_period(rows: list[dict]) -> tuple[dt.date, dt.date] | None:
    """The most common period length among the rows (the longest on a tie), as one such period."""
    spans = [(r["period_start"], r["period_end"]) for r in rows if r["period_start"] is not None]
    counts = collections.Counter(_length(*span) for span in spans)
    return max(spans, key=lambda span: (counts[_length(*span)], days(*span)), default=None)


def _series_bars(rows: list[dict], typical: tuple[dt.date, dt.date] | None) -> tuple[Bar, ...]:
    """Bars in time order; a gap between reported periods is a bar without value; a period of another
    length than the typical one carries a note."""
    usual = _length(*typical) if typical else None
    bars, previous_end = [], None
    for row in rows:
        start, end = row["period_start"], row["period_end"]
        if previous_end is not None and start is not None and start > previous_end + DAY:
            bars.append(Bar(_label(previous_end + DAY, start - DAY), None))
        label, note = _label(start, end), None
        if start is not None and typical is not None and _length(start, end) != usual:
            longer = days(start, end) > days(*typical)
            note = (f"{label} covers {_span_words(start, end)}, "
                    f"{'more than one' if longer else 'not a full'} {_unit_noun(*typical)}")
        bars.append(Bar(label, float(row["value"]), _text(row["qualifier"]), note))
        previous_end = end
    return tuple(bars)


def _most_recent(bars: tuple[Bar, ...]) -> tuple[tuple[Bar, ...], tuple[str, ...]]:
    """The last MOST_PERIODS bars (never starting with a gap), and the note on the periods left out."""
    if len(bars) <= MOST_PERIODS:
        return bars, ()
    shown = bars[-MOST_PERIODS:]
    while shown[0].value is None:
        shown = shown[1:]
    left_out = [bar for bar in bars[:len(bars) - len(shown)] if bar.value is not None]
    return shown, (f"The {len(left_out)} earlier periods ({left_out[0].label} to {left_out[-1].label}) are "
                   "not drawn; they are in the observations table.",)


def _series(metric_id: str, region: str, rows: list[dict], catalogue: Catalogue) -> ChartSpec:
    title, unit = _describe(metric_id, rows[0]["unit"], catalogue)
    rows = sorted(rows, key=_period_key)
    typical = _typical_period(rows)
    bars, left_out = _most_recent(_series_bars(rows, typical))
    return ChartSpec(
        file=f"{slug(metric_id)}.series.{slug(region)}.png", kind="series", metric_id=metric_id, title=title,
        subtitle=f"{region}, {bars[0].label} to {bars[-1].label}", unit=unit, bars=bars,
        sources=_sources(rows), region=region, period_length=_unit_noun(*typical) if typical else None,
        notes=left_out + _disagreement_notes(rows, with_region=False),
    )


def _national(rows: list[dict]) -> dict | None:
    """The row of the country every other row's region lies in (KR for KR-26, KR-11, ...), if any."""
    codes = [r["region_code"] for r in rows]
    for row, code in zip(rows, codes):
        if code and "-" not in code and all(other and other.startswith(f"{code}-")
                                             for other in codes if other != code):
            return row
    return None


def _regions(metric_id: str, rows: list[dict], catalogue: Catalogue) -> ChartSpec | None:
    national = _national(rows)
    regional = sorted((r for r in rows if r is not national), key=lambda r: (-r["value"], r["region"]))
    if len(regional) < 2:
        return None
    title, unit = _describe(metric_id, rows[0]["unit"], catalogue)
    period = _label(rows[0]["period_start"], rows[0]["period_end"])
    reference = Reference(national["region"], float(national["value"]), _text(national["qualifier"])) \
        if national is not None else None
    left_out = ()
    if len(regional) > MOST_REGIONS:
        left_out = (f"The {len(regional) - MOST_REGIONS} smaller of the {len(regional)} regions are not drawn; "
                    "they are in the observations table.",)
    return ChartSpec(
        file=f"{slug(metric_id)}.regions.{slug(period)}.png", kind="regions", metric_id=metric_id, title=title,
        subtitle=f"By region, {period}", unit=unit, period=period, reference=reference,
        bars=tuple(Bar(r["region"], float(r["value"]), _text(r["qualifier"])) for r in regional[:MOST_REGIONS]),
        sources=_sources(rows),
        notes=left_out + _disagreement_notes(sorted(rows, key=lambda r: r["region"]), with_region=True),
    )


def _values(frame: pd.DataFrame, column: str) -> list:
    """A column's values as frame.to_dict("records") gives them. Boxing each value as a Python one is
    most of to_dict's time and changes none of _PLAIN_TYPES, so a column of those is taken as it is."""
    values = frame[column].tolist()
    if set(map(type, values)) <= _PLAIN_TYPES:
        return values
    return [row[column] for row in frame[[column]].to_dict("records")]


def _charted_articles(articles: pd.DataFrame, numeric: pd.DataFrame) -> pd.DataFrame:
    """The SOURCE_COLUMNS of the articles rows whose id some observation has (a quarter of them at
    100,000 articles) and of those without a text id: every row an observation's id can match, so
    merging with them or looking an id up among them finds what it would among all the rows."""
    charted = set(numeric["article_id"].tolist())
    return articles.loc[[article_id in charted or not isinstance(article_id, str)
                         for article_id in articles["article_id"].tolist()], list(SOURCE_COLUMNS)]


def _publications(articles: pd.DataFrame) -> dict[str, tuple[str | None, str | None]]:
    """article_id -> (publisher, ISO published date); an article given twice keeps its last row."""
    ids, publishers, dates = (_values(articles, column) for column in SOURCE_COLUMNS)
    return {article_id: (_text(publisher), _iso(published))
            for article_id, publisher, published in zip(ids, publishers, dates)}


def _records(frame: pd.DataFrame, publications: dict, disputed: set[tuple]) -> list[dict]:
    """The consolidated observations as dicts of ROW_COLUMNS (a column the frame lacks is left out, to
    fail where it is read), each with its Source and whether the articles disagree on its value."""
    columns = [column for column in ROW_COLUMNS if column in frame.columns]
    rows = [dict(zip(columns, values)) for values in zip(*(_values(frame, column) for column in columns))]
    for row in rows:
        row["period_start"], row["period_end"] = _date(row["period_start"]), _date(row["period_end"])
        row["region_code"] = _text(row["region_code"])
        row["source"] = Source(row["article_id"], *publications.get(row["article_id"], (None, None)))
        row["disputed"] = _series_key(row) in disputed
    return rows


def _unique_files(specs: list[ChartSpec]) -> list[ChartSpec]:
    """Distinct names for charts whose ids slug alike ("São Paulo", "Sao Paulo"): -2, -3, ..."""
    seen: collections.Counter = collections.Counter()
    unique = []
    for spec in sorted(specs, key=lambda s: (s.file, s.region or "", s.period or "")):
        seen[spec.file] += 1
        if seen[spec.file] > 1:
            spec = dataclasses.replace(spec, file=spec.file.replace(".png", f"-{seen[spec.file]}.png"))
        unique.append(spec)
    return sorted(unique, key=lambda s: s.file)


def choose_charts(observations: pd.DataFrame | None, articles: pd.DataFrame | None,
                  catalogue: Catalogue | None = None) -> list[ChartSpec]:
    """Every chart the observations support, ordered by file name; none for an empty warehouse."""
    if observations is None or not len(observations):
        return []
    numeric = observations[observations["value"].notna()]
    if articles is None:
        articles = pd.DataFrame({column: pd.Series(dtype=object) for column in SOURCE_COLUMNS})
    spread = numeric.groupby(SERIES_KEY, dropna=False)["value"].nunique()
    articles = _charted_articles(articles, numeric)
    catalogue = catalogue or load_catalogue()
    publications = _publications(articles)
    disputed = {tuple(None if pd.isna(part) else part for part in key) for key in spread[spread > 1].index}
    rows = _records(consolidate(numeric, articles), publications, disputed)
    by_region, by_period = collections.defaultdict(list), collections.defaultdict(list)
    for row in rows:
        by_period[(row["metric_id"], row["period_start"], row["period_end"])].append(row)
        if row["period_end"] is not None:
            by_region[(row["metric_id"], row["region"])].append(row)
    specs = [_series(metric, region, group, catalogue) for (metric, region), group in by_region.items()
             if len(group) >= 2]
    specs += [spec for (metric, _, _), group in by_period.items()
              if (spec := _regions(metric, group, catalogue)) is not None]
    return _unique_files(specs)
