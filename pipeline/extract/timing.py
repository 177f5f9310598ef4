"""When each figure is: the period expression it belongs to (right after it, before it, or carried),
changes measured from their base ("from a year earlier", on-year by default), comparisons shifted a
year back, growth spanning a series, and "from A to B" pairs taking a span's two ends."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

from pipeline.extract import context
from pipeline.extract.caseless import CaselessPattern
from pipeline.extract.draft import Draft, between
from pipeline.extract.lexicon import alternation, currency_sign_pattern
from pipeline.extract.numbers import NumberMention
from pipeline.extract.periods import PeriodMention, month_end, months_later

SIGN = currency_sign_pattern(lower=True)  # the patterns below read lowered text
# "from 34,132 to 20,960": a pair taking a span's two ends
FROM_LEAD = CaselessPattern(rf"\bfrom\s+(?:about\s+|around\s+|some\s+)?{SIGN}?$")
LEVEL_KINDS = ("count", "currency", "rate", "percent")
# "rose 40% over five years to 1,914": the level a change reached
LEVEL_REACHED = CaselessPattern(r"\b(?:rose|climbed|grew|jumped|increased|fell|dropped|declined|decreased|surged"
                                r"|soared|\w+fold)\b[^,;]*?\bto\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+)?"
                                r"(?:[a-z]{0,3}[^\w\s]{1,2})?$")  # "to 1,914", "to about $55 billion"
TO_GAP = CaselessPattern(r"\s*(?:%|percent|per\s+cent|[a-z]{1,8}\s*)?\s*to\s+(?:about\s+|around\s+)?"
                         rf"{SIGN}?")
# "fell to 74,000 from 76,500": the earlier value of a change, a year before unless said otherwise
FROM_REFERENCE = CaselessPattern(r"\b(?:up|down|rose|fell|increased|decreased|dropped|declined|climbed|jumped|"
                                 r"grew|slipped|surged|plunged|to)\b(?:[^.;]|\.(?=\d)){0,40}\bfrom\s+"
                                 rf"(?:about\s+|around\s+|some\s+)?{SIGN}?$")
# "this year's 869 billion won": the period right before a possessive is the figure's own
POSSESSIVE_GAP = re.compile(rf"['’]s\s+{currency_sign_pattern()}?")
WHOLE_OF = re.compile(r"\b(?:all|the\s+whole|the\s+rest|the\s+course)\s+of\s+$")  # "91 deaths in all of 2023"
# "in just five years", "over 16 months": a duration that measures the span the sentence covers
# "an agent for 22 years", "has driven the bus for twenty-five years" (not "suspended for two years", a term)
TENURE_LEAD = CaselessPattern(r"(?<!suspended\s)(?<!sentenced\s)(?<!jailed\s)(?<!banned\s)(?<!imprisoned\s)"
                              r"\bfor\s+(?:more\s+than\s+|over\s+|nearly\s+|almost\s+|about\s+|some\s+)?$")
DURATION_SPAN_LEAD = CaselessPattern(r"\b(?:in|over|within|across|during)\s+(?:just\s+|only\s+|the\s+)?$")
# "a survey conducted in July found that ...": a period before a reporting verb dates the report
SPEECH_GAP = CaselessPattern(r"\b(?:said|says|found|showed|shows|reported|revealed|announced)\b")
# words (or a sign) that make the number after them a change rather than a level
CHANGE_WORDS = ("down rose fell increased decreased grew dropped declined jumped climbed surged gained slipped slid "
                "plunged soared rise fall increase decrease drop decline gain growth jump by lost shed added adding "
                "cut losing rising falling increasing decreasing growing dropping declining jumping climbing surging "
                "gaining slipping sliding plunging soaring").split()
CHANGE_LEAD = CaselessPattern(
    r"\b(?:up(?<!made\sup)(?<!make\sup)(?<!makes\sup)(?<!making\sup)(?<!sign\sup)(?<!signed\sup)"
    rf"|{alternation(CHANGE_WORDS)}"
    r"|(?:increases?|rises?|decreases?|drops?|gains?|declines?|falls?|growth|jumps?|reductions?|contractions?"
    r"|expansions?)\s+of)\s+"
    rf"(?:by\s+)?(?:(?:about|around|nearly|almost|some|just|more\s+than|over|a|between)\s+)?{SIGN}?$"
    r"|[+−–]\s?$")
# a passive verb's agent ("used by 2.7 million people"), unless the verb itself says a change ("reduced by")
PASSIVE_BY = CaselessPattern(r"\b(?:is|are|was|were|be|been|being)\s+(?!(?:reduced|raised|lowered|boosted|cut|"
                             r"expanded|trimmed|slashed|revised|adjusted|outnumbered|exceeded)\b)[a-z]+(?:ed|en|wn)"
                             r"\s+by\s+(?:(?:about|around|nearly|almost|some|more\s+than|over)\s+)?$")
# ... or words after it ("12 percent lower than")
CHANGE_FOLLOW = re.compile(r"(?i:\s*(?:%|percent|per\s+cent|percentage\s+points?|pct)?\s*"
                           r"(?:lower|higher|more|less|fewer|up|down|smaller|larger|bigger|increase|rise|decrease|"
                           r"drop|decline|fall|reduction|cut|gain|jump|growth|raise|hike)\b"
                           # "19.6 percent below the level of 2019", "3 percent above 2020 levels": a share against a
                           # level (not "102 above the 100 mark", nor "4 percent above target")
                           r"|\s*(?:%|percent|per\s+cent|percentage\s+points?|pct)\s*(?:below|above|short\s+of)\b"
                           r"(?=[^.;]{0,40}?\blevels?\b))")
# a figure given for comparison ("compared with 411,000", "down from 11,090")
# words that set a figure against another: "compared with 411,000", "1.4 times the 56,080"
COMPARING = r"compared\s+(?:with|to)|than|versus|against"
MULTIPLE_OF = r"times|double|triple|twice|half"
REFERENCE_LEAD = CaselessPattern(rf"\b(?:{COMPARING}|compares\s+with|vs\.?|after"
                                 r"|(?<!reported\s)(?<!received\s)(?<!collected\s)(?<!obtained\s)(?<!data\s)from"
                                 rf"|(?:{MULTIPLE_OF})\s+(?:the|that\s+of|those\s+of))\s+"
                                 r"(?:\w+\s+){0,3}$")
QUALIFYING_THAN = CaselessPattern(r"\b(?:more|fewer|less|rather|other)\s+than\s+$")


# "topped 2.4 million since the ministry began compiling data in 2006": the year dates the clause's own event
SUBORDINATE_TIME = re.compile(r"(?i)\b(?:since|after|before)\s+(?:the|a|an|its|their|it|they|he|she|we)\b")


# "the lowest since 2019, when about 71,000 deaths were reported": a clause about the time just named
WHEN_CLAUSE = re.compile(r"(?i),\s+when\s+(?:[^,.;:()]*\s)?")


def _when_clause(number, mentions: list[PeriodMention], text: str) -> PeriodMention | None:
    """The time a "when" clause holding the figure describes: the point the mention before it names."""
    before = [m for m in mentions if m.end <= number.start]
    if not before or not WHEN_CLAUSE.fullmatch(text, before[-1].end, number.start):
        return None
    mention = before[-1]
    if mention.role == "period":
        return mention
    if mention.date_core is not None:  # "since 2019, when": 2019 itself
        return dataclasses.replace(mention, period_start=mention.date_core[2], period_end=mention.date_core[3],
                                   role="period")
    return None


def _is_quarter(period) -> bool:
    """A calendar quarter: three whole months from January, April, July or October."""
    return bool(period and period[0] and period[1]) and period[0].day == 1 and period[0].month % 3 == 1 \
        and period[1] == month_end(period[0].year, period[0].month + 2)


def _choose_period(draft: Draft, drafts: list[Draft], mentions: list[PeriodMention], text: str):
    """The period mention a figure belongs to: in a "when" clause, the time it describes; else right after it,
    then before it, then further away. Change bases, comparison points ("from 2022") and record references are
    nobody's own period."""
    number = draft.number
    if (when := _when_clause(number, mentions, text)) is not None:
        return when
    tight = loose = before_clear = outside = before_any = None
    for mention in mentions:
        if mention.role in ("base", "record", "from"):
            continue
        if mention.start >= number.end:
            if between(drafts, number.end, mention.start):
                continue
            gap = text[number.end:mention.start]
            if context.CLAUSE_BREAK.search(gap.lstrip(":")) or len(gap) > 8 and SUBORDINATE_TIME.search(gap):
                continue
            if tight is None and len(WHOLE_OF.sub(" ", gap).split()) <= 3 and "," not in gap:
                tight = mention
            elif loose is None:
                loose = mention
        elif mention.end <= number.start:
            owner = _owner_before(drafts, mention, text)
            if POSSESSIVE_GAP.fullmatch(text, mention.end, number.start):
                tight = tight or mention
            elif owner is not None and owner.reference and not owner.change:
                continue  # "1.4 times the 56,080 logged in 2020, but one in 10 of them": the comparison's own year
            elif between(drafts, mention.end, number.start) or owner is not None \
                    or SPEECH_GAP.found_in(text, mention.end, number.start):
                if mention.role != "shift":  # "58 million a year earlier, giving it a 20% share": 58 million's
                    before_any = mention
            elif mention.end <= draft.clause[0]:
                outside = mention  # "... since 2019, but only 2.1 percent returned them in 2023": 2023's
            else:
                before_clear = mention
    return tight or before_clear or loose or outside or _across_list(draft, drafts, mentions, text) or before_any


