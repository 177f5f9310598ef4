"""Number grammar: finds numeric tokens in text (digits with separators and scale words, spelled
numbers, fractions, ratios, multipliers) and reads their value and the kind their own wording implies
(percent, currency, duration, multiplier, ratio). Context beyond the token is not this module's job."""
from __future__ import annotations

import dataclasses
import decimal
import functools
import operator
import re

from pipeline.extract.caseless import CaselessPattern, ascii_twin, match_openers, reads_as_ascii
from pipeline.extract.lexicon import (alternation, currency_sign_ends, currency_sign_pattern, lexicon, lexicon_key,
                                       word_set)

NUMERIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|\d+(?:\.\d+)?"


@dataclasses.dataclass(slots=True)
class NumberMention:
    start: int
    end: int
    value: float | None  # None for a month or year that is itself data
    kind: str | None
    unit: str | None
    spelled: bool = False
    qualifier: str | None = None


SPELLED_SEPARATORS = re.compile(r"[\s-]+")
DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?")
DOT_THOUSAND = re.compile(r"\d{1,3}\.000")
DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")


@functools.cache
def _spelled_values() -> dict[str, int]:
    words = lexicon()
    values = dict(words["units_words"])
    values.update(words["tens_words"])
    values.update({k: v for k, v in words["scale_words"].items() if len(k) > 3})
    return values


@functools.lru_cache(maxsize=4096)
def parse_spelled(phrase: str) -> float | None:
    """Value of a spelled number ("one hundred and twenty-five" -> 125); None if not one."""
    values = _spelled_values()
    total = current = 0
    seen = False
    for word in SPELLED_SEPARATORS.split(phrase.lower()):
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


def parse_numeric(token: str, european: bool = False) -> float:
    """Value of a digit token: "7,091" -> 7091, "19.4" -> 19.4, "1.234.567" -> 1234567, "58.000" -> 58000;
    with european separators "4,8" -> 4.8 and "412.300" -> 412300."""
    if european:
        integer, _, fraction = token.partition(",")
        return float(integer.replace(".", "") + ("." + fraction.replace(",", "") if fraction else ""))
    if "." not in token and "," not in token:
        return float(token)
    if DOTTED_THOUSANDS.fullmatch(token):
        return float(token.replace(".", "").replace(",", "."))
    if DOT_THOUSAND.fullmatch(token):
        return float(token.replace(".", ""))
    if DECIMAL_COMMA.fullmatch(token):
        return float(token.replace(",", "."))
    return float(token.replace(",", ""))


# a digit touching no digit or separator on its left (lookbehind after the first digit, so the regex engine
# skips straight to digits), then "1.234" or "4,8" (European), "1,234" or "4.8" (English)
EUROPEAN_EVIDENCE = re.compile(r"\d(?<![\d.,]\d)(?:\d{0,2}(?:\.\d{3})+(?![\d.,])|\d*,\d{1,2}(?![\d,]))")
ENGLISH_EVIDENCE = re.compile(r"\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+(?![\d,])|\d*\.\d{1,2}(?![\d.]))")
# the ASCII twins of the whole-text passes skip through text that reads_as_ascii faster
EUROPEAN_EVIDENCE_ASCII, ENGLISH_EVIDENCE_ASCII = ascii_twin(EUROPEAN_EVIDENCE), ascii_twin(ENGLISH_EVIDENCE)


# "1,234", "1.234.567", "4,8" and, in Indian grouping, "1,24,816" (a lakh and more) and "12,34,56,789"
ENGLISH_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d{1,3}(?:\.\d{3}){2,}(?![\d.])|\d+,\d{1,2}(?![\d,])"
                           r"|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?")
EUROPEAN_TOKEN = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.])|\d+(?:,\d+)?(?![\d,])|\d+(?:\.\d{1,2})?")


def uses_european_separators(text: str) -> bool:
    """Whether an article writes "1.234,5" rather than "1,234.5" (decided by which form it uses more)."""
    if reads_as_ascii(text):
        european_evidence, english_evidence = EUROPEAN_EVIDENCE_ASCII, ENGLISH_EVIDENCE_ASCII
    else:
        european_evidence, english_evidence = EUROPEAN_EVIDENCE, ENGLISH_EVIDENCE
    european = len(european_evidence.findall(text))
    return european > 0 and european > len(english_evidence.findall(text))


def _scale_words() -> tuple[str, str]:
    """The scale words after a number ("million", "crore"), and those glued on as a suffix ("bn", "m")."""
    suffixes = lexicon()["short_scale_suffixes"]
    return (alternation(word for word in lexicon()["scale_words"] if word not in suffixes), alternation(suffixes))


