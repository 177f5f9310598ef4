"""The warehouse build, stage by stage, without Dagster (the assets in pipeline/defs call these, and so
does `python -m pipeline build`):

1. archive_and_figures: list raw/articles, process new and changed articles (pipeline.incremental),
   drop the articles whose rows fail their schema into the rejections, and publish articles, then
   figures with the manifest, then rejected_articles;
2. observations: re-map the buckets whose figures or articles changed;
3. analysis: rebuild derived_metrics, claim_checks and conflicts when their inputs changed;
4. charts: redraw warehouse/charts/ when observations or articles changed (pipeline.charts);
5. datapackage.json: describe the versions now published (pipeline.publish.package).
Each stage records the versions it was built from, so a rerun on an unchanged raw/ writes nothing."""
from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
from collections.abc import Callable

import pandas as pd

from pipeline import tables
from pipeline.archive import ArchiveEntry, Rejection, check_article, list_archive, plain_reason
from pipeline.incremental import plan_work, rebuild_buckets
from pipeline.publish import (MANIFEST, TableRejected, extractor_version, manifest_bytes, mapping_version, publish,
                              read, read_manifest, version_info)
from pipeline.publish.crashpoints import crashpoint
from pipeline.publish.parquet import TablePublisher

ANALYSIS_TABLES = ("derived_metrics", "claim_checks", "conflicts")


@dataclasses.dataclass(frozen=True)
class ExtractionReport:
    listed: int
    extracted: int
    unchanged: int
    rejected: int
    buckets: int


def _put_valid(publisher: TablePublisher, bucket: int, frame: pd.DataFrame) -> dict[str, str]:
    """Stages the bucket; articles whose rows fail the schema are left out and returned with the reason."""
    try:
        publisher.put(bucket, frame)
        return {}
    except TableRejected:
        bad = tables.invalid_articles(frame, publisher.table)
        publisher.put(bucket, frame[~frame["article_id"].isin(bad)])
        return bad


def archive_and_figures(raw: pathlib.Path, warehouse: pathlib.Path, log: Callable[[str], None] = print,
                        today: dt.date | None = None) -> ExtractionReport:
    today = today or dt.date.today()
    entries, rejected = list_archive(raw)
    manifest, version = read_manifest(warehouse), extractor_version()
    folder = raw / "articles"

    def check(entry: ArchiveEntry) -> Rejection | None:
        try:
            check_article(folder, folder / entry.path, today)
            return None
        except (ValueError, OSError) as error:
            return Rejection(entry.path, entry.article_id, "archive", plain_reason(error))

    plan, unreadable = plan_work(entries, manifest, version, check)
    rejected += unreadable
    log(f"{len(entries)} articles listed, {len(rejected)} files rejected: {len(plan.todo)} to process, "
        f"{len(plan.kept)} unchanged, {len(plan.removed)} removed; {len(plan.buckets)} buckets to rewrite")
    figures_out = TablePublisher("figures", warehouse, replace_all=not manifest)
    articles_out = TablePublisher("articles", warehouse, replace_all=not manifest)
    kept = dict(plan.kept)
    progress = lambda done, total, rate: log(f"processed {done:,}/{total:,} articles ({rate:,.0f} articles/s)")
    extracted = 0
    for rows in rebuild_buckets(plan, folder, warehouse, today, version, progress):
        bad = _put_valid(figures_out, rows.bucket, rows.figures)
        more = _put_valid(articles_out, rows.bucket, rows.articles[~rows.articles["article_id"].isin(bad)])
        if more:
            figures_out.put(rows.bucket, rows.figures[~rows.figures["article_id"].isin(bad | more)])
        bad |= more
        rejected += rows.rejected + [Rejection(f"{article_id}.txt", article_id, "validation", reason)
                                     for article_id, reason in sorted(bad.items())]
        for processed in rows.processed:
            if processed.article_id not in bad:
                kept[processed.article_id] = processed.manifest_entry
                extracted += 1
    articles_out.commit()
    figures_out.attach(MANIFEST, manifest_bytes(kept))
    figures_out.commit()
    publish(tables.rejections_table(rejected), "rejected_articles", warehouse)
    return ExtractionReport(len(entries), extracted, len(plan.kept), len(rejected), len(plan.buckets))


