"""One value per metric x region x period across articles: the observation of the most recently
published article wins (a later report restates or revises an earlier one); on the same publication
date the greatest article_id wins, so the choice never depends on input order. Conflicts between the
articles are reported separately by conflicts.py."""
from __future__ import annotations

import pandas as pd

SERIES_KEY = ["metric_id", "region_code", "period_start", "period_end"]


def with_published(observations: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Observations with their article's published_date."""
    dates = articles[["article_id", "published_date"]].drop_duplicates("article_id")
    return observations.merge(dates, on="article_id", how="left")


def consolidate(observations: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The latest article's observation for each metric x region x period, with published_date."""
    frame = with_published(observations, articles)
    ordered = frame.sort_values(["published_date", "article_id"], kind="stable", na_position="first")
    latest = ordered.drop_duplicates(SERIES_KEY, keep="last")
    return latest.sort_values(["metric_id", "region_code", "period_start"], kind="stable",
                              na_position="first").reset_index(drop=True)
