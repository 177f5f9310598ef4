"""Which metric each figure speaks of, and in what role: `value` (it states the metric's value),
`time_average` (a rate per day/week/... of a counted metric: "19.4 a day") or `growth` (an N-fold or
percent figure about a metric's series). Recognition reads the measure phrase and unit through the
catalogue's rules; a figure without a measure is read through its sentence when the text is known; a
growth figure whose words name no metric belongs to the nearest stated value in its sentence.

Figures are read once, as plain lists (no per-figure DataFrame work), and the catalogue's verdict is
cached by wording (kind, phrase words, rate denominator): articles repeat their wordings. Within one
call the links are also kept by the figures' own strings (kind, measure, unit, per), so a repeated
wording is not split into words again."""
from __future__ import annotations

import functools
from collections.abc import Callable

import pandas as pd

from pipeline.catalog.catalogue import Catalogue, Metric, load_catalogue
from pipeline.catalog.sentences import article_texts, sentence_of
from pipeline.catalog.words import words

TIME_UNITS = ("hour", "day", "week", "month", "year")
GROWTH_KINDS = ("multiplier", "percent")
LINK_COLUMNS = ["figure_id", "metric_id", "role"]
WORDINGS_CACHED = 1 << 16
Link = tuple[str | None, str | None]
"""(metric_id, role); (None, None) when the figure speaks of no metric."""


def _best(metrics: list[Metric], phrase: tuple[str, ...], per: tuple[str, ...] | None) -> str | None:
    scored = [(metric.score(phrase, per), -order, metric.id) for order, metric in enumerate(metrics)]
    top = max(scored, default=(0, 0, None))
    return top[2] if top[0] > 0 else None


@functools.cache
def _recogniser(catalogue: Catalogue) -> Callable[[str, tuple[str, ...], tuple[str, ...], bool], Link]:
    """The link of a wording: (kind, phrase words, denominator words, whether the denominator is a time
    unit) -> (metric_id, role), the growth role with no metric when the words name none."""

    @functools.lru_cache(maxsize=WORDINGS_CACHED)
    def recognise(kind: str, phrase: tuple[str, ...], per: tuple[str, ...], per_is_time: bool) -> Link:
        stating = [metric for metric in catalogue.metrics if kind in metric.kinds]
        metric_id = _best(stating, phrase, per)
        if metric_id:
            return metric_id, "value"
        if kind == "rate" and per_is_time:
            counted = [metric for metric in catalogue.metrics if "count" in metric.kinds]
            metric_id = _best(counted, phrase, None)
            return (metric_id, "time_average") if metric_id else (None, None)
        if kind in GROWTH_KINDS:
            return _best(list(catalogue.metrics), phrase, per), "growth"
        return None, None

    return recognise


def _phrase(article_id: str, measure, unit, sentence_index, texts: dict[str, str]) -> tuple[str, ...]:
    measure = measure if isinstance(measure, str) else ""
    if not measure.strip():
        measure = sentence_of(texts, article_id, int(sentence_index)) or ""
    unit = unit if isinstance(unit, str) else ""
    return words(f"{measure} {unit}")


def _link(recognise: Callable, texts: dict[str, str], article_id: str, kind, measure, unit, per,
          sentence_index) -> Link:
    """One figure's link, read from its own wording (or its sentence when the measure is blank)."""
    per_words = words(per if isinstance(per, str) else "")
    return recognise(kind, _phrase(article_id, measure, unit, sentence_index, texts), per_words, per in TIME_UNITS)


def _nearest_value(stated: list[tuple[int, str]], char_start: int) -> str | None:
    """The metric of the closest value stated before char_start in the sentence, else the closest after."""
    before = [item for item in stated if item[0] < char_start]
    if before:
        return max(before)[1]
    after = [item for item in stated if item[0] > char_start]
    return min(after)[1] if after else None


def figure_links(figures: pd.DataFrame, articles: pd.DataFrame | None = None,
                 catalogue: Catalogue | None = None) -> dict[str, Link]:
    """figure_id -> (metric_id, role), in the figures' order."""
    recognise = _recogniser(catalogue or load_catalogue())
    texts = article_texts(articles)
    columns = ("figure_id", "article_id", "kind", "measure", "unit", "per", "sentence_index", "char_start")
    rows = list(zip(*(figures[column].tolist() for column in columns)))
    links: dict[str, Link] = {}
    stated: dict[tuple, list[tuple[int, str]]] = {}
    worded: dict[tuple, Link] = {}  # 35,000 figures of a bucket have ~1,400 wordings
    for figure_id, article_id, kind, measure, unit, per, sentence, start in rows:
        wording = (kind, measure, unit, per)
        try:
            link = worded.get(wording)
        except TypeError:  # a wording that cannot be a key (a list in it) is read each time
            link = wording = None
        if link is None:
            link = _link(recognise, texts, article_id, kind, measure, unit, per, sentence)
            if wording and isinstance(measure, str) and measure.strip():  # else its sentence is the phrase
                worded[wording] = link
        links[figure_id] = link
        if link[1] == "value":
            stated.setdefault((article_id, sentence), []).append((start, link[0]))
    for figure_id, article_id, _, _, _, _, sentence, start in rows:
        if links[figure_id] == (None, "growth"):
            neighbour = _nearest_value(stated.get((article_id, sentence), []), start)
            links[figure_id] = (neighbour, "growth" if neighbour else None)
    return links


def link_figures(figures: pd.DataFrame, articles: pd.DataFrame | None = None,
                 catalogue: Catalogue | None = None) -> pd.DataFrame:
    """One row per figure: figure_id, metric_id (None when it maps to no metric) and role."""
    links = figure_links(figures, articles, catalogue)
    return pd.DataFrame([(figure_id, *link) for figure_id, link in links.items()], columns=LINK_COLUMNS)


def _unlinked(links: dict[str, Link]) -> list[str]:
    return [figure_id for figure_id, (metric_id, _) in links.items() if metric_id is None]


def unmapped_figure_ids(figures: pd.DataFrame, articles: pd.DataFrame | None = None,
                        catalogue: Catalogue | None = None) -> list[str]:
    """The figures that speak of no catalogued metric, in input order."""
    return _unlinked(figure_links(figures, articles, catalogue))


def unmapped_verdict(figures: pd.DataFrame, links: dict[str, Link]) -> dict:
    """How many figures map to no metric, and a sample of them (figure_id, surface, kind, measure)."""
    ids = _unlinked(links)  # in the figures' order, so the first 20 are the sample
    shown = figures[["figure_id", "surface", "kind", "measure"]]
    sample = shown[shown["figure_id"].isin(ids[:20])]
    return {"count": len(ids), "sample": sample.astype(str).to_dict("records")}
