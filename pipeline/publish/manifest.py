"""The content-hash manifest: which article texts (sha256) were extracted by which extractor version,
so unchanged articles are not extracted again."""
from __future__ import annotations

import functools
import hashlib
import json
import os
import pathlib

MANIFEST = "_manifest.json"
EXTRACTOR = pathlib.Path(__file__).resolve().parents[1] / "extract"


@functools.cache
def extractor_version() -> str:
    """Digest of the extractor's code and word lists: any change re-extracts every article."""
    digest = hashlib.sha256()
    for path in sorted(EXTRACTOR.rglob("*")):
        if path.suffix in (".py", ".json", ".csv"):
            digest.update(path.relative_to(EXTRACTOR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def read_manifest(warehouse: pathlib.Path) -> dict[str, dict]:
    path = warehouse / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def write_manifest(warehouse: pathlib.Path, entries: dict[str, dict]) -> None:
    """Atomically replaces the manifest (written only after the figures it vouches for)."""
    temporary = warehouse / f"{MANIFEST}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(entries, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    os.replace(temporary, warehouse / MANIFEST)
