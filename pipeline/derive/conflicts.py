"""Cross-article conflicts: the same metric, region and period reported with values that cannot both
hold. Two articles agree when either one's statement, read with its qualifier and shown digits
(tolerance.py), admits the other's value: "more than 7,000" and 7,091 agree, 135 and 132 do not.
relative_spread is (max - min) / max(|value|). Date metrics carry their value in the period and are
not compared.

A statement is (value, bound of its qualifier, unit of its last shown digit); articles making the same
statement compare like one article with itself, so each metric x region x period compares its distinct
statements pairwise, all series at once (a self-join), never its articles pair by pair."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from pipeline.catalog.qualifiers import bound
from pipeline.derive.consolidate import SERIES_KEY, with_published
from pipeline.derive.tolerance import agreeing, stated_unit

CONFLICT_COLUMNS = ["metric_id", "region", "region_code", "period_start", "period_end", "values", "article_ids",
                    "figure_ids", "relative_spread"]
STATEMENT = ["_series", "value", "_bound", "_unit"]


def _surfaces(frame: pd.DataFrame, figures: pd.DataFrame) -> pd.Series:
    """For each observation, the surface of its first figure stating its value (None when none does)."""
    listed = frame[["figure_ids", "value"]].assign(_row=np.arange(len(frame))).explode("figure_ids")
    listed = listed.assign(_order=np.arange(len(listed)))
    written = figures[["figure_id", "surface", "value"]].rename(columns={"figure_id": "figure_ids",
                                                                         "value": "_written"})
    matched = listed.merge(written, on="figure_ids").sort_values("_order")
    matched = matched[matched["_written"] == matched["value"]].drop_duplicates("_row")
    surfaces = pd.Series([None] * len(frame), dtype=object)
    surfaces.iloc[matched["_row"].to_numpy()] = [s if isinstance(s, str) else None for s in matched["surface"]]
    return surfaces


def _statements(frame: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The distinct statements of each series, with how many observations make them."""
    surfaces = _surfaces(frame, figures)
    units = {pair: stated_unit(*pair) for pair in set(zip(surfaces, frame["value"]))}
    statements = pd.DataFrame({
        "_series": frame["_series"].to_numpy(), "value": frame["value"].to_numpy(dtype="float64"),
        "_bound": [bound(qualifier) for qualifier in frame["qualifier"]],
        "_unit": [units[pair] for pair in zip(surfaces, frame["value"])]})
    return statements.groupby(STATEMENT, sort=False).size().rename("_made").reset_index()


def _conflicting(statements: pd.DataFrame) -> np.ndarray:
    """The series in which two observations' statements do not admit each other's value."""
    pairs = statements.merge(statements, on="_series", suffixes=("_a", "_b"))
    pairs = pairs[(pairs["value_a"] != pairs["value_b"]) | (pairs["_bound_a"] != pairs["_bound_b"])
                  | (pairs["_unit_a"] != pairs["_unit_b"]) | (pairs["_made_a"] > 1)]
    a = [pairs[f"{column}_a"].to_numpy() for column in ("value", "_bound", "_unit")]
    b = [pairs[f"{column}_b"].to_numpy() for column in ("value", "_bound", "_unit")]
    agree = agreeing(a[0], b[0], a[1], a[2]) | agreeing(b[0], a[0], b[1], b[2])
    return pd.unique(pairs["_series"].to_numpy()[~agree])


def find_conflicts(observations: pd.DataFrame, figures: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per metric x region x period whose articles disagree; values in publication order."""
    valued = observations[observations["value"].notna()]
    frame = with_published(valued, articles).sort_values(["published_date", "article_id"], kind="stable")
    series = frame.groupby(SERIES_KEY, dropna=False, sort=False)
    frame = frame.assign(_series=series.ngroup(), _reports=series["article_id"].transform("size"))
    frame = frame[frame["_reports"] >= 2]
    if frame.empty:
        return pd.DataFrame([], columns=CONFLICT_COLUMNS)
    frame = frame[frame["_series"].isin(_conflicting(_statements(frame, figures)))]
    grouped = frame.groupby("_series", sort=True)
    values = grouped["value"]
    conflicts = frame.drop_duplicates("_series").set_index("_series")[CONFLICT_COLUMNS[:5]].assign(
        values=values.agg(lambda found: [float(value) for value in found]),
        article_ids=grouped["article_id"].agg(list),
        figure_ids=grouped["figure_ids"].agg(lambda found: list(itertools.chain.from_iterable(found))),
        relative_spread=(values.max() - values.min()) / frame["value"].abs().groupby(frame["_series"]).max())
    return conflicts.reset_index(drop=True)
