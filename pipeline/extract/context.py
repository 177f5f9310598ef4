"""Reads the words around a number: its qualifier ("more than"), the unit it counts ("cases"), the
denominator of a rate ("per officer", "every day") and the measure phrase saying what is counted."""
from __future__ import annotations

import functools
import re

from pipeline.extract.caseless import CaselessPattern, match_openers
from pipeline.extract.lexicon import (alternation, currency_sign_ends, currency_sign_pattern, lexicon, lexicon_key,
                                       word_set)

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# ";", ": " (not "10:30"), ", and", ", while", " whereas ": the first character is consumed before the
# lookbehinds so the regex engine skips straight to punctuation and spaces
AFTER_PUNCTUATION = r"(?<=;)|(?<=:)(?<!\d:)\s|(?<=,)\s+(?:and|but|while|whereas|or|which|compared)\b"
CLAUSE_BREAK = re.compile(rf"[;:,\s](?:{AFTER_PUNCTUATION}|(?<=\s)\s*(?:while|whereas)\s)")
# CLAUSE_BREAK less its last alternative, the only one starting at white space: in a sentence without "while" or
# "whereas" both find the same breaks, and this one tries a match only at ";", ":" and ","
PUNCTUATION_BREAK = re.compile(rf"[;:,](?:{AFTER_PUNCTUATION})")
CURRENCY_PREFIX = re.compile(rf"{currency_sign_pattern()}\s?$")


def _without_currency_sign(before: str) -> str:
    """The words before an amount less the currency sign or prefix word ending them ("more than $", "per
    capita was Rs"); only a window ending in one of their last characters is searched."""
    if before.rstrip()[-1:] in currency_sign_ends():
        return CURRENCY_PREFIX.sub("", before)
    return before


@functools.cache
def _patterns():
    words = lexicon()
    qualifier = CaselessPattern(rf"(?<![\w-])({_lower_alternation(words['qualifiers'])})\s+$")
    trailing = re.compile(rf"(?i:\s?(?:-?(plus)\b|(\+)|\s({alternation(words['trailing_qualifiers'])})\b))")
    # "daily"/"monthly" as adjectives ("monthly transit credits") describe the noun, not the number
    # (the lookahead lets the lookbehinds run only where a rate word starts)
    rate_words = _lower_alternation(words['rate_time_words'])
    rate_after = CaselessPattern(
        rf"\b(?={rate_words}\b)(?<!\bin )(?<!\bwithin )(?<!\bthan )(?<!\bfor )({rate_words})\b"
        rf"|\b({_lower_alternation(words['rate_time_adjectives'])})\b(?!\s+[a-z])")
    per_after = CaselessPattern(r"\b(?:per|for\s+every|for\s+each|a)\s+(?P<num>\d{1,3}(?:[,.]\d{3})+|\d+)(?:\s+"
                                r"(?P<who>[a-z]+(?:\s+[a-z]+)?)|(?=\s*(?:[^\w\s]|$)))"
                                r"|\b(?:per|(?:in|for|at)\s+each)\s+(?!cent\b)"
                                r"(?P<noun>[a-z]+(?:\s+[a-z]+)?)")
    # "each officer handled an average of", "each traffic officer in Gyeonggi handled about": the noun is the
    # word after "each", or the next one when that is a noun (no verb, preposition or conjunction) followed by
    # a preposition or a verb ("-ed", "-s")
    each_before = CaselessPattern(r"\b(?:each|every|per)\s+(?!(?:cent|and|or|but|the|those|these|an?)\b)"
                                  r"(?P<noun>[a-z]+)"  # "per capita income": capita is the whole denominator
                                  r"(?:(?<!capita)\s+(?!(?:and|or|but|the|an?|in|at|of|on|for|to|with|from|across|had|"
                                  r"will|would|can|could|may|might|must|should|were|are)\b)"
                                  r"(?P<head>[a-z]+(?<!ed)(?<!ing)(?<!s))(?=\s+(?:in|at|of|on|across|from|with|"
                                  r"[a-z]+ed|[a-z]+s)\b))?(?:\s+(?:[a-z]+|\d[\d.,]*-fold)){0,8}"
                                  r"(?:\s+(?:an?\s+average\s+of|about|around|nearly|almost|roughly|some|over|"
                                  r"more\s+than))?\s+$")
    return qualifier, trailing, rate_after, per_after, each_before, match_openers(trailing)


