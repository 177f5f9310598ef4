"""Builds the warehouse tables as DataFrames (no Dagster here): articles and rejections from the
archive, figures incrementally (only new or changed texts are extracted), then the tables computed from
them. The Dagster assets in pipeline/defs call these and publish the results."""
from __future__ import annotations

import dataclasses

import pandas as pd

from pipeline.archive import ArchivedArticle, Rejection
from pipeline.catalog import map_figures_to_observations
from pipeline.derive import check_claims, derive_metrics, find_conflicts
from pipeline.extract import FIELDS, extract_figures
from schemas import TABLES


def empty(table: str) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in TABLES[table].to_schema().columns})


def articles_table(archived: list[ArchivedArticle], figure_counts: dict[str, int]) -> pd.DataFrame:
    rows = [{
        "article_id": a.article_id, "title": a.title, "publisher": a.sidecar["publisher"],
        "source_url": a.sidecar["source_url"], "published_date": a.published_date,
        "published_date_inferred": a.published_date_inferred, "retrieved_at": a.sidecar["retrieved_at"],
        "license": a.sidecar["license"], "dateline_place": a.dateline_place, "byline": a.byline,
        "sha256": a.sha256, "characters": len(a.text), "figure_count": figure_counts.get(a.article_id, 0),
    } for a in archived]
    return pd.DataFrame(rows, columns=list(TABLES["articles"].to_schema().columns)) if rows else empty("articles")


def rejections_table(rejected: list[Rejection]) -> pd.DataFrame:
    rows = [dataclasses.asdict(r) for r in rejected]
    return pd.DataFrame(rows, columns=["path", "article_id", "stage", "reason"]) if rows else empty(
        "rejected_articles")


@dataclasses.dataclass
class Extraction:
    figures: pd.DataFrame
    manifest: dict[str, dict]
    extracted: list[str]
    reused: list[str]
    rejected: list[Rejection]


def extract_incrementally(archived: list[ArchivedArticle], previous: pd.DataFrame | None,
                          manifest: dict[str, dict], version: str) -> Extraction:
    """Figures for every article: reused where the manifest vouches for the same text and extractor
    version, extracted otherwise. Articles no longer archived drop out."""
    frames, new_manifest, extracted, reused, rejected = [], {}, [], [], []
    previous_by_article = dict(tuple(previous.groupby("article_id"))) if previous is not None and len(previous) \
        else {}
    for article in archived:
        entry = {"sha256": article.sha256, "extractor_version": version}
        if manifest.get(article.article_id) == entry and article.article_id in previous_by_article:
            frames.append(previous_by_article[article.article_id])
            new_manifest[article.article_id] = entry
            reused.append(article.article_id)
            continue
        try:
            figures = extract_figures(article.text, article.published_date, article_id=article.article_id)
        except Exception as error:  # one broken article never stops the others
            rejected.append(Rejection(article.path, article.article_id, "extraction",
                                      f"extraction failed: {type(error).__name__}: {error}"))
            continue
        frames.append(pd.DataFrame([dataclasses.asdict(f) for f in figures], columns=list(FIELDS)))
        new_manifest[article.article_id] = entry
        extracted.append(article.article_id)
    frames = [f for f in frames if len(f)]
    figures = pd.concat(frames, ignore_index=True) if frames else empty("figures")
    return Extraction(figures, new_manifest, extracted, reused, rejected)


def observations_table(figures: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    return map_figures_to_observations(figures, articles)


def derived_tables(observations: pd.DataFrame, figures: pd.DataFrame, articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {
        "derived_metrics": derive_metrics(observations, figures, articles),
        "claim_checks": check_claims(observations, figures, articles),
        "conflicts": find_conflicts(observations, figures, articles),
    }
