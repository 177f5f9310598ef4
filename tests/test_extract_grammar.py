"""Number grammar, periods and context on sentences written for these tests (not from the seed); the fast
check of the words before a number against the pattern it mirrors."""
import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.extract import extract_figures
from pipeline.extract.lexicon import lexicon
from pipeline.extract.numbers import _named_by_words_before, _reference_patterns, parse_numeric, parse_spelled
from pipeline.extract.periods import find_periods

PUBLISHED = dt.date(2023, 9, 12)


def figures_of(text, published=PUBLISHED):
    return {f.surface: f for f in extract_figures(text, published)}


def period_of(figure):
    return figure.period_start, figure.period_end


@pytest.mark.parametrize("token, value", [
    ("7,091", 7091), ("19.4", 19.4), ("58.000", 58000), ("1.234.567", 1234567), ("1.234.567,5", 1234567.5),
    ("12", 12),
])
def test_parse_numeric(token, value):
    assert parse_numeric(token) == value


@pytest.mark.parametrize("phrase, value", [
    ("Thirteen", 13), ("twenty-five", 25), ("one hundred and twenty", 120), ("three million", 3_000_000),
    ("two thousand five hundred", 2500), ("cat", None),
])
def test_parse_spelled(phrase, value):
    assert parse_spelled(phrase) == value


@pytest.mark.parametrize("phrase, start, end", [
    ("in 2019", "2019-01-01", "2019-12-31"),
    ("last year", "2022-01-01", "2022-12-31"),
    ("the current year", "2023-01-01", "2023-12-31"),
    ("the first half of the current year", "2023-01-01", "2023-06-30"),
    ("the second half of last year", "2022-07-01", "2022-12-31"),
    ("the third quarter of 2021", "2021-07-01", "2021-09-30"),
    ("Q1 2022", "2022-01-01", "2022-03-31"),
    ("in March", "2023-03-01", "2023-03-31"),
    ("in November", "2022-11-01", "2022-11-30"),
    ("October 2021", "2021-10-01", "2021-10-31"),
    ("as of August", None, "2023-08-31"),
    ("as of last year", "2022-01-01", "2022-12-31"),
    ("since October 2021", "2021-10-01", "2023-09-12"),
    ("over the past five years", "2018-01-01", "2022-12-31"),
    ("from 2018 to 2022", "2018-01-01", "2022-12-31"),
    ("between 2019 and 2021", "2019-01-01", "2021-12-31"),
    ("in 2017-18", "2017-04-01", "2018-03-31"),
    ("the year to March 2023", "2022-04-01", "2023-03-31"),
    ("the January-June period", "2023-01-01", "2023-06-30"),
    ("in the first nine months of 2022", "2022-01-01", "2022-09-30"),
    ("the first three quarters of the year", "2023-01-01", "2023-09-30"),
    ("in the first 10 months of last year", "2022-01-01", "2022-10-31"),
    ("the first two months", "2023-01-01", "2023-02-28"),
    ("in May", "2023-05-01", "2023-05-31"),
    ("since May", "2023-05-01", "2023-09-12"),
    ("by the end of May", None, "2023-05-31"),
    ("So far", None, "2023-09-12"),
])
def test_period_expressions(phrase, start, end):
    mentions = [m for m in find_periods(phrase, 0, len(phrase), PUBLISHED) if m.role != "base"]
    assert len(mentions) == 1, mentions
    as_iso = lambda d: d.isoformat() if d else None
    assert (as_iso(mentions[0].period_start), as_iso(mentions[0].period_end)) == (start, end)


def test_year_to_date_periods_are_not_durations_or_ratios():
    found = figures_of("Exports rose 4.2 percent to $512 billion in the first nine months of 2022. In the first "
                       "three quarters of 2022, visitors reached 1.5 million.")
    assert set(found) == {"4.2", "512 billion", "1.5 million"}  # "nine months", "three quarters" are periods
    assert (found["512 billion"].period_start, found["512 billion"].period_end) == (dt.date(2022, 1, 1),
                                                                                   dt.date(2022, 9, 30))
    assert (found["4.2"].period_start, found["4.2"].period_end) == (dt.date(2021, 1, 1), dt.date(2022, 9, 30))
    assert found["1.5 million"].period_end == dt.date(2022, 9, 30)


@pytest.mark.parametrize("text", [
    "You may see 30 officers on patrol.", "May officers carry 30 rounds?", "Theresa May said 30 people came.",
    "Confidence in May's team fell to 30 percent.",
])
def test_may_the_verb_or_a_name_is_no_month(text):
    (figure,) = extract_figures(text, PUBLISHED)
    assert figure.period_start is None or figure.period_start.month != 5, figure


def test_may_after_a_time_word_is_the_month():
    found = figures_of("The agency hired 40 officers in May and 35 in June.")
    assert (found["40"].period_start, found["40"].period_end) == (dt.date(2023, 5, 1), dt.date(2023, 5, 31))
    assert found["35"].period_start == dt.date(2023, 6, 1)


def test_kinds_units_and_qualifiers():
    found = figures_of(
        "Exports rose 12 per cent to $1.2 billion, while some 30 million won was spent. "
        "One in five drivers, nearly 2,000 people, paid fines. The rate was 25.2 per 100,000 people. "
        "Thefts tripled and burglaries rose 1.5 times. Thirteen schools closed in 2022. "
        "Up to three-quarters of them had a dozen staff.")
    assert (found["12"].kind, found["12"].unit) == ("percent", "percent")
    assert (found["1.2 billion"].kind, found["1.2 billion"].unit, found["1.2 billion"].value) == \
        ("currency", "USD", 1.2e9)
    assert (found["30 million"].kind, found["30 million"].unit, found["30 million"].qualifier) == \
        ("currency", "KRW", "about")
    assert (found["One in five"].kind, found["One in five"].value) == ("ratio", 0.2)
    assert found["2,000"].qualifier == "nearly"
    assert (found["25.2"].kind, found["25.2"].per) == ("rate", "100,000 people")
    assert "100,000" not in found
    assert (found["tripled"].kind, found["tripled"].value) == ("multiplier", 3)
    assert (found["1.5"].kind, found["1.5"].value) == ("multiplier", 1.5)
    assert (found["Thirteen"].value, found["Thirteen"].unit) == (13, "schools")
    assert (found["three-quarters"].value, found["three-quarters"].qualifier) == (0.75, "up to")
    assert found["a dozen"].value == 12


def test_not_figures():
    found = figures_of("Call 02-123-4567 about Article 21 or No. 3. The COVID-19 crisis hit G20 members at "
                       "3 p.m. Seoul is the second-largest market. He was ranked 4th.")
    assert set(found) == set()


def test_one_in_an_idiom_is_no_figure_but_one_counted_is():
    text = "Boxes moved from one ship to another, one crane after another. One ship carried 40 boxes."
    found = extract_figures(text, PUBLISHED)
    assert [(f.surface, f.char_start) for f in found] == [("One", text.index("One ship")), ("40", text.index("40"))]


def test_list_carries_period_unit_and_rate():
    found = figures_of("In 2019, there were 410 arrests, which rose to 455 in 2020 and 520 last year. "
                       "Incheon handled 61 cases per investigator, Ulsan 48 cases and Gwangju 39 cases.")
    assert found["410"].period_start == dt.date(2019, 1, 1)
    assert found["455"].period_start == dt.date(2020, 1, 1)
    assert (found["520"].period_start, found["520"].measure) == (dt.date(2022, 1, 1), found["410"].measure)
    for surface in ("61", "48", "39"):
        assert (found[surface].kind, found[surface].per) == ("rate", "investigator")
    assert found["39"].period_start == dt.date(2022, 1, 1)  # carried from the sentence before


