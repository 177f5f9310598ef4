"""extract_figures: puts page structure, number grammar, periods, places and context together into
figure records, sentence by sentence, carrying units and periods along lists and across sentences."""
from __future__ import annotations

import datetime as dt
import re

from pipeline.extract import context
from pipeline.extract.caseless import CaselessPattern
from pipeline.extract.figure import Figure, new_figure
from pipeline.extract.lexicon import lexicon
from pipeline.extract.numbers import (OLDEST, NumberMention, find_digit_runs, find_numbers, is_range,
                                      may_hold_phone_numbers, uses_european_separators)
from pipeline.extract.timing import (COMPARING, FROM_REFERENCE, MULTIPLE_OF, apply_base, assign_period, counted_back,
                                     is_change, is_reference, moved_to_year, shifted, spanned_back, split_from_to)
from pipeline.extract.draft import SPAN_KINDS, Draft
from pipeline.extract.periods import SUPERLATIVES, PeriodMention, find_periods
from pipeline.extract.places import Place, PlaceMention, find_places_by_span, gazetteer, home_place
from pipeline.extract.placing import assign_place, pair_respectively, placeable
from pipeline.extract.scan import WordIndex, default_scanner, matches_by_span
from pipeline.extract.structure import Sentence, parse_page

# "the suicide rate", "a rate of 4", not "four rate reductions" (a count of reductions)
RATE_WORD = CaselessPattern(r"\brates?\b(?!\s+(?:cuts?|hikes?|reductions?|increases?|rises?|decisions?|changes?|"
                            r"setters?|moves?)\b)")
PER_HYPHEN = CaselessPattern(r"\bper-([a-z]+)")  # "the per-officer load rose to 668"
# "since October 2021, when the agency began ...": the date is an event, a figure of its own
EVENT_CLAUSE = re.compile(r",?\s+when\b")
# a sentence looking back ("had grown") does not set the period later sentences inherit; a forecast it was
# held against ("a sharper fall than economists had expected") does not look back
FLASHBACK = CaselessPattern(r"\bhad\s+(?!(?:expected|forecast|predicted|projected|estimated|anticipated)\b)"
                            r"(?:still\s+|already\s+|been\s+)?[a-z]+(?:ed|en|wn)\b")
SINCE = CaselessPattern(r"\bsince\b")
# a sentence opening with a period ("In 2021, ...") moves the story's period; "In March alone" does not
OPENING_PERIOD = re.compile(r"(?:In|As\s+of|During|For|Over|Since|By|At\s+the\s+end\s+of)\s+(?:the\s+)?"
                            r"(?:\d{4}|last|this|first|second|third|fourth|[A-Z][a-z]+\s+\d{4})(?![^,]{0,20}\balone\b)")
WORD_RE = re.compile(r"[a-z0-9']+")
NAME_OR_WORD = re.compile(r"[A-Z][A-Za-z0-9']*|[a-z0-9']+")  # WORD_RE's words, names kept whole
PER_WORDS = ("per", "a", "an", "each", "every")  # the words before a rate's denominator: "a day"
# words that may sit between the items of a list ("13,686 in 2019, 14,773 in 2020, ...")
LIST_LINKS = frozenset("which that then and or to from than compared with versus vs while in the a an further such up down "
                       "surged rose increased climbed jumped grew fell dropped decreased declined reached "
                       "hit stood at before after respectively had came followed with was were lowest highest "
                       "each its state respectively by declines of against average national nationwide "
                       "those".split())
# "12 percent of", "500 million won (US$420,000)": the words before a measure phrase
PERCENT_OF = re.compile(r"\s?(?:%|[A-Za-z -]*?(?:cent|pct|points?))\s+of\s+")
CURRENCY_NAME = re.compile(r"\s?(?:won|dollars?|euros?|pounds?|yen|yuan|[A-Z]{3})?\s*(?:\([^)]*\))?")
US_DOLLAR_MARK = re.compile(r"US\$|U\.S\.\s?\$|\bU\.?S\.?\s+dollars?\b|\bUSD\b")  # said to be US dollars
# the "100,000" of "per 100,000 people" is a denominator, not a figure
DENOMINATOR_BEFORE = CaselessPattern(r"\b(?:per|for\s+every|for\s+each|in\s+every)\s+$")
# the last letters of its words: r, y, h
DENOMINATOR_LAST = frozenset(DENOMINATOR_BEFORE.endings_by_last)  # type: ignore[arg-type]


