"""Page structure of an archived news page: headline, captions, dateline, body, byline, boilerplate,
and the sentences of each, all as character offsets into the unchanged text."""
from __future__ import annotations

import dataclasses
import functools
import re

from pipeline.extract.frozen import fast_maker, remade_from_fields
from pipeline.extract.lexicon import lexicon

# a dateline's date, month first or day first: "Sept. 12", "Oct 21, 2023", "20 December 2023"
DATELINE_DATE = (r"(?P<month>[A-Z][a-z]{2,8})\.?\s(?P<day>\d{1,2})(?:,\s(?P<year>\d{4}))?"
                 r"|(?P<day_first>\d{1,2})\s(?P<month_after>[A-Z][a-z]{2,8})\.?(?:\s(?P<year_after>\d{4}))?")
DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’]*(?:[ -][A-Z][A-Z.'’]*){0,3})"
    rf"(?:,\s*(?P<date>{DATELINE_DATE}))?"
    r"\s*(?:\((?P<agency>[^()\r\n]{2,40})\))?"
    r"\s*(?:--|—|–|-|:)\s*"
)
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘]?[A-Z0-9])")
# SENTENCE_END for a text holding no "!" or "?": the regex engine skips to a literal first character several
# times faster than to one of a set
PERIOD_END = re.compile(SENTENCE_END.pattern.replace("[.!?]", r"\.", 1))
ABBREVIATIONS = frozenset(
    "mr mrs ms dr rs prof sr jr st gov rep sen lt gen col sgt capt no nos vol fig inc co corp ltd vs etc e.g i.e "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n a.m p.m approx est dept univ ave tel ext fax "
    "art para pp".split()
)


@dataclasses.dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    section: str
    index: int

    def __reduce__(self) -> tuple:
        return remade_from_fields(self)


_new_sentence = fast_maker(Sentence)
"""Sentence(start, end, section, index), about three times faster (pipeline.extract.frozen)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Page:
    sentences: tuple[Sentence, ...]
    title: str | None
    dateline_place: str | None
    dateline_span: tuple[int, int] | None
    byline: str | None
    dateline_date: str | None = None  # as written: "Sept. 12", "Oct 21", "20 December 2023"

    def __reduce__(self) -> tuple:
        return remade_from_fields(self)


def _lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end), trimmed of surrounding white space. The pieces between line breaks
    ("\r" or "\n") come from str.split and are trimmed with str.strip, whose white space is that of
    str.isspace, in C rather than a Python loop over characters."""
    spans = []
    offset = 0
    for piece in (text.replace("\r", "\n") if "\r" in text else text).split("\n"):
        stripped = piece.lstrip()
        if stripped:
            start = offset + len(piece) - len(stripped)
            spans.append((start, start + len(stripped.rstrip())))
        offset += len(piece) + 1
    return spans


def _is_boilerplate(line: str) -> bool:
    """A short line opening with a comment-form, copyright or related-links marker."""
    return len(line) < 160 and line.startswith(tuple(lexicon()["boilerplate_markers"]))


@functools.cache
def _byline_pattern() -> re.Pattern:
    """The lexicon's byline patterns as one regex: it matches a line where one of them matches (each is tried in
    turn at the line's start, as a branch of an alternation is), in one call instead of one for each."""
    patterns = lexicon()["byline_patterns"]
    for pattern in patterns:  # a branch cannot set flags for the whole regex, and its groups are renumbered
        if re.compile(pattern).flags & ~re.UNICODE or re.search(r"\\[1-9]|\(\?P=", pattern):
            raise ValueError(f"a byline pattern setting flags or referring back to a group: {pattern!r}")
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


@functools.cache
def _page_stamp() -> re.Pattern:
    return re.compile(lexicon()["page_stamp_pattern"])


@functools.cache
def _caption_credit() -> re.Pattern:
    return re.compile(lexicon()["caption_credit_pattern"])


def _looks_like_title(line: str) -> bool:
    """A first line that is a headline: short, or not ending like a sentence."""
    return len(line) <= 200 and (not line.endswith((".", "!", "?")) or " | " in line)


def _find_dateline(text: str, lines: list[tuple[int, int]]):
    """The first line opening with a wire dateline, within the page's first lines."""
    for position, (start, end) in enumerate(lines[:12]):
        match = DATELINE.match(text, start, end)
        if not match or match.end() >= end:
            continue
        if not (match.group("date") or match.group("agency")) or len(match.group("place")) < 3:
            continue
        return position, match
    return None