def test_rate_carries_along_a_list_of_places_and_each_sets_the_denominator():
    found = figures_of("Busan handled 135 cases per officer, Daegu 132 and Incheon 112. Each officer in Ulsan "
                       "handled an average of 89.5 cases. The clinic saw 40 patients a day.")
    for surface in ("135", "132", "112", "89.5"):
        assert (found[surface].kind, found[surface].per, found[surface].measure) == (
            "rate", "officer", "cases per officer"), found[surface]
    assert [found[s].region_code for s in ("132", "112", "89.5")] == ["KR-27", "KR-28", "KR-31"]
    assert found["89.5"].qualifier == "average"
    assert (found["40"].per, found["40"].measure) == ("day", "patients a day")  # not "patients a day per day"


def test_change_spans_base_and_current_period():
    found = figures_of("Retail sales rose 8.8 percent in 2022 from a year earlier.")
    assert (found["8.8"].period_start, found["8.8"].period_end) == (dt.date(2021, 1, 1), dt.date(2022, 12, 31))


def test_unclaimed_month_is_a_date_figure_and_claimed_one_is_not():
    found = figures_of("The law took effect in July 2021. As of June 2023, 812 people were enrolled.")
    assert found["July 2021"].kind == "date" and found["July 2021"].value is None
    assert "June 2023" not in found
    assert (found["812"].period_start, found["812"].period_end) == (None, dt.date(2023, 6, 30))


def test_places_and_home_country():
    found = figures_of("TOKYO (Kyodo) -- Osaka Prefecture logged 1,204 cases, while the national total was 9,876.")
    assert (found["1,204"].region, found["1,204"].region_code) == ("Osaka", "JP-27")
    assert found["9,876"].region_code == "JP"


def test_no_publication_date_leaves_relative_periods_open():
    found = figures_of("Last year 500 cases were filed; in 2021 there were 450.", published=None)
    assert found["500"].period_start is None
    assert found["450"].period_start == dt.date(2021, 1, 1)


def test_names_containing_a_place_are_not_that_place():
    found = figures_of("Exports to Latin America rose 12 percent, while those to Japan rose 3 percent.")
    assert found["12"].region_code != "US" and found["3"].region_code == "JP"


def test_hyphenated_percent_and_year_through():
    found = figures_of("Sales saw a 20-percent rise in the year through March 2023.")
    assert (found["20"].kind, found["20"].period_end) == ("percent", dt.date(2023, 3, 31))


def test_the_day_data_were_reported_is_not_a_period():
    found = figures_of("Unemployment rose to 3.2 percent in the first quarter, up 0.4 percentage point from a "
                       "year earlier, as hiring slowed, government data showed Friday.", dt.date(2023, 4, 14))
    assert (found["0.4"].period_start, found["0.4"].period_end) == (dt.date(2022, 1, 1), dt.date(2023, 3, 31))


def test_scottish_report_nests_councils_in_scotland_and_reads_on_year_bases():
    text = ("Police Scotland recorded 6,927 hate crimes in 2022/23, up 9% on the previous year, new figures "
            "show.\n\nIn Glasgow, the rate was 21.4 crimes per 10,000 people. Edinburgh recorded 1,104 crimes, "
            "and Scotland as a whole 6,927.")
    found = {f.surface: f for f in extract_figures(text, dt.date(2023, 6, 13))}
    assert (found["9"].period_start, found["9"].period_end) == (dt.date(2021, 4, 1), dt.date(2023, 3, 31))
    assert (found["21.4"].region, found["21.4"].per) == ("Glasgow City", "10,000 people")
    assert found["6,927"].region == "Scotland" and found["6,927"].region_code == "GB-SCT"


def test_value_a_change_started_from_is_a_year_earlier():
    found = figures_of("In 2023, the fertility rate dropped to 1.20 from 1.26.", dt.date(2024, 2, 27))
    assert found["1.20"].period_start == dt.date(2023, 1, 1)
    assert (found["1.26"].period_start, found["1.26"].period_end) == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))


WORDS_BEFORE = sorted({word for key in ("reference_markers", "reference_leads", "age_leads")
                       for word in lexicon()[key]})
# long digit runs and wide gaps make matches that begin before the 24-character window
window_pieces = st.sampled_from(WORDS_BEFORE + ["in their", "18", "1234567", "12345678901234567", "to", "and", "-",
                                                 "or", ".", "#", "x", "a", "é", " ", "  ", " " * 16, "\n", "\t"])


@settings(max_examples=300, deadline=None)
# "over the age of 18 to    ": the mirror's match takes the "o" before the window, the pattern's "age of" is inside
@example(["over the age of", "18", "to", "", "", "", ""], False)
@given(st.lists(window_pieces | st.text(alphabet="Nno. -#1aEgd\n", max_size=4), max_size=12), st.booleans())
def test_mirror_check_of_the_words_before_a_number_agrees_with_the_pattern(pieces, upper):
    """_named_by_words_before matches a mirror image of the reference pattern on the reversed window; at
    every position of any text it says what a search of the pattern itself says."""
    text = " ".join(pieces)
    text = text.upper() if upper else text
    pattern, _ = _reference_patterns()
    for start in range(len(text) + 1):
        assert _named_by_words_before(text, start) == pattern.found_in(text, max(0, start - 24), start), \
            (text, start)


def test_rate_list_runs_on_into_the_next_sentence():
    found = figures_of("Harbor County had the highest rate, 41.2 burglaries per 1,000 homes, followed by Lake County "
                       "at 37.5. Pine County had the lowest rate, at 12.9, while Elm County stood at 15.1. "
                       "The Northern District followed with 30.4 and the Southern District with 28.8.")
    for surface in ("37.5", "12.9", "15.1", "30.4", "28.8"):
        assert (found[surface].kind, found[surface].per) == ("rate", "1,000 homes"), found[surface]


def test_a_bare_number_after_a_rate_stays_a_count_without_a_list():
    found = figures_of("Clinics saw 41 patients a day in 2022. In 2023, 12,400 or more patients were seen. "
                       "- 61: children treated")
    assert (found["12,400"].kind, found["12,400"].unit, found["12,400"].qualifier) == ("count", "patients", "at least")
    assert found["61"].kind == "count"  # a fact box's label, not an item of the list before


def test_each_per_hyphen_and_a_bare_denominator_make_rates():
    found = figures_of("Nurses at the county hospital treated 18 patients each. The per-bed cost rose to 310. "
                       "Some towns had more than 75 cases per 100,000.")
    assert (found["18"].kind, found["18"].per) == ("rate", "nurse")
    assert (found["310"].kind, found["310"].per) == ("rate", "bed")
    assert (found["75"].kind, found["75"].per) == ("rate", "100,000")
    assert "100,000" not in found


def test_respectively_pairs_places_with_figures_in_order():
    found = figures_of("Ulsan and Gwangju, both port cities, reported gains of 4% and 7%, respectively.")
    assert (found["4"].region, found["7"].region) == ("Ulsan", "Gwangju")


def test_national_word_after_a_place_and_a_relative_clause():
    found = figures_of("SEOUL (Yonhap) -- Incheon logged 88 fires per 100,000 homes, well above the national rate of 51. "
                       "The busiest station was in Daejeon, which answered 9,200 calls.")
    assert found["88"].region == "Incheon"
    assert found["51"].region_code == "KR"
    assert found["9,200"].region == "Daejeon"


def test_parts_of_a_year_and_the_year_before_follow_the_figure_compared():
    found = figures_of("In the first quarter of last year, 5,120 claims were filed, up from 4,870 in the fourth "
                       "quarter. A poll of 900 firms, taken in May, found 31 percent hiring in 2022, against "
                       "24 percent the year before.")
    assert (found["4,870"].period_start, found["4,870"].period_end) == (dt.date(2022, 10, 1), dt.date(2022, 12, 31))
    assert (found["24"].period_start, found["24"].period_end) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))


