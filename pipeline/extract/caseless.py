"""Regexes over words matched regardless of case, for the short windows of text around a number. The regex
engine folds case at every comparison of a case-insensitive pattern and cannot skip ahead on its first
letters; on an ASCII window (nearly all of them) lowering the window once and matching a lower-case
pattern plainly gives the same matches several times faster, and on a printable one faster still in ASCII
mode, where a word boundary needs no Unicode tables. Which texts ASCII mode reads as Unicode mode does
(reads_as_ascii) and a pattern's ASCII twin are defined here for the whole-text passes too, and the characters
a pattern's match can open with (match_openers), for sparing calls that cannot match."""
from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]  # the standard library's regex parser and its opcodes
from re import _parser  # type: ignore[attr-defined]

from pipeline.extract.firstchar import first_chars


class CaselessPattern:
    """A pattern written in lower case, searched and matched regardless of case. The match is on the
    lowered window when the window is ASCII: spans are the same, group texts come back lower-cased."""

    __slots__ = ("pattern", "plain", "printable", "folded", "reach", "endings", "endings_by_last", "needs")

    def __init__(self, pattern: str):
        parsed = _parser.parse(pattern)
        if _has_upper(parsed.data):
            raise ValueError(f"a caseless pattern is written in lower case: {pattern!r}")
        self.pattern = pattern
        self.plain = re.compile(pattern)
        self.printable = ascii_twin(self.plain, parsed)  # for a printable window: see search
        self.folded = re.compile(pattern, re.IGNORECASE)
        self.reach = _reach_back(parsed.data)
        # a pattern anchored at the window's end ("... more than $") can only match a window that ends, white
        # space aside, as one of its last words does: most windows are turned away by one endswith
        ending = _endings(parsed.data) if _anchored_at_end(parsed.data) else None
        self.endings = tuple(sorted(ending[0])) if ending and ending[0] and not ending[1] else None
        # the endings by their last character: a window is held against only those that can end it
        self.endings_by_last = None if self.endings is None else {
            last: tuple(found for found in self.endings if found[-1] == last)
            for last in {found[-1] for found in self.endings}}
        # a pattern whose every match holds one of a few words ("since", "had") first looks for them
        needs = _needs(parsed.data)
        needs = needs and {need for need in needs if not any(other in need for other in needs if other != need)}
        self.needs = tuple(sorted(needs)) if needs and len(needs) <= MAX_NEEDS else None

    def search(self, window: str, pos: int = 0) -> re.Match | None:
        if window.isascii():
            lowered = window.lower()
            if self.endings is not None:
                stripped = lowered.rstrip()
                endings = self.endings_by_last.get(stripped[-1:])
                if endings is None or not stripped.endswith(endings):
                    return None
            if self.needs is not None:
                for need in self.needs:
                    if need in lowered:
                        break
                else:
                    return None
            # a printable ASCII window reads_as_ascii, and one C call says so (it also turns tabs and newlines
            # away, which only costs them the faster pattern)
            return (self.printable if lowered.isprintable() else self.plain).search(lowered, pos)
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
        low = start - self.reach if start > self.reach else 0  # (a comparison costs less than a call of max)
        return self.search(text[low:end], start - low) is not None


MAX_NEEDS = 8  # looking for more words one by one costs about what the regex does
UNICODE_ONLY_SPACES = "\x1c\x1d\x1e\x1f"  # the information separators: white space to Unicode, not to ASCII


ASCII_BYTES = bytes(range(128))


def reads_as_ascii(text: str) -> bool:
    """Whether regexes compiled with re.ASCII find in text just what their Unicode versions find (\\d, \\w,
    \\s and \\b then mean the same): the text holds no information separator, and none of its characters
    beyond ASCII ("’", "—", "€", "©") is a word character or white space to Unicode (\\d is a part of \\w), so
    that to both modes it is a character \\W, \\D and \\S match and a literal or a set names as written (the
    ASCII flag changes nothing else for a pattern ignoring no case: ascii_twin)."""
    if any(space in text for space in UNICODE_ONLY_SPACES):
        return False
    if text.isascii():
        return True
    # the characters beyond ASCII, in C: every byte of their UTF-8 is above 0x7f, every byte of the others below
    beyond = text.encode("utf-8", "surrogatepass").translate(None, ASCII_BYTES).decode("utf-8", "surrogatepass")
    for char in set(beyond):
        if char.isalnum() or char.isspace():  # (what str.isalnum and str.isspace take, re takes for \\w and \\s)
            return False
    return True


def match_openers(pattern: re.Pattern) -> frozenset[str]:
    """The ASCII characters a match of pattern can begin with (see firstchar), for a pattern that cannot match the
    empty string: where the text holds another ASCII character, or ends, pattern.match fails, so its call can be
    spared (a non-ASCII character may still begin a match: test char in openers or char > "\x7f")."""
    if pattern.flags & re.IGNORECASE or _parser.parse(pattern.pattern).getwidth()[0] == 0:
        raise ValueError(f"the openers of a pattern that ignores case by a flag or may match empty: {pattern!r}")
    return first_chars(pattern.pattern)


