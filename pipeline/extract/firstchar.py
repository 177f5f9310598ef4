"""Which ASCII characters a regular expression can begin a match with. A long alternation tried at a position
costs a step for every alternative; knowing the character there, the alternatives that cannot begin with it
can be left out beforehand without changing any match. The answer is conservative: it may include
characters that cannot begin a match, never leaves out one that can."""
from __future__ import annotations

import functools
import re
from re import _constants as sre  # type: ignore[attr-defined]  # the standard library's regex parser and its opcodes
from re import _parser  # type: ignore[attr-defined]

ASCII = frozenset(map(chr, range(128)))
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


@functools.cache
def first_chars(pattern: str) -> frozenset[str]:
    """The ASCII characters a match of pattern can begin with; all of them if it can match the empty string."""
    parsed = _parser.parse(pattern)
    chars, nullable = _sequence(parsed.data, bool(parsed.state.flags & re.IGNORECASE))
    return ASCII if nullable else frozenset(chars)


def _sequence(items, ignore_case: bool) -> tuple[set[str], bool]:
    """(first characters, whether the items can match the empty string)."""
    first: set[str] = set()
    for op, av in items:
        chars, nullable = _item(op, av, ignore_case)
        first |= chars
        if not nullable:
            return first, False
    return first, True


def _item(op, av, ignore_case: bool) -> tuple[set[str], bool]:
    if op is sre.LITERAL:
        return _literal(av, ignore_case), False
    if op is sre.IN:
        return _charset(av, ignore_case), False
    if op in _ZERO_WIDTH:
        return set(), True
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        ignore_case = bool((ignore_case or add_flags & re.IGNORECASE) and not del_flags & re.IGNORECASE)
        return _sequence(sub.data, ignore_case)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av.data, ignore_case)
    if op is sre.BRANCH:
        first: set[str] = set()
        nullable = False
        for branch in av[1]:
            chars, empty = _sequence(branch.data, ignore_case)
            first |= chars
            nullable = nullable or empty
        return first, nullable
    if op in _REPEATS:
        low, _, sub = av
        chars, empty = _sequence(sub.data, ignore_case)
        return chars, empty or low == 0
    return set(ASCII), True  # anything else (any character, back references, ...): no claim


def _literal(code: int, ignore_case: bool) -> set[str]:
    char = chr(code)
    if not ignore_case or char.lower() == char.upper():
        return {char} & ASCII
    if char.isascii():
        return {char.lower(), char.upper()}
    return set(ASCII)  # a non-ASCII letter may fold onto an ASCII one (the Kelvin sign onto "k")


def _charset(items, ignore_case: bool) -> set[str]:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars |= _literal(av, ignore_case)
        elif op is sre.RANGE and (not ignore_case or av[1] < 128):
            for code in range(av[0], min(av[1], 127) + 1):
                chars |= _literal(code, ignore_case)
        elif op is sre.CATEGORY and av in _CATEGORIES:
            chars |= {char for char in ASCII if re.fullmatch(_CATEGORIES[av], char)}
        else:  # negated sets and the rest: no claim
            return set(ASCII)
    return chars