def _part_digests(warehouse: pathlib.Path, table: str) -> dict[str, str]:
    info = version_info(warehouse, table)
    return {name: part.get("sha256", "") for name, part in info["parts"].items()} if info else {}


def observations(warehouse: pathlib.Path) -> int:
    """Re-maps the buckets whose figures or articles parts changed; returns how many."""
    parts = {table: _part_digests(warehouse, table) for table in ("figures", "articles")}
    inputs = parts | {"mapping": mapping_version()}
    previous = version_info(warehouse, "observations")
    if previous and previous["inputs"] == inputs:
        return 0
    fresh = previous is None or previous["inputs"].get("mapping") != inputs["mapping"]
    before = {"figures": {}, "articles": {}} if fresh else previous["inputs"]
    changed = sorted({name for table in parts for name in set(parts[table]) | set(before[table])
                      if parts[table].get(name) != before[table].get(name)})
    publisher = TablePublisher("observations", warehouse, replace_all=fresh, inputs=inputs)
    for name in changed:
        bucket = int(name.removeprefix("part-").removesuffix(".parquet"))
        figures, articles = read("figures", warehouse, [bucket]), read("articles", warehouse, [bucket])
        publisher.put(bucket, tables.observations_table(figures, articles))
    publisher.commit()
    return len(changed)


def analysis(warehouse: pathlib.Path) -> bool:
    """Rebuilds the analysis tables when observations, figures or articles changed; returns whether."""
    inputs = {table: (version_info(warehouse, table) or {}).get("id") for table in ("observations", "figures",
                                                                                   "articles")}
    inputs["mapping"] = mapping_version()
    if all((version_info(warehouse, table) or {}).get("inputs") == inputs for table in ANALYSIS_TABLES):
        return False
    frames = {table: read(table, warehouse) for table in ("observations", "figures", "articles")}
    frames = {table: frame if frame is not None else tables.empty(table) for table, frame in frames.items()}
    built = tables.derived_tables(frames["observations"], frames["figures"], frames["articles"])
    for table in ANALYSIS_TABLES:
        publish(built[table], table, warehouse, inputs=inputs)
    return True


def charts(warehouse: pathlib.Path) -> bool:
    """Redraws warehouse/charts/ when observations or articles changed; returns whether."""
    from pipeline.charts import charts_are_current, choose_charts, write_charts

    if charts_are_current(warehouse):
        return False
    write_charts(warehouse, choose_charts(read("observations", warehouse), read("articles", warehouse)))
    return True


def build_warehouse(raw: pathlib.Path, warehouse: pathlib.Path | str, log: Callable[[str], None] = print) -> None:
    """Every stage in order (what `warehouse_job` materialises), under the warehouse lock; an s3://
    warehouse is built in its working copy and pushed when the lock is released."""
    from pipeline.publish import write_data_dictionary, write_datapackage
    from pipeline.publish.lock import warehouse_lock
    from pipeline.publish.object_store import open_warehouse

    warehouse = open_warehouse(warehouse)
    with warehouse_lock(warehouse, on_wait=lambda holder: log(f"waiting for the warehouse lock: {holder}")):
        report = archive_and_figures(raw, warehouse, log)
        crashpoint("stage-done")
        write_data_dictionary(warehouse)
        log(f"figures: {report.extracted} articles extracted, {report.unchanged} unchanged, "
            f"{report.rejected} rejected")
        crashpoint("stage-done")
        log(f"observations: {observations(warehouse)} buckets rebuilt")
        crashpoint("stage-done")
        log(f"analysis: {'rebuilt' if analysis(warehouse) else 'unchanged'}")
        log(f"charts: {'redrawn' if charts(warehouse) else 'unchanged'}")
        log(f"data package: {write_datapackage(warehouse)}")
