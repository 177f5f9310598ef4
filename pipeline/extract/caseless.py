"""Regexes over words matched regardless of case, for the short windows of text around a number. The regex
engine folds case at every comparison of a case-insensitive pattern and cannot skip ahead on its first
letters; on an ASCII window (nearly all of them) lowering the window once and matching a lower-case
pattern plainly gives the same matches several times faster."""
from __future__ import annotations

import re
from re import _constants as sre  # the standard library's regex parser and its opcodes
from re import _parser


class CaselessPattern:
    """A pattern written in lower case, searched and matched regardless of case. The match is on the
    lowered window when the window is ASCII: spans are the same, group texts come back lower-cased."""

    __slots__ = ("pattern", "plain", "folded")

    def __init__(self, pattern: str):
        if _has_upper(_parser.parse(pattern).data):
            raise ValueError(f"a caseless pattern is written in lower case: {pattern!r}")
        self.pattern = pattern
        self.plain = re.compile(pattern)
        self.folded = re.compile(pattern, re.IGNORECASE)

    def search(self, window: str) -> re.Match | None:
        if window.isascii():
            return self.plain.search(window.lower())
        return self.folded.search(window)

    def match(self, window: str) -> re.Match | None:
        if window.isascii():
            return self.plain.match(window.lower())
        return self.folded.match(window)


def _has_upper(items) -> bool:
    """Whether a parsed pattern names an upper-case letter (which a lowered window never holds)."""
    for op, av in items:
        if op is sre.LITERAL and chr(av) != chr(av).lower():
            return True
        if op is sre.RANGE and any(chr(code) != chr(code).lower() for code in range(av[0], av[1] + 1)):
            return True
        if op is sre.IN and _has_upper(av):
            return True
        if op is sre.BRANCH and any(_has_upper(branch.data) for branch in av[1]):
            return True
        if op is sre.ATOMIC_GROUP and _has_upper(av.data):
            return True
        if op in (sre.SUBPATTERN, sre.ASSERT, sre.ASSERT_NOT, sre.MAX_REPEAT, sre.MIN_REPEAT,
                  sre.POSSESSIVE_REPEAT) and _has_upper(av[-1].data):
            return True
    return False
