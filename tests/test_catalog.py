"""The metric catalogue: loading, word-stem recognition (seed wording and other wordings), and the
observations built from the gold-labelled seed."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipeline.catalog import link_figures, load_catalogue, map_figures_to_observations, unmapped_figure_ids
from pipeline.catalog.words import occurs, words
from tests.fixtures.gold_seed import SEED_ID, gold_figures, seed_articles
from tests.fixtures.rows import figure

SEED_METRICS = {"protection_measures", "stalking_protection_measures", "stalking_reports",
                "protectee_threat_reports", "protection_officers", "cases_per_officer", "committee_last_meeting"}


def metric_of(**kwargs) -> str | None:
    links = link_figures(pd.DataFrame([figure(**kwargs)]))
    return links["metric_id"].iat[0] if links["role"].iat[0] == "value" else None


def test_catalogue_loads_the_seed_metrics_with_titles_units_and_rules():
    catalogue = load_catalogue()
    assert {metric.id for metric in catalogue.metrics} == SEED_METRICS
    for metric in catalogue.metrics:
        assert metric.title and metric.unit and metric.description and metric.kinds and metric.rules
    assert catalogue.metric("stalking_protection_measures").derivation_params("share_of") == [
        {"metric": "protection_measures"}]
    assert catalogue.metric("cases_per_officer").derivation_params("implied_total") == [
        {"times": "protection_officers", "total": "protection_measures"}]


@pytest.mark.parametrize("term, phrase, expected", [
    ("protect", "protective measures", True),
    ("protect", "Protection measures", True),
    ("measure|order", "protective orders issued", True),
    ("all type", "for all types of crimes", True),
    ("all type", "all of the types", False),
    ("stalk", "a walk in the park", False),
])
def test_terms_match_word_stems_case_insensitively(term, phrase, expected):
    assert occurs(term, words(phrase)) is expected


@pytest.mark.parametrize("metric, kwargs", [
    ("protection_measures", {"measure": "protection measures taken"}),
    ("protection_measures", {"measure": "protective orders issued"}),
    ("protection_measures", {"measure": "safety measures for crime victims"}),
    ("protection_measures", {"measure": "Protection orders granted for all types of crime, including stalking"}),
    ("stalking_protection_measures", {"measure": "protective measures for stalking victims"}),
    ("stalking_protection_measures", {"measure": "times police protected people being stalked"}),
    ("stalking_reports", {"measure": "stalking complaints filed with police"}),
    ("stalking_reports", {"measure": "stalking incidents"}),
    ("protectee_threat_reports", {"measure": "protectees who said their lives were threatened"}),
    ("protection_officers", {"measure": "dedicated victim protection officers", "unit": "officers"}),
    ("cases_per_officer", {"measure": "caseload", "kind": "rate", "per": "investigator"}),
    ("committee_last_meeting", {"measure": "the committee last convened", "kind": "date", "value": None}),
])
def test_other_wordings_of_the_same_metrics_are_recognised(metric, kwargs):
    assert metric_of(**kwargs) == metric


@pytest.mark.parametrize("kwargs", [
    {"measure": "police officers on patrol"},
    {"measure": "voice phishing cases"},
    {"measure": "cases", "kind": "rate", "per": "100,000 people"},
    {"measure": "exports"},
    {"measure": "meeting rooms booked", "kind": "count"},
])
def test_unrelated_figures_map_to_no_metric(kwargs):
    assert metric_of(**kwargs) is None


def test_gold_seed_observations():
    figures = gold_figures()
    observations = map_figures_to_observations(figures, seed_articles())
    assert set(observations["metric_id"]) == SEED_METRICS
    keys = ["article_id", "metric_id", "region_code", "period_start", "period_end"]
    assert not observations.duplicated(keys).any()
    stalking = observations[observations["metric_id"] == "stalking_protection_measures"].iloc[0]
    surfaces = dict(zip(figures["figure_id"], figures["surface"]))
    assert stalking["value"] == 7091 and pd.isna(stalking["qualifier"])
    assert [surfaces[f] for f in stalking["figure_ids"]] == ["7,000", "7,000", "7,000", "7,091"]
    assert stalking["mention_count"] == 4
    officers = observations[observations["metric_id"] == "cases_per_officer"]
    assert dict(zip(officers["region"], officers["value"])) == {
        "South Korea": 89.5, "Seoul": 135, "Busan": 132, "Daegu": 112, "Gangwon": 46.5, "South Jeolla": 51.5}
    meetings = observations[observations["metric_id"] == "committee_last_meeting"].set_index("region_code")
    assert meetings["value"].isna().all()
    assert meetings.loc["KR-47", "period_start"] == dt.date(2017, 9, 1)
    assert meetings.loc["KR-30", "period_end"] == dt.date(2018, 8, 31)


def test_gold_seed_unmapped_figures_are_the_act_date_and_the_span():
    figures = gold_figures()
    surfaces = dict(zip(figures["figure_id"], figures["surface"]))
    assert [surfaces[f] for f in unmapped_figure_ids(figures, seed_articles())] == ["October 2021", "five years"]


def test_rates_and_growth_figures_link_to_the_metric_they_speak_of():
    links = link_figures(gold_figures()).set_index("figure_id")
    assert tuple(links.loc[f"{SEED_ID}:4"]) == ("stalking_protection_measures", "time_average")
    assert tuple(links.loc[f"{SEED_ID}:13"]) == ("protection_measures", "growth")


def test_a_growth_figure_naming_no_metric_takes_its_sentences_stated_value():
    figures = pd.DataFrame([
        figure("protective measures taken", index=0, sentence=3),
        figure("increase", kind="multiplier", value=3.0, index=1, sentence=3),
        figure("increase", kind="multiplier", value=2.0, index=2, sentence=4),
    ])
    links = link_figures(figures).set_index("figure_id")
    assert links.loc["a:1", "metric_id"] == "protection_measures"
    assert pd.isna(links.loc["a:2", "metric_id"])


def test_an_approximation_alone_is_the_observation_and_an_exact_value_wins_over_it():
    approximate = figure("protective measures", value=7000.0, qualifier="more than", index=0)
    exact = figure("protective measures taken", value=7091.0, index=1)
    alone = map_figures_to_observations(pd.DataFrame([approximate]))
    assert alone["value"].iat[0] == 7000 and alone["qualifier"].iat[0] == "more than"
    both = map_figures_to_observations(pd.DataFrame([exact, approximate]))
    assert both["value"].iat[0] == 7091 and both["figure_ids"].iat[0] == ["a:0", "a:1"]


def test_a_date_without_measure_is_read_through_its_sentence_when_the_text_is_known():
    figures = gold_figures().assign(measure=lambda f: f["measure"].where(f["kind"] != "date", ""))
    with_text = map_figures_to_observations(figures, seed_articles(text=True))
    without = map_figures_to_observations(figures, seed_articles())
    assert (with_text["metric_id"] == "committee_last_meeting").sum() == 2
    assert (without["metric_id"] == "committee_last_meeting").sum() == 0


def test_no_figures_give_empty_observations_with_the_columns():
    empty = pd.DataFrame(columns=list(gold_figures().columns))
    observations = map_figures_to_observations(empty, seed_articles())
    assert observations.empty and "figure_ids" in observations.columns
    assert unmapped_figure_ids(empty) == []
