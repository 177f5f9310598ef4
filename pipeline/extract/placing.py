"""Which place each figure of a sentence is about: a place linked after it or named before it in its clause,
the nation when the clause says so, the place a relative clause, a label or a restating clause follows, and
places paired with figures by "respectively"."""
from __future__ import annotations

import re

from pipeline.extract.caseless import CaselessPattern
from pipeline.extract.draft import Draft, between
from pipeline.extract.lexicon import alternation, lexicon
from pipeline.extract.places import NATIONWIDE_WORDS, PlaceMention
from pipeline.extract.structure import Sentence

# "132 cases in Busan": a place after a number belongs to it when a preposition links them
# (not across "and", "or", "but": "562 calls each and those at the Gyeongbuk agency 608" starts a new item)
AFTER_PLACE_LINK = re.compile(r"[\s%]*(?:(?!(?:and|or|but)\s)[A-Za-z$-]+\s+){0,4}(?:in|at|for|across|from|of)\s+"
                              r"(?:the\s+)?")
# a relative clause is about the place it follows; so is a value after a label ("Ontario: 89,297 starts")
RELATIVE_LINK = re.compile(r",\s+(?:which|where|who)|:\s*")
RESTATING_BREAK = re.compile(r",\s+or\s*$")  # a clause restating the one before ("..., or about 20%")
# "20% of the national total" measures a part against the nation: the figure is the part's
NATIONAL_DENOMINATOR = re.compile(r"(?i)\bof\s+the\s+(?:national|nationwide|country's)\s+"
                                  r"(?:total|figure|average|count)")


def _either_case(words: list[str]) -> str:
    """The words, longest first, their first letter in either case (case-sensitive otherwise: a regex ignoring
    case tries every position the slow way)."""
    return "|".join(f"[{word[0].upper()}{word[0]}]{re.escape(word[1:])}"
                    for word in sorted(words, key=len, reverse=True))


# "exports to China", "guests from Denmark", "came from Denmark (21,430), Switzerland (17,880) and Austria": the
# other end of a flow (and the places listed after it), not the place the figure is about
COUNTERPART_LEAD = re.compile(
    rf"\b(?:(?:{_either_case(lexicon()['flow_words']['to_or_from'])})\s+(?:to|from)"
    rf"|(?:{_either_case(lexicon()['flow_words']['from'])})\s+from)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s*\([^()]{1,30}\),?\s+(?:and\s+)?)*$")
COUNTERPART_REACH = 90
SAMPLE_LEAD = re.compile(r"(?i)\b(?:survey|poll|study|sample|questionnaire)\s+of\s+(?:about\s+|around\s+|some\s+|"
                         r"more\s+than\s+|nearly\s+)?$")
OUTSIDE_WORDS = re.compile(r"[Oo]utside|[Ee]xclud|[Ee]xcept")
OUTSIDE_STEMS = ("utside", "xclud", "xcept")  # in every match of OUTSIDE_WORDS: looked for first, see _outside_word
OUTSIDE_PLACE = re.compile(r"\b(?:[Oo]utside|[Ee]xcluding|[Ee]xcept)\s+(?:of\s+)?(?:the\s+)?(?:[Gg]reater\s+)?[A-Z]")
OUTSIDE_LEAD = re.compile(r"(?i)\b(?:outside|excluding|except)\s+(?:of\s+)?(?:the\s+)?(?:greater\s+)?$")
# "Seoul posted the lowest rate among the country's 17 major cities": the nation's count
NATIONAL_POSSESSIVE = CaselessPattern(r"\bthe\s+(?:country|nation)['’]s\s+$")
# "Seoul had the lowest rate among 17 major cities and provinces": the country's parts, counted
AMONG_PARTS = re.compile(r"(?i)\s+(?:[\w-]+\s+){0,2}(?:cities|provinces|regions|municipalities|"
                         r"states|prefectures)\b")
NATIONAL_WORD = CaselessPattern(rf"\b(?:national(?:ly)?|{NATIONWIDE_WORDS}|the\s+whole\s+country)\b")


def _outside_word(text: str, start: int, end: int) -> bool:
    """OUTSIDE_WORDS.search(text, start, end) is not None, the regex tried only when one of the stems every match
    holds is there (str.find, several times cheaper than a regex stopping at every "o" and "e")."""
    for stem in OUTSIDE_STEMS:
        if text.find(stem, start, end) >= 0:
            return OUTSIDE_WORDS.search(text, start, end) is not None
    return False


