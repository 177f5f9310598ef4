"""Number grammar: finds numeric tokens in text (digits with separators and scale words, spelled
numbers, fractions, ratios, multipliers) and reads their value and the kind their own wording implies
(percent, currency, duration, multiplier, ratio). Context beyond the token is not this module's job."""
from __future__ import annotations

import dataclasses
import functools
import re

from pipeline.extract.lexicon import alternation, lexicon

NUMERIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|\d+(?:\.\d+)?"


@dataclasses.dataclass(slots=True)
class NumberMention:
    start: int
    end: int
    value: float
    kind: str | None
    unit: str | None
    spelled: bool = False
    qualifier: str | None = None


@functools.cache
def _spelled_values() -> dict[str, int]:
    words = lexicon()
    values = dict(words["units_words"])
    values.update(words["tens_words"])
    values.update({k: v for k, v in words["scale_words"].items() if len(k) > 3})
    return values


def parse_spelled(phrase: str) -> float | None:
    """Value of a spelled number ("one hundred and twenty-five" -> 125); None if not one."""
    values = _spelled_values()
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", phrase.lower()):
        if word in ("and", ""):
            continue
        value = values.get(word)
        if value is None:
            return None
        seen = True
        if value == 100:
            current = (current or 1) * 100
        elif value >= 1000:
            total += (current or 1) * value
            current = 0
        else:
            current += value
    return float(total + current) if seen else None


