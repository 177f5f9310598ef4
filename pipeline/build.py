"""The warehouse build, stage by stage, without Dagster (the assets in pipeline/defs call these, and so
does `python -m pipeline build`):

1. archive_and_figures: list raw/articles, process new and changed articles (pipeline.incremental),
   drop the articles whose rows fail their schema into the rejections, and publish articles, then
   figures with the manifest, then rejected_articles; when raw/ is as the last run left it, nothing is
   listed or planned again (pipeline.archive.unchanged);
2. observations: map figures to the catalogue and check each article's claims (observations,
   claim_checks) in the buckets whose figures or articles changed;
3. analysis: rebuild the tables across articles (derived_metrics, conflicts) when their inputs changed;
4. charts: redraw warehouse/charts/ when observations or articles changed (pipeline.charts);
5. datapackage.json: describe the versions now published (pipeline.publish.package).
Each stage records the versions it was built from, so a rerun on an unchanged raw/ writes nothing."""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import pathlib
from collections.abc import Callable

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline import tables
from pipeline.archive import ArchiveEntry, Rejection, check_article, list_archive, rejection
from pipeline.archive.listing import ListingMemory, state_of
from pipeline.archive.reader import max_article_bytes
from pipeline.archive.unchanged import folder_identity, record_outcome, recorded_outcome
from pipeline.catalog import figure_links, unmapped_verdict
from pipeline.incremental import duplicate_changes, plan_work, rebuild_buckets, set_duplicate_of
from pipeline.pool import ordered_map
from pipeline.publish import (MANIFEST, TableRejected, extractor_version, manifest_bytes,
                              mapping_version, publish, read, read_manifest, version_info)
from pipeline.publish.crashpoints import crashpoint
from pipeline.publish.dataset import VERSIONS, current_version, part_bucket, part_digests
from pipeline.publish.manifest import code_version, library_versions
from pipeline.publish.combined import combined_path, combined_rows
from pipeline.publish.parquet import TablePublisher, as_frame, read_arrow
from pipeline.publish.verdicts import remember
from schemas import TABLES, arrow_schema

ARTICLE_TABLES = ("observations", "claim_checks")
CROSS_ARTICLE_TABLES = ("derived_metrics", "conflicts")
POOL_BUCKETS = 16  # observations() maps this many buckets or more in a process pool (about 0.35 s a bucket)
LISTING_MEMORY = ".listing.json"
"""The digests of raw/ by file identity (pipeline.archive.listing), beside the table versions."""
UNCHANGED_RECORD = ".archive-unchanged.json"
"""The last archive step's outcome and what it depended on (pipeline.archive.unchanged)."""


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


def _outcome_key(raw: pathlib.Path, warehouse: pathlib.Path, today: dt.date) -> dict:
    """What the archive step's outcome depends on besides raw/: the code (pipeline/, and schemas/, whose
    models reject an article's rows) and the libraries that validate and write them, the day (dates in the
    future are rejected), the size limit and the versions of the tables it publishes."""
    return {"raw": str(raw.resolve()), "code": f"{code_version('.', '../schemas')} {library_versions()}",
            "today": today.isoformat(),
            "limit": max_article_bytes(), "tables": {table: current_version(warehouse, table)
                                                     for table in ("articles", "figures", "rejected_articles")}}


def _plan_line(listed: int, rejected: int, todo: int, unchanged: int, removed: int, buckets: int) -> str:
    """The run log's line on what the archive step will do (benchmarks/bench_scale.py reads it)."""
    return (f"{listed} articles listed, {rejected} files rejected: {todo} to process, {unchanged} unchanged, "
            f"{removed} removed; {buckets} buckets to rewrite")