DEPENDENT_OPENER = re.compile(r"(?i),\s+(?:with|while|whereas|including|of\s+which|among\s+them|compared)\b")


def _across_list(draft: Draft, drafts: list[Draft], mentions: list[PeriodMention], text: str):
    """"delivered 58 million meals through 2,400 charities in 2022-23": a period closing the clause
    covers the figures before it when none of them is a comparison (nor is this one a change: "a 15% rise
    on 2022 but still 10% below 2019")."""
    if draft.change:
        return None
    clause_end = draft.clause[1]
    for mention in mentions:
        if mention.role in ("period", "stock", "since", "span") and draft.number.end <= mention.start <= clause_end:
            if DEPENDENT_OPENER.search(text, draft.number.end, mention.start):
                return None  # "made up 42.3 percent of those caught, with 8,765 caught three times over five years"
            between = [d for d in drafts if draft.number.end <= d.number.start < mention.start]
            if between and not any(d.reference or d.change for d in between):
                return mention
            return None
    return None


def _owner_before(drafts: list[Draft], mention: PeriodMention, text: str) -> Draft | None:
    """The figure a period expression sits right after ("20 percent by 2026"), if any."""
    earlier = [d for d in drafts if d.number.end <= mention.start]
    if not earlier:
        return None
    gap = text[earlier[-1].number.end:mention.start]
    return earlier[-1] if len(gap.split()) <= 3 and "," not in gap else None


