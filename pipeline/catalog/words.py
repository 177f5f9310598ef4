"""Word-stem terms of the catalogue's recognition rules: splitting a phrase into words and deciding
whether a term ("protect", "all type", "report|complaint") occurs in them."""
from __future__ import annotations

import functools
import re

WORD = re.compile(r"[a-z0-9]+")


def words(text: str | None) -> tuple[str, ...]:
    """The lower-case words of a phrase."""
    return tuple(WORD.findall(text.lower())) if text else ()


@functools.cache
def _alternatives(term: str) -> tuple[tuple[str, ...], ...]:
    return tuple(words(alternative) for alternative in term.split("|") if words(alternative))


def occurs(term: str, phrase: tuple[str, ...]) -> bool:
    """Whether any alternative of term occurs in phrase: consecutive words starting with its stems."""
    for stems in _alternatives(term):
        for start in range(len(phrase) - len(stems) + 1):
            if all(phrase[start + i].startswith(stem) for i, stem in enumerate(stems)):
                return True
    return False