def archive_and_figures(raw: pathlib.Path, warehouse: pathlib.Path, log: Callable[[str], None] = print,
                        today: dt.date | None = None) -> ExtractionReport:
    today = today or dt.date.today()
    record = warehouse / VERSIONS / UNCHANGED_RECORD
    outcome = recorded_outcome(record, raw, _outcome_key(raw, warehouse, today), lambda: read_manifest(warehouse))
    if outcome is not None:
        log(_plan_line(outcome["listed"], outcome["rejected"], 0, outcome["unchanged"], 0, 0)
            + " (raw/articles as the last run left it: not listed or planned again)")
        return ExtractionReport(outcome["listed"], 0, outcome["unchanged"], outcome["rejected"], 0)
    manifest, version = read_manifest(warehouse), extractor_version()
    memory, folder_before, identities = ListingMemory(warehouse / VERSIONS / LISTING_MEMORY), folder_identity(raw), {}
    # a new article is read once, by the worker extracting it, so reading overlaps extraction
    entries, rejected = list_archive(raw, memory, unread=lambda article_id: article_id not in manifest,
                                     seen=identities)
    folder = raw / "articles"

    def check(entry: ArchiveEntry) -> Rejection | None:
        try:
            check_article(folder, folder / entry.path, today)
            return None
        except (ValueError, OSError) as error:
            return rejection(folder / entry.path, "archive", error)

    plan, unreadable = plan_work(entries, manifest, version, check)
    rejected += unreadable
    log(_plan_line(len(entries), len(rejected), len(plan.todo), len(plan.kept), len(plan.removed),
                   len(plan.buckets)))
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
        for article_id, (text_sha256, sidecar_sha256) in rows.digests.items():
            memory.learn(article_id, text_sha256, sidecar_sha256)
        for processed in rows.processed:
            if processed.article_id not in bad:
                kept[processed.article_id] = processed.manifest_entry
                extracted += 1
    _correct_duplicates(articles_out, warehouse, plan.published_duplicates, kept, set(plan.buckets))
    memory.save()
    published = all(version_info(warehouse, table) for table in ("articles", "figures"))
    if plan.buckets or kept != manifest or not published:
        articles_out.commit()  # else both would be their current versions again: nothing to write
        figures_out.attach(MANIFEST, manifest_bytes(kept))
        figures_out.commit()
    _publish_rejections(rejected, warehouse)
    record_outcome(record, _outcome_key(raw, warehouse, today), folder_before, state_of(identities), memory.started,
                   {"listed": len(entries), "unchanged": len(kept), "rejected": len(rejected)})
    return ExtractionReport(len(entries), extracted, len(plan.kept), len(rejected), len(plan.buckets))


def _correct_duplicates(articles_out: TablePublisher, warehouse: pathlib.Path, was: dict[str, str],
                        after: dict[str, dict], rewritten: set[int]) -> None:
    """Restages the articles rows whose duplicate_of changed from `was`, now that every article's digest is
    known."""
    for bucket, changes in duplicate_changes(was, after).items():
        frame = articles_out.staged(bucket) if bucket in rewritten else read("articles", warehouse, [bucket])
        values = frame["article_id"].map(changes)
        set_duplicate_of(frame, values.where(frame["article_id"].isin(changes), frame["duplicate_of"]))
        articles_out.put(bucket, frame)


def _rows(frame: pd.DataFrame) -> list[tuple]:
    """The rows as tuples in a fixed order, every missing value None (to compare two frames' contents)."""
    return sorted(map(tuple, frame.astype(object).where(frame.notna(), None).to_numpy().tolist()), key=repr)


def _publish_rejections(rejected: list[Rejection], warehouse: pathlib.Path) -> None:
    """Publishes rejected_articles unless the same rows are published already (a rerun validates nothing)."""
    frame = tables.rejections_table(rejected)
    published = read("rejected_articles", warehouse)
    if published is None or list(published.columns) != list(frame.columns) or _rows(published) != _rows(frame):
        publish(frame, "rejected_articles", warehouse)


@dataclasses.dataclass(frozen=True)
class Stale:
    """The parts of a per-article table to rebuild, and whether none of its current parts can be kept."""

    parts: frozenset[str]
    from_scratch: bool


def _stale(warehouse: pathlib.Path, table: str, parts: dict[str, dict[str, str]], mapping: str) -> Stale | None:
    """The parts whose inputs changed since the table's version was built: all of them when it was never
    built, built by other catalogue or derivation code, or from other inputs (e.g. before it was
    bucketed); None when it is up to date."""
    previous = version_info(warehouse, table)
    if previous and previous["inputs"] == parts | {"mapping": mapping}:
        return None
    before = previous["inputs"] if previous else {}
    if before.get("mapping") != mapping or set(before) != set(parts) | {"mapping"} or not all(
            isinstance(before[source], dict) for source in parts):
        return Stale(frozenset(name for names in parts.values() for name in names), True)
    return Stale(frozenset(name for source in parts for name in set(parts[source]) | set(before[source])
                           if parts[source].get(name) != before[source].get(name)), False)


def bucket_tables(task: tuple[pathlib.Path, int]) -> tuple[int, dict[str, pd.DataFrame], dict | None]:
    """The tables of each article on its own in one bucket, and the unmapped verdict of its figures (None
    when it has no figures part): what a pool worker of observations() computes."""
    warehouse, bucket = task
    figures, articles = read("figures", warehouse, [bucket]), read("articles", warehouse, [bucket])
    links = figure_links(figures, articles) if figures is not None else {}
    verdict = unmapped_verdict(figures, links) if figures is not None else None
    return bucket, tables.article_tables(figures, articles, links), verdict


