"""The warehouse tables as Dagster assets, by layer: archive (articles, rejected_articles), extraction
(figures), metrics (observations) and analysis (derived_metrics, claim_checks, conflicts), then the data
package describing them all (publishing). Each asset is thin: it holds the warehouse lock, calls
pipeline.build or pipeline.publish, and reports what it published.

Not one partition per article: dynamic partitions cost seconds of bookkeeping per run and do not scale
past ~100k articles; instead the content-hash manifest makes extraction proportional to new work, and
the tables after it are rebuilt only for the buckets (or, for analysis, only when) their inputs changed."""

import dagster as dg

from pipeline import build
from pipeline.defs.chart_assets import charts
from pipeline.defs.metadata import table_metadata
from pipeline.defs.resources import WarehouseRoots
from pipeline.publish import write_data_dictionary, write_datapackage
from schemas import TABLES


def _materialized(table: str, roots: WarehouseRoots, **extra) -> dg.MaterializeResult:
    metadata = table_metadata(table, roots.warehouse) | extra
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
    carries over the rows of the others, and publishes articles, then figures with the manifest, then
    rejections."""
    with roots.locked(context.log.warning):
        report = build.archive_and_figures(roots.raw, roots.warehouse, log=context.log.info)
        write_data_dictionary(roots.warehouse)
    yield _materialized("figures", roots, articles_extracted=report.extracted, articles_unchanged=report.unchanged,
                        buckets_rewritten=report.buckets)
    yield _materialized("articles", roots)
    yield _materialized("rejected_articles", roots)


@dg.multi_asset(
    specs=[
        dg.AssetSpec("observations", group_name="metrics", deps=["figures", "articles"],
                     description="Figures mapped to catalogue metrics: one row per article x metric x region x "
                                 "period."),
        dg.AssetSpec("claim_checks", group_name="analysis", deps=["figures", "articles"],
                     description="Each arithmetic claim an article makes, recomputed from its own figures."),
    ],
)
def article_metrics(context: dg.AssetExecutionContext, roots: WarehouseRoots):
    """Per-article tables, rebuilt only in the buckets whose figures or articles changed."""
    with roots.locked(context.log.warning):
        rebuilt = build.observations(roots.warehouse)
    for table in build.ARTICLE_TABLES:
        yield _materialized(table, roots, buckets_rewritten=rebuilt)


@dg.multi_asset(
    specs=[
        dg.AssetSpec("derived_metrics", group_name="analysis", deps=["observations", "figures", "articles"],
                     description="Derivations declared in the metric catalogue, per metric, region and period."),
        dg.AssetSpec("conflicts", group_name="analysis", deps=["observations", "figures", "articles"],
                     description="The same metric, region and period reported differently by different articles."),
    ],
)
def analysis(context: dg.AssetExecutionContext, roots: WarehouseRoots):
    """Tables across articles, rebuilt when their inputs changed."""
    with roots.locked(context.log.warning):
        rebuilt = build.analysis(roots.warehouse)
    for table in build.CROSS_ARTICLE_TABLES:
        yield _materialized(table, roots, rebuilt=rebuilt)


@dg.asset(group_name="publishing", deps=list(TABLES),
          description="warehouse/datapackage.json: the Frictionless Data Package describing every table's "
                      "current version (Table Schemas, files with sizes and sha256, article sources).")
def datapackage(context: dg.AssetExecutionContext, roots: WarehouseRoots) -> dg.MaterializeResult:
    with roots.locked(context.log.warning):
        path = write_datapackage(roots.warehouse)
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path)),
                                          "bytes": dg.MetadataValue.int(path.stat().st_size)})


ASSETS = [archive_and_figures, article_metrics, analysis, charts, datapackage]