def split_sentences(text: str, start: int, end: int, sentence_end: re.Pattern = SENTENCE_END) -> list[tuple[int, int]]:
    """Sentence spans within [start, end), not breaking after abbreviations or initials (sentence_end:
    PERIOD_END when the text holds no "!" or "?")."""
    spans, begin = [], start
    for match in sentence_end.finditer(text, start, end):
        cut = match.end()
        # the word before the stop starts after the last white space before cut - 1 (at begin if none): the
        # last piece of a split on white space of the WORD_REACH characters before (str.split and str.isspace
        # take the same characters for white space), unless white space ends them; a longer word is walked
        # back through (a split of all the text since begin would make a line of abbreviations quadratic)
        low = cut - 1 - WORD_REACH if cut - 1 - WORD_REACH > begin else begin
        before = text[low:cut - 1]
        word_start = cut - 1 if not before or before[-1].isspace() else cut - 1 - len(before.rsplit(None, 1)[-1])
        if word_start == low:
            while word_start > begin and not text[word_start - 1].isspace():
                word_start -= 1
        word = text[word_start:match.start()].lower().strip("\"'“(")
        if text[match.start()] == "." and (word in ABBREVIATIONS or len(word) == 1 and word.isalpha()):
            continue
        spans.append((begin, cut))
        begin = cut
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end:
        spans.append((begin, end))
    return spans


WORD_REACH = 64  # see split_sentences


@functools.lru_cache(maxsize=4)  # the archive reader and the extractor parse each page: once is enough
def parse_page(text: str) -> Page:
    """Sections and sentences of a page; figures are looked for in headline, caption and body sentences.
    The Page is immutable, so callers share it."""
    lines = _lines(text)
    caption_credit = _caption_credit()
    byline_pattern = _byline_pattern()
    page_stamp = _page_stamp()
    # page furniture follows the story: a marker line only opens it in the second half of the page
    # (the lines from index max(1, ceil(len(lines) / 2)) on, those with i > 0 and 2 * i >= len(lines))
    boilerplate_from = next((i for i in range(max(1, (len(lines) + 1) // 2), len(lines))
                             if _is_boilerplate(text[lines[i][0]:lines[i][1]])), len(lines))
    dateline = _find_dateline(text, lines[:boilerplate_from])
    title = None
    sections: list[tuple[int, int, str]] = []
    byline = None
    title_key = None
    for position, (start, end) in enumerate(lines):
        line = text[start:end]
        if position >= boilerplate_from:
            sections.append((start, end, "boilerplate"))
            continue
        if position == 0 and len(lines) > 1 and (dateline is None or dateline[0] > 0) and _looks_like_title(line):
            title = line.rsplit(" | ", 1)[0].strip()
            title_key = title
            sections.append((start, end, "headline"))
            continue
        if title_key and line == title_key:
            sections.append((start, end, "headline"))
            continue
        if len(line) < 120 and page_stamp.match(line):  # "Updated Tue 14 May 2024 at 6:12am": no figure
            sections.append((start, end, "stamp"))
            continue
        if len(line) < 120 and byline_pattern.match(line):
            byline = byline or line
            sections.append((start, end, "byline"))
            continue
        if dateline is not None and position == dateline[0]:
            match = dateline[1]
            sections.append((start, match.end(), "dateline"))
            sections.append((match.end(), end, "body"))
            continue
        before_dateline = dateline is not None and position < dateline[0]
        if before_dateline or caption_credit.search(line):
            sections.append((start, end, "caption"))
            continue
        sections.append((start, end, "body"))
    sentences: list[Sentence] = []
    sentence_end = SENTENCE_END if "!" in text or "?" in text else PERIOD_END
    for start, end, section in sections:
        if section in ("headline", "caption", "body"):
            for s, e in split_sentences(text, start, end, sentence_end):
                sentences.append(_new_sentence(s, e, section, len(sentences)))
    place = dateline[1].group("place").strip() if dateline else None
    span = (dateline[1].start(), dateline[1].end()) if dateline else None
    return Page(tuple(sentences), title, place, span, byline, dateline[1].group("date") if dateline else None)
