"""Derived metrics, claim checks and conflicts: the values issue 3 lists (from the gold-labelled seed
and from the real extractor's output), cross-article consolidation, tolerances and verdicts."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from pipeline.catalog import load_catalogue, map_figures_to_observations
from pipeline.derive import DERIVATIONS, check_claims, derive_metrics, find_conflicts
from pipeline.derive.periods import chains, units_in
from pipeline.derive.tolerance import agrees, stated_unit
from pipeline.extract import extract_figures
from tests.fixtures.gold_seed import PUBLISHED, SEED_ID, gold_figures, seed_articles, seed_text
from tests.fixtures.rows import articles, figure
from tests.fixtures.seed_values import assert_seed_values

D = dt.date
YEAR = {y: (D(y, 1, 1), D(y, 12, 31)) for y in range(2015, 2025)}


def tables(figures: pd.DataFrame, article_frame: pd.DataFrame):
    observations = map_figures_to_observations(figures, article_frame)
    return (observations, derive_metrics(observations, figures, article_frame),
            check_claims(observations, figures, article_frame))


def test_every_derivation_the_catalogue_declares_is_registered():
    declared = {name for metric in load_catalogue().metrics for name, _ in metric.derivations}
    assert declared <= set(DERIVATIONS)


def test_gold_seed_produces_the_issue_values():
    figures = gold_figures()
    observations, derived, claims = tables(figures, seed_articles())
    assert_seed_values(observations, derived, claims, figures)
    assert set(claims["verdict"]) == {"consistent"}
    assert claims["claim_id"].is_unique
    assert not derived.duplicated(["metric_id", "derivation_id", "region_code", "period_start", "period_end"]).any()


def test_the_extractor_on_the_seed_produces_the_issue_values():
    figures = pd.DataFrame([dataclasses.asdict(f) for f in extract_figures(seed_text(), PUBLISHED, article_id=SEED_ID)])
    observations, derived, claims = tables(figures, seed_articles(text=True))
    assert_seed_values(observations, derived, claims, figures)


def test_claim_texts_are_the_sentences_when_the_text_is_known():
    _, _, claims = tables(gold_figures(), seed_articles(text=True))
    text = claims.set_index("claim_type").loc["time_average", "claim_text"]
    assert text == "On average, this means around 19.4 stalking victims sought police assistance every day."


def test_formulas_and_figure_ids_say_how_a_value_was_computed():
    figures = gold_figures()
    _, derived, _ = tables(figures, seed_articles())
    surfaces = dict(zip(figures["figure_id"], figures["surface"]))
    multiple = derived[(derived["derivation_id"] == "multiple_of_first") & (derived["period_start"] == D(2018, 1, 1))
                       & (derived["period_end"] == D(2022, 12, 31))].iloc[0]
    assert multiple["formula"] == "29,372 / 9,442"
    assert sorted(surfaces[f] for f in multiple["figure_ids"]) == ["29,372", "9,442"]


def test_the_most_recently_published_article_wins_and_the_disagreement_is_a_conflict():
    figures = pd.DataFrame([
        figure("protective measures taken", value=29372.0, article="old", surface="29,372"),
        figure("protective measures taken", value=29900.0, article="new", surface="29,900"),
        figure("protective measures taken", value=24810.0, article="old", index=1, period=YEAR[2021]),
    ])
    frame = articles(("new", D(2024, 1, 5)), ("old", D(2023, 9, 12)))
    observations, derived, _ = tables(figures, frame)
    change = derived[derived["derivation_id"] == "change"].iloc[0]
    assert change["value"] == 29900 - 24810 and change["figure_ids"] == ["new:0", "old:1"]
    conflicts = find_conflicts(observations, figures, frame)
    assert len(conflicts) == 1
    conflict = conflicts.iloc[0]
    assert conflict["values"] == [29372.0, 29900.0] and conflict["article_ids"] == ["old", "new"]
    assert conflict["relative_spread"] == pytest.approx((29900 - 29372) / 29900)


def test_yearly_and_half_yearly_runs_over_the_same_years_keep_apart():
    half = {(y, h): (D(y, 1, 1), D(y, 6, 30)) if h == 1 else (D(y, 7, 1), D(y, 12, 31))
            for y in (2016, 2017) for h in (1, 2)}
    figures = pd.DataFrame(
        [figure("protective measures taken", value=v, article="yearly", index=i, period=YEAR[y], surface=f"{v:,.0f}")
         for i, (y, v) in enumerate([(2016, 4611.0), (2017, 5158.0)])]
        + [figure("protective measures taken", value=v, article="halves", index=i, period=half[k], surface=f"{v:,.0f}")
           for i, (k, v) in enumerate([((2016, 1), 10544.0), ((2016, 2), 9000.0), ((2017, 1), 8000.0),
                                       ((2017, 2), 3393.0)])])
    frame = articles(("yearly", D(2018, 3, 1)), ("halves", D(2018, 2, 1)))
    _, derived, _ = tables(figures, frame)
    spanning = derived[derived["period_start"].eq(D(2016, 1, 1)) & derived["period_end"].eq(D(2017, 12, 31))]
    multiples = spanning.set_index("derivation_id")["value"]
    assert multiples["multiple_of_first"] == pytest.approx(5158 / 4611)
    assert multiples["multiple_of_first_half_yearly"] == pytest.approx(3393 / 10544)
    assert not derived.duplicated(["metric_id", "derivation_id", "region", "period_start", "period_end"]).any()


@pytest.mark.parametrize("other, qualifier, conflicting", [
    ("7,000", "more than", False),   # "more than 7,000" admits 7,091
    ("7,100", "about", False),       # rounded to the hundred
    ("7,500", "nearly", True),       # 7,091 is not just below 7,500
    ("7,093", None, True),           # two exact counts that differ
    ("7,090", None, False),          # a trailing zero is not a shown digit: 7,090 is rounded to the ten
])
def test_conflicts_read_each_statement_with_its_qualifier_and_digits(other, qualifier, conflicting):
    figures = pd.DataFrame([
        figure("safety measures for stalking victims", value=7091.0, article="a", surface="7,091"),
        figure("safety measures for stalking victims", value=float(other.replace(",", "")), qualifier=qualifier,
               article="b", surface=other),
    ])
    frame = articles(("a", D(2023, 9, 12)), ("b", D(2023, 9, 13)))
    observations = map_figures_to_observations(figures, frame)
    assert len(find_conflicts(observations, figures, frame)) == int(conflicting)


@pytest.mark.parametrize("surface, value, unit", [
    ("7,000", 7000, 1000), ("19.4", 19.4, 0.1), ("135", 135, 1), ("31 million", 31e6, 1e6),
    ("30 million", 30e6, 1e7), ("threefold", 3, 1), ("46.50", 46.5, 0.01),
])
def test_precision_is_one_unit_of_the_last_shown_digit(surface, value, unit):
    assert stated_unit(surface, value) == pytest.approx(unit)


@pytest.mark.parametrize("stated, recomputed, qualifier, unit, expected", [
    (19.4, 19.427, "around", 0.1, True),
    (19.4, 19.52, "around", 0.1, False),
    (89.5, 89.549, None, 0.1, True),
    (89.5, 89.56, None, 0.1, False),
    (3, 3.11, "more than", 1, True),
    (3, 2.9, "more than", 1, False),
    (3, 3, "at least", 1, True),
    (7000, 6950, "nearly", 1000, True),
    (7000, 7091, "nearly", 1000, False),
    (50, 49, "less than", 1, True),
    (50, 50, "up to", 1, True),
    (328, 328.4, "average", 1, True),
])
def test_tolerance_by_qualifier(stated, recomputed, qualifier, unit, expected):
    assert agrees(stated, recomputed, qualifier, unit) is expected


def test_wrong_claims_are_inconsistent_and_missing_counterparts_unverifiable():
    figures = pd.DataFrame([
        figure("protective measures taken", value=9442.0, index=0, sentence=1, period=YEAR[2018]),
        figure("protective measures taken", value=29372.0, index=1, sentence=1),
        figure("increase", kind="multiplier", value=4.0, qualifier="more than", index=2, sentence=1,
               period=(D(2018, 1, 1), D(2022, 12, 31)), surface="fourfold"),
        figure("protective measures per day", kind="rate", per="day", value=90.0, qualifier="about", index=3,
               sentence=2, surface="90"),
        figure("protective measures per day", kind="rate", per="day", value=30.0, index=4, sentence=3,
               period=YEAR[2016], surface="30"),
        figure("protective measures", kind="percent", value=211.0, index=5, sentence=4,
               period=(D(2018, 1, 1), D(2022, 12, 31)), surface="211"),
    ])
    _, _, claims = tables(figures, articles(("a", D(2023, 9, 12))))
    verdicts = dict(zip(claims["claim_id"], claims["verdict"]))
    assert verdicts == {"a:2:multiple": "inconsistent", "a:3:time_average": "inconsistent",
                        "a:4:time_average": "unverifiable", "a:5:percent_change": "consistent"}
    rate = claims.set_index("claim_id").loc["a:3:time_average"]
    assert rate["recomputed_value"] == pytest.approx(29372 / 365)
    assert rate["relative_error"] == pytest.approx((90 - 29372 / 365) / (29372 / 365))


def test_series_are_runs_of_back_to_back_periods_of_one_length():
    periods = [YEAR[2018], YEAR[2019], (D(2023, 1, 1), D(2023, 6, 30)), YEAR[2021], YEAR[2022]]
    assert chains(periods) == [[0, 1], [3, 4], [2]]


def test_time_units_in_a_period():
    assert units_in(D(2023, 1, 1), D(2023, 6, 30), "day") == 181
    assert units_in(*YEAR[2022], "month") == 12
    assert units_in(*YEAR[2020], "year") == 1
    assert units_in(D(2023, 1, 1), D(2023, 1, 14), "week") == 2


def test_empty_inputs_give_empty_tables_with_their_columns():
    empty = pd.DataFrame(columns=list(gold_figures().columns))
    frame = seed_articles()
    observations, derived, claims = tables(empty, frame)
    assert derived.empty and claims.empty and "formula" in derived.columns and "verdict" in claims.columns
    assert find_conflicts(observations, empty, frame).empty


def test_figures_without_a_place_still_find_their_totals():
    figures = pd.DataFrame([
        figure("safety measures for stalking victims", value=7091.0, index=0, region=(None, None)),
        figure("stalking victims helped per day", kind="rate", per="day", value=19.4, qualifier="around", index=1,
               region=(None, None)),
    ])
    _, derived, claims = tables(figures, articles(("a", D(2023, 9, 12))))
    assert claims["verdict"].tolist() == ["consistent"]
    assert "daily_rate" in set(derived["derivation_id"])


def test_regions_are_compared_within_their_own_country():
    rate = {"measure": "cases", "kind": "rate", "per": "officer"}
    figures = pd.DataFrame([
        figure(**rate, value=100.0, index=0, region=("South Korea", "KR")),
        figure(**rate, value=150.0, index=1, region=("Seoul", "KR-11")),
        figure(**rate, value=50.0, index=2, region=("Busan", "KR-26")),
        figure(**rate, value=50.0, index=3, region=("Gangwon", "KR-42")),
        figure(**rate, value=400.0, index=4, region=("Tokyo", "JP-13")),
    ])
    _, derived, _ = tables(figures, articles(("a", D(2023, 9, 12))))
    ranks = derived[derived["derivation_id"] == "rank_among_regions"].set_index("region_code")["value"]
    assert ranks.to_dict() == {"KR-11": 1, "KR-26": 2, "KR-42": 2}
    disparity = derived[derived["derivation_id"] == "disparity"]
    assert disparity[["region", "region_code", "value"]].values.tolist() == [["South Korea", "KR", 3.0]]
    assert set(derived.loc[derived["derivation_id"] == "ratio_to_national", "region_code"]) == {"KR-11", "KR-26", "KR-42"}