def is_change(text: str, number: NumberMention, clause_start: int, clause_end: int) -> bool:
    """A figure stated as a change ("down 6.9 percent", "rose by 300", "12 percent lower than")."""
    lead = text[max(clause_start, number.start - 30):number.start]
    match = CHANGE_LEAD.search(lead)
    if match and lead.startswith("by", match.start()) and PASSIVE_BY.search(lead):
        match = None  # "were used by 2.7 million people": the agent, no change
    elif match and number.kind == "currency" and lead.startswith(("lost", "losing"), match.start()):
        match = None  # "the chip division lost 3.75 trillion won": a loss, an amount of its period
    return bool(match or CHANGE_FOLLOW.match(text, number.end, clause_end))


def is_reference(text: str, number: NumberMention, clause_start: int) -> bool:
    """A figure given for comparison ("compared with 411,000", "down from 11,090", "double the 10,645"),
    not one merely qualified ("more than 7,000")."""
    window = max(clause_start, number.start - 40)
    return REFERENCE_LEAD.found_in(text, window, number.start) and not QUALIFYING_THAN.found_in(
        text, window, number.start)


def _change_base(draft: Draft, drafts: list[Draft], mentions: list[PeriodMention]) -> PeriodMention | None:
    """The base a change is measured from, stated after it: "from a year earlier" for any figure,
    "from 2019"/"than in 2013-14" for a figure worded as a change."""
    for mention in mentions:
        if mention.start < draft.number.end or between(drafts, draft.number.end, mention.start):
            continue
        if mention.role == "base" or mention.role == "from" and (draft.change or draft.kind == "multiplier"):
            return mention
    return None


UNIT_MONTHS = {"year": 12, "quarter": 3, "month": 1}  # a shift or change base's unit, in months


def unit_months(unit: str) -> int:
    """A shift's or change base's length in months: a unit of UNIT_MONTHS, or "<n> years", "<n> months"."""
    if unit in UNIT_MONTHS:
        return UNIT_MONTHS[unit]
    count, _, name = unit.partition(" ")
    return int(count) * UNIT_MONTHS[name.rstrip("s")]


def _shift_back(period: tuple[dt.date | None, dt.date | None], unit: str) -> dt.date | None:
    """The period's start one unit earlier: the first of that month, or the same day when the period starts
    within a month ("since May 20": May 20 a year earlier)."""
    start = period[0]
    if start is None:
        return None
    return months_later(start if start.day > 1 else start.replace(day=1), -unit_months(unit), keep_month_end=False)


