"""Period expressions ("in 2019", "last year", "the first half of the current year", "as of August",
"since October 2021", "over the past five years", "2017-18") found in text and resolved to dates
against the publication date."""
from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import re

from pipeline.extract.caseless import CaselessPattern
from pipeline.extract.firstchar import ASCII, first_chars
from pipeline.extract.frozen import fast_maker, fast_replacer, remade_from_fields
from pipeline.extract.lexicon import alternation, lexicon, lexicon_key
from pipeline.extract.numbers import parse_spelled

YEAR = r"(?:19|20)\d{2}"


@dataclasses.dataclass(frozen=True, slots=True)
class PeriodMention:
    """A period expression at [start, end) of the text.

    role: "period" (the figure's period), "stock" (as of: no start), "since" (open, ends at publication),
    "record" ("the highest since 2013": a comparison point that is nobody's period, itself a date figure),
    "target" ("by 2030": a stock target ends then; a rate target is that year's),
    "shift" ("a year earlier", "the year before": the sentence's own period moved back by base_unit),
    "same" ("over the same period", "in that period", "in the quarter": the period already under discussion;
    base_unit "in_year": "in the same quarter of 2022", that period moved to the year period_start..period_end),
    "span" (a range or the past N years), "from" (a "from <point>" that is a change's base when a change
    figure uses it), "base" (a change base such as "from a year earlier", shifting the current period).
    holds_duration: the expression contains a duration that is a figure of its own ("the past five years").
    date_core: where the expression names a month, day or bare year that can itself be data
    ("since September 2017"): (start, end, period_start, period_end, kind).
    """

    start: int
    end: int
    period_start: dt.date | None
    period_end: dt.date | None
    role: str
    date_core: tuple[int, int, dt.date, dt.date, str] | None = None
    base_unit: str | None = None
    holds_duration: bool = False

    def __reduce__(self) -> tuple:
        return remade_from_fields(self)


_new_mention = fast_maker(PeriodMention)
"""PeriodMention(...), several times faster (pipeline.extract.frozen)."""
_replaced = fast_replacer(PeriodMention)
"""dataclasses.replace(mention, ...) for a PeriodMention, several times faster."""


