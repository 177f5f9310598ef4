"""Extraction in proportion to new work. The manifest published with the figures says which text and
sidecar digests were processed by which extractor version; only the other articles are read and
extracted, in bucket order, in a process pool when there are many. For every bucket that changed (an
article added, changed, deleted or newly rejected) the complete rows are assembled from the previous
version's rows of the unchanged articles and the new rows, one bucket at a time, so memory holds one
bucket, never the whole archive. New articles are fingerprinted by the worker that reads them, so
whether one repeats another's bytes (`articles.duplicate_of`) is settled once every article is read:
`duplicate_changes` names the rows to correct then."""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import pathlib
import time
from collections.abc import Callable, Iterator

import pandas as pd

from pipeline.archive import ArchiveEntry, Rejection
from pipeline.extract import FIELDS
from pipeline.pool import ordered_map
from pipeline.publish import bucket_of, read
from pipeline.publish.crashpoints import crashpoint
from pipeline.worker import Processed, process_batch
from schemas import columns

POOL_THRESHOLD = 64  # fewer articles than this are processed in this process: a pool costs more to start
BATCH = 16


@dataclasses.dataclass
class Plan:
    """What a run must do: the manifest entries it keeps, the articles to process, the buckets to rewrite."""

    kept: dict[str, dict]
    todo: list[ArchiveEntry]
    buckets: list[int]
    removed: list[str]
    published_duplicates: dict[str, str]
    """duplicate_of under the manifest published before: the value every assembled row carries."""


@dataclasses.dataclass
class BucketRows:
    """The complete figures and articles rows of one rewritten bucket, and what happened on the way."""

    bucket: int
    figures: pd.DataFrame
    articles: pd.DataFrame
    rejected: list[Rejection]
    processed: list[Processed]
    digests: dict[str, tuple[str | None, str | None]]
    """Article -> the digests of its text and sidecar, for every article read (rejected or not)."""


def plan_work(entries: list[ArchiveEntry], manifest: dict[str, dict], version: str,
              check: Callable[[ArchiveEntry], Rejection | None]) -> tuple[Plan, list[Rejection]]:
    """The work for this run; new and changed articles the listing read are checked first (decoding,
    sidecar), the unread ones by their worker, and so are those only a new extractor version sends back
    (their bytes passed before: reading all of them in this process would delay every worker). Returns
    the plan and the rejections."""
    kept, todo, rejected = {}, [], []
    for entry in entries:
        wanted = {"sha256": entry.sha256, "sidecar_sha256": entry.sidecar_sha256, "extractor_version": version}
        previous = manifest.get(entry.article_id)
        if previous == wanted:
            kept[entry.article_id] = wanted
        elif entry.sha256 is not None and not _same_bytes(previous, wanted) and (problem := check(entry)):
            rejected.append(problem)
        else:
            todo.append(entry)
    listed = {entry.article_id for entry in entries}
    removed = sorted(set(manifest) - listed)
    stale = {article_id for article_id in manifest if article_id not in kept}
    buckets = sorted({bucket_of(a, "figures") for a in stale} | {bucket_of(e.article_id, "figures") for e in todo})
    todo.sort(key=lambda entry: (bucket_of(entry.article_id, "figures"), entry.article_id))
    return Plan(kept, todo, buckets, removed, _duplicates(manifest)), rejected


def _same_bytes(previous: dict | None, wanted: dict) -> bool:
    """Whether the manifest's entry has the article's text and sidecar digests (whatever extracted it)."""
    return previous is not None and previous["sha256"] == wanted["sha256"] \
        and previous["sidecar_sha256"] == wanted["sidecar_sha256"]


def set_duplicate_of(articles: pd.DataFrame, values: pd.Series) -> None:
    """Sets articles.duplicate_of, a missing value as None (the column holds an article id or None)."""
    articles["duplicate_of"] = values.astype(object).where(values.notna(), None)


