"""extract_figures: puts page structure, number grammar, periods, places and context together into
figure records, sentence by sentence, carrying units and periods along lists and across sentences."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

from pipeline.extract import context
from pipeline.extract.figure import Figure
from pipeline.extract.lexicon import lexicon
from pipeline.extract.numbers import NumberMention, find_numbers, uses_european_separators
from pipeline.extract.periods import PeriodMention, find_periods, month_end
from pipeline.extract.places import Place, PlaceMention, find_places, gazetteer, home_place
from pipeline.extract.scan import WordIndex, default_scanner
from pipeline.extract.structure import Sentence, parse_page

SPAN_KINDS = ("multiplier", "duration")
RATE_WORD = re.compile(r"(?i)\brates?\b")
# "132 cases in Busan": a place after a number belongs to it when a preposition links them
AFTER_PLACE_LINK = re.compile(r"[\s%]*(?:[A-Za-z$-]+\s+){0,4}(?:in|at|for|across|from|of)\s+(?:the\s+)?")
FROM_LEAD = re.compile(r"(?i:\bfrom\s+(?:about\s+|around\s+|some\s+)?(?:US\$|[$€£₩¥])?$)")
TO_GAP = re.compile(r"(?i:\s*(?:%|percent|per\s+cent|[a-z]{1,8}\s*)?\s*to\s+(?:about\s+|around\s+)?(?:US\$|[$€£₩¥])?)")
# a sentence looking back ("had grown") does not set the period later sentences inherit
# "since October 2021, when the agency began ...": the date is an event, a figure of its own
EVENT_CLAUSE = re.compile(r",?\s+when\b")
FLASHBACK = re.compile(r"(?i:\bhad\s+(?:still\s+|already\s+|been\s+)?[a-z]+(?:ed|en|wn)\b)")
# "fell to 74,000 from 76,500": the earlier value of a change, a year before unless said otherwise
FROM_REFERENCE = re.compile(r"(?i:\b(?:up|down|rose|fell|increased|decreased|dropped|declined|climbed|jumped|"
                            r"grew|slipped|surged|plunged|to)\b[^.;]{0,40}\bfrom\s+(?:about\s+|around\s+|some\s+)?"
                            r"(?:US\$|[$€£₩¥])?$)")
POSSESSIVE_GAP = re.compile(r"['’]s\s+(?:US\$|[$€£₩¥])?")
NATIONAL_WORD = re.compile(r"(?i:\b(?:national(?:ly)?|nationwide|countrywide|across\s+the\s+country|"
                           r"the\s+whole\s+country)\b)")
OPENING_PERIOD = re.compile(r"(?:In|As\s+of|During|For|Over|Since|By|At\s+the\s+end\s+of)\s+(?:the\s+)?"
                            r"(?:\d{4}|last|this|first|second|third|fourth|[A-Z][a-z]+\s+\d{4})(?![^,]{0,20}\balone\b)")
# "in just five years", "over 16 months": a duration that measures the span the sentence covers
DURATION_SPAN_LEAD = re.compile(r"(?i:\b(?:in|over|within|across|during)\s+(?:just\s+|only\s+|the\s+)?$)")
SPEECH_GAP = re.compile(r"(?i:\b(?:said|says|found|showed|shows|reported|revealed|announced)\b)")
WORD_RE = re.compile(r"[a-z0-9']+")
LIST_LINKS = frozenset("which that then and or to from than compared with versus vs while in the a an further such up down "
                       "surged rose increased climbed jumped grew fell dropped decreased declined reached "
                       "hit stood at before after respectively had came followed with was were lowest highest "
                       "each its state respectively by declines of".split())
# words (or a sign) that make the number after them a change rather than a level
CHANGE_LEAD = re.compile(
    r"(?i:\b(?:(?<!made\s)(?<!make\s)(?<!makes\s)(?<!making\s)(?<!sign\s)(?<!signed\s)up|down|rose|fell|"
    r"increased|decreased|grew|dropped|declined|jumped|climbed|surged|gained|slipped|slid|plunged|soared|rise|"
    r"fall|increase|decrease|drop|decline|gain|growth|jump|by|lost|shed|added|adding|cut|losing|"
    r"(?:increases?|rises?|decreases?|drops?|gains?|declines?|falls?|growth|jumps?|reductions?)\s+of)\s+"
    r"(?:by\s+)?(?:(?:about|around|nearly|almost|some|just|more\s+than|over|a)\s+)?(?:US\$|[$€£₩¥])?$"
    r"|[+−–]\s?$)")
CHANGE_FOLLOW = re.compile(r"(?i:\s*(?:%|percent|per\s+cent|percentage\s+points?|pct)?\s*"
                           r"(?:lower|higher|more|less|fewer|up|down|smaller|larger|bigger|increase|rise|decrease|"
                           r"drop|decline|fall|reduction|cut|gain|jump|growth)\b)")
REFERENCE_LEAD = re.compile(r"(?i:\b(?:compared\s+(?:with|to)|compares\s+with|than|from|versus|vs\.?|against|after)\s+"
                            r"(?:\w+\s+){0,3}$)")
QUALIFYING_THAN = re.compile(r"(?i:\b(?:more|fewer|less|rather|other)\s+than\s+$)")
DENOMINATOR_BEFORE = re.compile(r"(?i:\b(?:per|for\s+every|for\s+each|in\s+every)\s+$)")


@dataclasses.dataclass(slots=True)
class Draft:
    """A figure being built; becomes a Figure once the article is read."""

    number: NumberMention
    sentence: Sentence
    kind: str
    unit: str | None = None
    per: str | None = None
    qualifier: str | None = None
    measure: str = ""
    period: tuple[dt.date | None, dt.date | None] | None = None
    place: Place | None = None
    change: bool = False
    reference: bool = False
    shift: str | None = None
    clause: tuple[int, int] = (0, 0)
    national: bool = False


def _between(items, start: int, end: int) -> bool:
    return any(start <= item.number.start < end for item in items)


def _choose_period(draft: Draft, drafts: list[Draft], mentions: list[PeriodMention], text: str):
    """The period mention a figure belongs to: right after it, then before it, then further away.
    Change bases, comparison points ("from 2022") and record references are nobody's own period."""
    number = draft.number
    tight = loose = before_clear = before_any = None
    for mention in mentions:
        if mention.role in ("base", "record", "from"):
            continue
        if mention.start >= number.end:
            if _between(drafts, number.end, mention.start):
                continue
            gap = text[number.end:mention.start]
            if context.CLAUSE_BREAK.search(gap.lstrip(":")):
                continue
            if tight is None and len(gap.split()) <= 3 and "," not in gap:
                tight = mention
            elif loose is None:
                loose = mention
        elif mention.end <= number.start:
            if POSSESSIVE_GAP.fullmatch(text, mention.end, number.start):
                tight = tight or mention
            elif _between(drafts, mention.end, number.start) or _owned_by_earlier(drafts, mention, text) \
                    or SPEECH_GAP.search(text, mention.end, number.start):
                before_any = mention
            else:
                before_clear = mention
    return tight or before_clear or loose or _across_list(draft, drafts, mentions, text) or before_any


