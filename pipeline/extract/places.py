"""Places: finds gazetteer places (data/gazetteer.csv) in text, gives each its canonical name and ISO
3166 code, and decides an article's home place for figures that name no place."""
from __future__ import annotations

import collections
import csv
import dataclasses
import functools
import re

from pipeline.extract.frozen import fast_maker, remade_from_fields
from pipeline.extract.lexicon import DATA_DIR, lexicon, trie_pattern
from pipeline.extract.scan import matches_by_span


# a place name starts where no word character or hyphen touches it
NAME_JOINS = r"[\w-]"


@dataclasses.dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str
    level: str
    country: str
    parent: str = ""

    def __reduce__(self) -> tuple:
        return remade_from_fields(self)


@dataclasses.dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    place: Place

    def __reduce__(self) -> tuple:
        return remade_from_fields(self)


_new_mention = fast_maker(PlaceMention)
"""PlaceMention(start, end, place), several times faster (pipeline.extract.frozen)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Gazetteer:
    places: dict[str, Place]
    by_alias: dict[str, Place]
    by_adjective: dict[str, Place]
    adjective_pattern: re.Pattern
    capitalised_pattern: re.Pattern  # every name but the uncapitalised ones
    uncapitalised: tuple[str, ...]  # the names not opening with a capital ("mainland China", "eSwatini")

    def place_for_code(self, code: str) -> Place | None:
        return self.places.get(code)

    def pattern_for(self, text: str) -> re.Pattern:
        """A regex for the names (aliases and not-places) in text. The regex engine stops at every occurrence
        of a name's first letter, and the lower-case ones stop it inside most words, so the names opening with
        one are left out for a text that does not hold them (where they could never match); the regex with
        them is built the first time a text needs it."""
        if any(name in text for name in self.uncapitalised):
            return _all_names_pattern()
        return self.capitalised_pattern

    def __reduce__(self) -> tuple:
        return remade_from_fields(self)


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once. Police agencies resolve to the place they serve."""
    places: dict[str, Place] = {}
    by_alias: dict[str, Place] = {}
    by_adjective: dict[str, Place] = {}
    rows = list(csv.DictReader(open(DATA_DIR / "gazetteer.csv", encoding="utf-8", newline="")))
    for row in rows:
        if row["level"] != "police_agency":
            country = row["code"].split("-")[0]
            places.setdefault(row["code"], Place(row["code"], row["name"], row["level"], country,
                                                 row.get("parent") or ""))
    for row in rows:
        place = places.get(row["code"])
        if place is None:
            continue
        names = [row["name"], *filter(None, (row.get("aliases") or "").split("|"))]
        for name in names:
            existing = by_alias.get(name)
            # same-name places in two countries: the country (or the larger unit) keeps the name
            if existing is None or (existing.level != "country" and place.level == "country"):
                by_alias[name] = place
        for adjective in filter(None, (row.get("adjectives") or "").split("|")):
            by_adjective.setdefault(adjective, place)
    # names that contain a place's name but are not that place ("Latin America", "Niger Delta"): matched
    # as the longer name and then dropped
    not_places = lexicon()["not_places"]
    # a trie-shaped alternation: hundreds of names cost a few steps per character, not one per name
    names = list(by_alias) + not_places
    uncapitalised = tuple(sorted({name for name in names if not name[0].isupper()}))
    capitalised = [name for name in names if name[0].isupper()]
    return Gazetteer(places, by_alias, by_adjective, _names_pattern(by_adjective, r"(?![\w])"),
                     _names_pattern(capitalised), uncapitalised)


@functools.cache
def _all_names_pattern() -> re.Pattern:
    return _names_pattern(list(gazetteer().by_alias) + lexicon()["not_places"])


def _names_pattern(names, followed_by: str = r"(?![\w$])") -> re.Pattern:
    """Any of the names where no word character or hyphen touches it before and followed_by holds after it."""
    return re.compile(rf"{trie_pattern(names, not_after=NAME_JOINS)}{followed_by}") if names else re.compile("(?!)")


def find_places(text: str, start: int, end: int) -> list[PlaceMention]:
    """Place names in text[start:end], longest alias first."""
    return _mentions(gazetteer().pattern_for(text).finditer(text, start, end))