def _describe(draft: Draft, drafts: list[Draft], text: str, limit: int) -> None:
    """Unit, per, qualifier and measure from the words around the number."""
    number, sentence = draft.number, draft.sentence
    clause_start, clause_end = draft.clause
    draft.qualifier = number.qualifier or context.qualifier_of(text, number.start, number.end, sentence.start,
                                                               sentence.end)
    if draft.kind in ("count", "rate") or draft.kind is None:
        words_start = context.past_trailing_qualifier(text, number.end, limit)  # "990 or more eviction filings"
        draft.unit = context.unit_words(text, words_start, limit)[0]
        draft.per = context.per_of(text, words_start, number.start, clause_start, limit)
    else:
        words_start = number.end
        draft.unit = number.unit
        if draft.kind in ("other", "currency"):
            # "165 kilometers per hour", "500 million won per company", "205 kph": rates
            draft.per = context.per_of(text, number.end, number.start, clause_start, limit) or \
                lexicon()["rate_units"].get(number.unit or "")
            if draft.per:
                draft.kind = "rate"
    if draft.kind == "date":
        return
    measure_start = words_start
    if draft.kind == "percent":
        follow = PERCENT_OF.match(text, number.end, limit)
        measure_start = follow.end() if follow else limit
    elif draft.kind == "currency":
        follow = CURRENCY_NAME.match(text, number.end, limit)
        measure_start = follow.end() if follow else number.end
        if text[measure_start:measure_start + 4].startswith(("in ", "of ")):
            measure_start += 3
    draft.measure = context.measure_after(text, measure_start, limit) if measure_start < limit else ""
    if draft.per and draft.measure.lower() == draft.per:
        draft.measure = ""


def _continues_list(text: str, previous: Draft, draft: Draft, mentions: list[PeriodMention],
                    places: list[PlaceMention]) -> bool:
    """Whether the words between two figures only link them ("..., which surged to", ", and"),
    after the earlier figure's own phrase and any period expressions and places are set aside."""
    allowed = LIST_LINKS | set(WORD_RE.findall(previous.measure.lower())) | {previous.unit}
    if previous.per:  # "135 cases per officer, Daegu 132": the rate's own words are its phrase too
        allowed |= {*PER_WORDS, *WORD_RE.findall(previous.per.lower())}
    return _only_links(text, previous.number.end, draft.number.start, mentions, places,
                       allowed)  # type: ignore[arg-type]


def _only_links(text: str, start: int, end: int, mentions: list[PeriodMention], places: list[PlaceMention],
                allowed: frozenset[str] | set[str], opens_sentence: bool = False) -> bool:
    """Whether text[start:end] holds only allowed words once period expressions and places are set aside;
    a capitalised word is a name, of a place the gazetteer does not hold ("Lake County at 37.5") or of a body,
    except the first word when text[start:end] opens a sentence ("Sales were 400")."""
    gap = text[start:end]
    for mention in mentions:
        if start <= mention.start and mention.end <= end:
            gap = gap.replace(text[mention.start:mention.end], " ")
    for place in places:
        if start <= place.start and place.end <= end:
            gap = gap.replace(text[place.start:place.end], " ")
    words = NAME_OR_WORD.findall(gap)
    if opens_sentence and words and words[0].lower() not in allowed:
        return False
    return all(word in allowed or word[0].isupper() for word in words)