def test_indian_scale_words_and_the_rupee_prefix():
    found = figures_of("The state set aside Rs 42 crore, up from Rs. 35 crore, and 1.6 lakh homes were checked. "
                       "The fund holds ₹1,200 crore. In recent years 4,000 people fell ill, and 1,24,816 were tested.")
    assert (found["42 crore"].value, found["42 crore"].kind, found["42 crore"].unit) == (420_000_000, "currency", "INR")
    assert (found["35 crore"].unit, found["1,200 crore"].value) == ("INR", 12_000_000_000)
    assert (found["1.6 lakh"].value, found["1.6 lakh"].kind) == (160_000, "count")
    assert found["4,000"].kind == "count"  # "years" ends in "rs" but is no rupee sign
    assert found["1,24,816"].value == 124_816  # lakh grouping


def test_uk_release_wording():
    text = ("LONDON, 20 December 2023 - Inflation eased to 3.9% in November, a sharper fall than economists had "
            "expected.\n\nThe Bank of England held rates at 5.25% last week. Pay grew 7.3% in the three months to "
            "October. Sales rose 1.3% in November compared with October, after falling 0.3% in October. "
            "Markets expect a cut by May. Core inflation slowed to 5.1%.")
    found = figures_of(text, dt.date(2023, 12, 20))
    assert "20 December 2023" not in found  # a dateline, day first
    assert found["5.25"].region_code == "GB"  # not England: the bank's name
    assert (found["5.25"].period_start, found["5.25"].period_end) == (dt.date(2023, 12, 11), dt.date(2023, 12, 17))
    assert (found["7.3"].period_start, found["7.3"].period_end) == (dt.date(2022, 8, 1), dt.date(2023, 10, 31))
    assert "three months" not in found  # a period's name
    assert (found["1.3"].period_start, found["1.3"].period_end) == (dt.date(2023, 10, 1), dt.date(2023, 11, 30))
    assert "October" not in found  # the base of a change
    assert found["0.3"].period_start == dt.date(2022, 10, 1)  # "falling" is a change: on-year by default
    assert (found["May"].period_start, found["May"].period_end) == (dt.date(2024, 5, 1), dt.date(2024, 5, 31))
    assert found["5.1"].period_end == dt.date(2023, 11, 30)  # "had expected" looks ahead, not back


def test_a_target_month_looks_ahead_only_in_a_sentence_about_the_future():
    found = figures_of("By March, 400 homes had power again.", dt.date(2023, 12, 20))
    assert (found["400"].period_start, found["400"].period_end) == (None, dt.date(2023, 3, 31))


def test_earnings_report_wording():
    found = figures_of("Samsung posted a third-quarter operating profit of 2.43 trillion won, down 78% from a year "
                       "earlier. Revenue fell to 67.4 trillion won. Shipments rose to 59 million units, from 58 million "
                       "a year earlier, giving it a 20% share.", dt.date(2023, 10, 31))
    assert "a third" not in found  # "third-quarter" is the period, no fraction
    assert (found["2.43 trillion"].period_start, found["2.43 trillion"].period_end) == (
        dt.date(2023, 7, 1), dt.date(2023, 9, 30))
    assert found["67.4 trillion"].value == 67_400_000_000_000  # scaled in decimal, not 67400000000000.01
    assert found["20"].period_start == dt.date(2023, 7, 1)  # "a year earlier" is 58 million's, not the share's


def test_a_tenure_runs_back_from_publication_but_a_suspended_term_does_not():
    found = figures_of("Kim, a ferry pilot for 31 years, was given a 10-month term, suspended for two years.",
                       dt.date(2024, 1, 23))
    assert (found["31 years"].period_start, found["31 years"].period_end) == (dt.date(1993, 1, 23), dt.date(2024, 1, 23))
    assert found["two years"].period_start is None


def test_australian_page_stamp_dateline_city_and_dollars():
    text = ("Mental health waits grow\n\nUpdated Tue 14 May 2024 at 6:12am\n\nSYDNEY (AP) — Services were used by "
            "2.7 million people in 2022-23. Spending reached $12.2 billion, or 8 billion US dollars.")
    found = figures_of(text, dt.date(2024, 5, 14))
    assert "14 May 2024" not in found  # the page's time stamp
    assert (found["2.7 million"].period_start, found["2.7 million"].period_end) == (
        dt.date(2022, 7, 1), dt.date(2023, 6, 30))  # "used by": an agent, no change
    assert (found["12.2 billion"].unit, found["12.2 billion"].region_code) == ("AUD", "AU")  # a Sydney story's $
    assert (found["8 billion"].unit, found["8 billion"].region_code) == ("USD", "AU")  # "US dollars" is no place


def test_european_denominator_and_years_bounding_a_multiplier():
    found = figures_of("Berlin recorded 14.235 offences per 100.000 inhabitants, up 4,2 percent. Sales in 2023 were "
                       "3 times those of 2020.", dt.date(2024, 3, 3))
    assert (found["14.235"].kind, found["14.235"].per) == ("rate", "100.000 inhabitants")
    assert "100.000" not in found
    assert (found["3"].period_start, found["3"].period_end) == (dt.date(2020, 1, 1), dt.date(2023, 12, 31))
    assert "2023" not in found and "2020" not in found  # they bound the multiplier's period


def test_pc_percent_and_hyphened_ratios():
    found = figures_of("Rents rose 40pc and 12 pc. One-in-four adults and 1-in-10 children were affected. "
                       "He sold 40 PCs.")
    assert [(f.surface, f.kind, f.value) for f in extract_figures(
        "Rents rose 40pc and 12 pc.", PUBLISHED)] == [("40", "percent", 40), ("12", "percent", 12)]
    assert (found["One-in-four"].kind, found["One-in-four"].value) == ("ratio", 0.25)
    assert (found["1-in-10"].kind, found["1-in-10"].value) == ("ratio", 0.1)
    assert found["40"].kind == "count"  # "PCs" are computers


def test_a_place_label_before_a_colon_owns_the_value():
    found = figures_of("OTTAWA — Starts fell in 2023.\n\nKey numbers:\n• Ontario: 89,297 starts, down 10%\n"
                       "• Quebec: 38,935 starts", dt.date(2024, 1, 16))
    assert (found["89,297"].region, found["10"].region, found["38,935"].region) == ("Ontario", "Ontario", "Quebec")


def test_part_of_a_month_and_a_restating_clause():
    found = figures_of("In the last 10 days of March 2023, 300 fires broke out. Karnataka reported 24,816 cases, "
                       "or about 20% of the national total.", dt.date(2024, 10, 21))
    assert (found["300"].period_start, found["300"].period_end) == (dt.date(2023, 3, 22), dt.date(2023, 3, 31))
    assert "10 days" not in found  # a period's name
    assert found["20"].region == "Karnataka"  # the share is Karnataka's, of the national total


def test_count_ranges_but_not_scores_year_pairs_or_round_the_clock():
    text = ("Roughly 3,000-4,000 troops and 10-15 people came. The team won 3-2 in the 2022-23 season, "
            "open 24-7.")
    found = [(f.surface, f.kind, f.unit, f.qualifier) for f in extract_figures(text, PUBLISHED)]
    assert found == [("3,000", "count", "troops", "roughly"), ("4,000", "count", "troops", None),
                     ("10", "count", "people", None), ("15", "count", "people", None)]


def test_so_far_this_year_is_one_stock_and_all_of_a_year_is_its_period():
    found = figures_of("The number of deaths so far this year is 40, compared with 91 deaths in all of 2023.",
                       dt.date(2024, 10, 21))
    assert (found["40"].period_start, found["40"].period_end) == (None, dt.date(2024, 10, 21))
    assert (found["91"].period_start, found["91"].period_end) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert "2023" not in found


def test_year_to_date_per_capita_money_and_a_sentence_subject_that_is_no_list_link():
    found = figures_of("Homicides fell 13% year-to-date, to 573. Spending per capita was $1,240. Sales were 400.",
                       dt.date(2023, 12, 1))
    assert (found["573"].period_start, found["573"].period_end) == (dt.date(2023, 1, 1), dt.date(2023, 12, 1))
    assert found["13"].period_start == dt.date(2022, 1, 1)  # a change on the same span a year before
    assert (found["1,240"].kind, found["1,240"].per) == ("rate", "capita")
    assert found["400"].kind == "count"  # "Sales were": the capital of a sentence's first word names nothing