@functools.lru_cache(maxsize=4096)  # dates are immutable: one per month is shared
def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def months_later(day: dt.date, months: int, keep_month_end: bool = True) -> dt.date:
    """The same day `months` later (earlier when negative), clamped to the month's length; with
    keep_month_end a month's last day stays the last day ("to February 28" a year later is February 29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    last = month_end(year, month)
    if keep_month_end and day == month_end(day.year, day.month):
        return last
    return last.replace(day=min(day.day, last.day))


def year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), month_end(year, month)


def months_span(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    if last < first:
        return dt.date(year - 1, first, 1), month_end(year, last)
    return dt.date(year, first, 1), month_end(year, last)


@functools.cache
def _month_pattern() -> str:
    names = lexicon()["month_names"]
    full = [name.capitalize() for name in names if len(name) > 4 or name in ("june", "july", "may")]
    short = [name.capitalize() + r"\.?" for name in names if len(name) <= 4 and name not in ("june", "july", "may")]
    return "(?:" + "|".join(sorted(full, key=len, reverse=True) + sorted(short, key=len, reverse=True)) + ")"


def _by_length(words: tuple[str, ...]) -> list[list[str]]:
    """The words grouped by length, shortest first."""
    return [[word for word in words if len(word) == length] for length in sorted({len(word) for word in words})]


def month_number(word: str) -> int | None:
    return lexicon()["month_names"].get(word.rstrip(".").lower())


# the words after which "May" is the month, not the verb ("in May", "as of May", "the end of May")
MAY_OPENERS = ("in", "In", "since", "Since", "until", "by", "through", "from", "From", "during", "of", "and")

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_NAMES = "|".join(day.capitalize() for day in WEEKDAYS)  # as written: "Monday|Tuesday|..."

# a point expression standing on its own ("in 2019", "last year") is a whole word
POINT = r"(?<![\w$€£₩.,])(?P<point>(?:{}))(?![\w%])"


LEVEL_LEAD = r"(?:[Bb]elow|[Aa]bove|short\s+of)"
"""The words before a level a figure is compared with ("19.6 percent below the level of January 2019")."""


@functools.cache
def _grammar_parts() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The alternatives of the period grammar, in order of precedence, and those of a point expression
    standing on its own (the grammar's last alternative, POINT)."""
    month = _month_pattern()
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    year_ref = rf"(?:(?:the\s+)?(?:current|this|last|previous|past)\s+(?:fiscal\s+)?year|(?:the\s+)?year|{YEAR})"
    half = (rf"(?:the\s+)?(?:first|second|1st|2nd|latter)\s+half(?:\s+of)?(?:\s+(?:the\s+)?{year_ref})?"
            rf"|H[12]\s?{YEAR}")
    # "the first nine months of 2022", "the first six months", "the first three quarters": January to the end
    # of the last of them
    months = alternation([word for word, value in lexicon()["units_words"].items() if 1 <= value <= 12])
    year_to_date = (rf"(?:the\s+)?first\s+(?:1[0-2]|[1-9]|{months})\s+(?:months|quarters)(?:\s+of)?"
                    rf"(?:\s+(?:the\s+)?(?:fiscal\s+{YEAR}|{year_ref}))?")
    quarter = (rf"(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th|final)[\s-]quarter(?:\s+of)?"
               rf"(?:\s+(?:the\s+)?{year_ref})?|Q[1-4](?:\s?{YEAR})?")
    month_range = rf"(?:the\s+)?{month}\s?[-–]\s?{month}(?:\s+(?:period|quarter))?(?:\s+(?:of\s+)?{YEAR})?"
    fiscal = (rf"(?:fiscal|financial)\s+(?:year\s+)?{YEAR}(?:\s?[-/–]\s?\d{{2}})?|FY\s?'?\d{{2,4}}(?:[-/]\d{{2}})?"
              rf"|{YEAR}[-/–]\d{{2}}(?!\d)")
    day_date = rf"{month}\s{day}(?:,?\s{YEAR})?(?!\d)|(?<!\d){day}\s{month}(?:\s{YEAR})?"
    month_year = rf"{month},?\s{YEAR}|{month}\s+(?:of\s+)?(?:last|this|next)\s+year"
    bare_month = r"(?:January|February|March|April|June|July|August|September|October|November|December)"
    # one lookbehind per length of opener (a lookbehind has a fixed width)
    after_opener = "|".join(f"(?<=\\b(?:{'|'.join(words)})\\s)" for words in _by_length(MAY_OPENERS))
    may = f"(?:{after_opener})May(?!['’]s)"
    relative = (r"(?i:(?:the\s+)?(?:current|this|last|previous|past|same|next|coming)\s+(?:fiscal\s+)?year(?!-)"
                r"|a\s+year\s+(?:earlier|ago|before)|(?:last|this|next|the\s+previous|the\s+past)\s+month"
                r"|(?:the\s+)?(?:last|this|current|next|coming)\s+quarter"
                r"|(?:last|this|next|the\s+previous|the\s+past)\s+week(?!end))")
    weekday = f"(?:{WEEKDAY_NAMES})"
    days = rf"(?:on\s+)?{weekday}(?:\s+(?:and|to|through)\s+{weekday})?|(?:over\s+)?the\s+weekend"
    point_parts = (half, year_to_date, quarter, month_range, fiscal, day_date, month_year, relative, days,
                   rf"(?:early|mid|late|end)-?\s?(?:{bare_month}|May)", bare_month, r"May(?=\s(?:this|last)\b)", may,
                   YEAR)
    point = "(?:" + "|".join(_guarded(part) for part in point_parts) + ")"
    base = alternation(lexicon()["change_base_phrases"])
    time_unit = r"(?:years|months|weeks|days|decades)"
    number_word = alternation(list(lexicon()["units_words"]) + list(lexicon()["tens_words"]))
    count = rf"(?:\d+|(?i:{number_word}(?:-{number_word})?))"
    alternatives = [
        rf"(?P<base>{base})",
        rf"(?P<asof>\b(?:[Aa]s\s+of\s+(?:the\s+end\s+of\s+)?|(?:[Aa]t\s+)?the\s+end\s+of\s+)(?P<asof_point>{point}))",
        rf"(?P<since>\b[Ss]ince\s+(?P<since_point>{point}))",
        rf"(?P<range>\b(?:[Ff]rom|[Bb]etween)\s+(?P<range_a>{point})\s+(?:to|and|through|until)\s+(?P<range_b>{point}))",
        # "from March 2 to 11", "March 2-11", "between May 1 and 15, 2024": days of one month
        rf"(?P<dayrange>\b(?:(?:[Ff]rom|[Bb]etween)\s+)?(?P<dayrange_month>{month})\s(?P<dayrange_a>\d{{1,2}})"
        rf"(?:st|nd|rd|th)?\s*(?:[-–]|to|through|until|and)\s*(?P<dayrange_b>\d{{1,2}})(?:st|nd|rd|th)?"
        rf"(?![\d.,]\d|\s*(?:%|percent|per\b|times|million|billion|trillion|thousand|hundred))"
        rf"(?:,?\s(?P<dayrange_year>{YEAR})(?!\d))?)",
        rf"(?P<yearto>\b(?:the\s+)?(?:year|(?P<yearto_n>{count})\s+months)\s+(?:to|ending|ended|through)\s+"
        rf"(?P<yearto_point>{day_date}|{month_year}|{bare_month}))",
        r"(?P<same>\b(?:(?:in|over|during|for)\s+)?(?:the\s+(?:same|corresponding)\s+(?:period|time)"
        r"|that\s+(?:period|time|year|quarter)"
        r"|the\s+(?:period|quarter)(?!\s+(?:of|to|ending|ended)\b))\b(?!\s+(?:a\s+year|last\s+year|of\s+\d)))",
        # "during the same seven months": the period under discussion, named by its length (no duration figure)
        rf"(?P<samespan>\b(?:(?:in|over|during|for)\s+)?the\s+same\s+(?P<samespan_n>{count})\s+"
        rf"(?P<samespan_unit>months|weeks|years|days|quarters)\b)",
        # "this summer", "last winter", "the summer of 2023": meteorological seasons (SEASONS)
        r"(?P<season>\b(?:(?:[Ii]n|[Oo]ver|[Dd]uring|[Ff]or)\s+)?(?P<season_rel>[Tt]his|[Ll]ast|[Nn]ext|[Tt]he\s+past|"
        r"[Tt]he\s+coming)\s+(?P<season_name>(?i:spring|summer|autumn|fall|winter))\b(?!\s+(?:of\s+)?(?:19|20)\d\d))",
        rf"(?P<seasony>\b(?:(?:[Ii]n|[Oo]ver|[Dd]uring|[Ff]or)\s+)?(?:[Tt]he\s+)?"
        rf"(?P<seasony_name>(?i:spring|summer|autumn|winter)|(?<=the\s)fall)\s+(?:of\s+)?(?P<seasony_year>{YEAR})"
        r"(?!\d|,\d))",
        r"(?P<ytd>\b(?:[Yy]ear[-\s]to[-\s]date|YTD)\b)",  # from January 1 to publication
        # "so far this year" is one stock: this year's figure up to publication
        r"(?P<sofar>\b(?:[Ss]o\s+far|[Tt]o\s+date|[Aa]s\s+of\s+now|[Uu]ntil\s+now|[Uu]p\s+to\s+now)"
        r"(?:\s+(?:this|in\s+the\s+current)\s+year)?\b)",
        # "in the same quarter of 2022": the period under discussion, in that year
        rf"(?P<samein>\b(?:(?:in|over|during|for)\s+)?the\s+(?:same|corresponding)\s+"
        rf"(?:period|quarter|month|half|time)\s+(?:of|in)\s+(?P<samein_year>{YEAR})(?!\d|,\d))",
        r"(?P<shift>\b(?:(?:in|over|during)\s+)?(?:the\s+(?:same|corresponding)\s+(?:period|quarter|month|time)\s+"
        r"(?:a\s+year\s+(?:earlier|ago|before)|last\s+year)"
        r"|a\s+(?:year|quarter|month)\s+(?:earlier|ago|before)|the\s+(?:year|quarter|month)\s+before"
        r"|the\s+previous\s+(?:year|quarter|month)))\b",
        # "4.52 million in the first quarter and 4.89 million in the second": a part named by its ordinal alone
        r"(?P<elided>\b[Ii]n\s+the\s+(?:second|third|fourth|final|latter)(?=\s*[,.;:)]|\s*$))",
        # "the first two weeks of October", "the last 10 days of March": a named part of a month
        rf"(?P<monthpart>\b(?:the\s+)?(?P<monthpart_side>first|last|final)\s+(?P<monthpart_n>{count})\s+"
        rf"(?P<monthpart_unit>weeks|days)\s+of\s+(?P<monthpart_point>{month_year}|{bare_month}|May))",
        rf"(?P<pastn>\b(?:the\s+)?(?:past|last|previous|preceding)\s+(?P<pastn_n>{count})\s+(?P<pastn_unit>{time_unit}))",
        rf"(?P<ago>(?P<ago_n>{count}|a)\s+(?P<ago_unit>years?|months?)\s+(?:ago|earlier|before))",
        rf"(?P<yrange>(?<![\d,.]){YEAR}\s?[-–]\s?{YEAR}(?!\d|,\d))",
        # "below the level seen in January 2019", "short of the pre-pandemic level of 2019", "above 2019 levels": the
        # level compared with, as "than in January 2019"
        rf"(?P<frompoint>\b(?:[Ff]rom|[Cc]ompared\s+(?:with|to)|[Tt]han|[Ss]ince|(?<=increase\s)on|(?<=rise\s)on|(?<=fall\s)on|(?<=drop\s)on"
        rf"|{LEVEL_LEAD}\s+(?:the\s+)?(?:[\w-]+\s+)?levels?\s+(?:(?:seen|recorded|reported|posted|logged)\s+)?(?:in|of)"
        rf"|{LEVEL_LEAD}(?=\s+(?:the\s+)?[\w\s,-]{{1,30}}?\s+levels?\b))\s+(?:in\s+)?(?:the\s+)?(?:(?:same|corresponding)\s+(?:period|quarter|month|time)\s+(?:of|in|last)\s+)?(?P<frompoint_point>{fiscal}|{YEAR}|{month_year}|{relative}|{bare_month})(?:\s+levels?)?(?!['’]s))",
        rf"(?P<target>\b[Bb]y\s+(?:the\s+end\s+of\s+(?!(?:{bare_month}|May)\b))?"  # "by the end of May": as of
        rf"(?P<target_point>{fiscal}|{YEAR}|{month_year}|{bare_month}|May))",
    ]
    return tuple(alternatives), point_parts