def _inherit_from_list(draft: Draft, earlier: list[Draft], text: str, mentions: list[PeriodMention],
                       places: list[PlaceMention]) -> None:
    """A number with no words of its own ("13,686 in 2019") takes the unit and measure of the list
    it continues; a rate unit carries on to later items counting the same thing ("132 cases")."""
    if earlier and earlier[-1].change and earlier[-1].kind == draft.kind and not draft.change \
            and not LEVEL_TO.search(text, earlier[-1].number.end, draft.number.start) \
            and _continues_list(text, earlier[-1], draft, mentions, places):  # "rose 0.2 year to 33.6": a level
        draft.change = True
        draft.measure = draft.measure or earlier[-1].measure
    if draft.kind != "count" and draft.kind != "rate":
        return  # units and rates carry on only between counts and rates
    same_kind = [d for d in earlier if d.kind in ("count", "rate")]
    if not same_kind:
        return
    previous = same_kind[-1]
    if not draft.measure and draft.unit is None:
        if _continues_list(text, previous, draft, mentions, places):
            draft.unit, draft.measure = previous.unit, previous.measure
            draft.per = draft.per or previous.per
            if previous.kind == "rate":
                draft.kind = "rate"
    elif draft.measure == draft.unit and previous.unit == draft.unit and previous.measure:
        draft.measure = previous.measure
        draft.per = draft.per or previous.per
    elif draft.unit and not draft.per:
        carrier = next((d for d in reversed(same_kind) if d.per and d.unit == draft.unit), None)
        if carrier is not None:
            draft.per = carrier.per
            if draft.measure == draft.unit or not draft.measure:
                draft.measure = carrier.measure
    if draft.per:
        draft.kind = "rate"


def _carry_rate(draft: Draft, earlier: list[Draft], rate: Draft, text: str, mentions: list[PeriodMention],
                places: list[PlaceMention]) -> None:
    """A bare number (no words of its own) continuing the rate list of the sentence before: "Kanagawa had
    the lowest rate, at 13.4" (its sentence speaks of rates), or "The Incheon agency followed with 1,106"
    (the sentence's first figure, after link words and places only)."""
    sentence = draft.sentence
    if text.startswith(":", draft.number.end):
        return  # "- 61: children admitted": a fact box's label, its words follow the colon
    opening = not any(d.kind in ("count", "rate") for d in earlier) and \
        _only_links(text, sentence.start, draft.number.start, mentions, places, LIST_LINKS, opens_sentence=True)
    if opening or RATE_WORD.found_in(text, sentence.start, sentence.end) and \
            not text.startswith(" of ", draft.number.end):  # "12 of the 20 hospitals" counts hospitals
        draft.kind, draft.unit, draft.per, draft.measure = "rate", rate.unit, rate.per, rate.measure


def _resolve_such(draft: Draft, text: str, sentences: tuple[Sentence, ...]) -> None:
    words = draft.measure.split()
    lead = text[max(draft.sentence.start, draft.number.start - 8):draft.number.start].lower()
    after = text[draft.number.end:draft.number.end + 8].lower()
    if not words or not (after.lstrip().startswith("such ") or lead.rstrip().endswith("such")):
        return
    head = draft.unit or words[0]
    index = draft.sentence.index
    previous = sentences[max(0, index - 2):index]  # sentence.index is its position in the page
    if previous:
        found = context.antecedent(text, previous[0].start, draft.sentence.start, head)
        if found:
            draft.measure = found


def _date_figures(text: str, sentence: Sentence, mentions: list[PeriodMention], claimed: set[int],
                  breaks: list[tuple[int, int]]) -> list[Draft]:
    drafts = []
    for mention in mentions:
        if mention.date_core is None or id(mention) in claimed and not EVENT_CLAUSE.match(text, mention.end):
            continue
        start, end, period_start, period_end, kind = mention.date_core
        number = NumberMention(start, end, None, kind, None)
        clause = context.clause_of(breaks, sentence.start, sentence.end, start)
        measure = context.measure_of_event(text, clause[0], mention.start)
        drafts.append(Draft(number, sentence, kind, period=(period_start, period_end), clause=clause,
                            measure=measure))
    return drafts


LEVEL_RATIO = 10
"""A change "X to Y" whose Y is this many times X or more is a change and the level it reached, not a range."""


def _change_then_level(first: Draft, second: Draft) -> bool:
    """"fell 146,000 to 3.6 million": the change, then the level reached, not two bounds of one change ("rose 2
    to 3 percent")."""
    return first.change and first.number.value is not None and 0 < first.number.value * LEVEL_RATIO \
        <= (second.number.value or 0)