def _across_list(draft: Draft, drafts: list[Draft], mentions: list[PeriodMention], text: str):
    """"delivered 58 million meals through 2,400 charities in 2022-23": a period closing the clause
    covers the figures before it when none of them is a comparison."""
    clause_end = draft.clause[1]
    for mention in mentions:
        if mention.role in ("period", "stock", "since", "span") and draft.number.end <= mention.start <= clause_end:
            between = [d for d in drafts if draft.number.end <= d.number.start < mention.start]
            if between and not any(d.reference or d.change for d in between):
                return mention
            return None
    return None


def _owned_by_earlier(drafts: list[Draft], mention: PeriodMention, text: str) -> bool:
    """Whether a period expression sits right after another figure ("20 percent by 2026")."""
    earlier = [d for d in drafts if d.number.end <= mention.start]
    if not earlier:
        return False
    gap = text[earlier[-1].number.end:mention.start]
    return len(gap.split()) <= 3 and "," not in gap


def _is_change(text: str, number: NumberMention, clause_start: int, clause_end: int) -> bool:
    """A figure stated as a change ("down 6.9 percent", "rose by 300", "12 percent lower than")."""
    lead = text[max(clause_start, number.start - 30):number.start]
    return bool(CHANGE_LEAD.search(lead) or CHANGE_FOLLOW.match(text, number.end, clause_end))


