"""The warehouse tables as Dagster assets, by layer: archive (articles, rejected_articles), extraction
(figures), metrics (observations) and analysis (derived_metrics, claim_checks, conflicts). Each asset
is thin: it reads its inputs from the warehouse, calls pipeline.tables, and publishes with
write-audit-publish.

Not one partition per article: dynamic partitions cost seconds of bookkeeping per run and do not scale
past ~100k articles; instead the content-hash manifest makes extraction proportional to new work and
the cheap downstream tables are rebuilt from all observations."""

import dagster as dg

from pipeline import tables
from pipeline.archive import read_archive
from pipeline.defs.metadata import table_metadata
from pipeline.defs.resources import WarehouseRoots
from pipeline.publish import (extractor_version, publish, read, read_manifest, write_data_dictionary,
                              write_manifest)


def _published(table: str, frame, roots: WarehouseRoots, **extra) -> dg.MaterializeResult:
    path = publish(frame, table, roots.warehouse)
    metadata = table_metadata(table, read(table, roots.warehouse), path) | extra
    return dg.MaterializeResult(asset_key=table, metadata=metadata)


@dg.multi_asset(
    specs=[
        dg.AssetSpec("figures", group_name="extraction", description="Every number in every archived article, "
                     "with value, kind, unit, qualifier, measure, period, region and character offsets."),
        dg.AssetSpec("articles", group_name="archive", description="One row per archived article: provenance, "
                     "dateline, byline, sha256, size and how many figures it holds."),
        dg.AssetSpec("rejected_articles", group_name="archive", description="Files that could not be processed, "
                     "with the stage and the reason in plain words."),
    ],
)
def archive_and_figures(context: dg.AssetExecutionContext, roots: WarehouseRoots):
    """Reads raw/articles, extracts figures from new and changed texts only (content-hash manifest),
    reuses the published figures of the others, and publishes figures, articles and rejections.
    The manifest is written last, so it never vouches for figures that were not published."""
    archived, rejected = read_archive(roots.raw)
    warehouse = roots.warehouse
    extraction = tables.extract_incrementally(archived, read("figures", warehouse), read_manifest(warehouse),
                                              extractor_version())
    context.log.info(f"{len(archived)} articles: {len(extraction.extracted)} extracted, "
                     f"{len(extraction.reused)} unchanged, {len(rejected) + len(extraction.rejected)} rejected")
    failed = {r.article_id for r in extraction.rejected}
    archived = [a for a in archived if a.article_id not in failed]
    counts = extraction.figures.groupby("article_id").size().to_dict() if len(extraction.figures) else {}
    yield _published("figures", extraction.figures, roots, articles_extracted=len(extraction.extracted),
                     articles_unchanged=len(extraction.reused))
    yield _published("articles", tables.articles_table(archived, counts), roots)
    yield _published("rejected_articles", tables.rejections_table(rejected + extraction.rejected), roots)
    write_manifest(warehouse, extraction.manifest)
    write_data_dictionary(warehouse)


@dg.asset(group_name="metrics", deps=["figures", "articles"],
          description="Figures mapped to catalogue metrics: one row per article x metric x region x period.")
def observations(roots: WarehouseRoots) -> dg.MaterializeResult:
    warehouse = roots.warehouse
    return _published("observations", tables.observations_table(read("figures", warehouse),
                                                                 read("articles", warehouse)), roots)


@dg.multi_asset(
    specs=[
        dg.AssetSpec("derived_metrics", group_name="analysis", deps=["observations", "figures", "articles"],
                     description="Derivations declared in the metric catalogue, per metric, region and period."),
        dg.AssetSpec("claim_checks", group_name="analysis", deps=["observations", "figures", "articles"],
                     description="Each arithmetic claim an article makes, recomputed from its own figures."),
        dg.AssetSpec("conflicts", group_name="analysis", deps=["observations", "figures", "articles"],
                     description="The same metric, region and period reported differently by different articles."),
    ],
)
def analysis(roots: WarehouseRoots):
    warehouse = roots.warehouse
    built = tables.derived_tables(read("observations", warehouse), read("figures", warehouse),
                                  read("articles", warehouse))
    for table in ("derived_metrics", "claim_checks", "conflicts"):
        yield _published(table, built[table], roots)


ASSETS = [archive_and_figures, observations, analysis]
