"""The place gazetteer (pipeline/extract/data/gazetteer.csv) read as plain data: its shape, its ISO 3166
codes and the coverage the extractor relies on. Reads the CSV with the csv module only."""
from __future__ import annotations

import collections
import csv
import pathlib
import re

import pytest

GAZETTEER = pathlib.Path(__file__).resolve().parents[1] / "pipeline" / "extract" / "data" / "gazetteer.csv"
HEADER = ["code", "name", "level", "parent", "aliases", "adjectives"]
LEVELS = {"country", "subdivision", "police_agency"}
COUNTRY_CODE = re.compile(r"[A-Z]{2}")
SUBDIVISION_CODE = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")
# the same name used by places in two countries: kept in both rows, the extractor decides by context
CROSS_COUNTRY_NAMES = {"Georgia"}  # GE (country) and US-GA (state)


def _read() -> tuple[list[str], list[dict[str, str]]]:
    with open(GAZETTEER, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [dict(zip(header, values, strict=True)) for values in reader]
    return header, rows


HEADER_READ, ROWS = _read()


def _split(field: str) -> list[str]:
    return field.split("|") if field else []


def _names(row: dict[str, str]) -> list[str]:
    return [row["name"], *_split(row["aliases"])]


def _country(code: str) -> str:
    return code.split("-")[0]


def _codes(level: str, prefix: str = "") -> list[str]:
    return [r["code"] for r in ROWS if r["level"] == level and r["code"].startswith(prefix)]


def test_header_is_exact():
    assert HEADER_READ == HEADER


def test_fields_are_clean():
    for row in ROWS:
        assert row["name"], row
        for key, value in row.items():
            assert value == value.strip(), (key, row)
        for field in ("aliases", "adjectives"):
            items = _split(row[field])
            assert all(item and item == item.strip() for item in items), (field, row)
            assert len(items) == len(set(items)), (field, row)
        assert row["name"] not in _split(row["aliases"]), row


def test_levels_are_valid():
    assert {r["level"] for r in ROWS} <= LEVELS


def test_codes_match_iso_formats():
    for row in ROWS:
        code, level = row["code"], row["level"]
        if level == "country":
            assert COUNTRY_CODE.fullmatch(code), row
        elif level == "subdivision":
            assert SUBDIVISION_CODE.fullmatch(code), row
        else:
            assert COUNTRY_CODE.fullmatch(code) or SUBDIVISION_CODE.fullmatch(code), row


def test_place_codes_are_unique():
    places = [r["code"] for r in ROWS if r["level"] != "police_agency"]
    assert [c for c, n in collections.Counter(places).items() if n > 1] == []


def test_all_iso_3166_1_countries():
    countries = _codes("country")
    assert len(countries) == 249


def test_parents_exist_and_contain_the_place():
    places = {r["code"]: r for r in ROWS if r["level"] != "police_agency"}
    for row in ROWS:
        code, parent = row["code"], row["parent"]
        if row["level"] == "country":
            assert parent == "", row
            continue
        assert parent in places, row
        assert _country(parent) == _country(code), row
        if row["level"] == "subdivision":
            assert parent != code, row
        else:  # a police agency: code is the place it serves, parent that place's country
            assert code in places, row
            assert parent == _country(code), row


def test_no_alias_names_two_places_in_one_country():
    """Within a country a name points at one place. A police agency may repeat a name of the place it
    serves (same code); two police agencies may not share one."""
    seen: dict[tuple[str, str], list[dict[str, str]]] = collections.defaultdict(list)
    for row in ROWS:
        for name in _names(row):
            seen[_country(row["code"]), name].append(row)
    for (country, name), rows in seen.items():
        places = [r for r in rows if r["level"] != "police_agency"]
        agencies = [r for r in rows if r["level"] == "police_agency"]
        assert len(places) <= 1 and len(agencies) <= 1, (name, rows)
        if places and agencies:
            assert places[0]["code"] == agencies[0]["code"], (name, rows)


def test_cross_country_name_collisions_are_the_listed_ones():
    countries_by_name: dict[str, set[str]] = collections.defaultdict(set)
    for row in ROWS:
        for name in _names(row):
            countries_by_name[name].add(_country(row["code"]))
    assert {name for name, c in countries_by_name.items() if len(c) > 1} == CROSS_COUNTRY_NAMES


def test_adjectives_are_unique_and_not_aliases():
    adjectives = collections.Counter(a for r in ROWS for a in _split(r["adjectives"]))
    assert [a for a, n in adjectives.items() if n > 1] == []
    names = {n for r in ROWS for n in _names(r)}
    assert sorted(set(adjectives) & names) == []


def test_south_korea_divisions_and_police_agencies():
    divisions = {"KR-11", "KR-26", "KR-27", "KR-28", "KR-29", "KR-30", "KR-31", "KR-41", "KR-42", "KR-43",
                 "KR-44", "KR-45", "KR-46", "KR-47", "KR-48", "KR-49", "KR-50"}
    assert set(_codes("subdivision", "KR-")) == divisions
    agencies = _codes("police_agency", "KR-")
    assert len(agencies) == 18
    assert set(agencies) == divisions
    assert collections.Counter(agencies)["KR-41"] == 2  # Gyeonggi Nambu and Gyeonggi Bukbu
    assert _codes("police_agency", "KR").count("KR") == 1  # the national agency
    by_name = {r["name"]: r for r in ROWS}
    assert by_name["Korean National Police Agency"]["code"] == "KR"
    assert by_name["Gangwon"]["code"] == "KR-42"  # a special self-governing province since 2023, same code
    assert by_name["North Jeolla"]["code"] == "KR-45"  # Jeonbuk State since 2024, same code


def test_japan_prefectures():
    assert sorted(_codes("subdivision", "JP-")) == [f"JP-{n:02d}" for n in range(1, 48)]


def test_united_kingdom_nations_and_scottish_council_areas():
    nations = {r["code"]: r for r in ROWS if r["code"] in {"GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR"}
               and r["level"] == "subdivision"}
    assert len(nations) == 4 and all(r["parent"] == "GB" for r in nations.values())
    assert "Scottish" in _split(nations["GB-SCT"]["adjectives"])
    councils = [r["code"] for r in ROWS if r["level"] == "subdivision" and r["parent"] == "GB-SCT"]
    assert len(councils) == 32
    assert set(councils) == {
        "GB-ABE", "GB-ABD", "GB-ANS", "GB-AGB", "GB-CLK", "GB-DGY", "GB-DND", "GB-EAY", "GB-EDU", "GB-ELN",
        "GB-ERW", "GB-EDH", "GB-ELS", "GB-FAL", "GB-FIF", "GB-GLG", "GB-HLD", "GB-IVC", "GB-MLN", "GB-MRY",
        "GB-NAY", "GB-NLK", "GB-ORK", "GB-PKN", "GB-RFW", "GB-SCB", "GB-ZET", "GB-SAY", "GB-SLK", "GB-STG",
        "GB-WDU", "GB-WLN"}
    police = [r for r in ROWS if r["level"] == "police_agency" and r["name"] == "Police Scotland"]
    assert [r["code"] for r in police] == ["GB-SCT"]


def test_united_states_states_and_district():
    states = _codes("subdivision", "US-")
    assert len(states) == 51 and "US-DC" in states
    us_aliases = {a for r in ROWS if r["code"].startswith("US-") for a in _split(r["aliases"])}
    assert not [a for a in us_aliases if re.fullmatch(r"[A-Z]{2}", a)]  # no postal codes like IN, OR, ME


@pytest.mark.parametrize("prefix, count", [("CA-", 13), ("AU-", 8), ("DE-", 16), ("CN-", 31), ("IN-", 36)])
def test_other_first_level_divisions(prefix, count):
    assert len(_codes("subdivision", prefix)) == count