def _is_reference(text: str, number: NumberMention, clause_start: int) -> bool:
    """A figure given for comparison ("compared with 411,000", "down from 11,090", "double the 10,645"),
    not one merely qualified ("more than 7,000")."""
    window = max(clause_start, number.start - 40)
    return bool(REFERENCE_LEAD.search(text, window, number.start)) and not QUALIFYING_THAN.search(
        text, window, number.start)


def _change_base(draft: Draft, drafts: list[Draft], mentions: list[PeriodMention]) -> PeriodMention | None:
    """The base a change is measured from, stated after it: "from a year earlier" for any figure,
    "from 2019"/"than in 2013-14" for a figure worded as a change."""
    for mention in mentions:
        if mention.start < draft.number.end or _between(drafts, draft.number.end, mention.start):
            continue
        if mention.role == "base" or mention.role == "from" and (draft.change or draft.kind == "multiplier"):
            return mention
    return None


def _shift_back(period: tuple[dt.date | None, dt.date | None], unit: str) -> dt.date | None:
    start = period[0]
    if start is None:
        return None
    months = {"year": 12, "quarter": 3, "month": 1}[unit]
    index = start.year * 12 + start.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _assign_period(draft: Draft, drafts: list[Draft], mentions: list[PeriodMention], text: str,
                   claimed: set[int], discussed, carry) -> PeriodMention | None:
    """Sets the figure's period; returns the change base it still has to apply, if any."""
    spans = [m for m in mentions if m.role == "span"]
    points = [m for m in mentions if m.role in ("period", "stock", "from") and m.period_start]
    holder = next((m for m in mentions if m.holds_duration and m.start <= draft.number.start < m.end), None)
    if draft.kind == "duration" and holder is not None and holder.period_start:
        draft.period = (holder.period_start, holder.period_end)  # "over the past five years"
        claimed.add(id(holder))
        return None
    spans_it = draft.kind == "multiplier" or draft.kind == "duration" and DURATION_SPAN_LEAD.search(
        text, max(draft.sentence.start, draft.number.start - 12), draft.number.start)
    if spans_it and (spans or len(points) >= 2):
        if spans:
            draft.period = (spans[0].period_start, spans[0].period_end)
            claimed.add(id(spans[0]))
        else:
            draft.period = (min(m.period_start for m in points), max(m.period_end for m in points))
        return None
    if draft.kind == "multiplier" and len(points) == 1 and carry and carry[0] and carry[1] \
            and points[0].period_end < carry[0]:
        # "1.5 times the 2019 toll": growth from the year named to the period under discussion
        draft.period = (points[0].period_start, carry[1])
        return None
    base = _change_base(draft, drafts, mentions)
    chosen = _choose_period(draft, drafts, mentions, text)
    if chosen is not None and chosen.role == "same":
        draft.period = discussed if chosen.base_unit == "discussed" else carry or discussed
        claimed.add(id(chosen))
    elif chosen is not None and chosen.role == "shift":
        draft.shift = chosen.base_unit
        claimed.add(id(chosen))
    elif chosen is not None:
        draft.period = (chosen.period_start, chosen.period_end)
        if chosen.role == "target" and draft.kind in ("count", "currency"):
            draft.period = (None, chosen.period_end)
        claimed.add(id(chosen))
    if base is not None:
        claimed.add(id(base))
    return base