@functools.cache
def _top_alternatives() -> tuple[str, ...]:
    """The grammar's alternatives in the order they are tried, the point expression (its parts guarded) last."""
    alternatives, point_parts = _grammar_parts()
    return (*alternatives, POINT.format("|".join(_guarded(part) for part in point_parts)))


@functools.cache
def _grammar() -> re.Pattern:
    """The period grammar, each alternative opened by a check of the character it can begin with, so that at
    a position the regex engine skips at once the alternatives that cannot match there."""
    return re.compile("|".join(_guarded(alternative) for alternative in _top_alternatives()))


@functools.cache
def _grammar_from(char: str) -> re.Pattern | None:
    """The grammar for a match starting at the character char: for an ASCII character, only the alternatives
    that can begin with it (None when none can), without their guards. At such a character every other
    alternative's guard refuses it at once and every kept alternative's guard lets it pass, so the matches are
    those of the whole grammar (_grammar), found without stepping through two dozen refusing guards. Other
    characters, which no guard refuses, get the whole grammar. Keyed by one character, not by any text."""
    if not char.isascii():
        return _grammar()
    kept = tuple(alternative for alternative in _top_alternatives() if char in first_chars(alternative))
    return _compiled_alternatives(kept) if kept else None


@functools.cache
def _compiled_alternatives(alternatives: tuple[str, ...]) -> re.Pattern:
    """Alternatives tried in the given order (one compiled pattern for the characters that keep the same ones)."""
    return re.compile("|".join(alternatives))


def _guarded(alternative: str) -> str:
    """The alternative behind a lookahead refusing the ASCII characters it cannot begin with."""
    cannot = ASCII - first_chars(alternative)
    if not cannot:
        return alternative
    return "(?![" + "".join(re.escape(char) for char in sorted(cannot)) + "])" + alternative