# "fell by 210,000 from a year earlier to 3.78 million": the level a change reached, no change itself
LEVEL_TO = re.compile(r"(?i)\bto\s+(?:(?:about|around|nearly|almost|some|just|over|more\s+than)\s+)?[^\w\s]{0,3}$")
# "cut its benchmark interest rate by a quarter percentage point": a decision, a change in the month it was taken
RATE_DECISION = CaselessPattern(r"\b(?:cut|cuts|raised|raises|hiked|hikes|lowered|lowers|lifted|lifts|reduced|reduces)"
                                r"\s+(?:its\s+|the\s+|their\s+)?(?:[a-z-]+\s+){0,2}(?:interest|policy|base|key|"
                                r"benchmark)\s+(?:interest\s+)?rates?\s+by\s+(?:a\s+|an\s+)?$")
# "10,030 won (US$7.27)": an amount, then its conversion in brackets
CONVERSION_GAP = re.compile(r"\s*(?:[A-Za-z]{1,8}\s*)?\(\s*(?:[A-Z]{0,3}[$€£¥₩]|[A-Z]{3}\s)?\s*")
RATE_BEFORE = CaselessPattern(r"\brates?\s+(?:of|at|to|below|above|under|over)\s+(?:about\s+|around\s+|just\s+)?$")
"""'a rate below 1', 'the quarterly rate to 0.65': the number is the rate's, whatever the clause's subject."""
RATE_AT = CaselessPattern(r"\b(?:highest|lowest)\s+(?:[\w-]+\s+){0,2}rates?\b(?:(?!\b(?:with|while|and)\b)[^,.;\d])*"
                          r"(?:\d[^,.;]*?)?\bat\s+(?:about\s+|around\s+|just\s+)?$")
"""'had the lowest fertility rate among 17 major cities and provinces at 0.54': the rate's value."""
SUPERLATIVE_AT = CaselessPattern(r"\bthe\s+(?:highest|lowest)\s+at\s+(?:about\s+|around\s+|just\s+)?$")
COMPARED_WITH = CaselessPattern(rf"\b(?:{COMPARING}|{MULTIPLE_OF})\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,3}}(?:of\s+)?$")
AVERAGE_AGE = CaselessPattern(r"\b(?:average|median|mean)\s+age\b(?![\w-])")
# a run of time ending with the period discussed (see _runs_back)
RUN_WITHIN = re.compile(r"(?i)\b(?:consecutive|straight|successive)\b")
RUN_AFTER = re.compile(r"(?i)\s+(?:in\s+a\s+row|straight|running|on\s+end)\b")
RUN_BEFORE = CaselessPattern(rf"\b(?:{SUPERLATIVES}|first)\b[^,.;]{{0,40}}\bin\s+(?:more\s+than\s+|over\s+|almost\s+|"
                             r"nearly\s+)?$")
# a multiplier word that is a verb of growth, unless a comparison follows it (see _grows)
GROWTH_VERB = re.compile(r"(?i)doubled|doubles|double|tripled|triples|triple|trebled|quadrupled|quadruples|quadruple|"
                         r"quintupled|halved|halve")
COMPARED_AFTER = re.compile(r"(?i)\s+(?:the|that|those|what|its|their)\b")


def _grows(text: str, draft: Draft) -> bool:
    """A multiplier stated as growth ("surged 2.3-fold", "losses nearly double"), not one comparing two named
    things ("double the 10,645", "twice that of Japan")."""
    if draft.change:
        return True
    return GROWTH_VERB.fullmatch(text, draft.number.start, draft.number.end) is not None \
        and COMPARED_AFTER.match(text, draft.number.end) is None


def _rate_decision(text: str, draft: Draft) -> bool:
    """A change in a policy rate by a decision ("cut its benchmark interest rate by a quarter point")."""
    window = text[max(draft.sentence.start, draft.number.start - 80):draft.number.start]
    return "rate" in window.lower() and RATE_DECISION.search(window) is not None


def _runs_back(text: str, draft: Draft, sentence: Sentence) -> bool:
    """"11 months in a row", "14 straight months", "the smallest gain in three months": a run of time ending with
    the period discussed."""
    return RUN_AFTER.match(text, draft.number.end) is not None or RUN_WITHIN.search(
        text, draft.number.start, draft.number.end) is not None or RUN_BEFORE.found_in(
        text, max(sentence.start, draft.number.start - 60), draft.number.start)