def _shifted(period, unit: str):
    """The same period one year (quarter, month) earlier."""
    if not period or period[0] is None or period[1] is None:
        return None
    start = _shift_back(period, unit)
    end_index = period[1].year * 12 + period[1].month - 1 - {"year": 12, "quarter": 3, "month": 1}[unit]
    return start, month_end(end_index // 12, end_index % 12 + 1)


def _apply_base(draft: Draft, base: PeriodMention | None, current) -> None:
    """A change spans its base period's start to the current period's end; with no base stated, the
    base is the same period a year earlier (the usual on-year comparison)."""
    if base is not None and base.role == "from" and base.period_start:
        if current and current[1] and current[1] > base.period_end:
            draft.period = (base.period_start, current[1])
    elif current and current[0] and current[1] and (current[1] - current[0]).days < 370:
        draft.period = (_shift_back(current, base.base_unit if base else "year"), current[1])


def _split_from_to(drafts: list[Draft], mentions: list[PeriodMention], text: str) -> None:
    """"fell from 2018 to 2022, from 34,132 to 20,960": the two values take the span's two ends."""
    spans = [m for m in mentions if m.role == "span" and m.period_start and m.period_end]
    if not spans:
        return
    span = spans[0]
    for first, second in zip(drafts, drafts[1:]):
        if first.kind not in ("count", "currency", "rate", "percent") or second.kind != first.kind:
            continue
        lead = text[max(0, first.number.start - 25):first.number.start]
        gap = text[first.number.end:second.number.start]
        if FROM_LEAD.search(lead) and TO_GAP.fullmatch(gap):
            first.period = (span.period_start, _year_end(span.period_start))
            second.period = (_year_start(span.period_end), span.period_end)


def _year_end(day: dt.date) -> dt.date:
    return dt.date(day.year, 12, 31)


def _year_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 1, 1)


def _assign_place(draft: Draft, drafts: list[Draft], places: list[PlaceMention], text: str) -> None:
    number = draft.number
    clause_start, clause_end = draft.clause
    before = after = before_any = None
    for mention in places:
        if mention.start < clause_start or mention.end > clause_end:
            continue
        if mention.end <= number.start:
            if _between(drafts, mention.end, number.start):
                before_any = mention
            else:
                before = mention
        elif mention.start >= number.end and after is None:
            gap = text[number.end:mention.start]
            if "," not in gap and not _between(drafts, number.end, mention.start):
                after = (mention,)
    if after and AFTER_PLACE_LINK.fullmatch(text, number.end, after[0].start):
        draft.place = after[0].place
    elif before:
        draft.place = before.place
    elif after:
        draft.place = after[0].place
    elif before_any:
        draft.place = before_any.place
    elif NATIONAL_WORD.search(text, clause_start, clause_end):
        draft.national = True


def _describe(draft: Draft, drafts: list[Draft], text: str, limit: int) -> None:
    """Unit, per, qualifier and measure from the words around the number."""
    number, sentence = draft.number, draft.sentence
    clause_start, clause_end = draft.clause
    draft.qualifier = number.qualifier or context.qualifier_of(text, number.start, number.end, sentence.start,
                                                               sentence.end)
    head, _ = context.unit_words(text, number.end, limit)
    if draft.kind in ("count", "rate") or draft.kind is None:
        draft.unit = head
        draft.per = context.per_of(text, number.end, number.start, clause_start, limit)
    else:
        draft.unit = number.unit
        if draft.kind in ("other", "currency"):
            # "165 kilometers per hour", "500 million won per company", "205 kph": rates
            draft.per = context.per_of(text, number.end, number.start, clause_start, limit) or \
                lexicon()["rate_units"].get(number.unit or "")
            if draft.per:
                draft.kind = "rate"
    if draft.kind == "date":
        return
    measure_start = number.end
    if draft.kind == "percent":
        follow = re.match(r"\s?(?:%|[A-Za-z -]*?(?:cent|pct|points?))\s+of\s+", text[number.end:limit])
        measure_start = number.end + follow.end() if follow else limit
    elif draft.kind == "currency":
        follow = re.match(r"\s?(?:won|dollars?|euros?|pounds?|yen|yuan|[A-Z]{3})?\s*(?:\([^)]*\))?", text[number.end:limit])
        measure_start = number.end + (follow.end() if follow else 0)
        if text[measure_start:measure_start + 4].startswith(("in ", "of ")):
            measure_start += 3
    draft.measure = context.measure_after(text, measure_start, limit) if measure_start < limit else ""
    if draft.per and draft.measure.lower() == draft.per:
        draft.measure = ""