def _lower_alternation(words) -> str:
    return alternation({word.lower() for word in words})


def clause_breaks(text: str, sentence_start: int, sentence_end: int) -> list[tuple[int, int]]:
    """Where a sentence splits into clauses: semicolons, ", and", ", but", ", while" ..."""
    if text.find("while", sentence_start, sentence_end) < 0 and text.find("whereas", sentence_start, sentence_end) < 0:
        return [m.span() for m in PUNCTUATION_BREAK.finditer(text, sentence_start, sentence_end)]
    return [m.span() for m in CLAUSE_BREAK.finditer(text, sentence_start, sentence_end)]


def clause_of(breaks: list[tuple[int, int]], sentence_start: int, sentence_end: int, position: int) -> tuple[int, int]:
    """The clause holding position, given the sentence's clause breaks."""
    start, end = sentence_start, sentence_end
    for break_start, break_end in breaks:
        if break_end <= position:
            start = break_end
        elif break_start >= position:
            end = break_start
            break
    return start, end


VERB_BEFORE_UP = re.compile(r"(?i)\b(?:edged|crept|inched|went|moved|ticked|shot|climbed|rose|jumped|picked|"
                            r"rounded|added|adds|add|summed|totted|edging|creeping|inching|going|moving|ticking)\s+$")


def qualifier_of(text: str, start: int, end: int, sentence_start: int, sentence_end: int) -> str | None:
    """The approximation word right before (or "or more" right after) the number."""
    qualifier, trailing, *_, trailing_openers = _patterns()
    before = text[start - 40 if start - 40 > sentence_start else sentence_start:start]
    before = _without_currency_sign(before)
    match = qualifier.search(before)
    if match and not (lexicon_key(match.group(1)) == "up to" and VERB_BEFORE_UP.search(before, 0, match.start(1))):
        return lexicon()["qualifiers"][lexicon_key(match.group(1))]  # not "edged up to 5.1 percent": a verb's particle
    char = text[end:end + 1]  # most numbers are followed by a character that opens no trailing qualifier
    after = trailing.match(text, end, sentence_end) if char in trailing_openers or char > "\x7f" else None
    if after:
        word = (after.group(1) or after.group(2) or after.group(3) or "").lower()
        return lexicon()["trailing_qualifiers"].get(word, "more than")
    return None


def past_trailing_qualifier(text: str, end: int, limit: int) -> int:
    """Where the words describing a number start: after "or more", "or so", "plus" or "+" if one follows it."""
    patterns = _patterns()
    char = text[end:end + 1]
    after = patterns[1].match(text, end, limit) if char in patterns[-1] or char > "\x7f" else None
    return after.end() if after else end


def _is_plural_noun(word: str) -> bool:
    lower = word.lower()
    if lower in word_set("plural_nouns"):
        return True
    return len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is"))


@functools.cache
def _unit_enders() -> frozenset[str]:
    """Words that end the phrase after a number before they join it: the noun stop words, "more", "other" ..."""
    return word_set("noun_stop_words") | {"more", "fewer", "less", "additional", "other", "others"}