def parse_numeric(token: str) -> float:
    """Value of a digit token: "7,091" -> 7091, "58.000" -> 58000, "1.234.567" -> 1234567, "19.4" -> 19.4."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?", token):
        return float(token.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}\.000", token):
        return float(token.replace(".", ""))
    return float(token.replace(",", ""))


@functools.cache
def _token_pattern() -> re.Pattern:
    words = lexicon()
    spelled_word = alternation(list(_spelled_values()))
    spelled = rf"{spelled_word}(?:(?:-|\s+|\s+and\s+){spelled_word})*"
    symbols = alternation(words["currencies"]["symbols"])
    codes = alternation(words["currencies"]["codes"])
    scale = r"\s?(?:hundred|thousand|million|billion|trillion)\b|(?:bn|mn|tn|m|k)\b"
    number = rf"(?:{NUMERIC})(?:{scale})?"
    ratio_links = alternation(words["ratio_links"])
    ratio_side = rf"(?:{NUMERIC}|(?i:{spelled_word}))"
    fraction = alternation(words["fractions"])
    multiplier = alternation(words["multiplier_words"])
    dozen = alternation(words["dozen_words"])
    parts = [
        rf"(?P<ratio>(?<![\w.,]){ratio_side}\s+(?i:{ratio_links})\s+(?!(?:19|20)\d\d\b){ratio_side}(?![\w,]))",
        rf"(?P<fold>(?<![\w.,])(?:{NUMERIC})\s?-?\s?fold\b)",
        rf"(?P<money>(?:{symbols}|\b{codes}\s?)\s?(?P<money_number>{number}))",
        rf"(?P<numeric>(?<![\w.,:/\-]){number})",
        rf"(?i:(?P<multiplier>\b{multiplier}\b))",
        rf"(?i:(?P<dozen>\b{dozen}\b))",
        rf"(?i:(?P<fraction>\b{fraction}\b))",
        rf"(?i:(?P<scaled_a>\ba\s+(?:hundred|thousand|million|billion)\b))",
        rf"(?i:(?P<spelled>\b{spelled}\b))",
    ]
    return re.compile("|".join(parts))


@functools.cache
def _follow_patterns():
    words = lexicon()
    percent = alternation(words["percent_words"])
    currency_words = alternation(list(words["currencies"]["words"]) + words["currencies"]["codes"])
    time_units = alternation(words["time_units"])
    return (
        re.compile(rf"\s?(?:%|{percent}\b)"),
        re.compile(rf"\s?(?P<cur>{currency_words})\b"),
        re.compile(rf"[\s-](?P<unit>{time_units})(?P<old>[\s-]old)?\b"),
        re.compile(r"\s+times\b"),
        re.compile(r"(?:st|nd|rd|th)\b|\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|:\d|[-/]\d|\.\d|[A-Za-z]"),
    )


def _scale_of(token: str) -> tuple[str, float]:
    match = re.search(r"\s?(hundred|thousand|million|billion|trillion)$|(bn|mn|tn|m|k)$", token)
    if not match:
        return token, 1.0
    word = match.group(1) or match.group(2)
    return token[:match.start()], float(lexicon()["scale_words"][word])


def _ratio_value(phrase: str) -> float | None:
    parts = re.split(r"\s+(?:in every|of every|out of|in)\s+", phrase.lower())
    if len(parts) != 2:
        return None
    values = [parse_numeric(p) if p[0].isdigit() else parse_spelled(p) for p in parts]
    if None in values or not values[1] or values[0] > values[1]:
        return None
    return values[0] / values[1]


def _is_excluded_one(text: str, start: int, end: int) -> bool:
    """A spelled "one" that counts nothing ("one of the", "no one")."""
    rules = lexicon()["spelled_one_exclusions"]
    before = re.search(r"([\w']+)\s*$", text[max(0, start - 20):start])
    after = re.match(r"\s*([\w']+)", text[end:end + 20])
    return bool((before and before.group(1).lower() in rules["before"]) or
                (after and after.group(1).lower() in rules["after"]) or after is None)


def _reference_marker(text: str, start: int) -> bool:
    before = re.search(r"([\w.#]+)\s*$", text[max(0, start - 16):start])
    return bool(before and before.group(1).lower() in lexicon()["reference_markers"])


def find_numbers(text: str, start: int, end: int) -> list[NumberMention]:
    """Numeric tokens in text[start:end] with their value and the kind their wording implies."""
    percent, currency, time_unit, times, glued = _follow_patterns()
    symbols = lexicon()["currencies"]["symbols"]
    currency_words = lexicon()["currencies"]["words"]
    found = []
    for match in _token_pattern().finditer(text, start, end):
        kind = match.lastgroup
        s, e = match.span()
        surface = match.group()
        if kind == "ratio":
            value = _ratio_value(surface)
            if value is not None:
                found.append(NumberMention(s, e, value, "ratio", None))
            continue
        if kind == "fold":
            found.append(NumberMention(s, e, parse_numeric(re.match(NUMERIC, surface).group()), "multiplier", None))
            continue
        if kind == "multiplier":
            value = lexicon()["multiplier_words"][surface.lower()]
            found.append(NumberMention(s, e, float(value), "multiplier", None, spelled=True))
            continue
        if kind == "fraction":
            found.append(NumberMention(s, e, lexicon()["fractions"][surface.lower()], "ratio", None, spelled=True))
            continue
        if kind == "dozen":
            found.append(NumberMention(s, e, float(lexicon()["dozen_words"][surface.lower()]), None, None, True))
            continue
        if kind == "scaled_a":
            found.append(NumberMention(s, e, float(lexicon()["scale_words"][surface.split()[-1].lower()]),
                                       None, None, True))
            continue
        if kind == "money":
            s = match.start("money_number")
            prefix = match.group()[:s - match.start()].strip()
            token, scale = _scale_of(match.group("money_number"))
            code = symbols.get(prefix, prefix if prefix.isalpha() else None)
            found.append(NumberMention(s, e, parse_numeric(token) * scale, "currency", code))
            continue
        spelled = kind == "spelled"
        if spelled:
            if surface.lower() == "one" and _is_excluded_one(text, s, e):
                continue
            value = parse_spelled(surface)
            if value is None:
                continue
        else:
            if glued.match(text, e) or _reference_marker(text, s):
                continue
            if s > 1 and text[s - 1] == "-" and text[s - 2].isalpha():
                continue
            token, scale = _scale_of(surface)
            value = parse_numeric(token) * scale
        mention = NumberMention(s, e, value, None, None, spelled)
        follow = percent.match(text, e)
        if follow:
            mention.kind, mention.unit = "percent", "percent"
            if "point" in follow.group():
                mention.unit = "percentage points"
        elif (follow := currency.match(text, e)):
            mention.kind = "currency"
            mention.unit = currency_words.get(follow.group("cur"), follow.group("cur"))
        elif (follow := time_unit.match(text, e)):
            unit = lexicon()["time_units"][follow.group("unit")]
            if follow.group("old"):
                mention.kind, mention.unit = "other", "years old"
            else:
                mention.kind, mention.unit = "duration", unit
                mention.end = follow.end("unit")
        elif times.match(text, e):
            mention.kind = "multiplier"
        found.append(mention)
    return found