def _read_sentence(text, sentence, sentences, published, country, sentence_places, carry, discussed,
                   period_starts: list[int], number_starts: list[int], digits, european: bool, phones_possible: bool,
                   such_possible: bool, list_rate: Draft | None, lede=None):
    """The figures of a sentence holding a period word, a number word or a digit (their starts, and the digit
    runs from find_digit_runs or None: see scan.matches_within)."""
    mentions = find_periods(text, sentence.start, sentence.end, published, country, period_starts)
    numbers = []
    for number in find_numbers(text, sentence.start, sentence.end, number_starts, european, phones_possible,
                               digits, [(mention.start, mention.end) for mention in mentions]):
        # a number within a period expression is dropped unless it is a duration the expression holds
        dropped = False
        for mention in mentions:
            if mention.start < number.end and number.start < mention.end \
                    and (number.kind != "duration" or not mention.holds_duration):
                dropped = True
                break
        if dropped:
            continue
        # DENOMINATOR_BEFORE ends in white space: only a number right after white space can follow it, and only
        # where a word ending as its words do ("per", "every", "each") or more white space comes before that (the
        # letters r, y and h match no other character, even ignoring case)
        if text[number.start - 1:number.start].isspace() and number.start > sentence.start:
            window = text[number.start - 14 if number.start - 14 > sentence.start else sentence.start:number.start]
            last = window[-2:-1]
            if (last.isspace() or last > "\x7f" or last.lower() in DENOMINATOR_LAST) \
                    and DENOMINATOR_BEFORE.search(window):
                continue
        numbers.append(number)
    if not numbers and all(mention.date_core is None for mention in mentions):
        return []  # nothing to read: no number, no date that could be a figure
    breaks = context.clause_breaks(text, sentence.start, sentence.end)
    drafts = [Draft(n, sentence, n.kind or "count", clause=context.clause_of(breaks, sentence.start, sentence.end,
                                                                               n.start)) for n in numbers]
    for index, draft in enumerate(drafts):
        limit = drafts[index + 1].number.start if index + 1 < len(drafts) else sentence.end
        for mention in mentions:
            if draft.number.end <= mention.start < limit:
                limit = mention.start
                break
        for place in sentence_places:
            if draft.number.end <= place.start < limit:
                limit = place.start
                break
        _describe(draft, drafts, text, limit)
        clause_start, clause_end = draft.clause
        draft.change = is_change(text, draft.number, clause_start, clause_end)
        draft.reference = is_reference(text, draft.number, clause_start)
        if such_possible:
            _resolve_such(draft, text, sentences)
        if draft.per and draft.kind == "count":
            draft.kind = "rate"
        _inherit_from_list(draft, drafts[:index], text, mentions, sentence_places)
        rated = next((d for d in reversed(drafts[:index]) if d.kind != "multiplier"), None) \
            if draft.kind == "count" and draft.unit is None else None
        if rated is not None and rated.kind == "rate" and rated.per \
                and COMPARED_WITH.found_in(text, max(rated.number.end, draft.number.start - 40), draft.number.start):
            # "stood at 1.1, higher than the OECD average of 0.9", "212 cases, nearly twice the national average of
            # 108": the same rate, somewhere else
            draft.kind, draft.unit, draft.per, draft.measure = "rate", rated.unit, rated.per, rated.measure
        if list_rate is not None and draft.kind == "count" and draft.unit is None and not draft.measure:
            _carry_rate(draft, drafts[:index], list_rate, text, mentions, sentence_places)
        if not draft.measure and draft.change and index:
            draft.measure = drafts[index - 1].measure
        if not draft.measure:
            draft.measure = context.measure_before(text, clause_start, draft.number.start)
        if draft.kind == "count" and draft.number.value is not None and 0 < abs(draft.number.value) <= OLDEST \
                and "age" in text[clause_start:draft.number.start].lower() \
                and AVERAGE_AGE.found_in(text, clause_start, draft.number.start):
            draft.kind, draft.unit = "other", "years"  # "the average age of mothers rose 0.2 year to 33.6"
        elif draft.kind == "count" and (RATE_WORD.search(draft.measure) or "rate" in (
                window := text[draft.number.start - 24 if draft.number.start - 24 > clause_start else clause_start:
                               draft.number.start].lower())
                and RATE_BEFORE.search(window) or RATE_AT.found_in(text, clause_start, draft.number.start)):
            draft.kind = "rate"
        elif draft.kind == "count" and index and drafts[index - 1].kind == "rate" and draft.unit is None \
                and SUPERLATIVE_AT.found_in(text, clause_start, draft.number.start):
            earlier = drafts[index - 1]  # "..., while Sejong posted the highest at 0.97": the same rate
            draft.kind, draft.unit, draft.per = "rate", earlier.unit, earlier.per
        elif draft.kind == "count" and not draft.per and "per-" in draft.measure.lower() \
                and (hyphenated := PER_HYPHEN.search(draft.measure)):
            draft.kind, draft.per = "rate", hyphenated.group(1).lower()
    for first, second in zip(drafts, drafts[1:]):  # "10,030 won (US$7.27) per hour": the amount's rate too
        if first.kind == "currency" and second.kind == "rate" and second.per and not first.per \
                and CONVERSION_GAP.fullmatch(text, first.number.end, second.number.start):
            first.kind, first.per = "rate", second.per
    ranges = [(first, second) for first, second in zip(drafts, drafts[1:])
              if is_range(text, first.number, second.number) and not _change_then_level(first, second)]
    for first, second in ranges:  # "rose between 2 and 3 per cent": both bounds are the change
        first.unit, first.measure, first.per = second.unit, second.measure, second.per  # of one thing
        first.change = second.change = first.change or second.change
        first.reference = second.reference = first.reference or second.reference
    claimed: set[int] = set()
    bases = [(draft, assign_period(draft, drafts, mentions, text, claimed, discussed or carry, carry, published,
                                   lede))
             for draft in drafts]
    level_period = next((d.period for d in drafts if d.period and not d.change and not d.reference), None)
    compared = level_period  # the period of the last level figure so far: what "the year before" moves back
    for draft, _ in bases:
        # the value a change started from: a year before the sentence's period unless it has its own
        if draft.shift is None and draft.in_year is None and draft.period in (None, level_period) \
                and draft.reference and draft.kind != "duration" \
                and FROM_REFERENCE.found_in(text, max(sentence.start, draft.number.start - 60), draft.number.start):
            draft.shift = "year"
        if draft.shift is not None and draft.kind in SPAN_KINDS:
            draft.period = spanned_back(compared or carry, draft.shift)  # "double the figure three years earlier"
        elif draft.shift is not None:
            draft.period = shifted(compared or carry, draft.shift)
        elif draft.in_year is not None:
            draft.period = moved_to_year(compared or carry, draft.in_year)
        elif draft.period and not draft.change and not draft.reference:
            compared = draft.period
    for draft, base in bases:
        current = draft.period or (level_period if draft.change else None) or carry
        if base is not None or draft.change and draft.kind not in SPAN_KINDS and not _rate_decision(text, draft):
            draft.current = current
            apply_base(draft, base, current)
        elif draft.kind == "multiplier" and draft.period in (None, current) and current and current[0] \
                and _grows(text, draft):
            apply_base(draft, None, current)  # "surged 2.3-fold", "losses nearly double": on-year, like a change
        elif draft.period is None:
            draft.period = current
    for draft, base in bases:  # "up 4.1 points from three months earlier": the duration spans the change's period
        if base is not None and base.holds_duration and draft.period:
            for held in drafts:
                if held.kind == "duration" and base.start <= held.number.start < base.end:
                    held.period = draft.period
    split_from_to(drafts, mentions, text)
    for draft in drafts:  # "extending the decline to 11 months in a row": the run up to the period discussed
        if draft.kind == "duration" and (level_period or carry) and _runs_back(text, draft, sentence):
            draft.period = counted_back(level_period or carry, draft.number.value, draft.number.unit) or draft.period
    for first, second in ranges:  # a range's bounds are of one period
        first.period = second.period
    based = {id(draft) for draft, base in bases if base is not None}
    for draft, following in zip(drafts, drafts[1:]):
        # "4.6 percent fewer than the 12,277 in 2020": the change runs from the reference's period (unless it
        # has a base of its own: "down 7.7 percent from 2022 and roughly half the 438,420 born in 2015")
        if draft.change and id(draft) not in based and following.reference and not following.change \
                and following.kind != "duration" \
                and following.period and following.period[0] and draft.period and draft.period[1] \
                and following.period[0] < draft.period[1]:
            draft.period = (following.period[0], draft.period[1])
    drafts.extend(_date_figures(text, sentence, mentions, claimed, breaks))
    drafts.sort(key=lambda d: d.number.start)
    national: dict[tuple[int, int], bool] = {}
    about = placeable(sentence_places, text)
    for draft in drafts:
        assign_place(draft, drafts, about, text, national)
    pair_respectively(drafts, sentence_places, text, sentence)
    return drafts


