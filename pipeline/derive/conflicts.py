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
    # as an object array, the surfaces are made at once rather than one pyarrow value at a time
    surfaces.iloc[matched["_row"].to_numpy()] = [s if isinstance(s, str) else None
                                                 for s in matched["surface"].to_numpy(dtype=object)]
    return surfaces


def _statements(frame: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """The distinct statements of each series, with how many observations make them. A bound is a
    Categorical: the pairs compare it by code, not as a string (0.1 s at 100,000 articles)."""
    surfaces = _surfaces(frame, figures)
    units = {pair: stated_unit(*pair) for pair in set(zip(surfaces, frame["value"]))}
    bounds = {qualifier: bound(qualifier) for qualifier in set(frame["qualifier"])}
    statements = pd.DataFrame({
        "_series": frame["_series"].to_numpy(), "value": frame["value"].to_numpy(dtype="float64"),
        "_bound": pd.Categorical([bounds[qualifier] for qualifier in frame["qualifier"]]),
        "_unit": [units[pair] for pair in zip(surfaces, frame["value"])]})
    return statements.groupby(STATEMENT, sort=False).size().rename("_made").reset_index()


def _conflicting(statements: pd.DataFrame) -> np.ndarray:
    """The series in which two observations' statements do not admit each other's value."""
    series, value, unit, made = (statements[column].to_numpy() for column in ("_series", "value", "_unit", "_made"))
    bounds = statements["_bound"].array
    a, b = _pairs(series)
    compared = (value[a] != value[b]) | (bounds[a] != bounds[b]) | (unit[a] != unit[b]) | (made[a] > 1)
    a, b = a[compared], b[compared]
    agree = agreeing(value[a], value[b], bounds[a], unit[a]) | agreeing(value[b], value[a], bounds[b], unit[b])
    return pd.unique(series[a][~agree])


def _pairs(series: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions (a, b) of every two statements of one series, each with itself too: a self-join of
    the positions alone, the columns then taken by position (joining every column took twice as long)."""
    positions = pd.DataFrame({"_series": series, "_position": np.arange(len(series))})
    pairs = positions.merge(positions, on="_series", suffixes=("_a", "_b"))
    return pairs["_position_a"].to_numpy(), pairs["_position_b"].to_numpy()


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
    values = frame.groupby("_series", sort=True)["value"]
    conflicts = frame.drop_duplicates("_series").set_index("_series")[CONFLICT_COLUMNS[:5]].assign(
        **_listed(frame),
        relative_spread=(values.max() - values.min()) / frame["value"].abs().groupby(frame["_series"]).max())
    return conflicts.reset_index(drop=True)


def _listed(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """values, article_ids and figure_ids: each series' as lists in the frame's order, indexed by series.
    Gathered in one pass over the rows, where an aggregation calling a Python function made a Series of
    every series (0.25 s at 100,000 articles). pandas' aggregations still run where they would not give
    object columns: an empty frame keeps its dtypes, an Arrow-typed column gives Arrow lists."""
    columns = {"values": "value", "article_ids": "article_id", "figure_ids": "figure_ids"}
    if frame.empty or not all(_aggregates_to_objects(frame[column].dtype) for column in columns.values()):
        grouped = frame.groupby("_series", sort=True)
        return {"values": grouped["value"].agg(lambda found: [float(value) for value in found]),
                "article_ids": grouped["article_id"].agg(list),
                "figure_ids": grouped["figure_ids"].agg(lambda found: list(itertools.chain.from_iterable(found)))}
    listed: dict[int, tuple[list, list, list]] = {}
    # article_id as an object array holds the values iterating the column gives, made at once rather
    # than one pyarrow value at a time
    for series, value, article_id, figure_ids in zip(frame["_series"].tolist(), frame["value"].tolist(),
                                                     frame["article_id"].to_numpy(dtype=object),
                                                     frame["figure_ids"]):
        if series not in listed:
            listed[series] = ([], [], [])
        values, article_ids, all_figure_ids = listed[series]
        values.append(float(value))
        article_ids.append(article_id)
        all_figure_ids.extend(figure_ids)
    index = pd.Index(list(listed), dtype="int64")
    return {name: pd.Series([lists[i] for lists in listed.values()], index=index, dtype=object)
            for i, name in enumerate(columns)}


def _aggregates_to_objects(dtype) -> bool:
    """Whether pandas' aggregation of a column of this dtype into lists gives an object column: a NumPy
    column's or one of pandas' default str dtype does."""
    return isinstance(dtype, np.dtype) or (isinstance(dtype, pd.StringDtype) and dtype.na_value is np.nan)