def unit_words(text: str, end: int, limit: int) -> tuple[str | None, list[str]]:
    """The head noun of the phrase right after a number, and the phrase's words."""
    enders = _unit_enders()
    words: list[str] = []
    position = end
    for match in WORD.finditer(text, end, limit):
        gap = text[position:match.start()]
        word = match.group()
        lower = word.lower()
        if gap.strip() or len(words) >= 3 or lower in enders:
            break
        if lower.endswith("ing") and words:
            break
        words.append(word)
        position = match.end()
    if not words:
        return None, []
    plural = None
    for word in words:
        if _is_plural_noun(word):
            plural = word
            break
    if plural is not None:
        words = words[:words.index(plural) + 1]
    return (plural or words[-1]).lower(), words


# "a daily average of 40", "a monthly wage of 2.096 million won": a rate per day, per month
DAILY_BEFORE = CaselessPattern(r"\b(?P<every>hourly|daily|weekly|monthly)\s+(?:average|rate|total|wage|salary|pay|"
                               r"income|rent|fee|allowance|pension)\s+of\s+(?:about\s+|around\s+)?$")


def per_of(text: str, number_end: int, number_start: int, clause_start: int, limit: int) -> str | None:
    """The rate denominator stated around a number: "per officer", "every day", "each officer managing"."""
    _, _, rate_after, per_after, each_before, _ = _patterns()
    window = text[number_end:limit]
    match = per_after.search(window)
    if match and len(window[:match.start()].split()) <= 6 and not CLAUSE_COMMA.search(window, 0, match.start()):
        if match.group("num"):  # the window's own letters: the match may be on the lowered window
            if match.group("who") is None:  # "more than 50 cases per 100,000."
                return match.group("num")
            return f"{match.group('num')} {window[match.start('who'):match.end('who')].split()[0]}"
        return match.group("noun").split()[-1].lower() if len(match.group("noun").split()) == 1 or \
            match.group("noun").split()[-1].lower() not in word_set("noun_stop_words") else \
            match.group("noun").split()[0].lower()
    match = rate_after.search(window)
    if match and len(window[:match.start()].split()) <= 8:
        if match.group(1):
            return lexicon()["rate_time_words"][" ".join(lexicon_key(match.group(1)).split())]
        return lexicon()["rate_time_adjectives"][lexicon_key(match.group(2))]
    before = text[number_start - 90 if number_start - 90 > clause_start else clause_start:number_start]
    before = _without_currency_sign(before)  # "Spending per capita was $1,240"
    lowered = before.lower()
    match = each_before.search(before) if "each" in lowered or "every" in lowered or "per " in lowered else None
    if match:
        return (match.group("head") or match.group("noun")).lower()
    denominator = _denominator_before(before)
    if denominator:
        return denominator
    if "ly " in lowered and (every := DAILY_BEFORE.search(before)) is not None:
        return lexicon()["rate_time_adjectives"][lexicon_key(every.group("every"))]
    if "each" in window and EACH_AFTER.match(window):  # "officers at the agency handled 562 calls each"
        return _counted_noun(text[clause_start:number_start].split(",")[-1])
    return None


# "The suicide rate per 100,000 people was 27.3": a denominator stated in the subject, before the number
DENOMINATOR = r"(?:\d{1,3}(?:,\d{3})+|\d+)"  # "100,000" in "per 100,000 people"
PER_NUMBER_BEFORE = re.compile(rf"(?i)\brates?\s+per\s+({DENOMINATOR})\s+((?:[a-z-]+\s+){{1,4}})$")
PER_NUMBER = re.compile(rf"(?i)\bper\s+{DENOMINATOR}\s+")


def _without_denominator(segment: str) -> str:
    """"The suicide rate per 100,000 people was" -> "The suicide rate was": the rate's denominator (see per_of)
    is no part of what is measured."""
    match = PER_NUMBER.search(segment) if "per " in segment else None
    if match is None:
        return segment
    verbs = _subject_words()[1]
    rest = WORD.finditer(segment, match.end())
    for word in rest:
        if word.group().lower() in verbs:
            return segment[:match.start()] + segment[word.start():]
    return segment


