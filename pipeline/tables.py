"""Builds the warehouse tables as DataFrames (no Dagster here): rejections, articles whose rows fail their
schema turned into rejections, observations per bucket, and the analysis tables. The Dagster assets in
pipeline/defs call these and publish the results."""
from __future__ import annotations

import dataclasses

import pandas as pd

from pipeline.archive import Rejection
from pipeline.catalog import map_figures_to_observations
from pipeline.derive import check_claims, derive_metrics, find_conflicts
from pipeline.publish import TableRejected, validate
from schemas import columns


def empty(table: str) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in columns(table)})


def rejections_table(rejected: list[Rejection]) -> pd.DataFrame:
    rows = [dataclasses.asdict(r) for r in rejected]
    return pd.DataFrame(rows, columns=columns("rejected_articles")) if rows else empty("rejected_articles")


def invalid_articles(frame: pd.DataFrame, table: str) -> dict[str, str]:
    """Articles whose rows fail the table's schema, with the first failure in words ({} when valid).
    Raises TableRejected when a failure is not tied to rows (a missing column: a bug, not bad input)."""
    try:
        validate(frame, table)
        return {}
    except TableRejected as rejected:
        cases = rejected.failure_cases
        if cases["index"].isna().any():
            raise
        reasons = {}
        for case in cases.itertuples():
            article_id = frame.loc[case.index, "article_id"]
            reasons.setdefault(article_id, f"{table} row fails the schema: {case.column} {case.failure_case!r} "
                                           f"fails {case.check}")
        return reasons


def observations_table(figures: pd.DataFrame | None, articles: pd.DataFrame | None) -> pd.DataFrame:
    if figures is None or not len(figures):
        return empty("observations")
    return map_figures_to_observations(figures, articles)


def derived_tables(observations: pd.DataFrame, figures: pd.DataFrame, articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {
        "derived_metrics": derive_metrics(observations, figures, articles),
        "claim_checks": check_claims(observations, figures, articles),
        "conflicts": find_conflicts(observations, figures, articles),
    }