def ascii_twin(pattern: re.Pattern, parsed=None) -> re.Pattern:
    """The pattern in ASCII mode, for text that reads_as_ascii: the same matches, found faster (a word
    boundary needs no Unicode table look-ups). A pattern with other flags, or one setting a flag inline
    (ignoring case, say, where ASCII mode could differ), is its own twin. parsed: the pattern's parse, when
    the caller has it."""
    parsed = parsed or _parser.parse(pattern.pattern)
    if pattern.flags & ~re.UNICODE or _sets_flags(parsed.data):
        return pattern
    return re.compile(pattern.pattern, re.ASCII)


def _needs(items) -> set[str] | None:
    """Strings one of which every match contains (the longest sure ones), None when none is sure."""
    best = None
    for start, (op, av) in enumerate(items):
        end = start
        while end < len(items) and _strings([items[end]]) is not None:
            end += 1
        candidates = [_strings(items[start:end]) if end > start else None]
        if op is sre.SUBPATTERN or op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            candidates.append(_needs(av[-1].data))
        elif op is sre.BRANCH:
            branches = [_needs(branch.data) for branch in av[1]]
            candidates.append(None if None in branches else set().union(*branches))  # type: ignore[arg-type]
        for strings in candidates:
            if strings and all(strings) and (best is None or min(map(len, strings)) > min(map(len, best))):
                best = strings
    return best


def _anchored_at_end(items) -> bool:
    """Whether every match ends at the end of the string ($ closing every alternative)."""
    if not items:
        return False
    op, av = items[-1]
    if op is sre.AT:
        return av is sre.AT_END
    if op is sre.BRANCH:
        return all(_anchored_at_end(branch.data) for branch in av[1])
    if op is sre.SUBPATTERN:
        return _anchored_at_end(av[-1].data)
    return False


def _endings(items) -> tuple[set[str], bool] | None:
    """(endings, open): every match of the items, white space stripped from its end, ends with one of the
    endings, or (when open) may be blank, empty or white space, leaving it to what comes before the items;
    None when that cannot be told."""
    endings: set[str] = set()
    index = len(items)
    while index:
        start = index
        while start and _strings([items[start - 1]]) is not None:
            start -= 1
        if start < index:  # the items ending here match one of a few known strings
            strings = _strings(items[start:index])
            if strings is None:
                return None
            endings |= {string.rstrip() for string in strings if string and not string.isspace()}
            if all(string and not string.isspace() for string in strings):
                return endings, False
            index = start
            continue
        op, av = items[index - 1]
        inner: tuple[set[str], bool] | None
        if op is sre.IN and all(kind is sre.CATEGORY and value is sre.CATEGORY_SPACE for kind, value in av):
            inner = (set(), True)  # white space
        elif op is sre.SUBPATTERN:
            inner = _endings(av[-1].data)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            inner = _endings(av[-1].data)
            inner = None if inner is None else (inner[0], inner[1] or av[0] == 0)
        elif op is sre.BRANCH:
            branches = [_endings(branch.data) for branch in av[1]]
            inner = None if None in branches else (set().union(*(found for found, _ in branches)),  # type: ignore[misc]
                                                   any(blank for _, blank in branches))  # type: ignore[misc]
        else:
            return None
        if inner is None:
            return None
        endings |= inner[0]
        if not inner[1]:
            return endings, False
        index -= 1
    return endings, True


def _strings(items, limit: int = 4096) -> set[str] | None:
    """Every string the items can match, when they are few and known (assertions match ""); else None."""
    strings = {""}
    for op, av in items:
        options: set[str] | None
        if op is sre.LITERAL:
            options = {chr(av)}
        elif op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            options = {""}
        elif op is sre.IN and all(kind is sre.LITERAL for kind, _ in av):
            options = {chr(value) for _, value in av}
        elif op is sre.SUBPATTERN:
            options = _strings(av[-1].data, limit)
        elif op is sre.BRANCH:
            branches = [_strings(branch.data, limit) for branch in av[1]]
            options = None if None in branches else set().union(*branches)  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[1] <= 1:
            inner = _strings(av[-1].data, limit)
            options = None if inner is None else inner | ({""} if av[0] == 0 else set())
        else:
            return None
        if options is None or len(strings) * len(options) > limit:
            return None
        strings = {string + option for string in strings for option in options}
    return strings


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


def _sets_flags(items) -> bool:
    """Whether a parsed pattern sets or clears a flag inline for a group ("(?i:...)")."""
    for op, av in items:
        if op is sre.SUBPATTERN and (av[1] or av[2] or _sets_flags(av[-1].data)):
            return True
        if op is sre.BRANCH and any(_sets_flags(branch.data) for branch in av[1]):
            return True
        if op is sre.ATOMIC_GROUP and _sets_flags(av.data):
            return True
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) \
                and _sets_flags(av[-1].data):
            return True
    return False


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