def placeable(places: list[PlaceMention], text: str) -> list[PlaceMention]:
    """The places a figure of the sentence can be about: not the other end of a flow, nor a place the figure
    leaves out ("Prices outside the greater Seoul area fell")."""
    return [mention for mention in places
            if (not ("to " in (window := text[max(0, mention.start - COUNTERPART_REACH):mention.start])
                     or "from " in window) or not COUNTERPART_LEAD.search(window))
            and not (_outside_word(text, max(0, mention.start - 24), mention.start)
                     and OUTSIDE_LEAD.search(text, max(0, mention.start - 24), mention.start))]


def assign_place(draft: Draft, drafts: list[Draft], places: list[PlaceMention], text: str,
                 national: dict[tuple[int, int], bool]) -> None:
    """The place a figure is about: linked after it, else named before it in its clause; national:
    whether each clause says "nationwide" (filled as clauses are asked about)."""
    number = draft.number
    clause_start, clause_end = draft.clause
    before = after = before_any = None
    for mention in places:
        if mention.start < clause_start or mention.end > clause_end:
            continue
        if mention.end <= number.start:
            if between(drafts, mention.end, number.start):
                before_any = mention
            else:
                before = mention
        elif mention.start >= number.end and after is None:
            gap = text[number.end:mention.start]
            if "," not in gap and not between(drafts, number.end, mention.start):
                after = (mention,)
    if after and AFTER_PLACE_LINK.fullmatch(text, number.end, after[0].start):
        draft.place = after[0].place
    elif (before or before_any) and (NATIONAL_WORD.found_in(text, (before or before_any).end, number.start)
                                     or NATIONAL_POSSESSIVE.found_in(text, max(clause_start, number.start - 24),
                                                                     number.start)):
        draft.national = True  # "West Virginia had 80.9, more than twice the national rate of 32.6"
    elif (before or before_any) and text.endswith("among ", max(clause_start, number.start - 6), number.start) \
            and AMONG_PARTS.match(text, number.end):
        draft.national = True  # "Seoul had the lowest rate among 17 major cities and provinces at 0.54"
    elif (before or before_any) and SAMPLE_LEAD.search(text, max(clause_start, number.start - 40), number.start):
        draft.national = True  # "..., while Jeju drew 13.2 percent, according to a survey of 16,000 visitors"
    elif before:
        draft.place = before.place
    elif after:
        draft.place = after[0].place
    elif before_any:
        draft.place = before_any.place
    elif _outside_word(text, clause_start, number.start) \
            and OUTSIDE_PLACE.search(text, clause_start, number.start):
        draft.national = True  # "Prices outside the greater Seoul area fell 0.02 percent": the rest of the country
    elif (named := next((m for m in places if m.end <= clause_start
                         and RELATIVE_LINK.fullmatch(text, m.end, clause_start)), None)) is not None:
        draft.place = named.place  # "the Gyeonggi Nambu agency, which handled 1,284 calls"
    else:
        if draft.clause not in national:
            national[draft.clause] = NATIONAL_WORD.found_in(text, clause_start, clause_end) and \
                NATIONAL_WORD.search(NATIONAL_DENOMINATOR.sub(" ", text[clause_start:clause_end])) is not None
        draft.national = national[draft.clause]
        earlier = [m for m in places if m.end <= clause_start]
        if not draft.national and earlier and RESTATING_BREAK.search(text, max(0, clause_start - 8), clause_start):
            draft.place = earlier[-1].place  # "Karnataka accounted for 24,816 cases, or about 20% of ..."


def pair_respectively(drafts: list[Draft], places: list[PlaceMention], text: str, sentence: Sentence) -> None:
    """"North Carolina and Ohio reported declines of 11% and 9%, respectively": the figures listed before
    "respectively" take, in order, as many places named before the first of them."""
    word = text.find("respectively", sentence.start, sentence.end)
    if word < 0 or len(places) < 2:
        return
    listed = [d for d in drafts if d.number.end <= word and d.kind not in ("date", "year")]
    listed = [d for d in listed if not any(listed[0].number.start <= p.start < d.number.start for p in places)]
    named = [p for p in places if p.end <= listed[0].number.start] if listed else []
    if len(listed) >= 2 and len(named) >= len(listed):
        for draft, mention in zip(listed, named[-len(listed):]):
            draft.place, draft.national = mention.place, False
