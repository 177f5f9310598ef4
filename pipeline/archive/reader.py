"""Reads raw/articles/: validates ids and sidecars, decodes the text, fingerprints it and infers a
missing publication date. Problems become rejections; they never stop the other articles."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import pathlib
import re
from stat import S_ISLNK, S_ISREG

from pipeline.archive.sidecar import SidecarError, parse_sidecar
from pipeline.extract.periods import month_number
from pipeline.extract import structure
from pipeline.extract.structure import parse_page

ARTICLE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,127}")
DEFAULT_MAX_BYTES = 5_000_000
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclasses.dataclass(frozen=True)
class ArchivedArticle:
    article_id: str
    path: str
    text: str
    sha256: str
    sidecar_sha256: str | None
    sidecar: dict
    published_date: dt.date | None
    published_date_inferred: bool
    dateline_place: str | None
    byline: str | None
    title: str | None


@dataclasses.dataclass(frozen=True)
class ArchiveEntry:
    """A listed article: its id, file name and the digests of its text and sidecar (no text kept). Both
    digests are None for an article the listing left unread: its reader fingerprints it."""

    article_id: str
    path: str
    sha256: str | None
    sidecar_sha256: str | None


@dataclasses.dataclass(frozen=True)
class Rejection:
    path: str
    article_id: str | None
    stage: str
    reason: str


def decode_article(data: bytes) -> str:
    """The text offsets refer to: UTF-8, a leading BOM removed, line endings untouched."""
    text = data.decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


DATELINE_DATE = re.compile(structure.DATELINE_DATE)  # the date the page's dateline holds, read again


def infer_published_date(text: str, dateline_date: str | None) -> dt.date | None:
    """From a dateline "Sept. 12" or "20 December 2023" and, when it has no year, the latest year the text
    mentions; None when either is missing."""
    if not dateline_date:
        return None
    match = DATELINE_DATE.fullmatch(dateline_date)
    if match is None:
        return None
    month = month_number(match.group("month") or match.group("month_after"))
    day = match.group("day") or match.group("day_first")
    years = [int(y) for y in YEAR.findall(text)]
    written = match.group("year") or match.group("year_after")
    year = int(written) if written else max(years) if years else None
    if not month or not year:
        return None
    try:
        return dt.date(year, month, int(day))
    except ValueError:
        return None


def max_article_bytes() -> int:
    """The size limit (PIPELINE_MAX_ARTICLE_BYTES); larger files are not news and are rejected."""
    return int(os.environ.get("PIPELINE_MAX_ARTICLE_BYTES", DEFAULT_MAX_BYTES))


def check_listed(stem: str, stat: os.stat_result, inside: bool = True, limit: int | None = None) -> None:
    """The checks that need no reading, from the file's own (not followed) status: id, location, size
    (so an oversized file is never read). `inside`: the file lies directly in raw/articles."""
    if not ARTICLE_ID.fullmatch(stem):
        raise ValueError(f"article id {stem!r} must match [a-z0-9][a-z0-9-]{{0,127}}: lower case letters, "
                         "digits and hyphens, no spaces, dots or slashes")
    if S_ISLNK(stat.st_mode) or not inside:
        raise ValueError("article is a link or lies outside the raw root")
    limit = limit or max_article_bytes()
    if stat.st_size > limit:
        raise ValueError(f"article is {stat.st_size:,} bytes, over the {limit:,}-byte limit "
                         "(PIPELINE_MAX_ARTICLE_BYTES): too large to be a news article")


def article_bytes(folder: pathlib.Path, path: pathlib.Path, stat: os.stat_result | None = None) -> bytes:
    """The article's bytes after the checks that need no reading (check_listed), read without following a
    link made since the status was taken, and never past the size limit."""
    check_listed(path.stem, stat or path.lstat(), path.parent == folder)  # listed files lie in the folder
    limit = max_article_bytes()
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NOFOLLOW), "rb") as file:
        if not S_ISREG(os.fstat(file.fileno()).st_mode):
            raise ValueError("article is not a regular file")
        data = file.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"article grew past the {limit:,}-byte limit while being read")
    return data


def checked_bytes(folder: pathlib.Path, path: pathlib.Path, stat: os.stat_result | None = None) -> bytes:
    """The article's bytes after the checks that need no decoding: article_bytes, then NUL bytes."""
    data = article_bytes(folder, path, stat)
    if b"\x00" in data:
        raise ValueError("article contains NUL bytes: binary, not text")
    return data


def sidecar_bytes(path: pathlib.Path) -> bytes | None:
    sidecar = path.with_suffix(".json")
    if sidecar.is_symlink():
        raise ValueError("sidecar is a link")
    try:
        return sidecar.read_bytes()
    except FileNotFoundError:
        return None


def digest(data: bytes | None) -> str | None:
    return hashlib.sha256(data).hexdigest() if data is not None else None


def _decoded(folder: pathlib.Path, path: pathlib.Path, today: dt.date) -> tuple[bytes, str, bytes | None, dict]:
    """The article's bytes and text and its sidecar's bytes and values, after every check."""
    data = checked_bytes(folder, path)
    try:
        text = decode_article(data)
    except UnicodeDecodeError as error:
        raise ValueError(f"article is not valid UTF-8 ({error.reason} at byte {error.start})") from None
    if not text.strip():
        raise ValueError("article is empty" if not text else "article holds only white space")
    sidecar_data = sidecar_bytes(path)
    sidecar = parse_sidecar(sidecar_data, today) if sidecar_data is not None else \
        {key: None for key in ("source_url", "publisher", "published_date", "retrieved_at", "title", "license")}
    return data, text, sidecar_data, sidecar


def check_article(folder: pathlib.Path, path: pathlib.Path, today: dt.date) -> None:
    """Raises ValueError, SidecarError or OSError when read_article would."""
    _decoded(folder, path, today)


def read_article(folder: pathlib.Path, path: pathlib.Path, today: dt.date) -> ArchivedArticle:
    """One article and its sidecar, decoded and checked. Raises ValueError (or OSError) with a plain
    reason."""
    data, text, sidecar_data, sidecar = _decoded(folder, path, today)
    page = parse_page(text)
    published, inferred = sidecar["published_date"], False
    if published is None:
        published = infer_published_date(text, page.dateline_date)
        inferred = published is not None
    return ArchivedArticle(path.stem, path.name, text, digest(data), digest(sidecar_data), sidecar, published,
                           inferred, page.dateline_place, page.byline, sidecar["title"] or page.title)


def plain_reason(error: Exception) -> str:
    """An input problem in words, without a traceback."""
    if isinstance(error, FileNotFoundError):
        return "file disappeared while the archive was being read"
    if isinstance(error, OSError):
        return f"file could not be read: {error.strerror or error}"
    return str(error)


def rejection(path: pathlib.Path, stage: str, error: Exception) -> Rejection:
    """The rejection of a file for an input problem, its reason in plain words."""
    return Rejection(path.name, path.stem if ARTICLE_ID.fullmatch(path.stem) else None, stage, plain_reason(error))
