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

    __slots__ = ("pattern", "plain", "folded", "reach")

    def __init__(self, pattern: str):
        parsed = _parser.parse(pattern)
        if _has_upper(parsed.data):
            raise ValueError(f"a caseless pattern is written in lower case: {pattern!r}")
        self.pattern = pattern
        self.plain = re.compile(pattern)
        self.folded = re.compile(pattern, re.IGNORECASE)
        self.reach = _reach_back(parsed.data)

    def search(self, window: str, pos: int = 0) -> re.Match | None:
        if window.isascii():
            return self.plain.search(window.lower(), pos)
        return self.folded.search(window, pos)

    def match(self, window: str) -> re.Match | None:
        if window.isascii():
            return self.plain.match(window.lower())
        return self.folded.match(window)

    def fullmatch(self, window: str) -> re.Match | None:
        if window.isascii():
            return self.plain.fullmatch(window.lower())
        return self.folded.fullmatch(window)

    def found_in(self, text: str, start: int, end: int) -> bool:
        """Whether the pattern occurs in text[start:end], its lookbehinds seeing the text before start as
        search(text, start, end) lets them: the window starts as far back as they reach."""
        low = max(0, start - self.reach)
        return self.search(text[low:end], start - low) is not None


def _reach_back(items) -> int:
    """How far before a match's start the pattern can look: its widest lookbehind, one for a word boundary."""
    reach = 0
    for op, av in items:
        if op is sre.AT and av in (sre.AT_BOUNDARY, sre.AT_NON_BOUNDARY):
            reach = max(reach, 1)
        elif op is sre.ASSERT or op is sre.ASSERT_NOT:
            width = av[1].getwidth()[1]
            reach = max(reach, width if av[0] < 0 else 0, _reach_back(av[1].data))
        elif op is sre.BRANCH:
            reach = max([reach] + [_reach_back(branch.data) for branch in av[1]])
        elif op is sre.ATOMIC_GROUP:
            reach = max(reach, _reach_back(av.data))
        elif op in (sre.SUBPATTERN, sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            reach = max(reach, _reach_back(av[-1].data))
        elif op is sre.GROUPREF or op is sre.GROUPREF_EXISTS:
            raise ValueError("back references are not supported")
    return reach


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