def _denominator_before(before: str) -> str | None:
    """"rate per 100,000 registered vehicles stood at" -> "100,000 vehicles": the number and the head noun
    (the last word before the verb)."""
    match = PER_NUMBER_BEFORE.search(before) if "per " in before else None
    if match is None:
        return None
    verbs = _subject_words()[1]
    words = match.group(2).split()
    while words and (words[-1].lower() in verbs or words[-1].lower() in MEASURE_TRAILERS):
        words.pop()
    return f"{match.group(1)} {words[-1].lower()}" if words else match.group(1)


# "562 calls each", "608 each." (not "each month", a rate word, nor "each of")
EACH_AFTER = CaselessPattern(r"\s*(?:[a-z-]+\s+){0,2}each\b(?=\s*(?:[^\w\s]|$|(?:and|or|but|while)\b))")


def _counted_noun(segment: str) -> str | None:
    """The first plural noun of a phrase, in the singular: "officers at the agency" -> "officer"."""
    for word in WORD.findall(segment):
        if _is_plural_noun(word):
            lower = word.lower()
            if lower in word_set("plural_nouns"):
                return lower
            if lower.endswith("ies"):
                return lower[:-3] + "y"
            return lower[:-2] if lower.endswith(("sses", "xes", "ches", "shes")) else lower[:-1]
    return None


MEASURE_BREAKS = frozenset(",.;:()\"“”")  # punctuation ending a measure phrase


@functools.cache
def _measure_words() -> tuple[frozenset, frozenset, frozenset]:
    """Words ending a measure phrase (stop words, "per", "every", "each"), passive auxiliaries, leading fillers."""
    return (word_set("measure_stop_words") | {"per", "every", "each"}, word_set("passive_auxiliaries"),
            word_set("leading_fillers"))


MEASURE_TRAILERS = frozenset(("of", "for", "to", "by", "the", "a", "an", "with", "at"))  # cut from a phrase's end


def measure_after(text: str, start: int, limit: int) -> str:
    """The phrase after a number up to the next boundary, passive auxiliaries and leading fillers removed."""
    stops, auxiliaries, fillers = _measure_words()
    kept: list[str] = []
    position = start
    for match in WORD.finditer(text, start, limit):
        gap = text[position:match.start()]
        if gap != " " and not MEASURE_BREAKS.isdisjoint(gap) or len(kept) >= 12:
            break
        word = match.group()
        lower = word.lower()
        if lower in stops:
            break
        position = match.end()
        if lower in auxiliaries or not kept and lower in fillers:
            continue
        kept.append(word)
    while kept and kept[-1].lower() in MEASURE_TRAILERS:
        kept.pop()
    return " ".join(kept)


def measure_before(text: str, clause_start: int, number_start: int) -> str:
    """The subject before a number: "The number of employed people rose 8.8 percent" -> "number of
    employed people"; the words before the first verb of the clause, else the clause's last words. A
    verb after an appositive takes the subject before it: "The total fertility rate, the average number of
    children a woman has, fell to 0.72" -> "total fertility rate"."""
    # "set aside Rs 42 crore"; "The suicide rate per 100,000 people was": a thousands comma splits nothing
    parts = _clause_parts(_without_currency_sign(text[clause_start:number_start]))
    parts[-1] = _without_denominator(parts[-1])
    subject = _subject(parts[-1])
    if not subject and len(parts) > 1:
        subject = _subject(parts[0])
    if len(parts) >= 3 and _opens_on_verb(parts[-1]) and APPOSITIVE.match(parts[-2]) \
            and not any(char.isdigit() for char in parts[-3]):
        subject = _subject(parts[-3]) or subject
    return subject


CLAUSE_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
APPOSITIVE = re.compile(r"\s*(?:the|a|an|which|who)\s", re.IGNORECASE)
INTRANSITIVE_LEVEL_VERBS = frozenset(("stood", "came", "reached", "totaled", "totalled", "hit", "numbered",
                                      "amounted"))


