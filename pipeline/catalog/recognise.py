"""Which metric each figure speaks of, and in what role: `value` (it states the metric's value),
`time_average` (a rate per day/week/... of a counted metric: "19.4 a day") or `growth` (an N-fold or
percent figure about a metric's series). Recognition reads the measure phrase and unit through the
catalogue's rules; a figure without a measure is read through its sentence when the text is known; a
growth figure whose words name no metric belongs to the nearest stated value in its sentence."""
from __future__ import annotations

import pandas as pd

from pipeline.catalog.catalogue import Catalogue, Metric, load_catalogue
from pipeline.catalog.sentences import article_texts, sentence_of
from pipeline.catalog.words import words

TIME_UNITS = ("hour", "day", "week", "month", "year")
GROWTH_KINDS = ("multiplier", "percent")
LINK_COLUMNS = ["figure_id", "metric_id", "role"]


def _best(metrics: list[Metric], phrase: tuple[str, ...], per: tuple[str, ...] | None) -> str | None:
    scored = [(metric.score(phrase, per), -order, metric.id) for order, metric in enumerate(metrics)]
    top = max(scored, default=(0, 0, None))
    return top[2] if top[0] > 0 else None


def _phrase(figure, texts: dict[str, str]) -> tuple[str, ...]:
    measure = figure.measure if isinstance(figure.measure, str) else ""
    if not measure.strip():
        measure = sentence_of(texts, figure.article_id, int(figure.sentence_index)) or ""
    unit = figure.unit if isinstance(figure.unit, str) else ""
    return words(f"{measure} {unit}")


def _link(figure, catalogue: Catalogue, texts: dict[str, str]) -> tuple[str | None, str | None]:
    phrase = _phrase(figure, texts)
    per = words(figure.per if isinstance(figure.per, str) else "")
    stating = [metric for metric in catalogue.metrics if figure.kind in metric.kinds]
    metric_id = _best(stating, phrase, per)
    if metric_id:
        return metric_id, "value"
    if figure.kind == "rate" and figure.per in TIME_UNITS:
        counted = [metric for metric in catalogue.metrics if "count" in metric.kinds]
        metric_id = _best(counted, phrase, None)
        return (metric_id, "time_average") if metric_id else (None, None)
    if figure.kind in GROWTH_KINDS:
        metric_id = _best(list(catalogue.metrics), phrase, per)
        return (metric_id, "growth") if metric_id else (None, "growth")
    return None, None


def _nearest_value(figure, links: dict[str, tuple[str | None, str | None]], same_sentence: pd.DataFrame) -> str | None:
    stated = [(row.char_start, links[row.figure_id][0]) for row in same_sentence.itertuples()
              if links[row.figure_id][1] == "value"]
    before = [item for item in stated if item[0] < figure.char_start]
    if before:
        return max(before)[1]
    after = [item for item in stated if item[0] > figure.char_start]
    return min(after)[1] if after else None


def link_figures(figures: pd.DataFrame, articles: pd.DataFrame | None = None,
                 catalogue: Catalogue | None = None) -> pd.DataFrame:
    """One row per figure: figure_id, metric_id (None when it maps to no metric) and role."""
    catalogue = catalogue or load_catalogue()
    texts = article_texts(articles)
    links = {row.figure_id: _link(row, catalogue, texts) for row in figures.itertuples()}
    sentences = figures.groupby(["article_id", "sentence_index"])
    for row in figures.itertuples():
        metric_id, role = links[row.figure_id]
        if role == "growth" and metric_id is None:
            neighbour = _nearest_value(row, links, sentences.get_group((row.article_id, row.sentence_index)))
            links[row.figure_id] = (neighbour, "growth" if neighbour else None)
    return pd.DataFrame([(figure_id, *link) for figure_id, link in links.items()], columns=LINK_COLUMNS)


def unmapped_figure_ids(figures: pd.DataFrame, articles: pd.DataFrame | None = None,
                        catalogue: Catalogue | None = None) -> list[str]:
    """The figures that speak of no catalogued metric, in input order."""
    links = link_figures(figures, articles, catalogue)
    return links.loc[links["metric_id"].isna(), "figure_id"].tolist()
