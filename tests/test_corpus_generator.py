"""The benchmark corpus generator (benchmarks/corpus_generator.py) and its checker
(benchmarks/check_generated.py): same seed, same bytes; distinct articles the archive reader accepts; and
expected figures the extractor reproduces, scored the way the shared scorer scores them."""
import dataclasses
import datetime as dt
import json
import subprocess
import sys

import pytest

from benchmarks import check_generated, corpus_generator
from conftest import SCORER
from pipeline.archive import read_archive
from pipeline.extract import extract_figures
from pipeline.extract.places import find_places

COUNT = 30
TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    corpus_generator.write_corpus(COUNT, out, seed=11)
    return out


def _files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def test_same_seed_and_count_give_byte_identical_files(corpus, tmp_path):
    again = tmp_path / "again"
    corpus_generator.main(["--count", str(COUNT), "--out", str(again), "--seed", "11"])
    first, second = _files(corpus), _files(again)
    assert len(first) == 4 * COUNT  # text and sidecar, labels and the text beside them
    assert first == second


def test_worker_processes_write_the_same_files(corpus, tmp_path):
    corpus_generator.write_corpus(COUNT, tmp_path, seed=11, jobs=2)
    assert _files(tmp_path) == _files(corpus)


def test_a_smaller_count_writes_the_first_articles_of_a_larger_one(corpus, tmp_path):
    corpus_generator.write_corpus(COUNT // 3, tmp_path, seed=11)
    smaller, larger = _files(tmp_path), _files(corpus)
    assert len(smaller) == 4 * (COUNT // 3)
    assert all(larger.get(name) == data for name, data in smaller.items())


def test_another_seed_gives_other_articles(corpus, tmp_path):
    corpus_generator.write_corpus(COUNT, tmp_path, seed=12)
    assert not set(_files(tmp_path).values()) & set(_files(corpus).values())


def test_articles_are_distinct(corpus):
    texts = [path.read_text(encoding="utf-8") for path in sorted((corpus / "articles").glob("*.txt"))]
    assert len(texts) == COUNT
    assert len(set(texts)) == COUNT


def test_a_repeated_text_is_drawn_again(tmp_path, monkeypatch):
    real = corpus_generator.generate

    def repeating(index, seed):
        article = real(index, seed)
        if index == 2 and seed == 5:  # article 2 comes out as a copy of article 1
            article = corpus_generator.Generated(article.article_id, real(1, 5).text, article.sidecar,
                                                 article.labels)
        return article

    monkeypatch.setattr(corpus_generator, "generate", repeating)
    corpus_generator.write_corpus(4, tmp_path, seed=5)
    texts = [path.read_text(encoding="utf-8") for path in sorted((tmp_path / "articles").glob("*.txt"))]
    assert len(texts) == 4 and len(set(texts)) == 4
    kept = {real(0, 5).article_id, real(1, 5).article_id, real(2, "5.1").article_id, real(3, 5).article_id}
    assert {path.stem for path in (tmp_path / "articles").glob("*.txt")} == kept  # the copy drawn again
    assert {path.stem for path in (tmp_path / "expected").glob("*.json")} == kept


def test_the_archive_reader_accepts_every_article(corpus):
    articles, rejected = read_archive(corpus, TODAY)
    assert rejected == []
    assert len(articles) == COUNT
    for article in articles:
        sidecar = json.loads((corpus / "articles" / f"{article.article_id}.json").read_text(encoding="utf-8"))
        assert article.published_date == dt.date.fromisoformat(sidecar["published_date"])
        assert not article.published_date_inferred
        assert article.title == sidecar["title"]
    sizes = sorted(len(article.text.encode("utf-8")) for article in articles)
    assert 1000 <= sizes[0] and sizes[-1] <= 8000
    assert 2000 <= sizes[COUNT // 2] <= 6000  # news length


def test_every_label_points_at_its_surface(corpus):
    for path in sorted((corpus / "expected").glob("*.json")):
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        labels = json.loads(path.read_text(encoding="utf-8"))["gold_figures"]
        assert 5 <= len(labels) <= 60
        for label in labels:
            start = -1
            for _ in range(label["occurrence"]):  # the shared scorer's lookup
                start = text.find(label["surface"], start + 1)
            assert start == label["char_offset"], (path.stem, label)


def test_extraction_reproduces_the_expected_figures(corpus):
    result = check_generated.check_corpus(corpus)
    assert result["articles"] == COUNT and result["rejected"] == 0
    assert result["n_gold_values"] > 10 * COUNT
    assert result["precision"] >= 0.99, result["extras"]
    assert result["recall"] >= 0.99, result["misses"]
    for name in ("kind", "period", "region"):
        assert result[f"{name}_agreement"] >= 0.99, result["disagreements"]
    assert result["date_recall"] >= 0.99, result["misses"]


def test_checker_counts_what_the_extractor_gets_wrong(corpus):
    path = sorted((corpus / "expected").glob("*.json"))[0]
    text = path.with_suffix(".txt").read_text(encoding="utf-8")
    labels = json.loads(path.read_text(encoding="utf-8"))["gold_figures"]
    published = dt.date.fromisoformat(json.loads(path.read_text(encoding="utf-8"))["published_date"])
    figures = extract_figures(text, published, article_id=path.stem)
    countries = check_generated._country_names()
    perfect = check_generated.score_article(path.stem, text, labels, figures, countries)
    assert perfect.false_positives == perfect.false_negatives == 0
    dropped = check_generated.score_article(path.stem, text, labels, figures[1:], countries)
    assert dropped.false_negatives == 1
    misread = [dataclasses.replace(figures[0], value=-1.0), *figures[1:]]
    wrong = check_generated.score_article(path.stem, text, labels, misread, countries)
    assert wrong.false_positives == wrong.false_negatives == 1


def test_checker_agrees_with_the_shared_scorer(corpus, tmp_path):
    if not SCORER.is_file():
        pytest.fail(f"the shared scorer is missing at {SCORER}; the suite needs ../shared beside the repository")
    figures = tmp_path / "figures.jsonl"
    ours = check_generated.check_corpus(corpus, figures_out=figures)
    shared = json.loads(subprocess.run([sys.executable, str(SCORER), str(corpus / "expected"), str(figures),
                                        "--json"], capture_output=True, text=True, check=True).stdout)
    for key in ("precision", "recall", "f1", "n_gold_values", "kind_agreement", "period_agreement",
                "region_agreement", "date_recall"):
        assert ours[key] == shared[key], key


def _fixed_phrases():
    """Every phrase the generator writes that is not a figure, a period or a place."""
    phrases = [*corpus_generator.FILLERS, *corpus_generator.QUOTES, *corpus_generator.PHOTO_SCENES,
               *corpus_generator.ABOUT, *corpus_generator.FIRST_NAMES, *corpus_generator.LAST_NAMES,
               *corpus_generator.ROLES]
    for outlet in corpus_generator.OUTLETS:
        phrases += [outlet.name, outlet.credit]
    for topic in corpus_generator.TOPICS:
        phrases += [count.noun for count in topic.counts + topic.stocks]
        phrases += [share for share, _, _ in topic.shares] + [money for money, _, _ in topic.money]
        phrases += [" ".join(unit[:3]) for unit in topic.per_unit] + [topic.per_people[0]]
        phrases += [wait[0] for wait in topic.waits] + [" ".join(group) for group in topic.groups]
        phrases += [*topic.events, *topic.sources, topic.openings, *topic.background]
        if topic.physical:
            phrases += [topic.physical[0], topic.physical[2]]
    return phrases


def test_fixed_phrases_name_no_place_and_state_no_figure():
    for phrase in _fixed_phrases():
        assert find_places(phrase, 0, len(phrase)) == [], phrase
        assert extract_figures(f"Headline\n\n{phrase}") == [], phrase