# the words and shapes a point expression is read by (see resolve_point)
_YEAR = re.compile(YEAR)
_YEAR_PAIR = re.compile(rf"{YEAR}[-/–]\d{{2}}")
_PAST_WORD = re.compile(r"\b(?:last|previous|past)\b")
_FISCAL_DIGITS = re.compile(r"\d{2,4}")
_WEEKDAY_WORD = re.compile("|".join(WEEKDAYS) + "|weekend")
_FIRST_MONTHS = re.compile(r"first\s+(\S+)\s+(months|quarters)")
_HALF = re.compile(r"\bhalf\b|^h[12]")
_SECOND_HALF = re.compile(r"second|2nd|latter|^h2")
_QUARTER = re.compile(r"(first|second|third|fourth|1st|2nd|3rd|4th|final)[\s-]quarter|^q([1-4])")
_FISCAL = re.compile(r"fiscal|financial|^fy|^\d{4}[-/–]\d{2}$")
_CAPITALISED = re.compile(r"[A-Z][a-z]+\.?")
_RELATIVE_YEAR = re.compile(r"\b(?:last|this|next)\s+year")
_DAY = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?(?!\d)")
_BACK = re.compile(r"last|previous|past")
_YEAR_BACK = re.compile(r"last|previous|past|a year (?:earlier|ago|before)")
_AHEAD = re.compile(r"next|coming")
_POINTS_BACK = re.compile(r"same|corresponding|that")
_YEAR_WORD = re.compile(r"year|^\d{4}$")
_COUNTED_UNITS = re.compile(r"\b(?:months|years)\b")


def _year_of_ref(fragment: str, ref_year: int | None) -> int | None:
    match = _YEAR.search(fragment)
    if match:
        return int(match.group())
    if ref_year is None:
        return None
    if _PAST_WORD.search(fragment):
        return ref_year - 1
    return ref_year


def _fiscal(fragment: str, country: str | None) -> tuple[dt.date, dt.date] | None:
    years = _FISCAL_DIGITS.findall(fragment)
    first = int(years[0])
    if first < 100:
        first += 2000
    if len(years) > 1 or _YEAR_PAIR.fullmatch(fragment):
        if country in ("AU", "NZ", "EG", "PK"):
            return dt.date(first, 7, 1), dt.date(first + 1, 6, 30)
        return dt.date(first, 4, 1), dt.date(first + 1, 3, 31)
    if country in ("JP", "GB", "IN"):
        return dt.date(first, 4, 1), dt.date(first + 1, 3, 31)
    if country == "US":
        return dt.date(first - 1, 10, 1), dt.date(first, 9, 30)
    return year_span(first)


@functools.lru_cache(maxsize=4096)
def resolve_point(fragment: str, published: dt.date | None, country: str | None = None):
    """(period_start, period_end, kind) of a point expression; kind is date, year or period."""
    if _YEAR.fullmatch(fragment):  # the commonest point, read as the rules below read it
        return (*year_span(int(fragment)), "year")
    ref = published.year if published else None
    text = " ".join(fragment.split())
    lower = text.lower()
    if _YEAR_PAIR.fullmatch(text) and int(text[-2:]) != (int(text[2:4]) + 1) % 100:
        return None
    weekdays = _WEEKDAY_WORD.findall(lower)
    if weekdays:
        return _weekdays(weekdays, published)
    first_months = _FIRST_MONTHS.search(lower)
    if first_months:
        count, unit = first_months.groups()
        fiscal_year = _YEAR.search(text)
        if _FISCAL.search(lower) and fiscal_year:  # "the first eight months of fiscal 2023": from its start
            fiscal = _fiscal(f"fiscal {fiscal_year.group()}", country)
            return _year_to_date(count, unit, None, fiscal[0])  # type: ignore[index]
        return _year_to_date(count, unit, _year_of_ref(lower, ref))
    if _HALF.search(lower):
        year = _year_of_ref(lower, ref)
        if year is None:
            return None
        second = bool(_SECOND_HALF.search(lower))
        return (*(months_span(year, 7, 12) if second else months_span(year, 1, 6)), "period")
    quarter = _QUARTER.search(lower)
    if quarter:
        year = _year_of_ref(lower, ref)
        if year is None:
            return None
        word = quarter.group(1) or quarter.group(2)
        number = {"first": 1, "1st": 1, "1": 1, "second": 2, "2nd": 2, "2": 2, "third": 3, "3rd": 3, "3": 3}.get(word, 4)
        return (*months_span(year, 3 * number - 2, 3 * number), "period")
    if _FISCAL.search(lower):
        span = _fiscal(text, country)
        return (*span, "period") if span else None
    months = [month for word in _CAPITALISED.findall(text) if (month := month_number(word))]
    years = [int(y) for y in _YEAR.findall(text)]
    if months and not years and ref is not None and _RELATIVE_YEAR.search(lower):
        years = [ref - 1 if "last" in lower else ref + 1 if "next" in lower else ref]
    day = _DAY.search(text)
    if len(months) == 2:
        year = years[0] if years else ref
        if not years and published is not None and months[0] > published.month:
            year -= 1  # "the October-December period", written in February: the last one
        return (*months_span(year, months[0], months[1]), "period") if year else None
    if months:
        year = years[0] if years else ref
        if year is None:
            return None
        if not years and published is not None and months[0] > published.month:
            year -= 1
        if day and not _YEAR.fullmatch(day.group(1)):
            try:
                date = dt.date(year, months[0], int(day.group(1)))
            except ValueError:
                return None
            return date, date, "date"
        return (*month_span(year, months[0]), "date")
    if _YEAR.fullmatch(text):
        return (*year_span(int(text)), "year")
    if ref is None:
        return None
    if lower.endswith(" week"):  # Monday to Sunday
        monday = published - dt.timedelta(days=published.weekday())
        monday += dt.timedelta(days=-7 if _BACK.search(lower) else 7 if "next" in lower else 0)
        return monday, monday + dt.timedelta(days=6), "period"
    if "month" in lower:
        base = published.replace(day=1)
        if _BACK.search(lower):
            base = (base - dt.timedelta(days=1)).replace(day=1)
        elif "next" in lower:
            base = (base + dt.timedelta(days=32)).replace(day=1)
        return (*month_span(base.year, base.month), "period")
    if "quarter" in lower:
        number = (published.month - 1) // 3 + 1
        year = published.year
        if "last" in lower:
            number, year = (number - 1, year) if number > 1 else (4, year - 1)
        elif _AHEAD.search(lower):  # "next quarter", "the coming quarter"
            number, year = (number + 1, year) if number < 4 else (1, year + 1)
        return (*months_span(year, 3 * number - 2, 3 * number), "period")
    if _YEAR_BACK.search(lower):
        return (*year_span(ref - 1), "period")
    if _AHEAD.search(lower):
        return (*year_span(ref + 1), "period")
    if "same" in lower or "corresponding" in lower:
        return None
    return (*year_span(ref), "period")