def assign_period(draft: Draft, drafts: list[Draft], mentions: list[PeriodMention], text: str,
                   claimed: set[int], discussed, carry, published: dt.date | None = None,
                   lede=None) -> PeriodMention | None:
    """Sets the figure's period; returns the change base it still has to apply, if any. lede: the period the
    article's lede set, for "in the quarter" once later sentences moved the carried period off it."""
    if draft.kind == "duration" and published is not None and draft.number.value \
            and TENURE_LEAD.found_in(text, max(draft.sentence.start, draft.number.start - 30), draft.number.start) \
            and not any(draft.clause[0] <= m.start < draft.clause[1] for m in mentions):
        start = _counted_back(published, draft.number.value, draft.number.unit)
        if start is not None:  # "an agent for 22 years": a tenure running up to publication
            draft.period = (start, published)
            return None
    spans = [m for m in mentions if m.role == "span"]
    # (a multiplier spans from "the same period of 2022" as from "2022")
    points = [m for m in mentions if (m.role in ("period", "stock", "from") or m.base_unit == "in_year")
              and m.period_start]
    holder = None  # "over the past five years" holding the duration
    for mention in mentions:
        if mention.holds_duration and mention.start <= draft.number.start < mention.end:
            holder = mention
            break
    if draft.kind == "duration" and holder is not None and holder.role == "shift":
        draft.shift = holder.base_unit  # "31,072 four years earlier": spans back from the period discussed
        claimed.add(id(holder))
        return None
    if draft.kind == "duration" and holder is not None and holder.period_start:
        draft.period = (holder.period_start, holder.period_end)  # "over the past five years"
        claimed.add(id(holder))
        return None
    spans_it = draft.kind == "multiplier" or draft.kind == "duration" and DURATION_SPAN_LEAD.found_in(
        text, max(draft.sentence.start, draft.number.start - 12), draft.number.start)
    if spans_it and (spans or len(points) >= 2):
        if spans:
            draft.period = (spans[0].period_start, spans[0].period_end)
            claimed.add(id(spans[0]))
        else:
            draft.period = (min(m.period_start for m in points), max(m.period_end for m in points))
            claimed.update(id(m) for m in points)  # "3 times those of 2020": the years bound it, no figures
        return None
    if draft.kind == "multiplier" and len(points) == 1 and carry and carry[0] and carry[1] \
            and points[0].period_end < carry[0] and points[0].start > draft.number.end:
        # "1.5 times the 2019 toll": growth from the year named to the period under discussion
        draft.period = (points[0].period_start, carry[1])
        claimed.add(id(points[0]))
        return None
    base = _change_base(draft, drafts, mentions)
    chosen = _choose_period(draft, drafts, mentions, text)
    if chosen is not None and chosen.role == "same" and chosen.base_unit == "in_year":
        draft.in_year = chosen.period_start.year
        claimed.add(id(chosen))
    elif chosen is not None and chosen.role == "same" and chosen.base_unit.startswith("run:"):
        count, unit = chosen.base_unit[4:].split()
        draft.period = counted_back(discussed or carry, float(count), unit) or discussed or carry
        claimed.add(id(chosen))
    elif chosen is not None and chosen.role == "same" and chosen.base_unit == "story:quarter":
        # "Marriages rose 1.1 percent in the quarter", after "For the first nine months, ...": the quarter
        draft.period = next((period for period in (carry, lede, discussed) if _is_quarter(period)), carry or discussed)
        claimed.add(id(chosen))
    elif chosen is not None and chosen.role == "same":
        draft.period = discussed if chosen.base_unit == "discussed" else carry or discussed
        claimed.add(id(chosen))
    elif chosen is not None and chosen.role == "shift" and draft.change and base is None:
        base = chosen  # "up 2.7 percent from the same period a year ago": the change's base, not its period
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


def moved_to_year(period, year: int) -> tuple[dt.date, dt.date]:
    """"in the same quarter of 2022": the period under discussion moved to that year (the whole year when
    there is none, or it is not within one calendar year)."""
    if not period or not period[0] or not period[1] or period[0].year != period[1].year:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    months = 12 * (year - period[1].year)
    return months_later(period[0], months), months_later(period[1], months)