def test_numbers_in_names_and_addresses_are_no_figures():
    text = ("Boeing 737 jets and Windows 11 sold well; the S&P 500 rose 1.2% and Fortune 500 firms grew. "
            "Type 2 diabetes affects 3 million people. He lives at 10 Downing Street. The office had 300 visitors.")
    assert [(f.surface, f.kind) for f in extract_figures(text, PUBLISHED)] == [
        ("1.2", "percent"), ("3 million", "count"), ("300", "count")]  # "office" names nothing in lower case


def test_glued_measurement_units_and_a_persons_age():
    found = figures_of("Temperatures hit 35C on a 5km route; 40GWh was used. A woman aged 29 was hurt, and people "
                       "aged 65 and older were warned. The 5G network opens at 10am.")
    assert [(s, found[s].kind, found[s].unit) for s in ("35", "5", "40", "29")] == [
        ("35", "other", "C"), ("5", "other", "km"), ("40", "other", "GWh"), ("29", "other", "years old")]
    assert "65" not in found and "10" not in found  # an age bracket's bound, a time of day


def test_an_age_set_off_by_commas_but_not_a_list_of_counts():
    found = [(f.surface, f.kind) for f in extract_figures(
        "Jane Moss, 45, said rents rose. The driver, 34, was hurt. Cases rose to 300, 45, and 50.", PUBLISHED)]
    assert found == [("45", "other"), ("34", "other"), ("300", "count"), ("45", "count"), ("50", "count")]


def test_a_part_named_by_its_ordinal_alone_follows_the_part_before():
    found = figures_of("Calls totaled 4.52 million in the first quarter and 4.89 million in the second. Sales were "
                       "300 in the first half of 2023 and 400 in the latter.", dt.date(2024, 8, 20))
    assert (found["4.89 million"].period_start, found["4.89 million"].period_end) == (
        dt.date(2024, 4, 1), dt.date(2024, 6, 30))
    assert (found["400"].period_start, found["400"].period_end) == (dt.date(2023, 7, 1), dt.date(2023, 12, 31))


def test_money_lost_is_a_loss_but_jobs_lost_are_a_change():
    found = figures_of("The chip division lost 3.75 trillion won in the second quarter. The firm lost 2,000 jobs "
                       "in 2022.")
    assert (found["3.75 trillion"].period_start, found["3.75 trillion"].period_end) == (
        dt.date(2023, 4, 1), dt.date(2023, 6, 30))
    assert found["2,000"].period_start == dt.date(2021, 1, 1)  # a change on the year before


def test_a_minus_sign_or_the_word_minus_makes_a_number_negative():
    found = figures_of("In 2022 the flash estimate was -0.6% and the balance came to \u2212410 million euros (-1.1% of "
                       "GDP). It was minus 31 degrees Celsius in the north.")
    assert [(s, found[s].value, found[s].kind) for s in ("-0.6", "\u2212410 million", "-1.1", "minus 31")] == [
        ("-0.6", -0.6, "percent"), ("\u2212410 million", -410_000_000, "currency"), ("-1.1", -1.1, "percent"),
        ("minus 31", -31, "other")]
    # a signed level, not a change: its period is the year, not a span from the year before
    assert {found[s].period_start for s in ("-0.6", "\u2212410 million", "-1.1")} == {dt.date(2022, 1, 1)}


def test_a_hyphen_between_words_or_numbers_and_arithmetic_minus_stay_positive():
    found = [(f.surface, f.value) for f in extract_figures(
        "COVID-19 cases hit 500 in the 2018-22 period, and the score was 10 minus 3 points.", PUBLISHED)]
    assert found == [("500", 500), ("10", 10), ("3", 3)]


def test_the_same_part_of_another_year_moves_the_period_compared_with():
    found = figures_of("Exports were 95 million euros in the third quarter, against 80 million euros in the same "
                       "quarter of 2021. In March, sales hit 50 units, down from 70 units in the same month of 2021.")
    periods = {s: (found[s].period_start, found[s].period_end) for s in ("80 million", "50", "70")}
    assert periods == {"80 million": (dt.date(2021, 7, 1), dt.date(2021, 9, 30)),
                       "50": (dt.date(2023, 3, 1), dt.date(2023, 3, 31)),
                       "70": (dt.date(2021, 3, 1), dt.date(2021, 3, 31))}


def test_when_a_report_came_out_is_not_a_figures_period():
    found = figures_of("Output fell 0.9% in the second quarter, more than the estimate of 0.6% published last month.")
    assert (found["0.6"].period_start, found["0.6"].period_end) == (dt.date(2023, 4, 1), dt.date(2023, 6, 30))


def test_a_contraction_of_is_a_change():
    found = figures_of("The economy will grow 1.2% in 2024 after a contraction of 0.3% in 2023.")
    assert (found["0.3"].period_start, found["0.3"].period_end) == (dt.date(2022, 1, 1), dt.date(2023, 12, 31))


def test_a_quarter_or_half_without_its_year_is_the_latest_one_unless_the_sentence_looks_ahead():
    found = figures_of("Its fourth-quarter profit was $3 million. Sales were 40 units in the second half. The firm "
                       "expects sales of 60 units in the second half. In the first quarter, sales were 20 units.",
                       dt.date(2024, 2, 7))
    periods = {s: (found[s].period_start, found[s].period_end) for s in ("3 million", "40", "60", "20")}
    assert periods == {"3 million": (dt.date(2023, 10, 1), dt.date(2023, 12, 31)),
                       "40": (dt.date(2023, 7, 1), dt.date(2023, 12, 31)),
                       "60": (dt.date(2024, 7, 1), dt.date(2024, 12, 31)),
                       "20": (dt.date(2024, 1, 1), dt.date(2024, 3, 31))}


def test_a_weekday_after_a_passive_reporting_verb_dates_the_report_not_the_figure():
    found = figures_of("Hospitals treated 812,400 patients in the April-June quarter, 6.2 per cent more than a year "
                       "earlier, according to figures released by the health bureau on Tuesday. There were 47,000 "
                       "reported burglaries in Japan last month.", dt.date(2023, 7, 18))
    assert (found["6.2"].period_start, found["6.2"].period_end) == (dt.date(2022, 4, 1), dt.date(2023, 6, 30))
    # "reported" as an adjective reports nothing: "last month" is the burglaries' month
    assert (found["47,000"].period_start, found["47,000"].period_end) == (dt.date(2023, 6, 1), dt.date(2023, 6, 30))


def test_a_multiplier_spans_from_the_same_period_of_an_earlier_year():
    found = figures_of("In the April-June quarter, 900 flu cases were counted. Cases have climbed to 54,300 so far "
                       "this year, almost three times the number recorded over the same period of 2021.",
                       dt.date(2023, 7, 18))
    assert (found["three"].period_start, found["three"].period_end) == (dt.date(2021, 1, 1), dt.date(2023, 6, 30))


def test_a_year_in_a_since_clause_dates_that_clauses_event_not_the_figure_before_it():
    found = figures_of("Foreign residents numbered 2.46 million in 2022. It was the first time the figure topped the "
                       "2.4 million mark since the ministry began compiling the data in 2006.", dt.date(2023, 10, 29))
    assert found["2.4 million"].period_start == dt.date(2022, 1, 1)
    assert (found["2006"].kind, found["2006"].period_start) == ("year", dt.date(2006, 1, 1))


def test_the_corresponding_period_is_the_same_period():
    found = figures_of("In the January-September period, 177,137 babies were born, down 8.5 percent from the "
                       "corresponding period last year.", dt.date(2023, 11, 22))
    assert (found["8.5"].period_start, found["8.5"].period_end) == (dt.date(2022, 1, 1), dt.date(2023, 9, 30))


