"""The article's own arithmetic, recomputed from its own figures. Claim types:
- time_average: a rate per day/week/... ("19.4 a day") against the total of its metric and period
  divided by the period's length;
- multiple: an "N-fold" figure against the last over the first value of the series it spans;
- percent_change: a percent figure spanning two periods of a series against the recomputed change
  (magnitudes: the direction is in the verb, not the figure); percents that span one period are levels
  and are not checked here;
- approximation: "more than 7,000" against the exact value the same article states for the same
  metric, region and period;
- per_unit_average: a per-unit rate (cases per officer) against total / units, as the catalogue's
  implied_total declares.
Verdicts follow tolerance.py; a claim whose counterpart figures are missing is unverifiable.

Each article is checked over plain rows (its figures, their links, its observations), gathered from the
frames in one pass: the work is linear in the number of articles."""
from __future__ import annotations

import collections
from collections.abc import Callable, Iterator

import pandas as pd

from pipeline.catalog import Catalogue, load_catalogue
from pipeline.catalog.qualifiers import exactness_rank, is_approximate
from pipeline.catalog.recognise import Link, figure_links
from pipeline.catalog.sentences import article_texts, sentence_of
from pipeline.derive import periods, wording
from pipeline.derive.derivations import by_key, key
from pipeline.derive.tolerance import agrees, relative_error, stated_unit

CLAIM_COLUMNS = ["claim_id", "article_id", "figure_id", "claim_type", "claim_text", "stated_value",
                 "recomputed_value", "relative_error", "verdict", "formula", "figure_ids"]
CHECKS: dict[str, Callable[["Article"], Iterator[dict]]] = {}


def check(name: str):
    """Registers a claim check under its claim type."""
    def register(function):
        CHECKS[name] = function
        return function
    return register


class ArticleObservations:
    """One article's observation rows, looked up by metric, region and period."""

    def __init__(self, rows: list):
        self.rows = rows
        self._index = by_key(rows)

    def of(self, metric_id: str, spanned: bool = True) -> list:
        """A metric's observations (only those with a start and end when spanned)."""
        return [r for r in self.rows if r.metric_id == metric_id
                and (not spanned or periods.has_span(r.period_start, r.period_end))]

    def find(self, metric_id: str, region_code, start, end):
        """The observation of a metric for one region and period, or None."""
        return self._index.get(key(metric_id, region_code, start, end))


class Article:
    """One article's figures that speak of a metric (rows in text order: the others make no claim and
    state no observation), their links to metrics and the article's observations, for the checks."""

    def __init__(self, figures: list, links: dict[str, Link], observations: list, catalogue: Catalogue,
                 texts: dict[str, str]):
        self.figures = {row.figure_id: row for row in figures}
        self.links = links
        self.observations = ArticleObservations(observations)
        self.catalogue = catalogue
        self.texts = texts

    def linked(self, role: str) -> Iterator[tuple[object, str]]:
        for figure_id, figure in self.figures.items():
            metric_id, linked_role = self.links.get(figure_id, (None, None))
            if linked_role == role and isinstance(metric_id, str):
                yield figure, metric_id

    def claim(self, figure, claim_type: str, recomputed: float | None, formula: str, figure_ids: list[str],
              stated: float | None = None) -> dict:
        stated = float(figure.value) if stated is None else stated
        text = sentence_of(self.texts, figure.article_id, int(figure.sentence_index))
        if text is None:
            words = (figure.qualifier if isinstance(figure.qualifier, str) else "", figure.surface, figure.measure)
            text = " ".join(w for w in words if w)
        if recomputed is None:
            verdict = "unverifiable"
        else:
            unit = stated_unit(figure.surface, stated)
            verdict = "consistent" if agrees(stated, recomputed, figure.qualifier, unit) else "inconsistent"
        return {
            "claim_id": f"{figure.figure_id}:{claim_type}", "article_id": figure.article_id,
            "figure_id": figure.figure_id, "claim_type": claim_type, "claim_text": text.strip(),
            "stated_value": stated, "recomputed_value": recomputed,
            "relative_error": relative_error(stated, recomputed), "verdict": verdict, "formula": formula,
            "figure_ids": list(dict.fromkeys(figure_ids)),
        }


@check("time_average")
def _time_average(article: Article) -> Iterator[dict]:
    for figure, metric_id in article.linked("time_average"):
        total = article.observations.find(metric_id, figure.region_code, figure.period_start, figure.period_end)
        if total is None or pd.isna(total.value) or not periods.has_span(total.period_start, total.period_end):
            yield article.claim(figure, "time_average", None, f"no {metric_id} total for the period",
                                [figure.figure_id])
            continue
        count = periods.units_in(total.period_start, total.period_end, figure.per)
        yield article.claim(figure, "time_average", total.value / count,
                            f"{wording.number(total.value)} / {wording.number(count)} {figure.per}s",
                            [figure.figure_id, *total.figure_ids])