SCALE = r"\s?{}\b|{}\b".format(*_scale_words())
# a digit run starting where no word or separator touches it on the left, nor a hyphen glued to something
# before it ("COVID-19", "2018-22"; "-0.6%" after a space is a minus sign: see _take_sign); the lookbehinds sit
# after the first digit so the regex engine can skip straight to digits
# (a currency word glued on, "W1.2 trillion" or "Rs42 crore", touches it and is no word of its own)
GLUED_PREFIXES = "".join(rf"|(?<=\b{word}\d)" for word in lexicon()["currencies"]["prefix_words"] if word.isalpha())
DIGITS = re.compile(rf"\d(?<![.,:/]\d)(?:(?<!\w\d){GLUED_PREFIXES})(?<![^\s(\[]-\d)\d*(?:[.,]\d+)*(?:{SCALE})?")
DIGITS_ASCII = ascii_twin(DIGITS)

# telephone numbers: a trunk prefix or country code, or three digit groups joined by dashes (the first
# character is consumed before the lookbehinds so the regex engine can skip to digits, "+" and "(")
PHONE = re.compile(r"[\d+(](?:(?<=\d)(?<![\w.,]\d)\d{1,4}[ .-]\d{3,4}[ .-]\d{4}(?![\w,])"
                   r"|(?<=\+)\d{1,3}[ .-]?\(?\d{1,4}\)?(?:[ .-]\d{2,4}){2,3}|(?<=\()0\d{1,4}\)\s?\d{3,4}[ .-]?\d{4})")
PHONE_ASCII = ascii_twin(PHONE)


SCALED_BY_A = ("hundred", "thousand", "million", "billion")  # "a hundred", "a million"


@functools.cache
def _after_a() -> frozenset[str]:
    """The letters (lower case) the next word opens with in the wordings that open with the word "a" and white
    space ("a dozen", "a third", "a million"): where "a" and white space are followed by another ASCII
    character, the spelled-number grammar cannot match ("a" is the commonest word opening a number, and
    nearly always opens none). Every other wording opens with a longer word, none with a bare "a"."""
    words = lexicon()
    phrases = [phrase.lower() for group in ("multiplier_words", "dozen_words", "fractions") for phrase in words[group]]
    phrases += list(_spelled_values())
    if "a" in phrases:
        raise ValueError("a bare 'a' as a number word: every character may follow it")
    openers = {phrase[1:].lstrip()[:1] for phrase in phrases if phrase[:1] == "a" and phrase[1:2].isspace()}
    return frozenset(openers | {word[0] for word in SCALED_BY_A})


@functools.cache
def _word_patterns() -> tuple[re.Pattern, frozenset[str]]:
    """The spelled-number grammar, tried only where a word can start a number, and those words."""
    words = lexicon()
    spelled_word = alternation(list(_spelled_values()))
    spelled = rf"{spelled_word}(?:(?:-|\s+|\s+and\s+){spelled_word})*"
    ratio_links = alternation(words["ratio_links"])
    ratio_side = rf"(?:{NUMERIC}|{spelled_word})"
    parts = [
        rf"(?P<ratio>{spelled_word}(?:\s+|-){ratio_links}(?:\s+|-)(?!(?:19|20)\d\d\b){ratio_side}(?![\w,]))",
        rf"(?P<multiplier>{alternation(words['multiplier_words'])})\b",
        rf"(?P<dozen>{alternation(words['dozen_words'])})\b",
        # not "a third-quarter profit" nor "a third straight quarter" (ordinals)
        rf"(?P<fraction>{alternation(words['fractions'])})\b(?!-[a-z]|\s+{alternation(words['ordinal_followers'])}\b)",
        rf"(?P<scaled_a>a\s+(?:{'|'.join(SCALED_BY_A)}))\b",
        rf"(?P<spelled>{spelled})\b",
    ]
    heads = {phrase.split()[0].split("-")[0] for group in ("multiplier_words", "dozen_words", "fractions")
             for phrase in words[group]}
    heads |= set(_spelled_values()) | {"a"}
    return re.compile("(?i:" + "|".join(parts) + ")"), frozenset(heads)


@functools.cache
def _digit_tails() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """What can sit around a digit token: a currency before it; a ratio or (else) "-fold" after it, in one
    regex, and "-fold" alone for when the ratio fits but does not read as one."""
    words = lexicon()
    spelled_word = alternation(list(_spelled_values()))
    codes = alternation(words["currencies"]["codes"])
    currency_before = re.compile(rf"(?:{currency_sign_pattern()}|\b{codes}\s?)\s?$")
    ratio = (rf"(?:\s+|-)(?i:{alternation(words['ratio_links'])})(?:\s+|-)(?!(?:19|20)\d\d\b)"
             rf"(?:{NUMERIC}|(?i:{spelled_word}))(?![\w,])")
    fold = r"\s?-?\s?fold\b"
    return currency_before, re.compile(rf"(?P<ratio>{ratio})|(?P<fold>{fold})"), re.compile(fold)


def number_head_words() -> frozenset[str]:
    """Lower-case words that can open a spelled number, fraction, multiplier or ratio."""
    return _word_patterns()[1]