DATED_OR_SPAN = ("date", "year", *SPAN_KINDS)


def extract_figures(text: str, published: dt.date | None = None, *, article_id: str = "stdin") -> list[Figure]:
    """Every figure in an archived article's text, in text order."""
    page = parse_page(text)
    spans = [(s.start, s.end) for s in page.sentences]
    places_by_sentence = find_places_by_span(text, spans)
    all_places = [p for places in places_by_sentence for p in places]
    home = home_place(text, page.dateline_place, all_places)
    words = default_scanner().scan(text)
    european = uses_european_separators(text)
    phones_possible = may_hold_phone_numbers(text)
    digit_runs = find_digit_runs(text)
    such_possible = "such" in text.lower()  # "such cases" (see _resolve_such): most articles never say it
    country = home.country if home else None
    carry = discussed = list_rate = lede = None
    drafts: list[Draft] = []
    period_starts = WordIndex.by_span(words.period_starts, spans)
    number_starts = WordIndex.by_span(words.number_starts, spans)
    digits_by_sentence = matches_by_span(*digit_runs, spans)
    for sentence in page.sentences:
        index = sentence.index
        digits = digits_by_sentence[index]
        if not period_starts[index] and not number_starts[index] and digits == []:
            continue  # no digit, no number word and no period word: nothing to read
        found = _read_sentence(text, sentence, page.sentences, published, country, places_by_sentence[index], carry,
                               discussed, period_starts[index], number_starts[index], digits, european,
                               phones_possible, such_possible, list_rate, lede)
        if not found:
            continue  # a sentence without figures changes none of what later sentences carry
        discussed = _discussed(found)
        counted = [d for d in found if d.kind in ("count", "rate")]
        # a sentence ending on a rate leaves a list that the next may continue; other figures end it
        list_rate = counted[-1] if counted and counted[-1].kind == "rate" and counted[-1].per else None
        periods = [d.period for d in found if d.period and d.period[1] and not d.change and not d.reference
                   and d.kind not in DATED_OR_SPAN] \
            or [d.current for d in found if d.change and d.current and d.current[1] and not d.reference]
        # (a sentence of changes only, "Prices rose 0.24 percent this week", is about their own period)
        # the lede sets the article's period; a sentence opening with a period ("In 2021, ...",
        # "As of last year, ...") moves it; periods stated in passing do not
        if periods and sentence.section == "body" and not _flashback(text, sentence) \
                and (carry is None or OPENING_PERIOD.match(text, sentence.start, sentence.end)
                     and not _all_ahead(periods, published)):
            carry = max(periods, key=lambda period: period[1])
            lede = lede or carry
        drafts.extend(found)
    _share_repeated(drafts, text)
    home = home or _currency_home(drafts)
    return [_to_figure(i, d, text, article_id, home) for i, d in enumerate(drafts)]


