"""articles.duplicate_of names the first published article (id order) with the same bytes. New articles
are fingerprinted by their workers, so the value is settled after every article is read: these builds
check it when a copy arrives in another bucket than its original, when the copy is deleted, and that an
incremental build equals a build from scratch."""
import itertools
import shutil

import pytest

from pipeline import build
from pipeline.publish import bucket_of, published_files, read

TEXT = "Seoul police handled 9,442 stalking reports in 2022, up from 1,023 in 2018."


def _ids_in_two_buckets() -> tuple[str, str]:
    """A copy's id that sorts before the original's and lies in another bucket."""
    for n in itertools.count():
        copy, original = f"a-copy-{n}", "m-original"
        if bucket_of(copy, "figures") != bucket_of(original, "figures"):
            return copy, original


def _build(raw, warehouse):
    build.archive_and_figures(raw, warehouse, log=lambda message: None)
    articles = read("articles", warehouse).set_index("article_id")
    return {article_id: value if isinstance(value, str) else None  # a null may read as NaN
            for article_id, value in articles["duplicate_of"].items()}


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "raw" / "articles"
    folder.mkdir(parents=True)
    (folder / "m-original.txt").write_text(TEXT, encoding="utf-8")
    (folder / "z-other.txt").write_text("About 40% of victims asked for protection.", encoding="utf-8")
    return tmp_path / "raw"


def test_copy_names_its_original_in_any_bucket_and_scratch_builds_agree(raw, tmp_path):
    copy, original = _ids_in_two_buckets()
    warehouse = tmp_path / "warehouse"
    assert _build(raw, warehouse) == {original: None, "z-other": None}
    (raw / "articles" / f"{copy}.txt").write_text(TEXT, encoding="utf-8")  # sorts first: the original is now its copy
    assert _build(raw, warehouse) == {copy: None, original: copy, "z-other": None}
    scratch = tmp_path / "scratch"
    _build(raw, scratch)
    articles = lambda root: {path: digest for path, digest in published_files(root).items()
                             if path.startswith("articles/")}
    assert articles(warehouse) == articles(scratch)
    (raw / "articles" / f"{copy}.txt").unlink()
    assert _build(raw, warehouse) == {original: None, "z-other": None}


def test_articles_extracted_again_keep_their_duplicate_of(raw, tmp_path, monkeypatch):
    shutil.copy(raw / "articles" / "m-original.txt", raw / "articles" / "n-copy.txt")
    warehouse = tmp_path / "warehouse"
    first = _build(raw, warehouse)
    monkeypatch.setattr(build, "extractor_version", lambda: "another extractor")  # every article again
    assert _build(raw, warehouse) == first == {"m-original": None, "n-copy": "m-original", "z-other": None}


def test_copies_arriving_together_name_the_first(raw, tmp_path):
    shutil.copy(raw / "articles" / "m-original.txt", raw / "articles" / "n-copy.txt")
    shutil.copy(raw / "articles" / "m-original.txt", raw / "articles" / "p-copy.txt")
    assert _build(raw, tmp_path / "warehouse") == {"m-original": None, "n-copy": "m-original",
                                                   "p-copy": "m-original", "z-other": None}