def may_hold_phone_numbers(text: str) -> bool:
    """False when no telephone number is anywhere in the text, so none is in any part of it that ends
    before white space or at the end (a sentence): a match there would also be one in the whole text."""
    return (PHONE_ASCII if reads_as_ascii(text) else PHONE).search(text) is not None


def find_digit_runs(text: str) -> tuple[list[re.Match], list[int]]:
    """Every digit token of the text (one pass for all its sentences: see scan.matches_within) and their
    start offsets."""
    matches = list((DIGITS_ASCII if reads_as_ascii(text) else DIGITS).finditer(text))
    return matches, [match.start() for match in matches]


def _candidates(text: str, start: int, end: int, word_starts: list[int], phones_possible: bool = True,
                digit_runs: list[re.Match] | None = None):
    """(kind, start, end, match) of every number-like token, in text order, not overlapping."""
    phones = [m.span() for m in PHONE.finditer(text, start, end)] if phones_possible else []
    if digit_runs is None:
        digit_runs = list(DIGITS.finditer(text, start, end))
    if phones:
        found = [("digits", m.start(), m.end(), m) for m in digit_runs
                 if not any(a <= m.start() < b for a, b in phones)]
    else:
        found = [("digits", m.start(), m.end(), m) for m in digit_runs]
    if not word_starts:
        return found  # the digit runs alone, in text order
    word_pattern = _word_patterns()[0]
    after_a = _after_a()
    digit_spans = [(s, e) for _, s, e, _ in found]
    taken_until = start
    words_found = False
    for position in word_starts:
        if position < taken_until or digit_spans and any(a <= position < b for a, b in digit_spans):
            continue
        if text[position] in "aA" and text[position + 1:position + 2].isspace():
            following = text[position + 2:position + 9].lstrip()[:1]  # "" if white space runs on: no claim
            if following and following.isascii() and following.lower() not in after_a:
                continue  # "a" opening no number: see _after_a
        match = word_pattern.match(text, position, end)
        if match:
            found.append((match.lastgroup, match.start(), match.end(), match))  # type: ignore[arg-type]
            taken_until = match.end()
            words_found = True
    if words_found:  # (the digit runs alone are in text order already: sorting would not move them)
        found.sort(key=_START)
    return found


_START = operator.itemgetter(1)  # a candidate's start offset


@functools.cache
def _follow_patterns():
    words = lexicon()
    percent = alternation(words["percent_words"])
    currency_words = alternation(list(words["currencies"]["words"]) + words["currencies"]["codes"])
    time_units = alternation(words["time_units"])
    times = r"\s+times\b"
    measurement = rf"\s?(?P<measure>{alternation(words['measurement_units'])})\b"
    # the wordings after a number that give its kind, in order of precedence: the first that fits wins
    kinds = (rf"(?P<percent>[\s-]?(?:%|{percent}\b))|[\s-]?(?P<cur>{currency_words})\b"
             rf"|[\s-](?:(?:consecutive|straight|successive|working|business|calendar)\s+)?(?P<unit>{time_units})"
             rf"(?P<old>[\s-]old)?\b|(?P<times>{times})|{measurement}")  # "16 consecutive weeks", "209 working hours"
    # what makes a digit token no count: glued on ("5th", "10am", "3:30", "2022-23", "5G"), or a name ("112 hotline")
    # (a letter glued on is no count unless it opens a percent or measurement unit: "40pc", "5km", "35C")
    glued = (r"(?:st|nd|rd|th)\b|\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|:\d|[-/]\d|\.\d"
             rf"|(?!(?:pc|pct|{alternation(words['measurement_units'])})\b)[A-Za-z]")
    # "112 hotline"; "10 Downing Street", an address
    follower = (rf"(?i:\s+{alternation(words['reference_follows'])}\b)"
                rf"|\s+(?:[A-Z][a-z]+\s+){{1,3}}{alternation(words['street_words'])}(?!\w)")
    return (
        re.compile(kinds),
        re.compile(rf"(?P<times>{times})|{measurement}"),  # after a time unit that was only an adjective
        # after a digit token, one regex: either it is no count (whichever fits) or the first kind that fits
        re.compile(rf"(?P<glued>{glued})|(?P<follower>{follower})|{kinds}"),
    )


@functools.cache
def _tail_openers() -> tuple[frozenset[str], frozenset[str]]:
    """The ASCII characters that can begin "-fold" or a ratio (_digit_tails) and the wording after a digit token
    (_follow_patterns); most numbers are followed by "." or ",", where neither regex need be tried."""
    return match_openers(_digit_tails()[1]), match_openers(_follow_patterns()[2])


SCALE_SUFFIX = re.compile(r"\s?({})$|({})$".format(*_scale_words()))


def _scale_of(token: str) -> tuple[str, float]:
    if token[-1].isdigit():  # the common case: no scale word
        return token, 1.0
    match = SCALE_SUFFIX.search(token)
    if not match:
        return token, 1.0
    word = match.group(1) or match.group(2)
    return token[:match.start()], float(lexicon()["scale_words"][word])


