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
def _pattern(term: str) -> re.Pattern | None:
    """The term as a search over the phrase's words joined by spaces: each stem starts a word, and the
    stems of an alternative start consecutive words. None for a term without words."""
    alternatives = [words(alternative) for alternative in term.split("|") if words(alternative)]
    if not alternatives:
        return None
    return re.compile("(?:^| )(?:" + "|".join("[a-z0-9]* ".join(stems) for stems in alternatives) + ")")


def occurs(term: str, phrase: tuple[str, ...]) -> bool:
    """Whether any alternative of term occurs in phrase: consecutive words starting with its stems."""
    pattern = _pattern(term)
    return pattern is not None and pattern.search(" ".join(phrase)) is not None