def _count(word: str) -> float | None:
    """How many periods a count word says: "10", "nine" ("a" is one)."""
    return 1 if word == "a" else int(word) if word.isdigit() else parse_spelled(word)


def _year_to_date(count: str, unit: str, year: int | None, first_day: dt.date | None = None):
    """"the first nine months", "the first three quarters" of a year (or of the fiscal year starting on
    first_day): its first day to the end of the last of them."""
    months = int(_count(count) or 0) * (3 if unit == "quarters" else 1)
    if not 1 <= months <= 12:
        return None
    if first_day is not None:
        last = months_later(first_day, months - 1)
        return first_day, month_end(last.year, last.month), "period"
    if year is None:
        return None
    return (*months_span(year, 1, months), "period")




def _weekdays(names: list[str], published: dt.date | None):
    """"on Saturday" (and "Saturday and Sunday", "the weekend"): the most recent such days up to the
    publication date, as wire copy means them."""
    if published is None:
        return None
    if names == ["weekend"]:
        names = ["saturday", "sunday"]
    dates = []
    for name in names:
        back = (published.weekday() - WEEKDAYS.index(name)) % 7
        dates.append(published - dt.timedelta(days=back))
    return min(dates), max(dates), "period"


@functools.lru_cache(maxsize=1024)
def _past_n(count: str, unit: str, published: dt.date | None):
    if published is None:
        return None
    n = _count(count)
    if not n or n > 200:
        return None
    n = int(n)
    if unit == "years":
        return dt.date(published.year - n, 1, 1), dt.date(published.year - 1, 12, 31)
    if unit == "decades":
        return dt.date(published.year - 10 * n, 1, 1), dt.date(published.year - 1, 12, 31)
    if unit == "months":
        first = published.replace(day=1)
        return months_later(first, -n), first - dt.timedelta(days=1)
    days = n * (7 if unit == "weeks" else 1)
    return published - dt.timedelta(days=days), published


# "the highest level since 2013-14": a record's reference point, not the figure's period
SUPERLATIVES = (r"highest|lowest|largest|smallest|biggest|most|fewest|least|longest|shortest|hottest|coldest|"
                r"warmest|wettest|driest|fastest|slowest|strongest|weakest|worst|best|steepest|sharpest")
"""The superlatives a record ("the highest since 2013") or a run ("the smallest gain in three months") is told with."""
RECORD_WORDS = rf"{SUPERLATIVES}|first\s+time|record|peak"
RECORD_LEAD = CaselessPattern(rf"\b(?:{RECORD_WORDS}|level|levels)\b[^,.;]{{0,30}}$")
# a reporting verb right before a time ("data showed Friday"), or a passive one and its agent, or "according
# to", with no number between ("figures released by the bureau on Tuesday", "according to the agency on
# Sunday"; not "reported burglaries in Japan last month")
REPORTING_DAY = CaselessPattern(r"\b(?:said|says|showed|shows|announced|reported|released|published|told)\s+$"
                                r"|\b(?:(?:released|published|announced|issued|reported)\s+by|according\s+to)\b"
                                r"[^\d.;,]*$")