@functools.cache
def _ratio_link() -> re.Pattern:
    return re.compile(rf"(?:\s+|-){alternation(lexicon()['ratio_links'])}(?:\s+|-)")  # "1 in 10", "one-in-four"


@functools.lru_cache(maxsize=4096)
def _ratio_value(phrase: str) -> float | None:
    parts = _ratio_link().split(phrase.lower())
    if len(parts) != 2:
        return None
    values = [parse_numeric(ENGLISH_TOKEN.match(p).group()) if p[0].isdigit() else parse_spelled(p) for p in parts]
    if None in values or not values[1] or values[0] > values[1]:
        return None
    return values[0] / values[1]


HYPHENED_WORD = re.compile(r"-([a-z]+)")
WORD_BEFORE = re.compile(r"([\w']+)\s*$")
WORD_AFTER = re.compile(r"\s*([\w']+)")


def _is_excluded_one(text: str, start: int, end: int) -> bool:
    """A spelled "one" that counts nothing ("one of the", "no one", "from one ship to another")."""
    rules = lexicon()["spelled_one_exclusions"]
    if text[end:end + 1] == "-":
        joined = HYPHENED_WORD.match(text[end:end + 12].lower())
        return bool(joined and joined.group(1) in rules["hyphen_after"])
    before = WORD_BEFORE.search(text[max(0, start - 20):start])
    after = WORD_AFTER.match(text[end:end + 20])
    return bool((before and before.group(1).lower() in rules["before"]) or
                (after and after.group(1).lower() in rules["after"]) or after is None
                or _one_idiom().match(text, end, end + 40))


@functools.cache
def _one_idiom() -> re.Pattern:
    """"one <word> to another", "one <word> after another": a "one" that counts nothing."""
    phrases = lexicon()["spelled_one_exclusions"]["after_a_word"]
    return re.compile(r"\s+[\w'-]+\s+(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases) + r")\b",
                      re.IGNORECASE)


RANGE_LINKS = ("and", "or", "to", "-")  # "aged 18 to 24"


def _mirrored(words) -> str:
    """An alternation of the words spelled backwards, for a pattern matched on reversed text."""
    return alternation({word[::-1] for word in words})


@functools.cache
def _reference_patterns() -> tuple[CaselessPattern, re.Pattern]:
    """Numbers that name rather than count: after "No."/"Article"/"dial" or "aged". The pattern, anchored at
    the end of the words before the number, and its mirror image for the lower-cased words reversed: the
    same words, each lookbehind turned into a lookahead, so that a match ending at the number is one match
    tried where the reversed text starts rather than a search through every position of the window."""
    words = lexicon()
    markers = {word.lower() for word in words['reference_markers'] + words['reference_leads']}
    ages = {word.lower() for word in words['age_leads']}
    marker = rf"(?<![\w.#]){alternation(markers)}\s*$"
    # "aged 15 to 29", "aged between 15 and 29", "in their 20s"
    age = rf"\b{alternation(ages)}\s+(?:(?:between|from)\s+)?(?:\d+\s*{alternation(RANGE_LINKS)}\s*)?$|\bin\s+their\s+$"
    mirrored = (rf"\s*{_mirrored(markers)}(?![\w.#])"
                rf"|(?:\s*{_mirrored(RANGE_LINKS)}\s*\d+)?(?:\s+(?:neewteb|morf))?\s+{_mirrored(ages)}\b"
                rf"|\s+rieht\s+ni\b")
    return CaselessPattern(f"{marker}|{age}"), re.compile(mirrored)


def _named_by_words_before(text: str, start: int) -> bool:
    """"No. 3", "dial 112", "aged 40": the words before the number make it a name or an age, not a count
    (the words after it, "112 hotline", are read with the number's kind: _follow_patterns)."""
    window = start - 24 if start > 24 else 0  # not bounded by the sentence: "Tel. 0381 ..." splits after "Tel."
    pattern, mirrored = _reference_patterns()
    low = window - pattern.reach if window > pattern.reach else 0  # what the lookbehinds at the window's start see
    before = text[low:start]
    if not before.isascii():
        return pattern.found_in(text, window, start)
    # any match of the pattern ending at the window's end is a match of the mirror at the start of the reversed
    # window and the other way round; one running into the characters before the window is none of the pattern
    # unless a shorter one is, which the pattern itself tells
    found = mirrored.match(before.lower()[::-1])
    return found is not None and (found.end() <= start - window or pattern.found_in(text, window, start))


def _is_appositive_age(text: str, s: int) -> bool:
    """"Jane Moss, 45, said", "the driver, 34, was hurt": an age set off by commas after a name or a person."""
    before = APPOSITIVE_BEFORE.search(text, max(0, s - 30), s)
    return before is not None and (before.group(1) is None or before.group(1).lower() not in word_set("month_names"))