def _currency_home(drafts: list[Draft]) -> Place | None:
    """No place named at all: the country whose own currency the article counts in ("209.7 billion won"),
    when it counts in one (US dollars and euros name none; dollars of one place do: lexicon local_dollars)."""
    currencies = lexicon()["currencies"]
    homes = {code: country for country, code in currencies["local_dollars"].items()} | currencies["home_countries"]
    found = {homes.get(draft.unit) for draft in drafts if draft.kind == "currency"} - {None}
    return gazetteer().place_for_code(found.pop()) if len(found) == 1 else None


def _all_ahead(periods: list, published: dt.date | None) -> bool:
    """A sentence about the future only ("By 2050, the share will reach 40.1 percent") does not move the period
    later sentences carry."""
    return published is not None and all(period[0] is not None and period[0] > published for period in periods)


def _flashback(text: str, sentence: Sentence) -> bool:
    """A sentence in the past perfect ("In the second quarter, credit had risen 13.9 trillion won") looks back;
    one counting "since" a day ("3,019 patients had been reported since May 20") counts up to now."""
    return FLASHBACK.found_in(text, sentence.start, sentence.end) \
        and not SINCE.found_in(text, sentence.start, sentence.end)


def _discussed(found: list[Draft]):
    """The period a sentence was about, for "the same period" in the next: its last level figure's
    period, or failing that its last figure's."""
    last = last_level = None
    for draft in found:
        if draft.period and draft.kind not in ("date", "year"):
            last = draft
            if not draft.change and not draft.reference and draft.kind not in SPAN_KINDS:
                last_level = draft
    return (last_level or last).period if last is not None else None


