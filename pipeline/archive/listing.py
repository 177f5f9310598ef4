"""Lists raw/articles/: which files are articles, and the sha256 of each article's text and sidecar.
A file is read and hashed only when it is new or its identity changed (device, inode, size,
modification and change times, all from one lstat); the other digests come from the listing memory
the previous run left in the warehouse, so listing an unchanged archive of 100,000 articles reads no
file. A file changed less than RECENT_NS before the listing began is never remembered (its next change
could keep the same times), the rule git follows for its index."""
from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import time

from pipeline.archive.reader import (ArchivedArticle, ArchiveEntry, Rejection, check_listed, checked_bytes, digest,
                                     max_article_bytes, read_article, rejection, sidecar_bytes)
from pipeline.archive.sidecar import SidecarError
from pipeline.hidden import write_hidden

RECENT_NS = 2_000_000_000
NOT_AN_ARTICLE = "not an article: only <id>.txt and <id>.json files belong in raw/articles"


def archive_files(root: pathlib.Path) -> tuple[dict[str, os.DirEntry], list[os.DirEntry], list[Rejection]]:
    """Every entry of root/articles by name; the .txt ones in name order; the entries that do not belong."""
    folder = root / "articles"
    if not folder.is_dir():
        return {}, [], []
    with os.scandir(folder) as scan:
        found = {entry.name: entry for entry in scan}
    articles, rejected = [], []
    for name in sorted(found):
        if name.endswith(".txt"):
            articles.append(found[name])
        elif not (name.endswith(".json") and f"{name[:-5]}.txt" in found):
            rejected.append(Rejection(name, None, "archive", NOT_AN_ARTICLE))
    return found, articles, rejected


class ListingMemory:
    """File identity -> sha256, loaded from and saved to one JSON file (none: remember nothing)."""

    def __init__(self, path: pathlib.Path | None):
        self.path, self.started = path, time.time_ns()
        try:
            self.known = json.loads(path.read_text(encoding="utf-8")) if path else {}
        except (OSError, ValueError):  # a lost or damaged memory only costs reading the files again
            self.known = {}
        self.kept: dict[str, str] = {}

    def digest(self, stat: os.stat_result, read) -> str:
        """The digest of the file with this status: remembered, else of read()'s bytes."""
        identity = f"{stat.st_dev}:{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}"
        found = self.known.get(identity) or digest(read())
        if self.started - max(stat.st_mtime_ns, stat.st_ctime_ns) > RECENT_NS:
            self.kept[identity] = found
        return found

    def save(self) -> None:
        """Keeps the identities of this listing only, written whole (temporary file, then rename)."""
        if self.path is None or self.kept == self.known:
            return
        write_hidden(self.path, json.dumps(self.kept, sort_keys=True))


def _entry(folder: pathlib.Path, article: os.DirEntry, sidecar: os.DirEntry | None, memory: ListingMemory,
           limit: int) -> ArchiveEntry:
    stem, stat = article.name[:-4], article.stat(follow_symlinks=False)
    check_listed(stem, stat, limit=limit)
    text_sha256 = memory.digest(stat, lambda: checked_bytes(folder, folder / article.name, stat))
    if sidecar is None:
        return ArchiveEntry(stem, article.name, text_sha256, None)
    if sidecar.is_symlink():
        raise ValueError("sidecar is a link")
    sidecar_sha256 = memory.digest(sidecar.stat(follow_symlinks=False), lambda: sidecar_bytes(folder / article.name))
    return ArchiveEntry(stem, article.name, text_sha256, sidecar_sha256)


def list_archive(root: pathlib.Path, memory: pathlib.Path | None = None) -> tuple[list[ArchiveEntry], list[Rejection]]:
    """Every article under root/articles as an entry (id order), and the files rejected on the way.
    `memory` is the listing memory's file (kept by the caller, e.g. in the warehouse)."""
    found, articles, rejected = archive_files(root)
    remembered, entries, limit, folder = ListingMemory(memory), [], max_article_bytes(), root / "articles"
    for article in articles:
        try:
            entries.append(_entry(folder, article, found.get(article.name[:-4] + ".json"), remembered, limit))
        except (ValueError, OSError) as error:
            rejected.append(rejection(folder / article.name, "archive", error))
    remembered.save()
    return entries, rejected


def read_archive(root: pathlib.Path, today: dt.date | None = None) -> tuple[list[ArchivedArticle], list[Rejection]]:
    """Every article under root/articles, read in full (id order), and the files that had to be rejected."""
    today = today or dt.date.today()
    _, files, rejected = archive_files(root)
    articles = []
    for file in files:
        path = root / "articles" / file.name
        try:
            articles.append(read_article(root / "articles", path, today))
        except (ValueError, SidecarError, OSError) as error:
            rejected.append(rejection(path, "archive", error))
    return articles, rejected