APPOSITIVE_BEFORE = re.compile(r"(?:\b([A-Z][a-z]+)|\b(?:man|woman|boy|girl|driver|mother|father|son|daughter|"
                               r"wife|husband|victim|suspect|resident|teenager|student|worker|officer|pensioner|"
                               r"retiree|farmer|owner|nurse|teacher|doctor|patient)),\s$")
# "a woman aged 29" is one person's age, a figure; "people aged 65 and older" bounds a group (only A, a, G, g, E,
# e, D and d match its letters of "aged" case-insensitively, so a window not ending in "aged" and white space, as
# lowered, cannot match)
PERSON_AGED = re.compile(r"(?i)\b(?:a|an)\s+(?:[a-z'-]+\s+){1,3}aged\s+$")
AGE_BRACKET_AFTER = re.compile(r"\s*(?:\+|(?:and|or)\s+(?:older|over|above|younger|under|below|up)\b"
                               r"|(?:to|-|–)\s*\d)")


@functools.cache
def _named_by_capitalised_word() -> re.Pattern:
    """"Windows 11", "Fortune 500": a capitalised name word right before a plain number (case as written)."""
    return re.compile(rf"(?<![\w&]){alternation(lexicon()['reference_names'])} $")


POINTS_AFTER = re.compile(r"(?i)[\s-]+(?:of\s+)?(?:an?\s+)?(?:percentage\s+)?points?\b")
HALF_AS_PART = re.compile(r"(?i:\b(?:first|second|latter|southern|northern|eastern|western|upper|lower|other|"
                          r"bottom|top)\s+$)")


def _word_number(kind: str, text: str, s: int, e: int) -> NumberMention | None:
    """A number written in words: ratio, multiplier, fraction, dozen, "a million", or spelled."""
    words = lexicon()
    lower = " ".join(lexicon_key(text[s:e]).split())
    if kind == "ratio":
        value = _ratio_value(lower)
        return NumberMention(s, e, value, "ratio", None, True) if value is not None else None
    if kind == "multiplier":
        return NumberMention(s, e, float(words["multiplier_words"][lower]), "multiplier", None, True)
    if kind == "fraction":
        if lower == "half" and (text[e:e + 1] == "-" or HALF_AS_PART.search(text, max(0, s - 12), s)):
            return None
        if POINTS_AFTER.match(text, e):  # "by a quarter percentage point": 0.25 points, a percent figure
            return NumberMention(s, e, words["fractions"][lower], "percent", "percentage points", True)
        return NumberMention(s, e, words["fractions"][lower], "ratio", None, True)
    if kind == "dozen":
        return NumberMention(s, e, float(words["dozen_words"][lower]), None, None, True)
    if kind == "scaled_a":
        return NumberMention(s, e, float(words["scale_words"][lower.split()[-1]]), None, None, True)
    if lower == "one" and _is_excluded_one(text, s, e):
        return None
    value = parse_spelled(lower)
    return NumberMention(s, e, value, None, None, True) if value is not None else None


@functools.cache
def _currency_ends() -> frozenset[str]:
    return currency_sign_ends() | {code[-1] for code in lexicon()["currencies"]["codes"]}


def _may_follow_currency(text: str, start: int, s: int) -> bool:
    """Whether a currency symbol or code can end right before s (the last character before the spaces must
    end one): most numbers are spared the currency regex."""
    return text[s - 6 if s - 6 > start else start:s].rstrip()[-1:] in _currency_ends()


OLDEST = 120
"""A bound above this is no age."""


@functools.cache
def _age_group_before() -> re.Pattern:
    """"those under", "people over": words that make the number after them an age group's bound."""
    return re.compile(rf"(?i)\b{alternation(lexicon()['age_group_nouns'])}\s+(?:under|over|below|above)\s+$")


# "expected to top 10,000", "Reports top 77,000": a marker word ("top 10") used as a verb names nothing; the
# verb follows "to", a modal or a plural subject ("its top 10", "the world's top 500" are ranks)
MARKER_AS_VERB = re.compile(r"(?i)(?:\b(?:to|will|would|could|may|might|should)"
                            r"|\b(?!(?:its|this|his|hers|ours|yours|theirs|was|is|has|as|us)\b)[a-z]+s)\s+top\s+$")


MIXED_FRACTIONS = {"1/2": 0.5, "1/4": 0.25, "3/4": 0.75}
MIXED_FRACTION = re.compile(r" (1/2|1/4|3/4)(?![\d/])")