def test_a_change_on_a_year_keeps_its_base_when_another_comparison_follows():
    found = figures_of("Railways carried 1.6bn journeys in the year to December, a 15% rise on 2022 but still about "
                       "10% below 2019. Weekend journeys in Q4 were up 6% year on year.", dt.date(2024, 3, 14))
    assert (found["15"].period_start, found["15"].period_end) == (dt.date(2022, 1, 1), dt.date(2023, 12, 31))
    assert (found["6"].period_start, found["6"].period_end) == (dt.date(2022, 10, 1), dt.date(2023, 12, 31))


def test_a_change_from_three_months_earlier_spans_back_a_quarter_and_keeps_its_duration():
    found = figures_of("Household debt stood at 1,886.4 trillion won at the end of September, up 14.3 trillion won "
                       "from three months earlier.", dt.date(2023, 11, 21))
    assert (found["14.3 trillion"].period_start, found["14.3 trillion"].period_end) == (
        dt.date(2023, 7, 1), dt.date(2023, 9, 30))  # a stock's change: from the day after the earlier stock
    assert (found["three months"].kind, found["three months"].value) == ("duration", 3)
    found = figures_of("In September, exports reached 50 billion dollars, up 3 percent from three months earlier.",
                       dt.date(2023, 11, 21))
    assert (found["3"].period_start, found["3"].period_end) == (dt.date(2023, 6, 1), dt.date(2023, 9, 30))


def test_a_currency_word_glued_to_the_digits_names_the_currency_but_not_inside_a_name():
    found = figures_of("The government will spend W1.2 trillion ($900 million) on jobs; sales were Rs42 crore. "
                       "The W3C standard was cited.")
    assert [(f.surface, f.value, f.unit) for f in found.values()] == [
        ("1.2 trillion", 1.2e12, "KRW"), ("900 million", 9e8, "USD"), ("42 crore", 4.2e8, "INR")]


def test_according_to_an_agency_on_a_weekday_dates_the_report():
    found = figures_of("Youth unemployment rose to 7.1 percent in the second quarter, up 1.3 percentage points from "
                       "a year earlier, according to Statistics Korea on Sunday.", dt.date(2023, 8, 13))
    assert (found["1.3"].period_start, found["1.3"].period_end) == (dt.date(2022, 4, 1), dt.date(2023, 6, 30))


def test_ordinals_after_a_and_a_marker_word_used_as_a_verb():
    found = figures_of("Visitors slipped for a third straight quarter; sales fell by a third. Arrivals are expected "
                       "to top 2 million, and exports could top 10,000. It made the top 10 list.")
    assert [(f.surface, f.value) for f in found.values()] == [("a third", 1 / 3), ("2 million", 2e6),
                                                               ("10,000", 1e4)]


def test_a_yearless_month_range_not_yet_begun_is_last_years_and_a_held_duration_spans_its_change():
    found = figures_of("A total of 412,000 visitors arrived in the October-December period. Occupancy stood at 58.3 "
                       "percent at the end of December, up 4.1 percentage points from three months earlier.",
                       dt.date(2024, 2, 18))
    assert (found["412,000"].period_start, found["412,000"].period_end) == (dt.date(2023, 10, 1), dt.date(2023, 12, 31))
    assert (found["three months"].period_start, found["three months"].period_end) == (
        dt.date(2023, 10, 1), dt.date(2023, 12, 31))


def test_the_other_end_of_a_flow_is_not_the_figures_place():
    found = figures_of("TOKYO (Kyodo) -- Japan's exports rose 1.6 percent. Shipments to China increased 2.7 percent. "
                       "Guests came from Denmark (21,430), Switzerland (17,880) and Austria (15,204), while Osaka "
                       "recorded 9,000 guests. Foreign visitors to Jeju numbered 412,000.", dt.date(2023, 12, 18))
    assert {s: found[s].region for s in ("2.7", "21,430", "17,880", "15,204", "9,000", "412,000")} == {
        "2.7": "Japan", "21,430": "Japan", "17,880": "Japan", "15,204": "Japan", "9,000": "Osaka",
        "412,000": "Jeju"}  # people travelling to a place are counted there


def test_the_first_months_of_a_fiscal_year_start_with_it():
    found = figures_of("TOKYO (Kyodo) -- In the first eight months of fiscal 2023, Japan's trade deficit totaled "
                       "4.05 trillion yen.", dt.date(2023, 12, 18))
    assert (found["4.05 trillion"].period_start, found["4.05 trillion"].period_end) == (
        dt.date(2023, 4, 1), dt.date(2023, 11, 30))


def test_each_names_the_rate_denominator_also_after_a_modifier():
    found = figures_of("Each traffic officer in Gyeonggi handled about 3.4 cases. Each tour guide led 228 visitors. "
                       "Each vacancy drew 119 applications. Winds reached 165 kilometers per hour and gusts of up to "
                       "205 kph.")
    assert {s: (found[s].kind, found[s].per) for s in ("3.4", "228", "119", "205")} == {
        "3.4": ("rate", "officer"), "228": ("rate", "guide"), "119": ("rate", "vacancy"), "205": ("rate", "hour")}


@pytest.mark.parametrize("stamp", ["Posted on : Sept. 30, 2024 - 16:42 KST", "Posted on : Sep.30,2024 16:42 KST",
                                   "Published : Sept. 30, 2024 - 16:42 Updated : Sept. 30, 2024 - 17:01",
                                   "Posted : 2024-09-30 16:42", "Modified on : Oct. 1, 2024 - 09:10 KST"])
def test_a_page_stamp_with_a_spaced_colon_or_a_numeric_date_is_no_figure(stamp):
    found = figures_of(f"Reports rise\n\n{stamp}\n\nSEOUL, Sept. 30 (Seoul Herald) -- Reports rose to 7,150 last year.",
                       dt.date(2024, 9, 30))
    assert list(found) == ["7,150"]


def test_top_after_a_plural_subject_is_a_verb_and_after_a_determiner_a_rank():
    found = figures_of("Dating violence reports top 77,000. Exports top 600 billion dollars. Its top 10 firms "
                       "and the world's top 500 companies hired 1,200 people.")
    assert [(f.surface, f.value) for f in found.values()] == [("77,000", 77000), ("600 billion", 6e11),
                                                               ("1,200", 1200)]


