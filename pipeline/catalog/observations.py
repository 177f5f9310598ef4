"""Figures that state a metric's value gathered into observations: one row per article x metric x
region x period. An article that states the same observation approximately and exactly ("more than
7,000" and "7,091") yields the exact value; every figure behind it is kept and counted.

The choice is made for all observations at once (a sort, then the first row of each), never per
observation."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.catalog.catalogue import Catalogue, load_catalogue
from pipeline.catalog.qualifiers import exactness_rank
from pipeline.catalog.recognise import Link, figure_links

OBSERVATION_COLUMNS = ["article_id", "metric_id", "region", "region_code", "period_start", "period_end",
                       "value", "unit", "qualifier", "figure_ids", "mention_count"]
KEY = ["article_id", "metric_id", "region_code", "period_start", "period_end"]
CHOSEN = ["article_id", "metric_id", "region", "region_code", "period_start", "period_end", "value", "qualifier"]


def _stating(figures: pd.DataFrame, links: dict[str, Link]) -> pd.DataFrame:
    """The figures that state a metric's value, in input order, with metric_id, the observation they
    belong to (_observation: numbered in order of first appearance) and their input position."""
    metric_ids = {figure_id: metric_id for figure_id, (metric_id, role) in links.items() if role == "value"}
    stating = figures[figures["figure_id"].isin(metric_ids)]
    stating = stating.assign(metric_id=stating["figure_id"].map(metric_ids), _position=range(len(stating)))
    return stating.assign(_observation=stating.groupby(KEY, dropna=False, sort=False).ngroup())


def _chosen(stating: pd.DataFrame) -> pd.DataFrame:
    """The figure whose value each observation takes: the most exact, then the value stated most often,
    then the first in the text."""
    repeats = stating.groupby(["_observation", "value"], dropna=False)["_position"].transform("size")
    ranked = stating.assign(_rank=stating["qualifier"].map(exactness_rank), _repeats=-repeats)
    ranked = ranked.sort_values(["_observation", "_rank", "_repeats", "char_start", "_position"])
    return ranked.drop_duplicates("_observation").set_index("_observation")


def map_figures_to_observations(figures: pd.DataFrame, articles: pd.DataFrame | None = None,
                                catalogue: Catalogue | None = None,
                                links: dict[str, Link] | None = None) -> pd.DataFrame:
    """Observations from the figures that state a catalogued metric's value. links: the figures' links
    (recognise.figure_links) when the caller has them already."""
    catalogue = catalogue or load_catalogue()
    stating = _stating(figures, figure_links(figures, articles, catalogue) if links is None else links)
    in_text_order = stating.sort_values(["_observation", "char_start", "_position"])
    mentions = in_text_order.groupby("_observation", sort=True).size()
    figure_ids = np.split(in_text_order["figure_id"].to_numpy(dtype=object), np.cumsum(mentions)[:-1])
    frame = _chosen(stating)[CHOSEN].reset_index(drop=True).assign(
        unit=lambda chosen: chosen["metric_id"].map({metric.id: metric.unit for metric in catalogue.metrics}),
        figure_ids=[ids.tolist() for ids in figure_ids] if len(stating) else [], mention_count=mentions.to_numpy())
    frame = frame.reindex(columns=OBSERVATION_COLUMNS)
    frame["value"] = frame["value"].astype("float64")
    frame["mention_count"] = frame["mention_count"].astype("int64")
    return frame