def _digit_number(text: str, s: int, e: int, start: int, end: int, european: bool) -> NumberMention | None:
    """A number written in digits, with what touches it: a ratio, "-fold", a currency sign."""
    currency_before, ratio_or_fold, fold_tail = _digit_tails()
    token, scale = _scale_of(text[s:e])
    well_formed = token if token.isdecimal() else (EUROPEAN_TOKEN if european else ENGLISH_TOKEN).match(token).group()
    if well_formed != token:  # "20211.234.567": keep the part that reads as one number
        token, scale, e = well_formed, 1.0, s + len(well_formed)
    ratio_openers, follow_openers = _tail_openers()
    char = text[e:e + 1]  # what follows the token ("" at the end): "> '\x7f'" says it is not ASCII
    tail = ratio_or_fold.match(text, e, end) if char in ratio_openers or char > "\x7f" else None
    if tail is not None and tail.group("ratio") is not None:
        if scale == 1.0:
            value = _ratio_value(text[s:tail.end()])
            if value is not None:
                return NumberMention(s, tail.end(), value, "ratio", None)
        tail = fold_tail.match(text, e, end)
    value = parse_numeric(token, european)
    if scale != 1.0:  # in decimal: 67.4 trillion is 67400000000000, not 67400000000000.01
        value = float(decimal.Decimal(repr(value)) * int(scale))
    elif token.isdigit() and text[e + 2:e + 3] == "/" and (mixed := MIXED_FRACTION.match(text, e, end)) is not None:
        value, e = value + MIXED_FRACTIONS[mixed.group(1)], mixed.end()  # "in 5 1/2 years": 5.5
        tail = None
    if tail is not None:
        return NumberMention(s, tail.end(), value, "multiplier", None)
    prefix = currency_before.search(text, max(start, s - 6), s) if _may_follow_currency(text, start, s) else None
    if prefix and text[s - 1].isalpha() and text[e:e + 1].isalpha():
        return None  # a word glued on both sides is a name ("W3C"), not "W1.2 trillion"
    if prefix:
        code = prefix.group().strip()
        currencies = lexicon()["currencies"]
        return NumberMention(s, e, value, "currency",
                             currencies["symbols"].get(code) or currencies["prefix_words"].get(code, code))
    char = text[e:e + 1]  # (again: e moves past a mixed fraction)
    after = _follow_patterns()[2].match(text, e) if char in follow_openers or char > "\x7f" else None
    if after is not None and after.lastgroup in ("glued", "follower"):
        return None
    if after is None and token.isdigit() and value <= OLDEST \
            and text[max(0, s - 7):s].rstrip().lower().endswith(("under", "over", "below", "above")) \
            and _age_group_before().search(text, max(0, s - 24), s):
        return None  # "for those under 65": the bound of an age group, no figure
    if text[s - 40 if s > 40 else 0:s].rstrip()[-4:].lower() == "aged" and PERSON_AGED.search(text, max(0, s - 40), s) \
            and not AGE_BRACKET_AFTER.match(text, e) \
            or token.isdigit() and value <= 110 and text.startswith(",", e) and _is_appositive_age(text, s):
        return NumberMention(s, e, value, "other", "years old")  # "a woman aged 29", "Jane Moss, 45, said"
    if s > 1 and text[s - 1] == "-" and text[s - 2].isalpha() \
            or scale == 1.0 and _named_by_words_before(text, s) and not MARKER_AS_VERB.search(text, max(0, s - 30), s) \
            or token.isdigit() and _named_by_capitalised_word().search(text, s - 16 if s > 16 else 0, s):
        return None
    mention = NumberMention(s, e, value, None, None)
    if after is not None:
        _take_kind(text, mention, after)
    return mention


def _adjectival_unit(text: str, follow: re.Match, value: float | None) -> bool:
    """"58,000 day visitors": a singular time unit after a plural number names a kind of thing."""
    unit = follow.group("unit")
    return text[follow.start()] != "-" and not unit.endswith("s") and value != 1 and not follow.group("old")


def _classify_by_following(text: str, mention: NumberMention) -> None:
    """Percent, currency, duration, age or multiplier, from the words right after the number."""
    _take_kind(text, mention, _follow_patterns()[0].match(text, mention.end))


# "three times or more", "five times a week": how often, not how many times as much
FREQUENCY_AFTER = re.compile(r"(?i)\s+(?:or\s+(?:more|less|fewer|above|over)|a\s+(?:day|week|month|year)|per\s|each\s|"
                             r"in\s+a\s+row)")
FREQUENCY_BEFORE = re.compile(r"(?i)\b(?:caught|arrested|booked|charged|convicted|fined|stopped|visited|called|dialed|"
                              r"dialled|tested|vaccinated|attacked|met|played|won|failed|struck|hit)\s+"
                              r"(?:[\w,.-]+\s+){0,2}(?:at\s+least\s+|more\s+than\s+|up\s+to\s+|over\s+)?$")


