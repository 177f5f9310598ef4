"""The content-hash manifest: which article texts and sidecars (sha256) were processed by which extractor
version, so unchanged articles are not read or extracted again. It is published inside the figures
table's version folder, together with the figures it vouches for."""
from __future__ import annotations

import functools
import hashlib
import pathlib
from importlib import metadata

import orjson

from pipeline.publish.dataset import attachment

MANIFEST = "_manifest.json"
PIPELINE = pathlib.Path(__file__).resolve().parents[1]


@functools.cache
def code_version(*folders: str) -> str:
    """Digest of the code and data files under the named pipeline/ folders: a change rebuilds what
    they produce."""
    digest = hashlib.sha256()
    for folder in folders:
        root = PIPELINE / folder
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".json", ".csv", ".toml"):
                digest.update(path.relative_to(PIPELINE).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@functools.cache
def library_versions() -> str:
    """The installed versions of the libraries that decide which rows pass validation and which bytes are
    written (pandas, pandera, pyarrow): an upgrade must not be vouched for by what older ones decided."""
    return " ".join(f"{name}=={metadata.version(name)}" for name in ("pandas", "pandera", "pyarrow"))


def extractor_version() -> str:
    """The extractor's code and word lists: any change re-extracts every article."""
    return code_version("extract")


def mapping_version() -> str:
    """The catalogue, recognition and derivations: any change re-maps observations and rebuilds analysis."""
    return code_version("catalog", "derive")


def read_manifest(warehouse: pathlib.Path) -> dict[str, dict]:
    """The manifest published inside the current figures version (so it can never vouch for figures
    that are not there)."""
    data = attachment(warehouse, "figures", MANIFEST)
    return orjson.loads(data) if data else {}


def manifest_bytes(entries: dict[str, dict]) -> bytes:
    """Compact JSON with sorted keys (ids and digests are ASCII, so these are the bytes json.dumps writes
    with sort_keys and no spaces); orjson reads and writes the 100,000 entries of a large archive in a
    fraction of json's time."""
    return orjson.dumps(entries, option=orjson.OPT_SORT_KEYS) + b"\n"
