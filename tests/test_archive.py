"""The archive reader: sidecar validation, id rules, text decoding and publication-date inference."""
import datetime as dt

import pytest

from pipeline.archive import SidecarError, decode_article, parse_sidecar, read_archive

TODAY = dt.date(2026, 1, 1)


@pytest.mark.parametrize("sidecar, reason", [
    (b"not json", "not valid JSON"),
    (b"[1, 2]", "must be a JSON object"),
    (b'{"publisher": 7}', "publisher must be a string or null"),
    (b'{"published_date": "2023-02-30"}', "not a YYYY-MM-DD date"),
    (b'{"published_date": "2030-01-01"}', "in the future"),
    (b'{"author": "x"}', "unknown keys: author"),
    (b'{"retrieved_at": "yesterday"}', "not an ISO 8601 time"),
])
def test_bad_sidecars_say_why(sidecar, reason):
    with pytest.raises(SidecarError, match=reason):
        parse_sidecar(sidecar, TODAY)


def test_sidecar_values_with_unknown_ones_null():
    values = parse_sidecar(b'{"publisher": "Korea Bizwire", "published_date": "2023-09-12"}', TODAY)
    assert values["published_date"] == dt.date(2023, 9, 12) and values["source_url"] is None


def test_bom_removed_line_endings_kept():
    assert decode_article("\ufeffa\r\nb".encode("utf-8")) == "a\r\nb"


def test_missing_publication_date_is_inferred_from_dateline_and_years(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "wire-story.txt").write_text("Title line\n\nSEOUL, Sept. 12 (Yonhap) -- In 2022, 7,091 measures "
                                           "were taken, up from 2021.\n")
    (folder / "day-first.txt").write_text("LONDON, 20 December 2023 - Inflation eased to 3.9% in 2023.\n")
    (folder / "no-dateline.txt").write_text("In 2022, 12 cases were filed.\n")
    articles, rejected = read_archive(tmp_path, TODAY)
    by_id = {a.article_id: a for a in articles}
    assert (by_id["wire-story"].published_date, by_id["wire-story"].published_date_inferred) == \
        (dt.date(2022, 9, 12), True)
    assert by_id["day-first"].published_date == dt.date(2023, 12, 20)
    assert (by_id["no-dateline"].published_date, by_id["no-dateline"].published_date_inferred) == (None, False)
    assert rejected == []


def test_stray_files_and_links_are_rejected(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (tmp_path / "outside.txt").write_text("12 cases")
    (folder / "linked.txt").symlink_to(tmp_path / "outside.txt")
    (folder / "notes.md").write_text("# notes")
    (folder / "orphan.json").write_text("{}")
    articles, rejected = read_archive(tmp_path, TODAY)
    reasons = {r.path: r.reason for r in rejected}
    assert articles == []
    assert "link" in reasons["linked.txt"] and "not an article" in reasons["notes.md"]
    assert "not an article" in reasons["orphan.json"]