def _take_kind(text: str, mention: NumberMention, follow: re.Match | None) -> None:
    """The kind the words after the number give it (follow: the kind regex matched there). Each wording is
    an alternative of its own group, so the group that closed last (Match.lastgroup) names the one that fit:
    "old" closes after "unit" when a time unit reads as an age."""
    if follow is not None and follow.lastgroup in ("unit", "old") and _adjectival_unit(text, follow, mention.value):
        follow = _follow_patterns()[1].match(text, mention.end)  # "58,000 day visitors": the other wordings apply
    if follow is None:
        return
    kind = follow.lastgroup
    if kind == "percent":
        mention.kind = "percent"
        mention.unit = "percentage points" if "point" in follow.group("percent") else "percent"
    elif kind == "cur":
        mention.kind = "currency"
        mention.unit = lexicon()["currencies"]["words"].get(follow.group("cur"), follow.group("cur"))
    elif kind == "old":
        mention.kind, mention.unit = "other", "years old"
    elif kind == "unit":
        mention.kind, mention.unit = "duration", lexicon()["time_units"][follow.group("unit")]
        mention.end = follow.end("unit")
    elif kind == "times" and (FREQUENCY_AFTER.match(text, follow.end())
                              or FREQUENCY_BEFORE.search(text, max(0, mention.start - 30), mention.start)):
        mention.unit = "times"  # "caught three times or more", "visited Seoul 10 times": a count of occasions
    elif kind == "times":
        mention.kind = "multiplier"
    else:
        mention.kind, mention.unit = "other", follow.group("measure")


def _may_outgrow(text: str, e: int, end: int) -> bool:
    """Whether the words after a plain digit run ending at e can make its number end later or be a duration:
    a ratio, "-fold" or a time unit (see _digit_number)."""
    char = text[e:e + 1]
    ratio_openers, follow_openers = _tail_openers()
    if (char in ratio_openers or char > "\x7f") and _digit_tails()[1].match(text, e, end) is not None:
        return True
    if char not in follow_openers and char <= "\x7f":
        return False  # (the end of the text included: "" is in no openers)
    after = _follow_patterns()[2].match(text, e)
    return after is not None and after.group("unit") is not None


def find_numbers(text: str, start: int, end: int, word_starts: list[int] | None = None,
                 european: bool = False, phones_possible: bool = True,
                 digit_runs: list[re.Match] | None = None, dropped_within=()) -> list[NumberMention]:
    """Numeric tokens in text[start:end] with their value and the kind their wording implies.
    word_starts: where number words start (from scan.WordScanner), found here when not given;
    european: the article writes "1.234,5" (see uses_european_separators);
    phones_possible: False when text[start:end] is a sentence of a text without telephone numbers
    (see may_hold_phone_numbers);
    digit_runs: the digit tokens in text[start:end] (from find_digit_runs), found here when not given;
    dropped_within: (start, end) spans (period expressions) where the caller drops every number but a
    duration: a plain digit run starting in one is not read unless it may outgrow its digits (a number
    ending with its run blocks no later token, so leaving it out changes nothing else)."""
    if word_starts is None:
        from pipeline.extract.scan import default_scanner

        word_starts = default_scanner().scan(text, start, end).number_starts
    found: list[NumberMention] = []
    for kind, s, e, _ in _candidates(text, start, end, word_starts, phones_possible, digit_runs):
        if found and s < found[-1].end:
            continue
        if kind == "digits":  # classified as it is read
            if dropped_within:
                within = False
                for a, b in dropped_within:  # (a loop, not any() over a generator: it runs for every digit run)
                    if a <= s < b:
                        within = True
                        break
                if within and text[s:e].isdecimal() and not _may_outgrow(text, e, end):
                    continue
            if text.startswith("-", e) and (pair := _hyphen_range(text, s, e, start, end, european)):
                found.extend(pair)  # "3-5%", "20-30 years": a range, its first end glued to the second
                continue
            mention = _digit_number(text, s, e, start, end, european)
            if mention is not None and mention.kind not in UNSIGNED_KINDS and mention.unit != "years old":
                _take_sign(text, mention, start)
        else:
            mention = _word_number(kind, text, s, e)
            if mention is not None and mention.kind is None:
                _classify_by_following(text, mention)
        if mention is not None:
            found.append(mention)
    for first, second in zip(found, found[1:]):
        # "between 2 and 3 per cent", "4 to 6 percent", "3–5%": the first end of a range shares the second's unit,
        # and its scale word ("2 to 3 million people": 2 million)
        if first.kind is None and RANGE_LINK.fullmatch(text, first.end, second.start):
            scaled = _scaled_first(text, first.start, first.end, second)
            if scaled is not None:
                first.value = scaled
            if second.kind in RANGE_KINDS and (scaled is not None or _shares_unit(text, second)):
                first.kind, first.unit = second.kind, second.unit
    return found


UNSIGNED_KINDS = ("ratio", "multiplier", "duration")
MINUS_SIGNS = "-\u2212"  # the hyphen-minus and the minus sign
MINUS_WORD = re.compile(r"(?<![\w.,])(?i:minus) ")  # "minus 31", not "10 minus 3" (NUMBER_BEFORE)
NUMBER_BEFORE = re.compile(r"[\d%]\s*$")