def _share_repeated(drafts: list[Draft], text: str) -> None:
    """A headline or caption figure without a period takes it from the same figure in the body, or
    failing that from the lede (the first body sentence stating a period); so does a body figure stated before
    the lede ("... has surpassed 3,000, health authorities said. ... 3,019 patients since May 20")."""
    first = next((d for d in drafts if d.sentence.section == "body" and d.period and d.kind not in ("date", "year")),
                 None)
    lede, lede_at = (first.period, first.sentence.index) if first is not None else (None, None)
    dated: dict[tuple[str, str], Draft] = {}
    for draft in drafts:
        if draft.period:
            dated.setdefault((draft.kind, text[draft.number.start:draft.number.end]), draft)
    for draft in drafts:
        if draft.period is not None:
            continue
        twin = dated.get((draft.kind, text[draft.number.start:draft.number.end]))
        if twin is not None:
            draft.period = twin.period
        elif draft.sentence.section in ("headline", "caption") and draft.kind == "duration" and lede \
                and _runs_back(text, draft, draft.sentence):  # "biggest weekly gain in nearly six years"
            draft.period = counted_back(first.current or first.period, draft.number.value, draft.number.unit) or lede
        elif draft.sentence.section in ("headline", "caption") or lede_at is not None \
                and draft.sentence.index < lede_at and draft.kind not in ("date", "year"):
            draft.period = lede  # a headline, a caption, or a body figure stated before any period is


def _to_figure(index: int, draft: Draft, text: str, article_id: str, home: Place | None) -> Figure:
    place = draft.place or (gazetteer().place_for_code(home.country) if draft.national and home else home)
    period = draft.period or (None, None)
    if period[0] and period[1] and period[0] > period[1]:
        period = (None, None)  # contradictory evidence (a base after its current period): claim nothing
    number = draft.number
    measure = draft.measure
    unit = draft.unit
    local_dollar = lexicon()["currencies"]["local_dollars"].get(home.country) if unit == "USD" and home else None
    if local_dollar and not US_DOLLAR_MARK.search(text, max(0, number.start - 5), number.end + 16):
        unit = local_dollar  # "$12.2 billion" in a Sydney story
    # "40 patients a day" already says its rate's denominator
    if draft.per and draft.kind == "rate" and not any(f"{word} {draft.per}" in measure for word in PER_WORDS):
        measure = f"{measure} per {draft.per}".strip()
    return new_figure(  # the fields in order: article_id, figure_id, char_start, char_end, surface, value, kind,
        # unit, per, qualifier, measure, period_start, period_end, region, region_code, section, sentence_index
        article_id, f"{article_id}:{index}", number.start, number.end, text[number.start:number.end],
        None if draft.kind in ("date", "year") else number.value, draft.kind,
        unit, draft.per, draft.qualifier, measure, period[0], period[1],
        place.name if place else None, place.code if place else None, draft.sentence.section, draft.sentence.index)