def duplicate_of(digests: dict[str, str]) -> dict[str, str]:
    """Each article whose bytes repeat an earlier article's (id order) -> that earlier article."""
    first, duplicates = {}, {}
    for article_id in sorted(digests):
        original = first.setdefault(digests[article_id], article_id)
        if original != article_id:
            duplicates[article_id] = original
    return duplicates


def duplicate_changes(was: dict[str, str], after: dict[str, dict]) -> dict[int, dict[str, str | None]]:
    """Bucket -> {article: its new duplicate_of} for the published articles (manifest `after`) whose value
    differs from the one their rows carry: `was`, the plan's published_duplicates (no entry for an article
    new to the previous manifest), which rebuild_buckets gives every row it assembles."""
    now = _duplicates(after)
    changes: dict[int, dict[str, str | None]] = {}
    for article_id in sorted(was.keys() | now.keys()):
        if article_id in after and was.get(article_id) != now.get(article_id):
            changes.setdefault(bucket_of(article_id, "figures"), {})[article_id] = now.get(article_id)
    return changes


def _duplicates(manifest: dict[str, dict]) -> dict[str, str]:
    return duplicate_of({article_id: entry["sha256"] for article_id, entry in manifest.items()})


def _processed(todo: list[ArchiveEntry], folder: pathlib.Path, today: dt.date, version: str,
               progress: Callable[[int, int, float], None]) -> Iterator[Processed]:
    """Each todo entry processed, in todo order; in a spawned process pool when the work is large."""
    batches = [(folder, tuple(entry.path for entry in todo[start:start + BATCH]), today, version)
               for start in range(0, len(todo), BATCH)]
    started, done, reported = time.monotonic(), 0, time.monotonic()
    for batch in ordered_map(process_batch, batches, pooled=len(todo) >= POOL_THRESHOLD):
        done += len(batch)
        if time.monotonic() - reported > 5 or done == len(todo):
            reported = time.monotonic()
            progress(done, len(todo), done / max(reported - started, 1e-9))
        for processed in batch:
            crashpoint("article-processed")
            yield processed


def rebuild_buckets(plan: Plan, folder: pathlib.Path, warehouse: pathlib.Path, today: dt.date, version: str,
                    progress: Callable[[int, int, float], None] = lambda done, total, rate: None
                    ) -> Iterator[BucketRows]:
    """The complete rows of each bucket in plan.buckets, in bucket order."""
    processed = _processed(plan.todo, folder, today, version, progress)
    todo_by_bucket = {bucket: list(entries) for bucket, entries in
                      itertools.groupby(plan.todo, key=lambda entry: bucket_of(entry.article_id, "figures"))}
    for bucket in plan.buckets:
        results = [next(processed) for _ in todo_by_bucket.get(bucket, [])]
        good = [result for result in results if result.rejection is None]
        figures = _kept_rows(read("figures", warehouse, [bucket]), plan.kept)
        articles = _kept_rows(read("articles", warehouse, [bucket]), plan.kept)
        new_figures = pd.DataFrame([row for result in good for row in result.figure_rows], columns=list(FIELDS))
        new_articles = pd.DataFrame([result.article_row for result in good], columns=columns("articles"))
        articles = _concat(articles, new_articles)
        set_duplicate_of(articles, articles["article_id"].map(plan.published_duplicates))
        yield BucketRows(bucket, _concat(figures, new_figures), articles,
                         [result.rejection for result in results if result.rejection], good,
                         {result.article_id: result.digests for result in results})


def _kept_rows(frame: pd.DataFrame | None, kept: dict[str, dict]) -> pd.DataFrame | None:
    if frame is None or not len(frame):
        return None
    return frame[[article_id in kept for article_id in frame["article_id"]]]  # isin(kept) hashes all 100k keys


def _concat(old: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    frames = [frame for frame in (old, new) if frame is not None and len(frame)]
    return pd.concat(frames, ignore_index=True) if frames else new