def _endpoints(article: Article, figure, metric_id: str):
    """The observations at the start and end of the span a growth figure describes."""
    if not periods.has_span(figure.period_start, figure.period_end):
        return None, None
    rows = [r for r in article.observations.of(metric_id)
            if key(r.region_code) == key(figure.region_code) and pd.notna(r.value)]
    first = next((r for r in rows if r.period_start == figure.period_start), None)
    last = next((r for r in rows if r.period_end == figure.period_end), None)
    if first is None or last is None or first is last or not first.value or \
            periods.length(first.period_start, first.period_end) != periods.length(last.period_start, last.period_end):
        return None, None
    return first, last


def _growth(article: Article, kind: str) -> Iterator[tuple]:
    """(figure, metric_id, first, last) for each growth figure of a kind; first and last None when the
    article states no series over the figure's span."""
    for figure, metric_id in article.linked("growth"):
        if figure.kind == kind:
            yield figure, metric_id, *_endpoints(article, figure, metric_id)


@check("multiple")
def _multiple(article: Article) -> Iterator[dict]:
    for figure, metric_id, first, last in _growth(article, "multiplier"):
        if first is None:
            yield article.claim(figure, "multiple", None, f"no {metric_id} series over the period",
                                [figure.figure_id])
        else:
            yield article.claim(figure, "multiple", last.value / first.value,
                                f"{wording.number(last.value)} / {wording.number(first.value)}",
                                [figure.figure_id, *first.figure_ids, *last.figure_ids])


@check("percent_change")
def _percent_change(article: Article) -> Iterator[dict]:
    for figure, _, first, last in _growth(article, "percent"):
        if first is not None:
            change = abs((last.value - first.value) / first.value * 100)
            yield article.claim(figure, "percent_change", change,
                                f"|{wording.number(last.value)} - {wording.number(first.value)}| / "
                                f"{wording.number(first.value)} x 100",
                                [figure.figure_id, *first.figure_ids, *last.figure_ids],
                                stated=abs(float(figure.value)))


@check("approximation")
def _approximation(article: Article) -> Iterator[dict]:
    for observation in article.observations.rows:
        stated = [article.figures[f] for f in observation.figure_ids if f in article.figures]
        exact = [f.figure_id for f in stated if exactness_rank(f.qualifier) == 0]
        if not exact or pd.isna(observation.value):
            continue
        for figure in stated:
            if is_approximate(figure.qualifier):
                yield article.claim(figure, "approximation", observation.value,
                                    f"{figure.qualifier} {figure.surface} vs stated {wording.number(observation.value)}",
                                    [figure.figure_id, *exact])


@check("per_unit_average")
def _per_unit_average(article: Article) -> Iterator[dict]:
    for metric in article.catalogue.metrics:
        for params in metric.derivation_params("implied_total"):
            for rate in article.observations.of(metric.id, spanned=False):
                key = (rate.region_code, rate.period_start, rate.period_end)
                units = article.observations.find(params["times"], *key)
                total = article.observations.find(params["total"], *key)
                if units is None or total is None or not units.value or pd.isna(rate.value):
                    continue
                figure = next(article.figures[f] for f in rate.figure_ids if article.figures[f].value == rate.value)
                yield article.claim(figure, "per_unit_average", total.value / units.value,
                                    f"{wording.number(total.value)} / {wording.number(units.value)}",
                                    [figure.figure_id, *total.figure_ids, *units.figure_ids])


def _rows_by_article(frame: pd.DataFrame) -> dict[str, list]:
    """The frame's rows (named tuples of its columns) grouped by article_id, in frame order."""
    row = collections.namedtuple("Row", frame.columns)
    grouped: dict[str, list] = {}
    for values in zip(*(frame[column].tolist() for column in frame.columns)):
        found = row._make(values)
        grouped.setdefault(found.article_id, []).append(found)
    return grouped


def check_claims(observations: pd.DataFrame, figures: pd.DataFrame, articles: pd.DataFrame | None,
                 catalogue: Catalogue | None = None, links: dict[str, Link] | None = None) -> pd.DataFrame:
    """Every claim check over every article, one row per figure and claim type. links: the figures'
    links (recognise.figure_links) when the caller has them already."""
    catalogue = catalogue or load_catalogue()
    links = figure_links(figures, articles, catalogue) if links is None else links
    texts = article_texts(articles)
    linked = figures[figures["figure_id"].isin([f for f, (metric_id, _) in links.items() if metric_id is not None])]
    figures_of, observations_of = _rows_by_article(linked), _rows_by_article(observations)
    rows: list[dict] = []
    for article_id in sorted(figures_of):
        article = Article(figures_of[article_id], links, observations_of.get(article_id, []), catalogue, texts)
        for run in CHECKS.values():
            rows.extend(run(article))
    frame = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    for column in ("stated_value", "recomputed_value", "relative_error"):
        frame[column] = frame[column].astype("float64")
    return frame
