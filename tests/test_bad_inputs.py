"""Every file of the bad-input corpus (tests/bad_inputs/cases.py) ends in rejected_articles with its
reason and stage, or is published correctly; the good articles of the same run are still published;
the warning check counts the rejections; and no traceback reaches the user."""
import dataclasses
import pathlib
import shutil
import subprocess
import sys

import dagster as dg
import pytest

from pipeline import build
from pipeline.archive import decode_article
from pipeline.defs.assets import ASSETS
from pipeline.defs.checks import CHECKS
from pipeline.defs.resources import WarehouseRoots
from pipeline.publish import read
from tests.bad_inputs.cases import CASES, GOOD, write_corpus

REJECTED = [case for case in CASES if case.outcome == "rejected"]
PUBLISHED = [case for case in CASES if case.outcome in ("published", "duplicate")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    folder = write_corpus(root / "raw")
    roots = WarehouseRoots(raw_root=str(root / "raw"), warehouse_root=str(root / "warehouse"))
    result = dg.materialize(ASSETS + CHECKS, resources={"roots": roots}, raise_on_error=False)
    return folder, root / "warehouse", result


def test_the_run_succeeds_and_publishes_every_good_article(corpus):
    _, warehouse, result = corpus
    assert result.success
    published = set(read("articles", warehouse).article_id)
    assert published == set(GOOD) | {case.path.removesuffix(".txt") for case in PUBLISHED}


@pytest.mark.parametrize("case", REJECTED, ids=[case.name for case in REJECTED])
def test_bad_file_is_rejected_with_its_reason(corpus, case):
    _, warehouse, _ = corpus
    rejected = read("rejected_articles", warehouse).set_index("path")
    assert case.path in rejected.index, f"{case.name} was not rejected"
    assert case.reason in rejected.loc[case.path, "reason"]
    assert rejected.loc[case.path, "stage"] == case.stage


def test_nothing_else_is_rejected(corpus):
    _, warehouse, _ = corpus
    assert set(read("rejected_articles", warehouse).path) == {case.path for case in REJECTED}


def test_warning_check_counts_the_rejections(corpus):
    _, _, result = corpus
    check = {e.check_name: e for e in result.get_asset_check_evaluations()}["no_rejected_articles"]
    assert not check.passed and check.metadata["count"].value == len(REJECTED)


@pytest.mark.parametrize("name", ["with-bom", "crlf"])
def test_bom_and_crlf_articles_keep_exact_offsets(corpus, name):
    folder, warehouse, _ = corpus
    text = decode_article((folder / f"{name}.txt").read_bytes())
    figures = read("figures", warehouse)
    mine = figures[figures.article_id == name]
    assert sorted(mine.value.dropna()) == [18.0, 1240.0]
    assert all(text[row.char_start:row.char_end] == row.surface for row in mine.itertuples())


def test_duplicate_text_is_recorded_as_such(corpus):
    _, warehouse, _ = corpus
    articles = read("articles", warehouse).set_index("article_id")
    assert articles.loc["twin", "duplicate_of"] == "good-a"
    assert articles.duplicate_of.notna().sum() == 1
    figures = read("figures", warehouse)
    assert len(figures[figures.article_id == "twin"]) == len(figures[figures.article_id == "good-a"]) > 0


def test_digits_and_commas_are_processed_without_harm(corpus):
    _, warehouse, _ = corpus
    articles = read("articles", warehouse).set_index("article_id")
    assert articles.loc["digits", "characters"] == 1_000_000


def test_command_line_reports_input_problems_without_a_traceback(corpus, tmp_path):
    folder, _, _ = corpus
    raw = tmp_path / "raw"
    shutil.copytree(folder, raw / "articles", symlinks=True)
    run = subprocess.run([sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--warehouse",
                          str(tmp_path / "warehouse")], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and f"{len(REJECTED)} rejected" in run.stderr


def good_articles_only(corpus, tmp_path) -> pathlib.Path:
    folder, _, _ = corpus
    raw = tmp_path / "raw" / "articles"
    raw.mkdir(parents=True)
    for good in GOOD:
        shutil.copy(folder / f"{good}.txt", raw)
    return raw


def test_file_vanishing_between_listing_and_reading_is_rejected(corpus, tmp_path, monkeypatch):
    raw = good_articles_only(corpus, tmp_path)
    listed = build.list_archive

    def list_then_delete(root, memory=None, **options):
        entries = listed(root, memory, **options)
        (raw / "good-b.txt").unlink()
        return entries

    monkeypatch.setattr(build, "list_archive", list_then_delete)
    build.archive_and_figures(tmp_path / "raw", tmp_path / "warehouse", log=lambda message: None)
    rejected = read("rejected_articles", tmp_path / "warehouse").set_index("path")
    assert "disappeared" in rejected.loc["good-b.txt", "reason"]
    assert set(read("articles", tmp_path / "warehouse").article_id) == {"good-a"}


def test_article_whose_figures_fail_the_schema_is_rejected_alone(corpus, tmp_path, monkeypatch):
    import pipeline.worker

    good_articles_only(corpus, tmp_path)
    extract = pipeline.worker.extract_figures

    def broken_for_good_b(text, published, article_id):
        figures = extract(text, published, article_id=article_id)
        if article_id == "good-b":  # an extractor bug: a span that ends before it starts
            figures[0] = dataclasses.replace(figures[0], char_end=figures[0].char_start - 1)
        return figures

    monkeypatch.setattr(pipeline.worker, "extract_figures", broken_for_good_b)
    build.archive_and_figures(tmp_path / "raw", tmp_path / "warehouse", log=lambda message: None)
    rejected = read("rejected_articles", tmp_path / "warehouse").set_index("path")
    assert rejected.loc["good-b.txt", "stage"] == "validation"
    assert "span_is_ordered" in rejected.loc["good-b.txt", "reason"]
    assert set(read("figures", tmp_path / "warehouse").article_id) == {"good-a"}
    assert set(read("articles", tmp_path / "warehouse").article_id) == {"good-a"}


def test_a_rerun_rejects_again_before_extraction_and_rewrites_nothing(tmp_path, monkeypatch):
    from pipeline.archive import listing

    monkeypatch.setattr(listing, "RECENT_NS", 0)  # the files written here count as settled
    write_corpus(tmp_path / "raw")
    first = build.archive_and_figures(tmp_path / "raw", tmp_path / "warehouse", log=lambda message: None)
    again = build.archive_and_figures(tmp_path / "raw", tmp_path / "warehouse", log=lambda message: None)
    assert (first.rejected, again.rejected) == (len(REJECTED), len(REJECTED))
    assert (again.extracted, again.buckets) == (0, 0)  # the workers' digests let the listing check them first


def test_a_rejected_article_is_fingerprinted_without_following_links_or_reading_past_the_limit(tmp_path, monkeypatch):
    import datetime as dt
    import os

    from pipeline.archive.reader import digest
    from pipeline.worker import process_article

    (tmp_path / "outside.txt").write_text("Sales rose 5% in 2022.", encoding="utf-8")
    folder = tmp_path / "articles"
    folder.mkdir()
    os.symlink(tmp_path / "outside.txt", folder / "linked.txt")  # made a link after it was listed
    (folder / "binary.txt").write_bytes(b"Sales rose\x00 5%.")
    (folder / "grown.txt").write_bytes(b"Sales rose 5% in 2022. " * 4)
    monkeypatch.setenv("PIPELINE_MAX_ARTICLE_BYTES", "64")
    results = {name: process_article(folder, f"{name}.txt", dt.date(2026, 1, 1), "v") for name in
               ("linked", "binary", "grown")}
    assert all(result.rejection is not None for result in results.values())
    assert results["linked"].digests == (None, None)
    assert results["binary"].digests == (digest(b"Sales rose\x00 5%."), None)
    assert results["grown"].digests == (None, None)