def _clause_parts(segment: str) -> list[str]:
    """The segment split at its commas, except a comma between digits (a thousands separator)."""
    parts = segment.split(",")
    if len(parts) > 1 and any(char.isdigit() for char in segment):
        parts = CLAUSE_COMMA.split(segment)
    return parts


def _opens_on_verb(segment: str) -> bool:
    """Whether a segment opens on a verb of change or an intransitive verb of level ("fell to", "stood at"),
    not one whose object names what is measured ("had the highest fertility rate")."""
    first = WORD.match(segment.lstrip())
    return first is not None and first.group().lower() in _predicate_openers()


@functools.cache
def _predicate_openers() -> frozenset[str]:
    return word_set("change_verbs") | INTRANSITIVE_LEVEL_VERBS


@functools.cache
def _subject_words() -> tuple[frozenset, frozenset, frozenset]:
    words = lexicon()
    verbs = frozenset(words["change_verbs"]) | frozenset(words["level_verbs"])
    qualifiers = frozenset(w for phrase in words["qualifiers"] for w in phrase.split())
    return frozenset(words["speech_verbs"]), verbs, verbs | qualifiers | frozenset(words["trailing_prepositions"])


SUBJECT_OPENERS = frozenset(("the", "a", "an", "in", "and", "while", "with", "but", "or"))


def _subject(segment: str) -> str:
    speech, verbs, trailing = _subject_words()
    tokens = WORD.findall(segment)
    lowered = [token.lower() for token in tokens]
    start = 0  # after the last speech verb ("said that ...")
    for index, word in enumerate(lowered):
        if word in speech:
            start = index + 1
    if start < len(tokens) and lowered[start] == "that":
        start += 1
    end = len(tokens)  # up to the first verb after the subject's first word
    for index in range(start + 1, len(tokens)):
        if lowered[index] in verbs:
            end = index
            break
    while end > start and lowered[end - 1] in trailing:
        end -= 1
    while start < end and lowered[start] in SUBJECT_OPENERS:
        start += 1
    return " ".join(tokens[max(start, end - 8):end])


EVENT_AUXILIARY = re.compile(r"(?i)\b(?:has|have|had|was|were|is|are)\b")


def measure_of_event(text: str, clause_start: int, date_start: int) -> str:
    """What happened at a date: "(Daejeon ...) has not convened a meeting (since August 2018)"."""
    segment = text[clause_start:date_start].split(",")[-1]
    auxiliary = EVENT_AUXILIARY.search(segment)
    if auxiliary:
        segment = segment[auxiliary.start():]
    tokens = WORD.findall(segment)
    trailing = word_set("trailing_prepositions")
    while tokens and tokens[-1].lower() in trailing:
        tokens.pop()
    while tokens and tokens[0].lower() in ("the", "a", "an", "and", "but", "or"):
        tokens.pop(0)
    return " ".join(tokens[-10:])


ANTECEDENT_STOPS = frozenset({"also", "saw", "has", "have", "had"})


def antecedent(text: str, search_start: int, search_end: int, head: str) -> str | None:
    """For "such cases": the last phrase in the preceding text that begins with the same head noun."""
    matches = list(re.finditer(rf"\b{re.escape(head)}\b", text[search_start:search_end], re.IGNORECASE))
    if not matches:
        return None
    begin = search_start + matches[-1].start()
    stop_words = word_set("change_verbs") | ANTECEDENT_STOPS
    kept: list[tuple[str, int]] = []
    for match in WORD.finditer(text, begin, search_end):
        gap = text[(kept and kept[-1][1]) or begin:match.start()]
        if any(ch in gap for ch in ",.;:") or len(kept) >= 14 or match.group().lower() in stop_words:
            break
        kept.append((match.group(), match.end()))
    return " ".join(word for word, _ in kept) or None
