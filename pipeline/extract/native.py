"""The extractor's compiled twin: which modules mypyc compiles (`make native` builds them into .build/native),
and the rule that loads them only while they are the sources' own build.

The sources stay the truth. A build records the sha256 of each compiled module's source and the Python it was
built for; `use_if_fresh` puts the build ahead of the sources on the package's path only when every record
still holds, so a module edited after the build runs as the edited Python, never as the stale machine code.
PIPELINE_PURE_PYTHON=1 keeps the sources (to compare the two, or to debug in Python)."""
from __future__ import annotations

import hashlib
import json
import os
import pathlib
import sys

PACKAGE = pathlib.Path(__file__).resolve().parent
BUILD = PACKAGE.parents[1] / ".build" / "native"
RECORD = BUILD / "sources.json"
# every module of the extractor but figure.py (its Figure, pickled from pool workers and read by the tables, stays a
# plain Python class), frozen.py and these two; the frozen dataclasses of the compiled modules become native
# classes, which fast_maker returns as they are
COMPILED = ("caseless", "context", "draft", "engine", "firstchar", "lexicon", "numbers", "periods", "placing", "places",
            "scan", "structure", "timing")
GROUP = "pipeline.extract._native"  # mypyc's shared library: pipeline/extract/_native__mypyc in the build


def sources_record() -> dict[str, str]:
    """What a build of the current sources records: each compiled module's sha256 and the Python's tag."""
    record = {name: hashlib.sha256((PACKAGE / f"{name}.py").read_bytes()).hexdigest() for name in COMPILED}
    record["python"] = sys.implementation.cache_tag
    return record


def build_is_fresh() -> bool:
    """Whether .build/native holds the build of these very sources for this Python."""
    try:
        return json.loads(RECORD.read_text(encoding="utf-8")) == sources_record()
    except (OSError, ValueError):
        return False


def use_if_fresh(package_path: list[str]) -> bool:
    """Puts the compiled modules ahead of the sources on the package's path when they are fresh and wanted;
    returns whether it did."""
    if os.environ.get("PIPELINE_PURE_PYTHON") == "1" or not build_is_fresh():
        return False
    package_path.insert(0, str(BUILD / "pipeline" / "extract"))
    return True
