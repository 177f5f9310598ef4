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


SCALE = r"\s?(?:hundred|thousand|million|billion|trillion)\b|(?:bn|mn|tn|m|k)\b"
# a digit run starting where no word, separator or sign touches it on the left (the lookbehind sits after
# the first digit so the regex engine can skip straight to digits)
DIGITS = re.compile(rf"\d(?<![\w.,:/\-]\d)(?:\d{{0,2}}(?:,\d{{3}})+(?:\.\d+)?|\d{{0,2}}(?:\.\d{{3}}){{2,}}(?:,\d+)?"
                    rf"|\d*(?:\.\d+)?)(?:{SCALE})?")

# telephone numbers: a trunk prefix or country code, or three digit groups joined by dashes
PHONE = re.compile(r"\d(?<![\w.,]\d)\d{1,4}[ .-]\d{3,4}[ .-]\d{4}(?![\w,])|\+\d{1,3}[ .-]?\(?\d{1,4}\)?(?:[ .-]\d{2,4}){2,3}"
                   r"|\(0\d{1,4}\)\s?\d{3,4}[ .-]?\d{4}")


@functools.cache
def _word_patterns() -> tuple[re.Pattern, frozenset[str]]:
    """The spelled-number grammar, tried only where a word can start a number, and those words."""
    words = lexicon()
    spelled_word = alternation(list(_spelled_values()))
    spelled = rf"{spelled_word}(?:(?:-|\s+|\s+and\s+){spelled_word})*"
    ratio_links = alternation(words["ratio_links"])
    ratio_side = rf"(?:{NUMERIC}|{spelled_word})"
    parts = [
        rf"(?P<ratio>{spelled_word}\s+{ratio_links}\s+(?!(?:19|20)\d\d\b){ratio_side}(?![\w,]))",
        rf"(?P<multiplier>{alternation(words['multiplier_words'])})\b",
        rf"(?P<dozen>{alternation(words['dozen_words'])})\b",
        rf"(?P<fraction>{alternation(words['fractions'])})\b",
        r"(?P<scaled_a>a\s+(?:hundred|thousand|million|billion))\b",
        rf"(?P<spelled>{spelled})\b",
    ]
    heads = {phrase.split()[0].split("-")[0] for group in ("multiplier_words", "dozen_words", "fractions")
             for phrase in words[group]}
    heads |= set(_spelled_values()) | {"a"}
    return re.compile("(?i:" + "|".join(parts) + ")"), frozenset(heads)


@functools.cache
def _digit_tails() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """What can sit around a digit token: a currency before it, a ratio or "-fold" after it."""
    words = lexicon()
    spelled_word = alternation(list(_spelled_values()))
    symbols = alternation(words["currencies"]["symbols"])
    codes = alternation(words["currencies"]["codes"])
    currency_before = re.compile(rf"(?:{symbols}|\b{codes}\s?)\s?$")
    ratio = re.compile(rf"\s+(?i:{alternation(words['ratio_links'])})\s+(?!(?:19|20)\d\d\b)"
                       rf"(?:{NUMERIC}|(?i:{spelled_word}))(?![\w,])")
    fold = re.compile(r"\s?-?\s?fold\b")
    return currency_before, ratio, fold


def number_head_words() -> frozenset[str]:
    """Lower-case words that can open a spelled number, fraction, multiplier or ratio."""
    return _word_patterns()[1]


def _candidates(text: str, start: int, end: int, word_starts: list[int]):
    """(kind, start, end, match) of every number-like token, in text order, not overlapping."""
    word_pattern = _word_patterns()[0]
    phones = [m.span() for m in PHONE.finditer(text, start, end)]
    found = [("digits", m.start(), m.end(), m) for m in DIGITS.finditer(text, start, end)
             if not any(a <= m.start() < b for a, b in phones)]
    digit_spans = [(m.start(), m.end()) for _, _, _, m in found]
    taken_until = start
    for position in word_starts:
        if position < taken_until or any(a <= position < b for a, b in digit_spans):
            continue
        match = word_pattern.match(text, position, end)
        if match:
            found.append((match.lastgroup, match.start(), match.end(), match))
            taken_until = match.end()
    found.sort(key=lambda item: item[1])
    return found


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
    parts = re.split(rf"\s+{alternation(lexicon()['ratio_links'])}\s+", phrase.lower())
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


def find_numbers(text: str, start: int, end: int, word_starts: list[int] | None = None) -> list[NumberMention]:
    """Numeric tokens in text[start:end] with their value and the kind their wording implies.
    word_starts: where number words start (from scan.WordScanner), found here when not given."""
    if word_starts is None:
        from pipeline.extract.scan import default_scanner

        word_starts = default_scanner().scan(text, start, end).number_starts
    percent, currency, time_unit, times, glued = _follow_patterns()
    currency_before, ratio_tail, fold_tail = _digit_tails()
    symbols = lexicon()["currencies"]["symbols"]
    currency_words = lexicon()["currencies"]["words"]
    found = []
    for kind, s, e, match in _candidates(text, start, end, word_starts):
        surface = text[s:e]
        lower = surface.lower()
        if kind == "ratio":
            value = _ratio_value(surface)
            if value is not None:
                found.append(NumberMention(s, e, value, "ratio", None, spelled=True))
            continue
        if kind == "multiplier":
            found.append(NumberMention(s, e, float(lexicon()["multiplier_words"][lower]), "multiplier", None, True))
            continue
        if kind == "fraction":
            found.append(NumberMention(s, e, lexicon()["fractions"][" ".join(lower.split())], "ratio", None, True))
            continue
        if kind == "dozen":
            found.append(NumberMention(s, e, float(lexicon()["dozen_words"][" ".join(lower.split())]), None, None, True))
            continue
        if kind == "scaled_a":
            found.append(NumberMention(s, e, float(lexicon()["scale_words"][lower.split()[-1]]), None, None, True))
            continue
        if kind == "spelled":
            if lower == "one" and _is_excluded_one(text, s, e):
                continue
            value = parse_spelled(surface)
            if value is None:
                continue
            mention = NumberMention(s, e, value, None, None, True)
        else:
            tail = ratio_tail.match(text, e, end)
            if tail and not re.search(r"[a-z]$", surface):
                value = _ratio_value(text[s:tail.end()])
                if value is not None:
                    found.append(NumberMention(s, tail.end(), value, "ratio", None))
                    continue
            tail = fold_tail.match(text, e, end)
            if tail:
                found.append(NumberMention(s, tail.end(), parse_numeric(surface), "multiplier", None))
                continue
            token, scale = _scale_of(surface)
            prefix = currency_before.search(text, max(start, s - 6), s)
            if prefix:
                code = prefix.group().strip()
                found.append(NumberMention(s, e, parse_numeric(token) * scale, "currency", symbols.get(code, code)))
                continue
            if glued.match(text, e) or _reference_marker(text, s):
                continue
            if s > 1 and text[s - 1] == "-" and text[s - 2].isalpha():
                continue
            mention = NumberMention(s, e, parse_numeric(token) * scale, None, None)
        e = mention.end
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
