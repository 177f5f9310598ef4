"""The per-article tables at scale: observations and claim checks are built per bucket from links computed
once, each article on its own; conflicts compare distinct statements instead of article pairs. Each
fast path is held to the plain definition it replaces (the rule in words, written out as a loop), and the
build rewrites only the claim_checks buckets whose articles changed."""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import pathlib
import shutil

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import build
from pipeline.catalog import figure_links, load_catalogue, map_figures_to_observations
from pipeline.catalog.qualifiers import exactness_rank
from pipeline.catalog.words import occurs, words
from pipeline.derive import check_claims, find_conflicts
from pipeline.derive.consolidate import SERIES_KEY
from pipeline.derive.tolerance import agrees, stated_unit
from pipeline.extract import extract_figures
from pipeline.publish import bucket_of, published_files, read, version_info
from pipeline.publish.parquet import TablePublisher
from tests.fixtures.gold_seed import PUBLISHED, SEED_ID, seed_articles, seed_text
from tests.fixtures.rows import Y2022, articles, figure

REPO = pathlib.Path(__file__).resolve().parents[1]
D = dt.date
QUALIFIERS = [None, "more than", "about", "nearly", "up to", "at least", "less than", "only"]
SERIES = [("protection_measures", "South Korea", "KR", Y2022),
          ("protection_measures", "Seoul", "KR-11", Y2022),
          ("stalking_reports", "South Korea", "KR", (D(2023, 1, 1), D(2023, 6, 30)))]


# --- conflicts: distinct statements compared at once == every pair of articles compared -----------------

def pairwise_conflicts(observations: pd.DataFrame, figures: pd.DataFrame, frame: pd.DataFrame) -> list[dict]:
    """The definition: a series conflicts when some two of its articles' statements do not admit each
    other's value; a statement's precision comes from the first figure stating the observation's value."""
    written = dict(zip(figures["figure_id"], zip(figures["surface"], figures["value"])))
    dates = dict(zip(frame["article_id"], frame["published_date"]))
    valued = [row for row in observations.to_dict("records") if pd.notna(row["value"])]
    valued.sort(key=lambda row: (dates[row["article_id"]] is None, dates[row["article_id"]] or D.min,
                                 row["article_id"]))
    groups: dict[tuple, list[dict]] = {}
    for row in valued:
        groups.setdefault(tuple(row[column] for column in SERIES_KEY), []).append(row)

    def statement(row):
        surface = next((written[f][0] for f in row["figure_ids"] if f in written and written[f][1] == row["value"]),
                       None)
        return row["value"], row["qualifier"], stated_unit(surface, row["value"])

    found = []
    for rows in groups.values():
        clash = any(not (agrees(a[0], b[0], a[1], a[2]) or agrees(b[0], a[0], b[1], b[2]))
                    for a, b in itertools.combinations([statement(row) for row in rows], 2))
        if clash:
            values = [float(row["value"]) for row in rows]
            found.append({"metric_id": rows[0]["metric_id"], "region": rows[0]["region"],
                          "region_code": rows[0]["region_code"], "period_start": rows[0]["period_start"],
                          "period_end": rows[0]["period_end"], "values": values,
                          "article_ids": [row["article_id"] for row in rows],
                          "figure_ids": [f for row in rows for f in row["figure_ids"]],
                          "relative_spread": (max(values) - min(values)) / max(abs(v) for v in values)})
    return found


statements = st.tuples(st.sampled_from(range(len(SERIES))), st.sampled_from([7000.0, 7091.0, 7100.0, 135.0, 132.0]),
                       st.sampled_from(QUALIFIERS), st.sampled_from(["{:,.0f}", "{:,.1f}", "{:.0f} cases", "other"]))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(statements, max_size=3, unique_by=lambda s: s[0]), min_size=1, max_size=7),
       st.lists(st.sampled_from([D(2023, 9, 12), D(2023, 9, 13), None]), min_size=7, max_size=7))
def test_conflicts_are_the_pairs_of_articles_that_disagree(reports, dates):
    observations, figures = [], []
    for number, stated in enumerate(reports):
        article_id = f"a{number}"
        for index, (series, value, qualifier, written) in enumerate(stated):
            metric_id, region, region_code, (start, end) = SERIES[series]
            ids = [f"{article_id}:{index}", f"{article_id}:{index + 10}"]
            surface = "7,000" if written == "other" else written.format(value)
            figures += [{"figure_id": ids[0], "surface": "12", "value": 12.0},
                        {"figure_id": ids[1], "surface": surface, "value": value}]
            observations.append({"article_id": article_id, "metric_id": metric_id, "region": region,
                                 "region_code": region_code, "period_start": start, "period_end": end,
                                 "value": value, "unit": "cases", "qualifier": qualifier, "figure_ids": ids,
                                 "mention_count": 2})
    frame = articles(*((f"a{number}", dates[number]) for number in range(len(reports))))
    observations = pd.DataFrame(observations, columns=["article_id", "metric_id", "region", "region_code",
                                                       "period_start", "period_end", "value", "unit",
                                                       "qualifier", "figure_ids", "mention_count"])
    figures = pd.DataFrame(figures, columns=["figure_id", "surface", "value"])
    assert find_conflicts(observations, figures, frame).to_dict("records") == pairwise_conflicts(
        observations, figures, frame)