def _continues_list(text: str, previous: Draft, draft: Draft, mentions: list[PeriodMention],
                    places: list[PlaceMention]) -> bool:
    """Whether the words between two figures only link them ("..., which surged to", ", and"),
    after the earlier figure's own phrase and any period expressions are set aside."""
    gap = text[previous.number.end:draft.number.start]
    for mention in mentions:
        if previous.number.end <= mention.start and mention.end <= draft.number.start:
            gap = gap.replace(text[mention.start:mention.end], " ")
    for place in places:
        if previous.number.end <= place.start and place.end <= draft.number.start:
            gap = gap.replace(text[place.start:place.end], " ")
    allowed = LIST_LINKS | set(previous.measure.lower().split()) | {previous.unit}
    return all(word in allowed for word in WORD_RE.findall(gap.lower()))


def _inherit_from_list(draft: Draft, earlier: list[Draft], text: str, mentions: list[PeriodMention],
                       places: list[PlaceMention]) -> None:
    """A number with no words of its own ("13,686 in 2019") takes the unit and measure of the list
    it continues; a rate unit carries on to later items counting the same thing ("132 cases")."""
    if earlier and earlier[-1].change and earlier[-1].kind == draft.kind and not draft.change \
            and _continues_list(text, earlier[-1], draft, mentions, places):
        draft.change = True
        draft.measure = draft.measure or earlier[-1].measure
    same_kind = [d for d in earlier if d.kind in ("count", "rate") and draft.kind in ("count", "rate")]
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


def _resolve_such(draft: Draft, text: str, sentences: list[Sentence]) -> None:
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


def _read_sentence(text, sentence, sentences, published, country, sentence_places, carry, discussed,
                   words: WordIndex, european: bool):
    mentions = find_periods(text, sentence.start, sentence.end, published, country,
                            words.between(words.period_starts, sentence.start, sentence.end))
    numbers = []
    for number in find_numbers(text, sentence.start, sentence.end,
                               words.between(words.number_starts, sentence.start, sentence.end), european):
        inside = [m for m in mentions if m.start < number.end and number.start < m.end]
        if inside and not (number.kind == "duration" and all(m.holds_duration for m in inside)):
            continue
        if DENOMINATOR_BEFORE.search(text[max(sentence.start, number.start - 14):number.start]):
            continue
        numbers.append(number)
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
        draft.change = _is_change(text, draft.number, clause_start, clause_end)
        draft.reference = _is_reference(text, draft.number, clause_start)
        _resolve_such(draft, text, sentences)
        if draft.per and draft.kind == "count":
            draft.kind = "rate"
        _inherit_from_list(draft, drafts[:index], text, mentions, sentence_places)
        if not draft.measure and draft.change and index:
            draft.measure = drafts[index - 1].measure
        if not draft.measure:
            draft.measure = context.measure_before(text, clause_start, draft.number.start)
        if draft.kind == "count" and RATE_WORD.search(draft.measure):
            draft.kind = "rate"
    claimed: set[int] = set()
    bases = [(draft, _assign_period(draft, drafts, mentions, text, claimed, discussed or carry, carry))
             for draft in drafts]
    level_period = next((d.period for d in drafts if d.period and not d.change and not d.reference), None)
    for draft, _ in bases:
        if draft.shift is None and draft.period is None and draft.reference and FROM_REFERENCE.search(
                text, max(sentence.start, draft.number.start - 60), draft.number.start):
            draft.shift = "year"
        if draft.shift is not None:
            draft.period = _shifted(level_period or carry, draft.shift)
    for draft, base in bases:
        current = draft.period or (level_period if draft.change else None) or carry
        if base is not None or draft.change and draft.kind not in SPAN_KINDS:
            _apply_base(draft, base, current)
        elif draft.period is None:
            draft.period = current
    _split_from_to(drafts, mentions, text)
    for draft, following in zip(drafts, drafts[1:]):
        # "4.6 percent fewer than the 12,277 in 2020": the change runs from the reference's period
        if draft.change and following.reference and following.period and following.period[0] and draft.period \
                and draft.period[1] and following.period[0] < draft.period[1]:
            draft.period = (following.period[0], draft.period[1])
    drafts.extend(_date_figures(text, sentence, mentions, claimed, breaks))
    drafts.sort(key=lambda d: d.number.start)
    places = sentence_places
    for draft in drafts:
        _assign_place(draft, drafts, places, text)
    return drafts