def _counted_back(day: dt.date, count: float, unit: str | None) -> dt.date | None:
    """The day `count` units (years, months, weeks, days) before `day`; None for a fraction or other unit."""
    if count != int(count) or count > 200:
        return None
    whole = int(count)
    if unit in ("weeks", "days"):
        return day - dt.timedelta(days=whole * (7 if unit == "weeks" else 1))
    if unit not in ("years", "months", "decades"):
        return None
    return months_later(day, -whole * {"years": 12, "months": 1, "decades": 120}[unit], keep_month_end=False)


def shifted(period, unit: str):
    """The same period one year (quarter, month) earlier; a stock ("so far this year": no start) keeps none."""
    if not period or period[1] is None:
        return None
    start = _shift_back(period, unit) if period[0] is not None else None
    earlier_end = months_later(period[1], -unit_months(unit))
    if unit_months(unit) % 12:  # a quarter or month earlier ends with its month; years earlier keep the day
        earlier_end = month_end(earlier_end.year, earlier_end.month)
    return start, earlier_end


def counted_back(period, count: float | None, unit: str | None):
    """The run of `count` years or months that ends with the period ("11 months in a row" to September:
    November to September); None for another unit or a fraction of a month."""
    if not period or period[1] is None or not 0 < count <= 200 or unit not in ("years", "months"):
        return None
    months = count * (12 if unit == "years" else 1)  # "in 5 1/2 years": 66 months
    if months != int(months):
        return None
    return months_later(period[1].replace(day=1), 1 - int(months)), period[1]


def spanned_back(period, unit: str):
    """From the same period `unit` earlier to the end of this one (from the first of the earlier stock's month
    for a stock): what "double the figure three years earlier" and its "three years" span."""
    earlier = shifted(period, unit)
    if earlier is None:
        return None
    return earlier[0] or earlier[1].replace(day=1), period[1]


def apply_base(draft: Draft, base: PeriodMention | None, current) -> None:
    """A change spans its base period's start to the current period's end; with no base stated, the
    base is the same period a year earlier (the usual on-year comparison), or the week before for a week's
    change (weekly prices are reported week on week)."""
    if base is not None and base.role == "from" and base.period_start:
        if current and current[1] and current[1] > base.period_end:
            draft.period = (base.period_start, current[1])
    elif base is None and current and current[0] and current[1] and (current[1] - current[0]).days == 6:
        draft.period = (current[0] - dt.timedelta(days=7), current[1])  # "rose 0.24 percent this week"
    elif current and current[0] and current[1] and (current[1] - current[0]).days < 370:
        draft.period = (_shift_back(current, base.base_unit if base else "year"), current[1])  # type: ignore[arg-type]
    elif base is not None and base.role == "base" and current and current[0] is None and current[1]:
        # a stock's change ("1,886 trillion at the end of September, up 14.3 trillion from three months
        # earlier"): from the day after the earlier stock to this one
        earlier = shifted(current, base.base_unit)  # type: ignore[arg-type]
        draft.period = (earlier[1] + dt.timedelta(days=1), current[1])


def split_from_to(drafts: list[Draft], mentions: list[PeriodMention], text: str) -> None:
    """"fell from 2018 to 2022, from 34,132 to 20,960": the two values take the span's two ends; "rose
    threefold over the past four years to 1,914": the level reached is the span's last year's."""
    spans = [m for m in mentions if m.role == "span" and m.period_start and m.period_end]
    if not spans:
        return
    span = spans[0]
    paired = set()
    for first, second in zip(drafts, drafts[1:]):
        if first.kind not in LEVEL_KINDS or second.kind != first.kind:
            continue
        lead = text[max(0, first.number.start - 25):first.number.start]
        gap = text[first.number.end:second.number.start]
        if FROM_LEAD.search(lead) and TO_GAP.fullmatch(gap):
            first.period = (span.period_start, _year_end(span.period_start))  # type: ignore[arg-type]
            second.period = (_year_start(span.period_end), span.period_end)  # type: ignore[arg-type]
            paired.add(id(second))
    whole_years = span.period_start.year < span.period_end.year and (span.period_start.month, span.period_start.day,
                                                                     span.period_end.month, span.period_end.day) \
        == (1, 1, 12, 31)
    for draft in drafts if whole_years else []:
        if draft.kind in LEVEL_KINDS and id(draft) not in paired and not draft.reference \
                and draft.period == (span.period_start, span.period_end) \
                and LEVEL_REACHED.found_in(text, max(draft.clause[0], draft.number.start - 80), draft.number.start):
            draft.period = (_year_start(span.period_end), span.period_end)  # type: ignore[arg-type]


def _year_end(day: dt.date) -> dt.date:
    return dt.date(day.year, 12, 31)


def _year_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 1, 1)
