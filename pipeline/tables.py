"""Builds the warehouse tables as DataFrames (no Dagster here): rejections, articles whose rows fail their
schema turned into rejections, the tables of each article on its own (observations, claim checks; built
per bucket) and the tables computed across articles (derived metrics, conflicts). The Dagster assets in
pipeline/defs call these and publish the results."""
from __future__ import annotations

import dataclasses

import pandas as pd

from pipeline.archive import Rejection
from pipeline.catalog import figure_links, map_figures_to_observations
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


def article_tables(figures: pd.DataFrame | None, articles: pd.DataFrame | None,
                   links: dict | None = None) -> dict[str, pd.DataFrame]:
    """The tables each article gives on its own (observations, claim_checks), from its figures and
    article row; the figures are linked to the catalogue once for both (or `links` are given)."""
    if figures is None or not len(figures):
        return {"observations": empty("observations"), "claim_checks": empty("claim_checks")}
    links = figure_links(figures, articles) if links is None else links
    observations = map_figures_to_observations(figures, articles, links=links)
    return {"observations": observations, "claim_checks": check_claims(observations, figures, articles, links=links)}


def cross_article_tables(observations: pd.DataFrame, figures: pd.DataFrame,
                         articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The tables computed across articles (derived_metrics, conflicts). figures needs only figure_id,
    surface and value, and only of the figures the observations name."""
    return {
        "derived_metrics": derive_metrics(observations, figures, articles),
        "conflicts": find_conflicts(observations, figures, articles),
    }
