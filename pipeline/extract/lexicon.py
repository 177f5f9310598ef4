"""Loads the extractor's word lists (data/lexicon.json) once and exposes them read-only."""
from __future__ import annotations

import functools
import json
import pathlib
import re
import types

DATA_DIR = pathlib.Path(__file__).with_name("data")


@functools.cache
def lexicon() -> types.MappingProxyType:
    """The word lists, keyed as in data/lexicon.json."""
    with open(DATA_DIR / "lexicon.json", encoding="utf-8") as handle:
        return types.MappingProxyType(json.load(handle))


def alternation(words) -> str:
    """A regex alternation of literal words, longest first so the longest phrase wins."""
    escaped = sorted({re.escape(word) for word in words}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(escaped) + ")"