def observations(warehouse: pathlib.Path) -> int:
    """Rebuilds the tables of each article on its own (observations, claim_checks) in the buckets whose
    figures or articles parts changed since each table was built; returns how many buckets."""
    parts = {source: part_digests(warehouse, source) for source in ("figures", "articles")}
    inputs = parts | {"mapping": mapping_version()}
    stale = {table: _stale(warehouse, table, parts, inputs["mapping"]) for table in ARTICLE_TABLES}
    stale = {table: found for table, found in stale.items() if found is not None}
    publishers = {table: TablePublisher(table, warehouse, replace_all=found.from_scratch, inputs=inputs)
                  for table, found in stale.items()}
    names = sorted(set().union(*(found.parts for found in stale.values())))
    unmapped = {}
    tasks = [(warehouse, part_bucket(name)) for name in names]
    for name, (bucket, built, verdict) in zip(names, ordered_map(bucket_tables, tasks,
                                                                 pooled=len(tasks) >= POOL_BUCKETS)):
        for table, publisher in publishers.items():
            if name in stale[table].parts:
                publisher.put(bucket, built[table])
        if verdict is not None and name in parts["figures"]:
            unmapped[parts["figures"][name]] = verdict
    for publisher in publishers.values():
        publisher.commit()
    remember(warehouse, "figures", "unmapped", unmapped, key=inputs["mapping"])  # for figures_map_to_metrics
    return len(names)


NAMED_COLUMNS = ["figure_id", "surface", "value"]


def _named_figures(warehouse: pathlib.Path, name: str) -> pa.Table:
    """figure_id, surface and value of the figures that one part's observations name (an article's
    observations and figures share its bucket number)."""
    bucket = part_bucket(name)
    stated = read_arrow("observations", warehouse, [bucket], ["figure_ids"])
    figures = read_arrow("figures", warehouse, [bucket], NAMED_COLUMNS)
    if figures is None:
        return arrow_schema(TABLES["figures"], "figures").empty_table().select(NAMED_COLUMNS)
    wanted = pa.array(sorted(set(itertools.chain.from_iterable(stated["figure_ids"].to_pylist()))), pa.string())
    return figures.filter(pc.is_in(figures["figure_id"], value_set=wanted))


def _cross_article_inputs(warehouse: pathlib.Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every observation, and figure_id, surface and value of the figures they name; both through
    combined files (pipeline.publish.combined), so only the parts that changed are read."""
    observations = read("observations", warehouse, combined=True)
    if observations is None:
        return tables.empty("observations"), tables.empty("figures")
    stated, figures = part_digests(warehouse, "observations"), part_digests(warehouse, "figures")
    digests = {name: f"{digest}:{figures.get(name)}" for name, digest in stated.items()}
    schema = arrow_schema(TABLES["figures"], "figures")
    named = combined_rows(combined_path(warehouse, "figures", "named", NAMED_COLUMNS), digests,
                          pa.schema([schema.field(column) for column in NAMED_COLUMNS]),
                          lambda name: _named_figures(warehouse, name))
    return observations, as_frame(named)


def analysis(warehouse: pathlib.Path) -> bool:
    """Rebuilds the tables across articles (derived_metrics, conflicts) when observations, figures or
    articles changed; returns whether."""
    inputs = {table: (version_info(warehouse, table) or {}).get("id") for table in ("observations", "figures",
                                                                                   "articles")}
    inputs["mapping"] = mapping_version()
    if all((version_info(warehouse, table) or {}).get("inputs") == inputs for table in CROSS_ARTICLE_TABLES):
        return False
    articles = read("articles", warehouse, combined=True)
    built = tables.cross_article_tables(*_cross_article_inputs(warehouse),
                                        articles if articles is not None else tables.empty("articles"))
    for table in CROSS_ARTICLE_TABLES:
        publish(built[table], table, warehouse, inputs=inputs)
    return True


def charts(warehouse: pathlib.Path) -> bool:
    """Redraws warehouse/charts/ when observations or articles changed; returns whether."""
    from pipeline.charts import charts_are_current, choose_charts, write_charts

    if charts_are_current(warehouse):
        return False
    write_charts(warehouse, choose_charts(read("observations", warehouse, combined=True),
                                          read("articles", warehouse, combined=True)))
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