def extract_figures(text: str, published: dt.date | None = None, *, article_id: str = "stdin") -> list[Figure]:
    """Every figure in an archived article's text, in text order."""
    page = parse_page(text)
    places_by_sentence = [find_places(text, s.start, s.end) for s in page.sentences]
    all_places = [p for places in places_by_sentence for p in places]
    home = home_place(text, page.dateline_place, all_places)
    words = default_scanner().scan(text)
    european = uses_european_separators(text)
    country = home.country if home else None
    carry = discussed = None
    drafts: list[Draft] = []
    for sentence in page.sentences:
        found = _read_sentence(text, sentence, page.sentences, published, country,
                               places_by_sentence[sentence.index], carry, discussed,
                               words, european)
        discussed = _discussed(found) or (discussed if not found else None)
        periods = [d.period for d in found if d.period and d.period[1] and not d.change and not d.reference
                   and d.kind not in ("date", "year", *SPAN_KINDS)]
        # the lede sets the article's period; a sentence opening with a period ("In 2021, ...",
        # "As of last year, ...") moves it; periods stated in passing do not
        if periods and sentence.section == "body" and not FLASHBACK.search(text, sentence.start, sentence.end) \
                and (carry is None or OPENING_PERIOD.match(text, sentence.start, sentence.end)):
            carry = max(periods, key=lambda period: period[1])
        drafts.extend(found)
    _share_repeated(drafts, text)
    return [_to_figure(i, d, text, article_id, home) for i, d in enumerate(drafts)]


def _discussed(found: list[Draft]):
    """The period a sentence was about, for "the same period" in the next: its last level figure's
    period, or failing that its last figure's."""
    periods = [d for d in found if d.period and d.kind not in ("date", "year")]
    levels = [d for d in periods if not d.change and not d.reference and d.kind not in SPAN_KINDS]
    return (levels or periods)[-1].period if periods else None


def _share_repeated(drafts: list[Draft], text: str) -> None:
    """A headline or caption figure without a period takes it from the same figure in the body, or
    failing that from the lede (the first body sentence stating a period)."""
    lede = next((d.period for d in drafts if d.sentence.section == "body" and d.period
                 and d.kind not in ("date", "year")), None)
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
        elif draft.sentence.section in ("headline", "caption"):
            draft.period = lede


def _to_figure(index: int, draft: Draft, text: str, article_id: str, home: Place | None) -> Figure:
    place = draft.place or (gazetteer().place_for_code(home.country) if draft.national and home else home)
    period = draft.period or (None, None)
    if period[0] and period[1] and period[0] > period[1]:
        period = (None, None)  # contradictory evidence (a base after its current period): claim nothing
    number = draft.number
    measure = draft.measure
    if draft.per and draft.kind == "rate" and f"per {draft.per}" not in measure:
        measure = f"{measure} per {draft.per}".strip()
    return Figure(
        article_id=article_id,
        figure_id=f"{article_id}:{index}",
        char_start=number.start,
        char_end=number.end,
        surface=text[number.start:number.end],
        value=None if draft.kind in ("date", "year") else number.value,
        kind=draft.kind,
        unit=draft.unit,
        per=draft.per,
        qualifier=draft.qualifier,
        measure=measure,
        period_start=period[0],
        period_end=period[1],
        region=place.name if place else None,
        region_code=place.code if place else None,
        section=draft.sentence.section,
        sentence_index=draft.sentence.index,
    )
