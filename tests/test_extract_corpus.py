"""Generality: the extractor on articles written for this project in varied outlets' styles and
labelled like the shared gold (issue: figure extraction engine, point 2)."""
from conftest import CORPUS, score


def test_corpus_has_at_least_fifteen_labelled_articles():
    labelled = [p for p in CORPUS.glob("*.json") if p.with_suffix(".txt").is_file()]
    assert len(labelled) >= 15


def test_corpus_scores(tmp_path):
    result = score(CORPUS, tmp_path)
    assert result["f1"] >= 0.95, (result["f1"], result["misses"], result["extras"])
    assert result["period_agreement"] >= 0.90, result["period_agreement"]
    assert result["region_agreement"] >= 0.90, result["region_agreement"]