def _take_sign(text: str, mention: NumberMention, start: int) -> None:
    """"-0.6%", "\u22122.1 billion", "minus 20 degrees": a number below zero, its span taking the sign in (not
    "COVID-19", "2018-22", nor the arithmetic "10 minus 3")."""
    s = mention.start
    before = text[s - 1] if s > start else ""
    if before and before in MINUS_SIGNS and (s - 1 == start or text[s - 2].isspace() or text[s - 2] in "(["):
        mention.start, mention.value = s - 1, -mention.value
        return
    if before != " " or s - 6 < start or text[s - 6:s - 1].lower() != "minus":  # most numbers stop here
        return
    if MINUS_WORD.match(text, s - 6, s) and not NUMBER_BEFORE.search(text, max(start, s - 10), s - 6):
        mention.start, mention.value = s - 6, -mention.value


RANGE_KINDS = ("percent", "duration", "other", "currency")
"""The kinds whose unit the first end of a range shares: "4 to 6 percent", "50-150 mm", "5 to 10 dollars"."""


def _scaled_first(text: str, s: int, e: int, second: NumberMention) -> float | None:
    """The first end of a range written without the scale word the second end has ("3" in "3-5 million"), at
    that scale; None when there is nothing to share, when the second end has no digits ("389 and million"), or
    when the first is not below the second's digits ("fell 146,000 to 3.6 million": a change and the level it
    reached)."""
    digits, scale = _scale_of(text[second.start:second.end])
    if scale == 1.0 or not digits[:1].isdigit() or not text[s:e].replace(",", "").replace(".", "", 1).isdecimal():
        return None
    first = parse_numeric(text[s:e])
    return float(decimal.Decimal(repr(first)) * int(scale)) if first < parse_numeric(digits) else None


def _shares_unit(text: str, second: NumberMention) -> bool:
    """The second end of a range gives its unit to a bare first end ("50 to 150 mm"); not an amount written with
    a scale word, which the first end does not share in its value ("2 to 3 trillion won" is not 2 won)."""
    return second.kind in RANGE_KINDS and not (second.kind == "currency" and any(
        char.isalpha() for char in text[second.start:second.end]))
RANGE_LINK = re.compile(r"\s?[-–]\s?|\s+(?:to|and)\s+")
RANGE_OPENER = re.compile(r"(?i:\bbetween|\bfrom)\s+$")


def is_range(text: str, first: NumberMention, second: NumberMention) -> bool:
    """"3-5%", "4 to 6 percent", "between 2 and 3 per cent": one quantity's two bounds, not "from 3 to 5
    percent" (a change's start and end) nor "3 and 5 percent" (two figures)."""
    link = RANGE_LINK.fullmatch(text, first.end, second.start)
    if link is None or first.kind != second.kind:
        return False
    opener = RANGE_OPENER.search(text, max(0, first.start - 8), first.start)
    if "and" in link.group():
        return opener is not None and opener.group().lower().startswith("between")
    return opener is None or not opener.group().lower().startswith("from")
HYPHEN_SECOND = re.compile(r"-(\d{1,3}(?:,\d{3})*(?:\.\d+)?(?:\s(?:thousand|million|billion|trillion)\b)?)(?![\d.,]\d)")


def _hyphen_range(text: str, s: int, e: int, start: int, end: int, european: bool) -> list[NumberMention] | None:
    """"3-5%", "20-30 years", "3,000-4,000 troops" as two figures (not "2022-23", "3-2" or "24-7")."""
    after = HYPHEN_SECOND.match(text, e, end)
    if after is None or european or not text[s:e].replace(",", "").replace(".", "", 1).isdecimal():
        return None
    second = _digit_number(text, after.start(1), after.end(1), start, end, european)
    if second is None:
        return None
    scaled = _scaled_first(text, s, e, second)  # "3-5 million people": 3 million
    first_value = parse_numeric(text[s:e]) if scaled is None else scaled
    first = _digit_number(text, s, e, start, end, european) if second.kind is None else None
    if first is not None and first.kind == "currency":  # "$2-3 billion": both in dollars
        second.kind, second.unit = first.kind, first.unit
    elif second.kind is None:  # "3,000-4,000 troops", "10-15 people": a count range, not a score ("3-2") or a year pair
        noun = COUNTED_AFTER.match(text, second.end, end)
        if second.value <= first_value or any(YEAR_LIKE.fullmatch(text[a:b]) for a, b in ((s, e), after.span(1))) \
                or noun is None or not (noun.group(1).endswith("s") or noun.group(1) in word_set("plural_nouns")):
            return None
    elif scaled is None and not _shares_unit(text, second):
        return None
    return [NumberMention(s, e, first_value, second.kind, second.unit), second]


COUNTED_AFTER = re.compile(r"\s+([a-z]+)\b")  # the noun a count range counts: "10-15 people"
YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