REPORT_REACH = 70
# when a report came out: a weekday, or "last week", "this month" right after a reporting verb
REPORT_TIME = CaselessPattern(r"(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                              r"|(?:last|this)\s+(?:week|month)")
REPORT_TIME_ENDS = frozenset("yYkKhH\u212a")
"""The characters a time REPORT_TIME takes can end with: those of "day", "week" and "month" in either case,
and the Kelvin sign, the one other character that case-blind matching equates with one of them ("k")."""
RECORD_SINCE = CaselessPattern(rf"\b(?:{RECORD_WORDS})\b[^,.;]{{0,12}}\bsince\b[^,.;]{{0,30}}$")


def _is_record_reference(text: str, mention: PeriodMention, floor: int) -> bool:
    """Whether the expression only dates a record ("the most since records began in 1980")."""
    window_start = max(floor, mention.start - 60)
    if mention.role == "since":
        return RECORD_LEAD.found_in(text, window_start, mention.start)
    return mention.role == "period" and RECORD_SINCE.found_in(text, window_start, mention.start)


# very common words that open period expressions only when a period word follows them
COMMON_OPENERS = ("the", "a", "in", "on", "to", "for", "at", "by", "up", "so", "over", "during", "that", "until",
                  "as", "from", "than", "since", "between", "compared")
COMMON_OPENER = rf"(?:{'|'.join(COMMON_OPENERS)})\b"
# the starts of what follows an opener (after up to two fillers) when it opens a period; only ever looked for
# in negative lookaheads, where the order of the words is immaterial, so they are written as a trie
PERIOD_STARTS_AFTER_OPENER = (
    "first second third fourth final 1st 2nd 3rd 4th latter last this next past previous preceding current coming "
    "same corresponding end year month quarter period half weekend fiscal financial far date now time whole mid early "
    "late jan feb "
    "mar apr may jun jul aug sep oct nov dec mon tue wed thu fri sat sun fy one two three four five six seven eight "
    "nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty ninety hundred spring summer autumn fall "
    "winter").split()
PERIOD_AFTER_OPENER = (r"[a-z]+\s+(?:(?:the|of|with|to|in|a)\s+){0,2}"
                       rf"(?:\d|q[1-4]|h[12]|a\s+year|a\s+month|on-|of\s+|{alternation(PERIOD_STARTS_AFTER_OPENER)})")
OPENER_WITHOUT_PERIOD = re.compile(f"(?i:(?={COMMON_OPENER})(?!{PERIOD_AFTER_OPENER}))")
# the ASCII letters a common opener begins with, in either case: at any other ASCII character
# OPENER_WITHOUT_PERIOD cannot match (case-blind matching equates an ASCII letter only with its other case
# among ASCII characters), so find_periods need not try it there
OPENER_INITIALS = frozenset(word[0] for word in COMMON_OPENERS) | frozenset(word[0].upper() for word in COMMON_OPENERS)


def quiet_openers(number_words: frozenset[str]) -> str:
    """For the word scanner, on lowered text: a regex matching where a common opener that is no number word
    opens no period (find_periods would skip it anyway; the scanner need not report it)."""
    words = "|".join(word for word in COMMON_OPENERS if word not in number_words)
    return f"(?=(?:{words})\\b)(?!{PERIOD_AFTER_OPENER})"


def digit_openers() -> str:
    """For the word scanner, on lowered text: what a period expression opening with a digit begins with (the
    grammar's alternatives that can: a year, a day before a month or an ordinal, "3rd quarter", a count of
    years or months, "12 months to", "three years ago"). Other digits open no period; the scanner need not
    report them."""
    month_initials = "".join(sorted({name[0] for name in lexicon()["month_names"]}))
    return rf"(?:19|20)\d\d|\d{{1,2}}(?:st|nd|rd|th|\s[{month_initials}])|\d+\s+(?:year|month)"


SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
"""A season's first and last month (northern hemisphere, meteorological); winter runs into the next year."""


def _season(name: str, year: int) -> tuple[dt.date, dt.date]:
    first, last = SEASONS[name]
    return dt.date(year, first, 1), month_end(year + (first > last), last)


def _relative_season(name: str, relation: str, published: dt.date) -> tuple[dt.date, dt.date]:
    """"this summer": the one of the publication year (winter: the one around it, or the coming one);
    "last"/"the past": the latest one over before publication; "next"/"the coming": the first one after it."""
    year = published.year - (name == "winter" and published.month <= SEASONS["winter"][1])
    this = _season(name, year)
    if relation in ("last", "the past"):
        return this if this[1] < published else _season(name, year - 1)
    if relation in ("next", "the coming"):
        return this if this[0] > published else _season(name, year + 1)
    return this


@functools.cache
def period_trigger_words() -> frozenset[str]:
    """Lower-case words that can open a period expression (digits open years)."""
    words = {phrase.split()[0].split("-")[0] for phrase in lexicon()["change_base_phrases"]}
    words |= set(lexicon()["month_names"]) | set(lexicon()["units_words"]) | set(lexicon()["tens_words"])
    words |= {"as", "since", "from", "between", "the", "a", "year", "twelve", "past", "last", "previous",
              "preceding", "current", "this", "same", "corresponding", "first", "second", "third", "fourth", "final",
              "1st", "2nd", "3rd", "4th", "latter", "fiscal", "financial", "fy", "early", "mid", "late", "end",
              "compared", "than", "next", "coming", "at", "by", "in", "over", "during", "on", "that", "for", "so", "to",
              "until", "up", "below", "above", "short", "monday", "tuesday",
              "wednesday", "thursday", "friday", "saturday", "sunday", "q1", "q2", "q3", "q4", "h1", "h2", "ytd",
              *SEASONS}
    return frozenset(words)


@functools.lru_cache(maxsize=1024)
def _ago(count: str, unit: str, published: dt.date | None):
    """"three years ago": the calendar year (or month) that many before publication."""
    if published is None:
        return None
    n = _count(count)
    if not n or n > 200:
        return None
    if unit.startswith("year"):
        return year_span(published.year - int(n))
    earlier = months_later(published.replace(day=1), -int(n))
    return month_span(earlier.year, earlier.month)


def _shift_unit(count: str, unit: str) -> str | None:
    """"four years earlier" -> "4 years", "a month before" -> "month": a shift's unit (timing.unit_months)."""
    n = _count(count)
    if not n or n != int(n) or n > 200:
        return None
    name = "year" if unit.startswith("year") else "month"
    return name if n == 1 else f"{int(n)} {name}s"


def find_periods(text: str, start: int, end: int, published: dt.date | None,
                 country: str | None = None, word_starts: list[int] | None = None) -> list[PeriodMention]:
    """Every period expression in text[start:end], leftmost-longest, in text order.
    word_starts: where period words start (from scan.WordScanner), found here when not given."""
    if word_starts is None:
        from pipeline.extract.scan import default_scanner

        word_starts = default_scanner().scan(text, start, end).period_starts
    grammar_from = _grammar_from
    mentions = []
    taken_until = start
    for position in word_starts:
        if position < taken_until:
            continue
        char = text[position]
        if char.isalpha() and (char in OPENER_INITIALS or not char.isascii()) \
                and OPENER_WITHOUT_PERIOD.match(text, position, end):
            continue  # "the", "in", "a" ... not followed by a period word: skip the full grammar
        # the grammar's alternatives that can begin with the character there (all of them past the end)
        pattern = grammar_from(char) if position < end else _grammar()
        if pattern is None:
            continue
        match = pattern.match(text, position, end)
        if match is None:
            continue
        taken_until = match.end()
        kind = match.lastgroup  # the alternative's own group closes last: "asof" around "asof_point"
        mention = _resolve(match, kind, published, country)  # type: ignore[arg-type]
        # (REPORT_TIME_ENDS turns away at once nearly all expressions, which REPORT_TIME cannot take)
        if mention is not None and text[match.end() - 1] in REPORT_TIME_ENDS \
                and REPORT_TIME.fullmatch(match.group()) \
                and REPORTING_DAY.found_in(text, max(start, position - REPORT_REACH), position):
            continue  # "data showed Friday", "published last month": when it was reported, nobody's period
        if mention is not None and _is_record_reference(text, mention, start):
            mention = _replaced(mention, role="record")
        elif mention is not None and kind == "ago" and mention.role == "period" \
                and FROM_BEFORE.search(text, max(start, position - 12), position):
            mention = _replaced(mention, role="from")  # "down 12 percent from five years ago": a base
        if mention is not None and mention.role == "target" and published is not None \
                and mention.period_end < published and not _YEAR.search(text, mention.start, mention.end) \
                and FUTURE_CUE.found_in(text, start, end):
            mention = _years_later(mention, 1)  # "expect the first cut by May", written in December: next May
        elif mention is not None and mention.role == "period" and published is not None \
                and mention.period_start is not None and mention.period_start > published \
                and YEARLESS_PART.fullmatch(text, mention.start, mention.end) \
                and not FUTURE_CUE.found_in(text, start, end):
            mention = _years_later(mention, -1)  # "its fourth-quarter profit", written in February: last year's
        elif mention is not None and mention.role == "period" and published is not None \
                and mention.period_end is not None and mention.period_end < published \
                and WEEKDAY_NAME.fullmatch(text, mention.start, mention.end) \
                and UP_TO.search(text, max(start, mention.start - 8), mention.start) \
                and FUTURE_CUE.found_in(text, start, end):
            mention = _replaced(mention, period_start=mention.period_start + WEEK,
                                period_end=mention.period_end + WEEK)  # "forecast ... through Monday"
        if mention is not None:
            mentions.append(mention)
    if any(mention.role == "elided" for mention in mentions):
        mentions = _elided_parts(text, mentions)
    return _same_year_parts(text, mentions)


FROM_BEFORE = re.compile(r"(?i)\b(?:from|than|since)\s+$")


ORDINAL_PART = {"second": 2, "third": 3, "fourth": 4, "final": 4, "latter": 2}


def _elided_parts(text: str, mentions: list[PeriodMention]) -> list[PeriodMention]:
    """"in the second" after "in the first quarter (of 2024)": that year's second quarter; dropped when no
    half or quarter comes before it."""
    resolved, part = [], None
    for mention in mentions:
        if mention.role != "elided":
            words = text[mention.start:mention.end].lower()
            if mention.period_start is not None and ("quarter" in words or "half" in words):
                part = ("quarter" if "quarter" in words else "half", mention.period_start.year)
            resolved.append(mention)
        elif part is not None and not (part[0] == "half" and mention.base_unit in ("third", "fourth", "final")):
            number = ORDINAL_PART[mention.base_unit]  # type: ignore[index]
            first_month = 3 * number - 2 if part[0] == "quarter" else 7
            last_month = first_month + 2 if part[0] == "quarter" else 12
            resolved.append(_replaced(mention, period_start=dt.date(part[1], first_month, 1),
                                      period_end=month_end(part[1], last_month), role="period"))
    return resolved


YEARLESS_PART = re.compile(r"(?i)(?:(?:in|during|for|over)\s+)?(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th|"
                           r"final|latter)[\s-]+(?:half|quarter)|(?:in\s+)?(?:Q[1-4]|H[12])")
PART_OF_A_YEAR = re.compile(r"(?i)\b(?:half|quarter)\b.*\b(?:\d{4}|year)\b")


def _same_year_parts(text: str, mentions: list[PeriodMention]) -> list[PeriodMention]:
    """"In the second half of last year, 9,870 cases were reported, down from 11,090 in the first half":
    a half or quarter named without its year is of the year of the half or quarter the sentence names
    with one, not of the publication year."""
    if len(mentions) < 2:
        return mentions
    anchor = next((m for m in mentions if m.role == "period" and m.period_start is not None
                   and PART_OF_A_YEAR.search(text, m.start, m.end)), None)
    if anchor is None:
        return mentions
    year = anchor.period_start.year
    return [_replaced(m, period_start=m.period_start.replace(year=year),
                      period_end=m.period_end.replace(year=year))
            if m.role == "period" and m.period_start is not None and m.period_start.year != year
            and YEARLESS_PART.fullmatch(text, m.start, m.end) else m for m in mentions]


def _core(match: re.Match, group: str, published, country):
    resolved = resolve_point(match.group(group), published, country)
    if resolved is None:
        return None, None
    period_start, period_end, point_kind = resolved
    core = None
    if point_kind in ("date", "year"):
        core = (match.start(group), match.end(group), period_start, period_end, point_kind)
    return (period_start, period_end), core


# "through Monday" in a sentence looking ahead: the coming Monday, not the last one
WEEKDAY_NAME = re.compile(WEEKDAY_NAMES)
UP_TO = re.compile(r"(?i)\b(?:through|until|till|by)\s+$")
WEEK = dt.timedelta(days=7)
# words saying a sentence looks ahead: a target month without a year in it is the next one
FUTURE_CUE = CaselessPattern(r"\b(?:will|expects?|expected|plans?|planned|aims?|forecasts?|projected|intends?)\b")


def _years_later(mention: PeriodMention, years: int) -> PeriodMention:
    """The expression's period (and date core) that many years later (earlier when negative)."""
    months = 12 * years
    core = mention.date_core and (*mention.date_core[:2], months_later(mention.date_core[2], months),
                                  months_later(mention.date_core[3], months), mention.date_core[4])
    start = mention.period_start and months_later(mention.period_start, months)
    end = months_later(mention.period_end, months)  # type: ignore[arg-type]
    return _replaced(mention, period_start=start, period_end=end, date_core=core)


def _resolve(match: re.Match, kind: str, published: dt.date | None, country: str | None):
    start, end = match.span()
    if kind == "point":  # the commonest kind, none of the others tested below
        return _resolve_by_point(match, kind, start, end, published, country)
    if kind == "base":
        unit = lexicon()["change_base_phrases"][match.group("base")]
        # "from three months earlier" holds a duration, a figure of its own; "from a year earlier" none
        return _new_mention(start, end, None, None, "base", base_unit=unit,
                            holds_duration=_COUNTED_UNITS.search(match.group("base")) is not None)
    if kind == "elided":  # read against the half or quarter before it (_elided_parts)
        return _new_mention(start, end, None, None, "elided", base_unit=match.group().split()[-1].lower())
    if kind == "ytd":
        return _new_mention(start, end, dt.date(published.year, 1, 1), published, "period") if published else None
    if kind == "sofar":
        return _new_mention(start, end, None, published, "stock")
    if kind == "season":  # "this summer" is placed by the publication date, and nowhere without one
        return _new_mention(start, end, *_relative_season(lexicon_key(match.group("season_name")),
                                                          " ".join(lexicon_key(match.group("season_rel")).split()),
                                                          published), "period") if published else None
    if kind == "seasony":
        return _new_mention(start, end, *_season(lexicon_key(match.group("seasony_name")),
                                                 int(match.group("seasony_year"))), "period")
    if kind == "samespan":  # "during the same seven months": that many months up to the period discussed
        n = _count(match.group("samespan_n").lower())
        run = f"run:{int(n)} {match.group('samespan_unit')}" if n and n == int(n) else "discussed"
        return _new_mention(start, end, None, None, "same", base_unit=run)
    if kind == "same":
        # "the same period"/"that period" point back to the last sentence; "the quarter" to the story's period
        pointer = "discussed" if _POINTS_BACK.search(match.group()) \
            else "story:quarter" if "quarter" in match.group().lower() else "story"
        return _new_mention(start, end, None, None, "same", base_unit=pointer)
    if kind == "samein":
        return _new_mention(start, end, *year_span(int(match.group("samein_year"))), "same", base_unit="in_year")
    if kind == "shift":
        phrase = match.group().lower()
        unit = "year" if "year" in phrase else "quarter" if "quarter" in phrase else "month"
        return _new_mention(start, end, None, None, "shift", base_unit=unit)
    if kind == "pastn":
        span = _past_n(match.group("pastn_n").lower(), match.group("pastn_unit"), published)
        return _new_mention(start, end, *span, "span", holds_duration=True) if span else None
    if kind == "ago":
        if not match.group().lower().endswith("ago"):  # "four years earlier": back from the period discussed
            shift = _shift_unit(match.group("ago_n").lower(), match.group("ago_unit"))
            if shift is None:
                return None
            return _new_mention(start, end, None, None, "shift", base_unit=shift, holds_duration=True)
        span = _ago(match.group("ago_n").lower(), match.group("ago_unit"), published)
        return _new_mention(start, end, *span, "period", holds_duration=True) if span else None
    if kind == "yrange":
        first, last = (int(y) for y in _YEAR.findall(match.group()))
        return _new_mention(start, end, dt.date(first, 1, 1), dt.date(last, 12, 31), "span") if first < last else None
    if kind == "dayrange":
        month, year = match.group("dayrange_month"), match.group("dayrange_year")
        a, b = (resolve_point(f"{month} {match.group(side)}" + (f", {year}" if year else ""), published, country)
                for side in ("dayrange_a", "dayrange_b"))
        if a is None or b is None or a[0] >= b[1]:
            return None
        return _new_mention(start, end, a[0], b[1], "period")
    if kind == "range":
        a = resolve_point(match.group("range_a"), published, country)
        b = resolve_point(match.group("range_b"), published, country)
        if a is None or b is None or a[0] > b[1]:
            return None
        return _new_mention(start, end, a[0], b[1], "span")
    if kind == "monthpart":
        resolved = resolve_point(match.group("monthpart_point"), published, country)
        count = _count(match.group("monthpart_n").lower())
        if resolved is None or not count:
            return None
        days = int(count) * (7 if match.group("monthpart_unit") == "weeks" else 1)
        first_day, last_day = resolved[0], resolved[1]
        if days > (last_day - first_day).days + 1:
            return None
        if match.group("monthpart_side") == "first":
            return _new_mention(start, end, first_day, first_day + dt.timedelta(days=days - 1), "period")
        return _new_mention(start, end, last_day - dt.timedelta(days=days - 1), last_day, "period")
    if kind == "yearto":
        resolved = resolve_point(match.group("yearto_point"), published, country)
        if resolved is None:
            return None
        period_end = resolved[1]  # "the year to March", "the three months to October": whole months back
        months = int(_count(match.group("yearto_n").lower()) or 0) if match.group("yearto_n") else 12
        if not 1 <= months <= 24:
            return None
        return _new_mention(start, end, months_later(period_end.replace(day=1), 1 - months), period_end, "period")
    return _resolve_by_point(match, kind, start, end, published, country)


POINT_GROUPS = {"asof": "asof_point", "since": "since_point", "frompoint": "frompoint_point", "target": "target_point",
                "point": "point"}
"""The alternatives read by their point expression (_resolve_by_point), and the group that holds it."""


def _resolve_by_point(match: re.Match, kind: str, start: int, end: int, published: dt.date | None,
                      country: str | None):
    """The mention of an alternative of POINT_GROUPS (a KeyError for another kind, as _resolve always gave)."""
    group = POINT_GROUPS[kind]
    span, core = _core(match, group, published, country)
    if span is None:
        return None
    if kind == "asof":
        is_year = _YEAR_WORD.search(match.group(group).lower().strip()) and "end of" not in match.group()
        return _new_mention(start, end, span[0] if is_year else None, span[1], "stock", core)
    if kind == "since":
        until = published if published is not None and published >= span[0] else None
        return _new_mention(start, end, span[0], until, "since", core)
    if kind == "target":
        return _new_mention(start, end, span[0], span[1], "target", core)
    if kind == "frompoint":
        return _new_mention(start, end, span[0], span[1], "from", core)
    return _new_mention(start, end, span[0], span[1], "period", core)