def test_the_year_of_a_figure_given_for_comparison_is_not_the_period_of_a_later_one():
    found = figures_of("Reports climbed to 77,150 last year, nearly 1.4 times the 56,080 logged in 2020, but fewer "
                       "than one in 10 of them ended in an arrest.", dt.date(2024, 9, 30))
    assert period_of(found["56,080"]) == (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert period_of(found["one in 10"]) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def test_the_level_a_change_over_a_span_of_years_reached_is_the_last_years():
    found = figures_of("Protection orders rose threefold over the past four years to 1,914. Exports rose 40 percent "
                       "over the past five years to $55 billion. Sales over the past three years totalled 2,500 units.",
                       dt.date(2024, 9, 30))
    assert {s: (found[s].period_start.year, found[s].period_end.year) for s in
            ("threefold", "1,914", "40", "55 billion", "2,500")} == {
        "threefold": (2020, 2023), "1,914": (2023, 2023), "40": (2019, 2023), "55 billion": (2023, 2023),
        "2,500": (2021, 2023)}  # a total over the span keeps the span


def test_the_quarterly_rate_is_not_the_quarter_under_discussion():
    found = figures_of("Births totaled 230,000 last year. In the fourth quarter alone, births fell 10.2 percent on-year "
                       "to 54,000, pushing the quarterly rate to 0.65.", dt.date(2024, 2, 28))
    assert {s: (found[s].period_start, found[s].period_end) for s in ("54,000", "0.65")} == {
        "54,000": (dt.date(2023, 10, 1), dt.date(2023, 12, 31)), "0.65": (dt.date(2023, 10, 1), dt.date(2023, 12, 31))}
    assert found["0.65"].kind == "rate"


def test_the_level_a_change_reached_is_no_change_and_an_average_age_is_an_age():
    found = figures_of("Births came to 230,000 last year. The average age of mothers giving birth rose 0.2 year to 33.6.",
                       dt.date(2024, 2, 28))
    assert (found["0.2"].kind, found["0.2"].period_start, found["0.2"].period_end) == (
        "other", dt.date(2022, 1, 1), dt.date(2023, 12, 31))
    assert (found["33.6"].kind, found["33.6"].period_start, found["33.6"].period_end) == (
        "other", dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def test_a_verb_after_an_appositive_takes_the_subject_before_it():
    found = figures_of("The total fertility rate, the average number of children a woman is expected to have, fell to "
                       "0.72 last year. Marriages, a leading indicator of births, fell 4.9 percent to 193,657. Korea "
                       "is the only member with a rate below 1.", dt.date(2024, 2, 28))
    assert (found["0.72"].kind, found["0.72"].measure) == ("rate", "total fertility rate")
    assert found["4.9"].measure.startswith("Marriages") and found["1"].kind == "rate"


def test_the_countrys_count_is_national_and_a_changes_own_base_outlasts_a_later_comparison():
    found = figures_of("SEOUL, Feb. 28 (Yonhap) -- Seoul posted the lowest rate among the country's 17 major cities at "
                       "0.55. Newborns came to 230,000 last year, down 7.7 percent from 2022 and roughly half the "
                       "438,420 born in 2015.", dt.date(2024, 2, 28))
    assert (found["17"].region, found["0.55"].region) == ("South Korea", "Seoul")
    assert (found["7.7"].period_start, found["7.7"].period_end) == (dt.date(2022, 1, 1), dt.date(2023, 12, 31))
    assert (found["half"].period_start, found["438,420"].period_start) == (dt.date(2023, 1, 1), dt.date(2015, 1, 1))


def test_years_earlier_count_back_from_the_period_discussed_not_from_publication():
    found = figures_of("Accidents caused by elderly drivers reached 39,614 in 2023, compared to 31,072 four years "
                       "earlier.", dt.date(2024, 9, 22))
    assert {s: (found[s].period_start, found[s].period_end) for s in ("31,072", "four years")} == {
        "31,072": (dt.date(2019, 1, 1), dt.date(2019, 12, 31)), "four years": (dt.date(2019, 1, 1), dt.date(2023, 12, 31))}
    found = figures_of("Registered electric vehicles stood at 612,470 as of August, more than double the figure three "
                       "years earlier.")
    assert {s: (found[s].period_start, found[s].period_end) for s in ("double", "three years")} == {
        "double": (dt.date(2020, 8, 1), dt.date(2023, 8, 31)), "three years": (dt.date(2020, 8, 1), dt.date(2023, 8, 31))}


def test_a_denominator_in_the_subject_makes_a_rate_and_so_does_a_comparison_with_it():
    found = figures_of("The suicide rate per 100,000 people was 27.3 last year. The fatality rate per 100,000 "
                       "registered vehicles stood at 1.1, higher than the OECD average of 0.9.", dt.date(2024, 9, 22))
    assert {s: (found[s].kind, found[s].per, found[s].measure) for s in ("27.3", "1.1", "0.9")} == {
        "27.3": ("rate", "100,000 people", "suicide rate per 100,000 people"),
        "1.1": ("rate", "100,000 vehicles", "fatality rate per 100,000 vehicles"),
        "0.9": ("rate", "100,000 vehicles", "fatality rate per 100,000 vehicles")}
    assert "100,000" not in found


def test_a_period_in_the_figures_own_clause_beats_one_in_the_clause_before():
    found = figures_of("Cities have offered incentives to seniors who give up their licenses since 2019, but only 2.1 "
                       "percent of eligible drivers returned them in 2023.", dt.date(2024, 9, 22))
    assert (found["2.1"].period_start, found["2.1"].period_end) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert "2023" not in found  # the figure's period, no event year


def test_the_bound_of_an_age_group_is_no_figure():
    found = figures_of("Licenses are renewed every 10 years for those under 65. People over 80 made up 5 percent. "
                       "Those over 1,000 were fined, and women under 30 percent.")
    assert [(f.surface, f.kind) for f in found.values()] == [("10 years", "duration"), ("5", "percent"),
                                                              ("1,000", "count"), ("30", "percent")]


def test_a_level_reached_after_a_base_is_no_change_and_edged_up_to_is_no_qualifier():
    found = figures_of("SEJONG, Oct. 16 -- Employed people aged between 15 and 29 fell by 210,000 from a year earlier "
                       "to 3.78 million in September. The employment rate dropped 1.4 percentage points to 45.9 percent, "
                       "and the jobless rate edged up to 5.1 percent. Fines of up to 3 million won apply.",
                       dt.date(2024, 10, 16))
    assert "15" not in found and "29" not in found  # an age group's bounds
    assert {s: (found[s].period_start, found[s].period_end) for s in ("210,000", "3.78 million", "45.9")} == {
        "210,000": (dt.date(2023, 9, 1), dt.date(2024, 9, 30)), "3.78 million": (dt.date(2024, 9, 1), dt.date(2024, 9, 30)),
        "45.9": (dt.date(2024, 9, 1), dt.date(2024, 9, 30))}
    assert (found["5.1"].qualifier, found["3 million"].qualifier) == (None, "up to")


def test_a_run_of_months_or_years_ends_with_the_period_discussed():
    found = figures_of("Youth employment fell in September, extending the decline to 11 months in a row. Exports fell 5 "
                       "percent last year, the steepest drop in five years.", dt.date(2024, 10, 16))
    assert {s: (found[s].period_start, found[s].period_end) for s in ("11 months", "five years")} == {
        "11 months": (dt.date(2023, 11, 1), dt.date(2024, 9, 30)), "five years": (dt.date(2019, 1, 1), dt.date(2023, 12, 31))}


def test_a_fraction_of_a_point_is_a_percent_and_a_rate_decision_is_dated_when_taken():
    found = figures_of("The central bank cut its benchmark interest rate by a quarter percentage point to 3.25 percent "
                       "last month. Yields rose half a point. A quarter of the loans were bad.", dt.date(2024, 11, 19))
    assert {s: (found[s].kind, found[s].value) for s in ("a quarter", "half", "A quarter")} == {
        "a quarter": ("percent", 0.25), "half": ("percent", 0.5), "A quarter": ("ratio", 0.25)}
    assert (found["a quarter"].period_start, found["a quarter"].period_end) == (dt.date(2024, 10, 1),
                                                                                 dt.date(2024, 10, 31))


def test_growth_multipliers_compare_on_year_and_won_places_a_placeless_story_in_korea():
    found = figures_of("Voice phishing losses nearly double in first half\n\nLosses in the first half of this year reached "
                       "209.7 billion won. Victims fell 16.1 percent year-on-year to 10,742, meaning that the average loss "
                       "per victim surged 2.3-fold to 19.5 million won.",
                       dt.date(2024, 8, 25))
    on_year = (dt.date(2023, 1, 1), dt.date(2024, 6, 30))
    assert {s: (found[s].period_start, found[s].period_end) for s in ("double", "2.3-fold")} == {
        "double": on_year, "2.3-fold": on_year}
    assert (found["10,742"].kind, found["19.5 million"].kind, found["19.5 million"].per) == ("count", "rate", "victim")
    assert {f.region for f in found.values()} == {"South Korea"}
    assert figures_of("Losses reached $209.7 million.")["209.7 million"].region is None  # dollars name no country


def test_a_change_from_the_same_period_a_year_ago_is_shifted_once():
    found = figures_of("SEOUL, Oct. 7 -- Police caught 130,000 drunk drivers last year. In the first half of the current "
                       "year, 65,012 drivers were caught, an increase of 2.7 percent from the same period a year ago. "
                       "Sales rose 5 percent over the same time a year ago.", dt.date(2024, 10, 7))
    assert {s: (found[s].period_start, found[s].period_end) for s in ("2.7", "5")} == {
        "2.7": (dt.date(2023, 1, 1), dt.date(2024, 6, 30)), "5": (dt.date(2023, 1, 1), dt.date(2024, 6, 30))}


def test_how_often_is_a_count_and_a_national_average_after_a_rate_is_that_rate():
    text = ("Police caught 130,283 drunk drivers last year. Repeat offenders made up 42.3 percent of those caught, "
            "with 8,765 drivers caught three times or more over the past five years. He visited Seoul 10 times; prices "
            "were four times higher. Each traffic officer in the Jeju Provincial Police Agency handled an average of "
            "212 cases, nearly twice the national average of 108.")
    found = figures_of(text, dt.date(2024, 10, 7))
    assert [(f.surface, f.kind) for f in found.values() if f.kind in ("count", "multiplier")] == [
        ("130,283", "count"), ("8,765", "count"), ("three", "count"), ("10", "count"), ("four", "multiplier"),
        ("twice", "multiplier")]
    assert (found["42.3"].period_start, found["8,765"].period_start) == (dt.date(2023, 1, 1), dt.date(2019, 1, 1))
    assert {s: (found[s].kind, found[s].per) for s in ("212", "108")} == {"212": ("rate", "officer"),
                                                                           "108": ("rate", "officer")}


def test_weekly_changes_compare_with_the_week_before_and_set_the_period_carried():
    found = figures_of("Prices post biggest weekly gain in nearly six years\n\nSEOUL, July 11 -- Apartment prices in Seoul "
                       "rose 0.24 percent this week, the steepest weekly increase in 5 1/2 years. Prices in the capital "
                       "have now climbed for 16 consecutive weeks. Nationwide, prices edged up 0.04 percent, reversing a "
                       "0.01 percent decline the previous week. Prices outside the greater Seoul area fell 0.02 percent.",
                       dt.date(2024, 7, 11))
    week_on_week = (dt.date(2024, 7, 1), dt.date(2024, 7, 14))
    assert {s: period_of(found[s]) for s in ("0.24", "0.04", "0.01", "0.02")} == {
        "0.24": week_on_week, "0.04": week_on_week, "0.01": (dt.date(2024, 6, 24), dt.date(2024, 7, 7)),
        "0.02": week_on_week}
    assert (found["5 1/2 years"].value, found["5 1/2 years"].period_start) == (5.5, dt.date(2019, 2, 1))
    assert period_of(found["six years"]) == (dt.date(2018, 8, 1), dt.date(2024, 7, 14))
    assert (found["16 consecutive weeks"].kind, found["0.02"].region) == ("duration", "South Korea")


def test_a_multiplier_against_something_else_keeps_its_sentences_period():
    found = figures_of("The average price reached 1.26 billion won in June, about 14 times the average household's "
                       "annual income. Exports rose for 14 straight months to June.", dt.date(2024, 7, 11))
    assert period_of(found["14"]) == (dt.date(2024, 6, 1), dt.date(2024, 6, 30))
    assert period_of(found["14 straight months"]) == (dt.date(2023, 5, 1), dt.date(2024, 6, 30))


def test_a_comparison_year_a_base_years_ago_and_the_same_months_are_no_figures_of_their_own():
    found = figures_of("SEOUL, Aug. 29 -- Some 8.5 million foreign tourists visited South Korea in the first seven months "
                       "of this year, recovering to 94 percent of the level seen in the same period of 2019, before the "
                       "pandemic. Busan drew 18.7 percent, according to a survey of 16,000 departing visitors. Spending "
                       "per visitor was down 12 percent from five years ago. In July alone, 1.4 million tourists arrived. "
                       "Meanwhile, 16.4 million Koreans traveled abroad during the same seven months.", dt.date(2024, 8, 29))
    assert "2019" not in found and "seven months" not in found
    assert period_of(found["12"]) == period_of(found["five years"]) == (dt.date(2019, 1, 1), dt.date(2024, 7, 31))
    assert period_of(found["16.4 million"]) == (dt.date(2024, 1, 1), dt.date(2024, 7, 31))
    assert (found["18.7"].region, found["16,000"].region) == ("Busan", "South Korea")


def test_an_hourly_wage_its_conversion_a_monthly_wage_and_working_hours():
    found = figures_of("SEJONG, July 12 -- The minimum wage will rise 1.7 percent to 10,030 won (US$7.27) per hour next "
                       "year, breaking the 10,000-won mark. The new rate translates into a monthly wage of 2.096 million "
                       "won for 209 working hours. It is the second-smallest rise, after the 1.5 percent raise set for "
                       "2021.", dt.date(2024, 7, 12))
    assert {s: (found[s].kind, found[s].unit, found[s].per) for s in
            ("10,030", "7.27", "10,000", "2.096 million", "209 working hours")} == {
        "10,030": ("rate", "KRW", "hour"), "7.27": ("rate", "USD", "hour"), "10,000": ("currency", "KRW", None),
        "2.096 million": ("rate", "KRW", "month"), "209 working hours": ("duration", "hours", None)}
    assert period_of(found["1.5"]) == (dt.date(2020, 1, 1), dt.date(2021, 12, 31))


def test_a_national_story_from_the_capital_and_its_counts_since_a_day():
    text = ("Heat illnesses surge past 3,000\n\nSEOUL, Aug. 20 (Hankook Post) -- The number of people treated for "
            "heat-related illnesses has surpassed 3,000, health authorities said. According to the agency, 3,019 "
            "patients had been reported from 508 emergency rooms nationwide since May 20, when monitoring began, up "
            "12.3 percent from the same period last year. Heat exhaustion accounted for 55.1 percent of cases. Seoul "
            "recorded 26 consecutive tropical nights, the longest stretch since records began in 1907. The high "
            "reached 35.8 C in Seoul on Monday.")
    found = figures_of(text, dt.date(2024, 8, 20))
    since_may = (dt.date(2024, 5, 20), dt.date(2024, 8, 20))
    assert {s: period_of(found[s]) for s in ("3,000", "3,019", "508", "55.1")} == {
        "3,000": since_may, "3,019": since_may, "508": since_may, "55.1": since_may}
    assert period_of(found["12.3"]) == (dt.date(2023, 5, 20), dt.date(2024, 8, 20))
    assert (found["3,019"].region, found["35.8"].region, found["1907"].kind) == ("South Korea", "Seoul", "year")


def test_seasons_are_periods():
    found = figures_of("The number of people treated this summer has surpassed 3,000. Power demand peaked at 94.5 "
                       "gigawatts last summer. Heating bills rose 3 percent in the winter of 2023. In the fall of 2022, "
                       "400 cases were filed. Sales fall 3 percent in 2023.", dt.date(2024, 8, 20))
    assert {s: period_of(found[s]) for s in ("3,000", "94.5", "400")} == {
        "3,000": (dt.date(2024, 6, 1), dt.date(2024, 8, 31)),  # this summer: the whole season, like "this year"
        "94.5": (dt.date(2023, 6, 1), dt.date(2023, 8, 31)),  # last summer: the latest one over
        "400": (dt.date(2022, 9, 1), dt.date(2022, 11, 30))}
    assert [f.period_start for f in extract_figures("Heating bills rose 3 percent in the winter of 2023.",
                                                    dt.date(2024, 8, 20))] == [dt.date(2022, 12, 1)]


def test_a_share_below_or_above_a_level_of_another_period_spans_from_it():
    text = ("Foreign tourist arrivals reached 1.03 million in January, up 97.7 percent from a year earlier. The "
            "figure remained 19.6 percent below the level seen in January 2019. Spending was 8.1 percent short of "
            "the pre-pandemic level of 2019. Hotel stays were 3.3 percent above 2022 levels. Exports were 5.2 "
            "percent above the level of a year earlier. Sales were 4 percent above target.")
    found = figures_of(text, dt.date(2024, 3, 4))
    january = dt.date(2024, 1, 31)
    assert {s: period_of(found[s]) for s in ("19.6", "8.1", "3.3", "5.2", "4")} == {
        "19.6": (dt.date(2019, 1, 1), january), "8.1": (dt.date(2019, 1, 1), january),
        "3.3": (dt.date(2022, 1, 1), january), "5.2": (dt.date(2023, 1, 1), january),
        "4": (dt.date(2024, 1, 1), january)}  # a target is no period: the month discussed
    assert not any(figure.kind == "date" for figure in found.values())  # "January 2019" is the base, no figure


def test_a_change_to_a_level_many_times_larger_is_the_change_and_the_level_not_a_range():
    text = ("South Korea added 83,000 jobs in October from a year earlier. The number of employed young people fell "
            "146,000 to 3.6 million. Exports rose 2 to 3 percent.")
    found = figures_of(text, dt.date(2025, 11, 12))
    on_year, october = (dt.date(2024, 10, 1), dt.date(2025, 10, 31)), (dt.date(2025, 10, 1), dt.date(2025, 10, 31))
    assert (period_of(found["146,000"]), period_of(found["3.6 million"])) == (on_year, october)
    assert (period_of(found["2"]), period_of(found["3"])) == (on_year, on_year)  # a range: both bounds are the change


def test_the_current_and_the_next_quarter():
    found = figures_of("Output stood at 0.5 percent in the current quarter. The ratio will be 1.2 percent in the "
                       "coming quarter. Stocks were 3 percent next quarter.", dt.date(2024, 11, 19))
    fourth, first = (dt.date(2024, 10, 1), dt.date(2024, 12, 31)), (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert {s: period_of(found[s]) for s in ("0.5", "1.2", "3")} == {"0.5": fourth, "1.2": first, "3": first}


def test_a_figure_in_a_when_clause_takes_the_time_the_clause_describes():
    text = ("About 80,400 people died of drug overdoses in 2024, down from roughly 110,000 the year before. That is "
            "the lowest annual tally since 2019, when about 71,000 deaths were reported. Sales peaked in March 2021, "
            "when the company sold 5,000 cars.")
    found = figures_of(text, dt.date(2025, 5, 14))
    assert period_of(found["71,000"]) == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert period_of(found["5,000"]) == (dt.date(2021, 3, 1), dt.date(2021, 3, 31))
    assert period_of(found["80,400"]) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_the_highest_or_lowest_rate_at_a_value_is_a_rate_and_the_parts_counted_are_national():
    text = ("South Korea's total fertility rate fell to 0.68 in the third quarter. Seoul had the lowest fertility rate "
            "among 17 major cities and provinces at 0.54, while Sejong posted the highest at 0.97.")
    found = figures_of(text, dt.date(2024, 11, 27))
    assert [found[s].kind for s in ("0.68", "0.54", "0.97")] == ["rate", "rate", "rate"]
    assert (found["0.54"].region, found["0.97"].region, found["17"].region) == ("Seoul", "Sejong", "South Korea")


def test_in_the_quarter_is_the_ledes_quarter_after_a_sentence_opening_with_a_longer_period():
    text = ("The number of newborns in the July-September period reached 56,794, down 2.4 percent on-year, "
            "Statistics Korea said.\n\nFor the first nine months of the year, 177,137 babies were born.\n\n"
            "Marriages rose 1.1 percent to 42,709 in the quarter.")
    found = figures_of(text, dt.date(2024, 11, 27))
    assert period_of(found["177,137"]) == (dt.date(2024, 1, 1), dt.date(2024, 9, 30))
    assert period_of(found["42,709"]) == (dt.date(2024, 7, 1), dt.date(2024, 9, 30))


def test_a_range_of_days_in_one_month_is_a_period_not_three_figures():
    text = ("The survey of 1,000 workers was conducted from March 2 to 11. A second poll ran March 2-11. Between "
            "Dec. 26 and 31, 2023, police caught 402 drivers.")
    found = figures_of(text, dt.date(2024, 6, 3))
    assert sorted(found) == ["1,000", "402"]
    assert period_of(found["402"]) == (dt.date(2023, 12, 26), dt.date(2023, 12, 31))


def test_the_first_end_of_a_range_shares_a_measure_or_currency_unit():
    found = extract_figures("Forecasters expect 50 to 150 mm of rain. Packs weigh 10-20 kg. Tickets cost 5 to 10 "
                            "dollars. Between 2 and 3 trillion won was spent.", dt.date(2023, 7, 15))
    assert [(f.surface, f.unit) for f in found] == [
        ("50", "mm"), ("150", "mm"), ("10", "kg"), ("20", "kg"), ("5", "USD"), ("10", "USD"),
        ("2", "KRW"), ("3 trillion", "KRW")]
    assert found[-2].value == 2_000_000_000_000  # 2 trillion won, not 2 won: the scale word is shared too


def test_the_first_end_of_a_range_shares_the_scale_word_and_a_hyphen_range_keeps_both_ends():
    found = extract_figures("About 3-5 million people live there. Deals worth $2-3 billion were signed. Tickets "
                            "cost $5-10 each. Jobs fell 146,000 to 3.6 million.", dt.date(2024, 7, 15))
    assert [(f.surface, f.value, f.kind) for f in found] == [
        ("3", 3_000_000, "count"), ("5 million", 5_000_000, "count"), ("2", 2_000_000_000, "currency"),
        ("3 billion", 3_000_000_000, "currency"), ("5", 5, "currency"), ("10", 10, "rate"),  # $10 each
        ("146,000", 146_000, "count"), ("3.6 million", 3_600_000, "count")]  # a change and its level: no range
    assert {f.unit for f in found if f.kind == "currency"} == {"USD"}


def test_a_range_whose_second_end_is_a_bare_scale_word_shares_no_scale():
    # "389 and million": the second end has no digits to hold the first against (this raised ValueError, and the
    # article was rejected)
    found = extract_figures("Korea 36.3 The per percent 389 and million", None)
    assert [(f.surface, f.value) for f in found] == [("36.3", 36.3), ("389", 389), ("million", 1_000_000)]



def test_any_superlative_opens_a_run_back_in_time():
    found = figures_of("Seoul logged 21 rainy days in September. It was the most in eight months, and the wettest "
                       "September in five years.", dt.date(2024, 10, 10))
    september = dt.date(2024, 9, 30)
    assert {s: period_of(found[s]) for s in ("eight months", "five years")} == {
        "eight months": (dt.date(2024, 2, 1), september), "five years": (dt.date(2019, 10, 1), september)}


def test_a_weekday_a_forecast_runs_up_to_is_the_coming_one():
    found = extract_figures("The weather agency forecast an additional 150 mm of rain through Monday. Rains that "
                            "fell through Monday left 4 dead.", dt.date(2023, 7, 15))  # a Saturday
    assert [(f.surface, f.period_start) for f in found] == [("150", dt.date(2023, 7, 17)), ("4", dt.date(2023, 7, 10))]


def test_a_sentence_opening_with_a_future_period_does_not_move_the_carried_period():
    text = ("Nearly 40 percent of South Koreans aged 66 or older lived in relative poverty in 2022.\n\nBy 2050, the "
            "share will reach 40.1 percent.\n\nElderly households earned 23.8 million won, 16 percent less than "
            "five years earlier.")
    found = figures_of(text, dt.date(2024, 12, 15))
    assert period_of(found["40.1"]) == (dt.date(2050, 1, 1), dt.date(2050, 12, 31))
    assert period_of(found["23.8 million"]) == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))


def test_per_capita_before_a_noun_is_per_capita():
    found = figures_of("Per capita income of elderly households was 23.8 million won. Each officer in Seoul handled "
                       "562 cases.", dt.date(2024, 12, 15))
    assert [(found[s].kind, found[s].per) for s in ("23.8 million", "562")] == [("rate", "capita"), ("rate", "officer")]
