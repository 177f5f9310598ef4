"""One article from file to rows: read and check it, extract its figures, and return its `articles` row
and its figure rows, or the reason it was rejected. Plain Python (no pandas, no Dagster), so a process
pool's workers start quickly and exchange small tuples."""
from __future__ import annotations

import dataclasses
import datetime as dt
import operator
import pathlib

from pipeline.archive import ArchivedArticle, Rejection, SidecarError, read_article, rejection
from pipeline.archive.reader import article_bytes, digest, sidecar_bytes
from pipeline.extract import FIELDS, extract_figures

FIGURE_ROW = operator.attrgetter(*FIELDS)  # a figure as a tuple in FIELDS order, in one C call


@dataclasses.dataclass(frozen=True)
class Processed:
    """An article's rows (figures as tuples in FIELDS order) and the extractor version that made them, or a
    rejection."""

    article_id: str
    article_row: dict | None = None
    figure_rows: list[tuple] = dataclasses.field(default_factory=list)
    extractor_version: str | None = None
    rejection: Rejection | None = None
    digests: tuple[str | None, str | None] = (None, None)
    """The sha256 of the text and the sidecar as read (None: could not be read), rejected or not."""

    @property
    def manifest_entry(self) -> dict:
        """What the manifest records of an extracted article: its digests and the extractor's version."""
        text_sha256, sidecar_sha256 = self.digests
        return {"sha256": text_sha256, "sidecar_sha256": sidecar_sha256, "extractor_version": self.extractor_version}


def article_row(article: ArchivedArticle, figure_count: int) -> dict:
    sidecar = article.sidecar
    return {
        "article_id": article.article_id, "title": article.title, "publisher": sidecar["publisher"],
        "source_url": sidecar["source_url"], "published_date": article.published_date,
        "published_date_inferred": article.published_date_inferred, "retrieved_at": sidecar["retrieved_at"],
        "license": sidecar["license"], "dateline_place": article.dateline_place, "byline": article.byline,
        "sha256": article.sha256, "duplicate_of": None, "characters": len(article.text), "figure_count": figure_count,
    }


def process_article(folder: pathlib.Path, name: str, today: dt.date, extractor_version: str) -> Processed:
    """Never raises for a problem with the input: it becomes the rejection."""
    path = folder / name
    article_id = path.stem
    try:
        article = read_article(folder, path, today)
    except (ValueError, SidecarError, OSError) as error:
        return Processed(article_id, rejection=rejection(path, "archive", error), digests=_digests(folder, path))
    digests = (article.sha256, article.sidecar_sha256)
    try:
        figures = extract_figures(article.text, article.published_date, article_id=article_id)
    except Exception as error:  # an extractor bug on one article never stops the others
        return Processed(article_id, rejection=Rejection(
            name, article_id, "extraction", f"extraction failed: {type(error).__name__}: {error}"), digests=digests)
    rows = [FIGURE_ROW(figure) for figure in figures]
    return Processed(article_id, article_row(article, len(rows)), rows, extractor_version, digests=digests)


def _digests(folder: pathlib.Path, path: pathlib.Path) -> tuple[str | None, str | None]:
    """The digests of a rejected article's files, those that can be read (so the listing remembers them
    and the next run rejects the article before extraction, rewriting nothing): read as read_article
    reads them, never through a link or past the size limit, but NUL bytes and all."""
    found = []
    for read in (lambda: article_bytes(folder, path), lambda: sidecar_bytes(path)):
        try:
            found.append(digest(read()))
        except (OSError, ValueError):
            found.append(None)
    return found[0], found[1]


def process_batch(batch: tuple[pathlib.Path, tuple[str, ...], dt.date, str]) -> list[Processed]:
    """process_article over several files (one task for a pool worker)."""
    folder, names, today, version = batch
    return [process_article(folder, name, today, version) for name in names]