def test_two_articles_stating_the_same_bound_conflict_as_before():
    """"more than 7,000" twice: neither statement admits the other's value (a bound excludes itself)."""
    figures = pd.DataFrame([figure("protective measures", value=7000.0, qualifier="more than", article=a,
                                   surface="7,000") for a in ("a", "b")])
    frame = articles(("a", D(2023, 9, 12)), ("b", D(2023, 9, 13)))
    conflicts = find_conflicts(map_figures_to_observations(figures, frame), figures, frame)
    assert conflicts["article_ids"].tolist() == [["a", "b"]]


# --- observations: the sort that picks each observation's figure == the rule in words ------------------

def chosen_by_rule(figures: pd.DataFrame) -> dict[tuple, tuple]:
    """Per observation key: (value, qualifier, figure ids in text order) of the most exact figure, then
    the value stated most often, then the first in the text."""
    links = figure_links(figures)
    stating = [row for row in figures.to_dict("records") if links[row["figure_id"]][1] == "value"]
    groups: dict[tuple, list[dict]] = {}
    for row in stating:
        key = (row["article_id"], links[row["figure_id"]][0], row["region_code"], row["period_start"])
        groups.setdefault(key, []).append(row)
    chosen = {}
    for key, rows in groups.items():
        rows = sorted(rows, key=lambda row: row["char_start"])
        times = {value: sum(1 for row in rows if row["value"] == value) for value in {row["value"] for row in rows}}
        best = min(rows, key=lambda row: (exactness_rank(row["qualifier"]), -times[row["value"]], row["char_start"]))
        qualifier = None if pd.isna(best["qualifier"]) else best["qualifier"]
        chosen[key] = (best["value"], qualifier, [row["figure_id"] for row in rows])
    return chosen


mentions = st.tuples(st.sampled_from(["a", "b"]), st.sampled_from([0, 1]),
                     st.sampled_from([7000.0, 7091.0, 7100.0]), st.sampled_from(QUALIFIERS))


@settings(max_examples=150, deadline=None)
@given(st.lists(mentions, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_each_observation_takes_the_most_exact_then_most_stated_then_first_figure(stated, random):
    positions = random.sample(range(100), len(stated))  # text order independent of row order
    rows = []
    for index, ((article, region, value, qualifier), position) in enumerate(zip(stated, positions)):
        row = figure("protective measures taken", value=value, qualifier=qualifier, index=index, article=article,
                     region=(("South Korea", "KR"), ("Seoul", "KR-11"))[region])
        rows.append(row | {"char_start": position, "char_end": position + 3})
    figures = pd.DataFrame(rows)
    observations = map_figures_to_observations(figures)
    found = {(row["article_id"], row["metric_id"], row["region_code"], row["period_start"]):
             (row["value"], None if pd.isna(row["qualifier"]) else row["qualifier"], row["figure_ids"])
             for row in observations.to_dict("records")}
    assert found == chosen_by_rule(figures)
    assert observations["mention_count"].tolist() == [len(ids) for ids in observations["figure_ids"]]


# --- links and claims: one pass over many articles == each article alone --------------------------------

def occurs_by_definition(term: str, phrase: tuple[str, ...]) -> bool:
    """Some alternative's stems start consecutive words of the phrase."""
    alternatives = [words(alternative) for alternative in term.split("|") if words(alternative)]
    return any(all(phrase[start + i].startswith(stem) for i, stem in enumerate(stems))
               for stems in alternatives for start in range(len(phrase) - len(stems) + 1))


word = st.text("ab", min_size=1, max_size=3)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.lists(word, max_size=3).map(" ".join), max_size=3).map("|".join),
       st.lists(word, max_size=6).map(tuple))
def test_a_term_occurs_where_its_stems_start_consecutive_words(term, phrase):
    assert occurs(term, phrase) is occurs_by_definition(term, phrase)



def test_a_growth_figure_never_takes_a_value_from_another_articles_sentence():
    figures = pd.DataFrame([
        figure("stalking incidents", index=0, sentence=3, article="b"),
        figure("protective measures taken", index=2, sentence=3, article="a"),
        figure("increase", kind="multiplier", value=3.0, index=3, sentence=3, article="b"),
    ])
    links = figure_links(figures)
    assert links["b:3"] == ("stalking_reports", "growth")  # its own sentence's value, not a:2 nearer before it
    alone = {**figure_links(figures[figures["article_id"] == "a"]), **figure_links(figures[figures["article_id"] == "b"])}
    assert links == alone


