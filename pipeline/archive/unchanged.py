"""The archive step's shortcut for a run on an unchanged raw/: the outcome of the last archive step (how
many articles it listed, kept and rejected) is recorded with everything that outcome depends on: the state
of raw/articles as it was listed (every name with its file's identity), the folder's own identity, and a
key the caller gives (code, extractor, day, size limit, the table versions the step published). When all of
them are as recorded, nothing is read, planned or rewritten, and the run costs one status per file.

A name added or removed changes the folder's identity, so a run with new work knows at once that it cannot
take the shortcut. A file changed shortly before the listing (listing.RECENT_NS, the listing memory's rule)
may have been written again within the same tick of the clock and kept its identity: such a file is read
again and its sha256 compared with the one the manifest vouches for, as git rereads racily clean files."""
from __future__ import annotations

import json
import os
import pathlib
from collections.abc import Callable

from pipeline.archive import listing
from pipeline.archive.reader import checked_bytes, digest, sidecar_bytes
from pipeline.hidden import write_hidden

DIGEST_FIELDS = {"txt": "sha256", "json": "sidecar_sha256"}
"""The manifest field vouching for each kind of file of an article."""


def folder_identity(raw: pathlib.Path) -> str | None:
    """The identity of raw/articles itself (None when it does not exist)."""
    try:
        return listing.file_identity(os.lstat(raw / "articles"))
    except OSError:
        return None


def record_outcome(path: pathlib.Path, key: dict, folder: str | None, state: str, listed_ns: int,
                   outcome: dict) -> None:
    """Records the outcome of an archive step whose listing began at listed_ns, saw the folder identity
    `folder` (taken before the listing) and the state `state`."""
    write_hidden(path, json.dumps({"key": key, "folder": folder, "state": state, "listed_ns": listed_ns,
                                   "outcome": outcome}, sort_keys=True))


def recorded_outcome(path: pathlib.Path, raw: pathlib.Path, key: dict,
                     manifest: Callable[[], dict[str, dict]]) -> dict | None:
    """The outcome recorded at `path` when raw/articles and the key are as they were then; else None.
    `manifest()` gives the published manifest, read only when a recently changed file must be checked."""
    try:
        record = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("key") != key or record.get("folder") != folder_identity(raw):
        return None
    state, recent = listing.current_state(raw, record["listed_ns"] - listing.RECENT_NS)
    if state != record["state"] or (recent and not _same_bytes(raw / "articles", recent, manifest())):
        return None
    return record["outcome"]


def _same_bytes(folder: pathlib.Path, names: list[str], manifest: dict[str, dict]) -> bool:
    """Whether each named file (an article's text or sidecar) holds the bytes the manifest vouches for."""
    for name in names:
        stem, _, kind = name.rpartition(".")
        field, entry = DIGEST_FIELDS.get(kind), manifest.get(stem)
        if field is None or entry is None:  # not an article's file, or an article not extracted
            return False
        text = folder / f"{stem}.txt"
        try:
            found = digest(checked_bytes(folder, text, text.lstat()) if kind == "txt" else sidecar_bytes(text))
        except (OSError, ValueError):
            return False
        if found != entry.get(field):
            return False
    return True
