"""Loads the extractor's word lists (data/lexicon.json) once and exposes them read-only, and turns word
lists into regex alternations."""
from __future__ import annotations

import functools
import json
import re
import types

from pipeline.extract.native import PACKAGE

DATA_DIR = PACKAGE / "data"  # beside the sources (a compiled module's __file__ is its build's)
FOLDS_ONTO_ASCII = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
"""The letters beyond ASCII that case-insensitive regexes match to ASCII letters: dotted and dotless i, the
long s and the Kelvin sign (tests/test_extract_properties.py enumerates every code point)."""
_FOLDED = str.maketrans(FOLDS_ONTO_ASCII)


def lexicon_key(text: str) -> str:
    """Text a case-insensitive pattern matched, spelled as the lexicon's keys are: in lower case, with the
    letters of FOLDS_ONTO_ASCII written as the ASCII letters they matched ("ſome" is "some", not a KeyError)."""
    return text.translate(_FOLDED).lower()


@functools.cache
def lexicon() -> types.MappingProxyType:
    """The word lists, keyed as in data/lexicon.json."""
    with open(DATA_DIR / "lexicon.json", encoding="utf-8") as handle:
        return types.MappingProxyType(json.load(handle))


@functools.cache
def word_set(key: str) -> frozenset[str]:
    """One of the word lists (or a mapping's keys) as a set, for membership tests."""
    return frozenset(lexicon()[key])


def _trie(words) -> dict:
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return trie


def _folds_apart(node: dict) -> bool:
    """Whether no two branches of the trie can match the same character, even ignoring case."""
    chars = [char for char in node if char]
    if any(not char.isascii() and char.lower() != char.upper() for char in chars):
        return False  # non-ASCII letters have case foldings of their own: not worth reasoning about
    return len({char.lower() for char in chars}) == len(chars) and all(_folds_apart(child) for child in node.values())


def trie_pattern(words, not_after: str | None = None) -> str:
    """A regex matching exactly the given words, shaped as a trie so each position costs a few steps:
    of the words that fit the text at a position the longest is tried first, as in a longest-first list.
    not_after: a character class that may not precede a word, checked after the word's first character
    (a lookbehind first would keep the regex engine from skipping straight to the words' first letters)."""

    def build(node: dict, root: bool = False) -> str:
        branches = [re.escape(char) + (f"(?<!{not_after}{re.escape(char)})" if root and not_after else "")
                    + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?" if len(branches) == 1 else body + "?"
        return body

    trie = _trie(words)
    if not_after and "" in trie:
        raise ValueError("an empty word has no first character to check not_after on")
    return build(trie, root=True)


def alternation(words) -> str:
    """A regex alternation of literal words, longest first so the longest phrase wins. Written as a trie
    (same matches, tried in the same order) unless two words differ only in case at a branch, where a
    case-insensitive trie could try them in another order than longest first."""
    words = set(words)
    if words and "" not in words and _folds_apart(_trie(words)):
        return "(?:" + trie_pattern(words) + ")"
    escaped = sorted({re.escape(word) for word in words}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(escaped) + ")"


@functools.cache
def currency_sign_pattern(lower: bool = False) -> str:
    """A regex for what is written before an amount to name its currency: a sign ("US$", "€") or a prefix
    word ("Rs", whole words only); lower: in lower case, for the patterns that read lowered text."""
    currencies = lexicon()["currencies"]
    signs = [sign.lower() if lower else sign for sign in currencies["symbols"]]
    words = [word.lower() if lower else word for word in currencies["prefix_words"]]
    return rf"(?:{alternation(signs)}|\b{alternation(words)})"


@functools.cache
def currency_sign_ends() -> frozenset[str]:
    """The last characters of the currency signs and prefix words: a window not ending in one holds none."""
    currencies = lexicon()["currencies"]
    return frozenset(word[-1] for word in [*currencies["symbols"], *currencies["prefix_words"]])