def test_the_wording_cache_belongs_to_its_catalogue(tmp_path):
    exports = figure("exports to China")
    assert figure_links(pd.DataFrame([exports]))["a:0"] == (None, None)
    text = (REPO / "pipeline" / "catalog" / "metrics.toml").read_text(encoding="utf-8")
    extra = ('\n[[metric]]\nid = "exports"\ntitle = "Exports"\nunit = "dollars"\ndescription = "Goods sold abroad."\n'
             'kinds = ["count"]\n\n[[metric.match]]\nall_of = ["export"]\n')
    (tmp_path / "metrics.toml").write_text(text + extra, encoding="utf-8")
    catalogue = load_catalogue(tmp_path / "metrics.toml")
    assert figure_links(pd.DataFrame([exports]), catalogue=catalogue)["a:0"] == ("exports", "value")
    assert figure_links(pd.DataFrame([exports]))["a:0"] == (None, None)


def seed_figures(article_id: str, replace: tuple[str, str] | None = None) -> pd.DataFrame:
    text = seed_text().replace(*replace) if replace else seed_text()
    found = extract_figures(text, PUBLISHED, article_id=article_id)
    return pd.DataFrame([dataclasses.asdict(f) for f in found])


def test_claims_checked_together_are_each_articles_claims_alone():
    figures = pd.concat([seed_figures(SEED_ID), seed_figures("variant", ("29,372", "29,000")),
                         seed_figures("other", ("19.4", "25.1"))], ignore_index=True)
    frame = pd.concat([seed_articles(), seed_articles("variant"), seed_articles("other")], ignore_index=True)
    together = check_claims(map_figures_to_observations(figures, frame), figures, frame)
    alone = []
    for article_id in sorted(set(figures["article_id"])):
        own = figures[figures["article_id"] == article_id].reset_index(drop=True)
        alone.append(check_claims(map_figures_to_observations(own, frame), own, frame))
    alone = pd.concat(alone, ignore_index=True)
    assert together.to_dict("records") == alone.to_dict("records")
    assert {"inconsistent", "consistent"} <= set(together["verdict"])  # the variants changed some verdicts


# --- the build: claim_checks per bucket ----------------------------------------------------------------

def write_archive(raw: pathlib.Path, variants: dict[str, tuple[str, str] | None]) -> pathlib.Path:
    folder = raw / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    sidecar = (REPO / "raw" / "articles" / f"{SEED_ID}.json").read_text(encoding="utf-8")
    for article_id, replace in variants.items():
        text = seed_text().replace(*replace) if replace else seed_text()
        (folder / f"{article_id}.txt").write_text(text, encoding="utf-8")
        (folder / f"{article_id}.json").write_text(sidecar, encoding="utf-8")
    return raw


VARIANTS = {f"seed-{n}": ("7,091", f"7,{n:03d}") for n in range(6)}


def quiet_build(raw: pathlib.Path, warehouse: pathlib.Path) -> None:
    build.build_warehouse(raw, warehouse, log=lambda message: None)


def claim_parts(warehouse: pathlib.Path) -> dict[str, str]:
    return {name: part["sha256"] for name, part in version_info(warehouse, "claim_checks")["parts"].items()}


def test_claim_checks_are_rewritten_only_in_the_changed_articles_bucket(tmp_path):
    raw = write_archive(tmp_path / "raw", VARIANTS)
    warehouse = tmp_path / "w"
    quiet_build(raw, warehouse)
    before = claim_parts(warehouse)
    claims = read("claim_checks", warehouse)
    assert len(before) > 1 and set(claims["article_id"]) == set(VARIANTS)
    write_archive(raw, {"seed-2": ("19.4", "25.1")})  # its time_average claim becomes inconsistent
    quiet_build(raw, warehouse)
    after = claim_parts(warehouse)
    changed = f"part-{bucket_of('seed-2', 'claim_checks'):03d}.parquet"
    assert {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)} == {changed}
    claims = read("claim_checks", warehouse).set_index("claim_id")
    assert claims.loc[claims["article_id"] == "seed-2", "verdict"].tolist().count("inconsistent") == 1
    fresh = tmp_path / "fresh"
    quiet_build(raw, fresh)
    assert published_files(warehouse) == published_files(fresh)


def test_claim_checks_published_in_one_part_before_bucketing_are_rebuilt_whole(tmp_path):
    raw = write_archive(tmp_path / "raw", VARIANTS)
    warehouse, fresh = tmp_path / "w", tmp_path / "fresh"
    quiet_build(raw, fresh)
    shutil.copytree(fresh, warehouse, symlinks=True)
    claims = read("claim_checks", warehouse)
    old = TablePublisher("claim_checks", warehouse, replace_all=True,  # as the single-part layout recorded it
                         inputs={table: version_info(warehouse, table)["id"] for table in ("observations", "figures",
                                                                                           "articles")})
    old.put(0, claims)
    old.commit()
    assert len(version_info(warehouse, "claim_checks")["parts"]) == 1
    assert build.observations(warehouse) == len(version_info(warehouse, "figures")["parts"])
    assert published_files(warehouse) == published_files(fresh)
    assert json.loads((warehouse / "claim_checks" / "_version.json").read_text())["inputs"].keys() == {
        "figures", "articles", "mapping"}
