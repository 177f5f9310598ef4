"""One pass over an article finding where number words and period words start, so that the full
number and period grammars are tried only there (they are too slow to try at every character); and the
sharing of any whole-text regex pass among the article's sentences."""
from __future__ import annotations

import bisect
import dataclasses
import re
import string

from pipeline.extract.frozen import remade_from_fields
from pipeline.extract.lexicon import FOLDS_ONTO_ASCII, trie_pattern
from pipeline.extract.caseless import ascii_twin, reads_as_ascii

ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


NUMBER_WORD, PERIOD_WORD = 1, 2  # the kinds of word the scanner reports (bits)


@dataclasses.dataclass(frozen=True, slots=True)
class WordIndex:
    """Sorted start offsets of the words that can open a number and of those that can open a period."""

    number_starts: list[int]
    period_starts: list[int]

    @staticmethod
    def between(starts: list[int], start: int, end: int) -> list[int]:
        return starts[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    @staticmethod
    def by_span(starts: list[int], spans) -> list[list[int]]:
        """between(starts, start, end) for each (start, end) of spans (sorted and apart, as sentences are)."""
        return [starts[low:high] for low, high in span_bounds(starts, spans)]

    def __reduce__(self) -> tuple:
        return remade_from_fields(self)


class WordScanner:
    """Finds, in one regex pass over lower-cased text, the starts of number words and period words."""

    def __init__(self, number_words, period_words, quiet: str | None = None, digit_opener: str | None = None):
        """quiet: a regex (on lowered text) matching at the start of a word that is only a period word and
        opens no period there, so need not be reported; digit_opener: a regex (on lowered text) that a digit
        must match to be reported, the shapes a period opening with a digit begins with. Both see the whole
        text, not a sentence, so they must be ones that a shorter text can only make fail (digit_opener:
        no negative lookaround)."""
        self.number_words = frozenset(number_words)
        self.period_words = frozenset(period_words)
        # each word's kind, one look-up in scan: NUMBER_WORD and/or PERIOD_WORD (a word opening with a digit,
        # "1st", opens only a period)
        self.kinds = {word: PERIOD_WORD if word[0].isdigit() else
                      (NUMBER_WORD if word in self.number_words else 0) | (PERIOD_WORD if word in self.period_words else 0)
                      for word in self.number_words | self.period_words}
        trie = trie_pattern(self.number_words | self.period_words)
        self.pattern = re.compile(self._separated(trie, None, digit_opener))
        self.quiet_pattern = re.compile(self._separated(trie, quiet, digit_opener)) if quiet else self.pattern
        self.quiet_ascii = ascii_twin(self.quiet_pattern)  # for text that reads_as_ascii

    @staticmethod
    def _separated(trie: str, quiet: str | None, digit_opener: str | None) -> str:
        """A word or digit start, found from the character before it: a word (group 1) follows no letter, a
        digit (group 2) no word character or separator. The regex engine skips through words to the next
        non-letter instead of testing a lookbehind at every character; the word itself stays in a
        lookahead so the next search starts right after the separator, as a lookbehind would let it. The quiet
        check comes after the word is found, so it is made only where a word starts; likewise the separator
        and digit_opener checks only where a digit follows."""
        gate = f"(?!{quiet})" if quiet else ""
        digit_gate = f"(?=(?:{digit_opener}))" if digit_opener else ""
        return rf"[^a-z](?:(?=((?:{trie}))(?![a-z])){gate}|(?=(\d))(?<![\w.,]){digit_gate})"

    def scan(self, text: str, start: int = 0, end: int | None = None) -> WordIndex:
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = text.translate(ASCII_LOWER)
        # the quiet regex reads lowered text as case-blind regexes read the text, unless it holds a letter that
        # case-blind matching equates with an ASCII letter that lowering does not give
        if reads_as_ascii(text):
            pattern = self.quiet_ascii
        else:
            pattern = self.pattern if any(char in text for char in FOLDS_ONTO_ASCII) else self.quiet_pattern
        numbers, periods = [], []
        kinds = self.kinds
        taken_until = start
        # a space before the text gives its first word a separator; in the padded text the separator before a
        # word sits at the word's own index in the text
        for match in pattern.finditer(" " + lowered, start, (len(text) if end is None else end) + 1):
            position = match.start()
            if position < taken_until:
                continue  # inside a word already found, where a regex pass over the words would not look
            word = match[1]
            if word is None:  # a digit (group 2), which opens only a period
                taken_until = position + 1
                periods.append(position)
                continue
            taken_until = position + len(word)
            kind = kinds[word]
            if kind & NUMBER_WORD:
                numbers.append(position)
            if kind & PERIOD_WORD:
                periods.append(position)
        return WordIndex(numbers, periods)


def matches_within(matches: list[re.Match], starts: list[int], start: int, end: int) -> list[re.Match] | None:
    """The matches of one finditer over the whole text (starts: their start offsets) that lie in
    [start, end): those finditer(text, start, end) finds, when the text after end is white space or nothing
    (as after a sentence) and the pattern's lookaheads and word boundaries take white space as they take the
    end of the text. None when a match crosses start or end: a pass over [start, end) alone may match
    differently there and has to be made."""
    low = bisect.bisect_left(starts, start)
    high = bisect.bisect_left(starts, end, low)
    if low and matches[low - 1].end() > start or high > low and matches[high - 1].end() > end:
        return None
    return matches[low:high]


def span_bounds(starts: list[int], spans) -> list[tuple[int, int]]:
    """For each (start, end) of spans (sorted and apart, as sentences are), (bisect_left(starts, start),
    bisect_left(starts, end)), found in one walk through the sorted starts: the first offset not below a
    span's start comes at or after the previous span's end, so each bisect is where the walk stops."""
    bounds = []
    index, count = 0, len(starts)
    for start, end in spans:
        while index < count and starts[index] < start:
            index += 1
        low = index
        while index < count and starts[index] < end:
            index += 1
        bounds.append((low, index))
    return bounds


def matches_by_span(matches: list[re.Match], starts: list[int], spans) -> list[list[re.Match] | None]:
    """matches_within(matches, starts, start, end) for each (start, end) of spans (sorted and apart, as sentences
    are), the bisects made by one walk (span_bounds)."""
    return [None if low and matches[low - 1].end() > start or high > low and matches[high - 1].end() > end
            else matches[low:high] for (start, end), (low, high) in zip(spans, span_bounds(starts, spans))]


_DEFAULT: list[WordScanner] = []


def default_scanner() -> WordScanner:
    """The scanner for the extractor's own number and period words (built on first use)."""
    if not _DEFAULT:
        from pipeline.extract.numbers import number_head_words
        from pipeline.extract.periods import digit_openers, period_trigger_words, quiet_openers

        _DEFAULT.append(WordScanner(number_head_words(), period_trigger_words(), quiet_openers(number_head_words()),
                                    digit_openers()))
    return _DEFAULT[0]
