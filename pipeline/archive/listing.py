"""Lists raw/articles/: which files are articles, and the sha256 of each article's text and sidecar.
A file is read and hashed only when it is new or its identity changed (device, inode, size,
modification and change times, all from one lstat); the other digests come from the listing memory
the previous run left in the warehouse, so listing an unchanged archive of 100,000 articles reads no
file. A new article the caller will process anyway can be left unread (`unread`): the worker that
extracts it reads and fingerprints it once, in parallel with the others, and the memory learns its
digests from there. A file changed less than RECENT_NS before the listing began is never remembered
(its next change could keep the same times), the rule git follows for its index. The sensor's view of the
archive (`archive_state`) is a digest of the same identities."""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
import pathlib
import time
from collections.abc import Callable, Iterable, Iterator
from stat import S_ISLNK

import orjson

from pipeline.archive.reader import (ArchivedArticle, ArchiveEntry, Rejection, check_listed, checked_bytes, digest,
                                     max_article_bytes, read_article, rejection, sidecar_bytes)
from pipeline.archive.sidecar import SidecarError
from pipeline.hidden import write_hidden

RECENT_NS = 2_000_000_000
NOT_AN_ARTICLE = "not an article: only <id>.txt and <id>.json files belong in raw/articles"


def archive_files(names: Iterable[str]) -> tuple[set[str], list[str], list[Rejection]]:
    """Of the names in the articles folder: all of them; the .txt ones in name order; those that do not
    belong."""
    found = set(names)
    articles, rejected = [], []
    for name in sorted(found):
        if name.endswith(".txt"):
            articles.append(name)
        elif not (name.endswith(".json") and f"{name[:-5]}.txt" in found):
            rejected.append(Rejection(name, None, "archive", NOT_AN_ARTICLE))
    return found, articles, rejected


class ListingMemory:
    """File identity -> sha256, loaded from and saved to one JSON file (none: remember nothing)."""

    def __init__(self, path: pathlib.Path | None):
        self.path, self.started = path, time.time_ns()
        try:
            known = orjson.loads(path.read_bytes()) if path else {}
        except (OSError, ValueError):  # a lost or damaged memory only costs reading the files again
            known = {}
        self.known: dict[str, str] = known if isinstance(known, dict) else {}
        self.kept: dict[str, str] = {}
        self.unread: dict[str, tuple[os.stat_result, os.stat_result | None]] = {}
        """Articles listed without reading: id -> the status of their text and sidecar when listed."""

    def recall(self, stat: os.stat_result, identity: str) -> str | None:
        """The remembered digest of the file with this status and identity (kept for the next listing), or
        None."""
        found = self.known.get(identity)
        if found is not None and self.started - max(stat.st_mtime_ns, stat.st_ctime_ns) > RECENT_NS:
            self.kept[identity] = found
        return found

    def remember(self, stat: os.stat_result, found: str, identity: str | None = None) -> str:
        """Keeps the digest of a file just read (unless it changed too recently to be trusted); returns it."""
        if self.started - max(stat.st_mtime_ns, stat.st_ctime_ns) > RECENT_NS:
            self.kept[identity or file_identity(stat)] = found
        return found

    def learn(self, article_id: str, sha256: str | None, sidecar_sha256: str | None) -> None:
        """The digests a worker found for an article listed unread (ignored for any other article; None:
        the file could not be read)."""
        text_stat, sidecar_stat = self.unread.pop(article_id, (None, None))
        if text_stat is not None and sha256 is not None:
            self.remember(text_stat, sha256)
        if sidecar_stat is not None and sidecar_sha256 is not None:
            self.remember(sidecar_stat, sidecar_sha256)

    def save(self) -> None:
        """Keeps the identities of this listing only, written whole (temporary file, then rename)."""
        if self.path is None or self.kept == self.known:
            return
        write_hidden(self.path, orjson.dumps(self.kept, option=orjson.OPT_SORT_KEYS))


def file_identity(stat: os.stat_result) -> str:
    """device:inode:size:modification time:change time (ns), what the listing memory files digests by."""
    return f"{stat.st_dev}:{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}"