def find_places_by_span(text: str, spans) -> list[list[PlaceMention]]:
    """find_places for each of the (start, end) spans (sentences: sorted, apart, each followed by white
    space or the end of the text), from one pass over the text."""
    spans = list(spans)  # (read twice below)
    matches = list(gazetteer().pattern_for(text).finditer(text))
    starts = [match.start() for match in matches]
    found = []
    for (start, end), within in zip(spans, matches_by_span(matches, starts, spans)):
        if within is None:
            found.append(find_places(text, start, end))
        else:  # (most sentences name no place: no list of mentions need be built for them)
            found.append(_mentions(within) if within else [])
    return found


def _mentions(matches) -> list[PlaceMention]:
    by_alias = gazetteer().by_alias
    return [_new_mention(m.start(), m.end(), by_alias[m.group()]) for m in matches if m.group() in by_alias]


def lookup(name: str) -> Place | None:
    """A place by any alias, case-insensitively as a last resort (datelines are upper case)."""
    table = gazetteer()
    place = table.by_alias.get(name)
    if place is None:
        folded = name.strip().title()
        place = table.by_alias.get(folded)
    return place


def _dateline_city(name: str) -> Place | None:
    """The place of a city the gazetteer does not hold, from the lexicon's dateline cities ("SYDNEY")."""
    cities = lexicon()["dateline_cities"]
    code = cities.get(name.strip()) or cities.get(name.strip().title())
    return gazetteer().places.get(code) if code else None


NATIONWIDE_WORDS = r"nationwide|countrywide|across\s+the\s+country"
NATIONWIDE = re.compile(rf"(?i)\b(?:{NATIONWIDE_WORDS})\b")


def home_place(text: str, dateline_place: str | None, mentions: list[PlaceMention]) -> Place | None:
    """The place an article is about where a figure names none: the country it mentions most (its
    dateline counts three times), or one of that country's subdivisions when that subdivision has
    more mentions than the country itself, twice those of any other, and most of the country's."""
    table = gazetteer()
    mentioned: collections.Counter[str] = collections.Counter(m.place.code for m in mentions)
    for match in table.adjective_pattern.finditer(text):
        mentioned[table.by_adjective[match.group()].code] += 1
    by_country: collections.Counter[str] = collections.Counter()
    for code, count in mentioned.items():
        by_country[table.places[code].country] += count
    dateline = (lookup(dateline_place) or _dateline_city(dateline_place)) if dateline_place else None
    if dateline is not None:
        by_country[dateline.country] += 3
    if not by_country:
        return None
    country = max(by_country, key=lambda code: (by_country[code], -_first_index(mentions, code)))
    # a mention of Glasgow is also a mention of Scotland: counts roll up to parent subdivisions
    rolled: collections.Counter[str] = collections.Counter()
    for code, count in mentioned.items():
        place: Place | None = table.places[code]
        while place is not None and place.code != country:
            rolled[place.code] += count
            place = table.places.get(place.parent) if place.parent else None
    # most mentions first; on a tie the more specific place (Powys before Wales) wins
    subdivisions = sorted(((count, len(_lineage(table, code)), code) for code, count in rolled.items()
                           if code.startswith(country + "-")), reverse=True)
    if subdivisions:
        top_count, _, top_code = subdivisions[0]
        related = set(_lineage(table, top_code))
        runner_up = next((count for count, _, code in subdivisions[1:]
                          if code not in related and top_code not in _lineage(table, code)), 0)
        in_country = sum(count for code, count in mentioned.items() if table.places[code].country == country)
        # the dateline city is where the reporter files from: it needs two mentions in the story (three when the
        # story reports figures "nationwide")
        is_dateline = dateline is not None and top_code == dateline.code
        if top_count > mentioned[country] and top_count >= 2 * runner_up and 2 * top_count > in_country \
                and (not is_dateline or top_count >= 3 or top_count == 2 and not NATIONWIDE.search(text)):
            return table.places[top_code]
    return table.places.get(country)


def _lineage(table: Gazetteer, code: str) -> list[str]:
    """The place and the subdivisions containing it, innermost first (the country left out)."""
    lineage = []
    place = table.places.get(code)
    while place is not None and place.level != "country" and place.code not in lineage:
        lineage.append(place.code)
        place = table.places.get(place.parent) if place.parent else None
    return lineage


def _first_index(mentions: list[PlaceMention], country: str) -> int:
    return next((i for i, m in enumerate(mentions) if m.place.country == country), len(mentions))
