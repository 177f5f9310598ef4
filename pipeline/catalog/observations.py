"""Figures that state a metric's value gathered into observations: one row per article x metric x
region x period. An article that states the same observation approximately and exactly ("more than
7,000" and "7,091") yields the exact value; every figure behind it is kept and counted."""
from __future__ import annotations

import pandas as pd

from pipeline.catalog.catalogue import Catalogue, load_catalogue
from pipeline.catalog.qualifiers import exactness_rank
from pipeline.catalog.recognise import link_figures

OBSERVATION_COLUMNS = ["article_id", "metric_id", "region", "region_code", "period_start", "period_end",
                       "value", "unit", "qualifier", "figure_ids", "mention_count"]
KEY = ["article_id", "metric_id", "region_code", "period_start", "period_end"]


def _stated(group: pd.DataFrame) -> pd.Series:
    """The figure whose value the observation takes: the most exact, then the value stated most often,
    then the first in the text."""
    counts = group["value"].map(group["value"].value_counts(dropna=False))
    ranked = group.assign(_rank=group["qualifier"].map(exactness_rank), _count=-counts.fillna(0))
    return ranked.sort_values(["_rank", "_count", "char_start"], kind="stable").iloc[0]


def _observation(group: pd.DataFrame, unit: str) -> dict:
    group = group.sort_values("char_start", kind="stable")
    chosen = _stated(group)
    return {
        "article_id": chosen["article_id"], "metric_id": chosen["metric_id"], "region": chosen["region"],
        "region_code": chosen["region_code"], "period_start": chosen["period_start"],
        "period_end": chosen["period_end"], "value": None if pd.isna(chosen["value"]) else float(chosen["value"]),
        "unit": unit, "qualifier": chosen["qualifier"], "figure_ids": group["figure_id"].tolist(),
        "mention_count": len(group),
    }


def map_figures_to_observations(figures: pd.DataFrame, articles: pd.DataFrame | None = None,
                                catalogue: Catalogue | None = None) -> pd.DataFrame:
    """Observations from the figures that state a catalogued metric's value."""
    catalogue = catalogue or load_catalogue()
    links = link_figures(figures, articles, catalogue)
    stated = figures.merge(links[links["role"] == "value"], on="figure_id")
    rows = []
    for _, group in stated.groupby(KEY, dropna=False, sort=False):
        rows.append(_observation(group, catalogue.metric(group["metric_id"].iat[0]).unit))
    frame = pd.DataFrame(rows, columns=OBSERVATION_COLUMNS)
    frame["value"] = frame["value"].astype("float64")
    frame["mention_count"] = frame["mention_count"].astype("int64")
    return frame