def _entry(folder: pathlib.Path, name: str, sidecar: str | None, status: Callable[[str], os.stat_result],
           memory: ListingMemory, limit: int, unread: Callable[[str], bool], seen: dict[str, str]) -> ArchiveEntry:
    stem, stat = name[:-4], status(name)
    identity = seen[name] = file_identity(stat)
    check_listed(stem, stat, limit=limit)
    text_sha256 = memory.recall(stat, identity)
    if text_sha256 is None:
        if unread(stem):
            sidecar_stat = status(sidecar) if sidecar is not None else None
            if sidecar_stat is not None:
                seen[sidecar] = file_identity(sidecar_stat)
            memory.unread[stem] = (stat, sidecar_stat)
            return ArchiveEntry(stem, name, None, None)
        text_sha256 = memory.remember(stat, digest(checked_bytes(folder, folder / name, stat)), identity)
    if sidecar is None:
        return ArchiveEntry(stem, name, text_sha256, None)
    sidecar_stat = status(sidecar)
    identity = seen[sidecar] = file_identity(sidecar_stat)
    if S_ISLNK(sidecar_stat.st_mode):
        raise ValueError("sidecar is a link")
    sidecar_sha256 = memory.recall(sidecar_stat, identity) or memory.remember(
        sidecar_stat, digest(sidecar_bytes(folder / name)), identity)
    return ArchiveEntry(stem, name, text_sha256, sidecar_sha256)


def list_archive(root: pathlib.Path, memory: ListingMemory | None = None,
                 unread: Callable[[str], bool] = lambda article_id: False, seen: dict[str, str] | None = None
                 ) -> tuple[list[ArchiveEntry], list[Rejection]]:
    """Every article under root/articles as an entry (id order), and the files rejected on the way.
    `memory`: the digests of the files as they were listed before (the caller saves it). `unread(id)`:
    the article may be left unread when its digest is not remembered (its entry's digests are None).
    `seen` is filled with the identity of every file whose status could be taken (`state_of(seen)` is
    then the archive's state as listed). The folder is opened once and its files' status taken relative
    to it (a third faster than through their paths at 200,000 files)."""
    memory, entries, limit, folder = memory or ListingMemory(None), [], max_article_bytes(), root / "articles"
    seen = {} if seen is None else seen
    with _listed(folder) as (names, status):
        found, articles, rejected = archive_files(names)
        for name in articles:
            stem = name[:-4]
            sidecar = f"{stem}.json"
            try:
                entries.append(_entry(folder, name, sidecar if sidecar in found else None, status, memory, limit,
                                      unread, seen))
            except (ValueError, OSError) as error:
                rejected.append(rejection(folder / name, "archive", error))
        _identities(found.difference(seen), status, seen)  # the files no entry took the status of
    return entries, rejected


def archive_state(root: pathlib.Path) -> str:
    """The state of root/articles now (`state_of` the identity of every file), as the sensor watches it."""
    return current_state(root)[0]


def current_state(root: pathlib.Path, recent_since_ns: int | None = None) -> tuple[str, list[str]]:
    """The state of root/articles now, and the names of the files changed after `recent_since_ns`, whose
    identity alone cannot vouch for their bytes (the same tick of the clock may hold two writes). No file
    is read."""
    identities: dict[str, str] = {}
    with _listed(root / "articles") as (names, status):
        recent = _identities(names, status, identities, recent_since_ns)
    return state_of(identities), sorted(recent)


def _identities(names: Iterable[str], status: Callable[[str], os.stat_result], into: dict[str, str],
                recent_since_ns: int | None = None) -> list[str]:
    """Puts each name's identity into `into` (a file whose status cannot be taken, e.g. removed since the
    folder was read, is left out: the listing rejects it, and the next look sees it gone); returns the
    names of the files changed after `recent_since_ns`."""
    recent = []
    for name in names:
        try:
            stat = status(name)
        except OSError:
            continue
        into[name] = file_identity(stat)
        if recent_since_ns is not None and max(stat.st_mtime_ns, stat.st_ctime_ns) > recent_since_ns:
            recent.append(name)
    return recent


def state_of(identities: dict[str, str]) -> str:
    """A digest of every name with its file's identity (as the listing memory keys it): adding, removing,
    renaming or writing any file changes it."""
    text = "".join([f"{name}\0{identities[name]}\n" for name in sorted(identities)])
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


@contextlib.contextmanager
def _listed(folder: pathlib.Path) -> Iterator[tuple[list[str], Callable[[str], os.stat_result]]]:
    """The names in the folder (none when it does not exist), and a name's status (a link's own), taken
    relative to the folder opened once rather than through each file's path."""
    if not folder.is_dir():
        yield [], os.lstat
        return
    directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        yield os.listdir(directory), functools.partial(os.stat, dir_fd=directory, follow_symlinks=False)
    finally:
        os.close(directory)


def read_archive(root: pathlib.Path, today: dt.date | None = None) -> tuple[list[ArchivedArticle], list[Rejection]]:
    """Every article under root/articles, read in full (id order), and the files that had to be rejected."""
    today = today or dt.date.today()
    with _listed(root / "articles") as (names, _):
        _, texts, rejected = archive_files(names)
    articles = []
    for name in texts:
        path = root / "articles" / name
        try:
            articles.append(read_article(root / "articles", path, today))
        except (ValueError, SidecarError, OSError) as error:
            rejected.append(rejection(path, "archive", error))
    return articles, rejected
