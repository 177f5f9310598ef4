"""The archive step's shortcut (pipeline.archive.unchanged): a run on the raw/ the last run left takes it,
and every change it depends on (a file's bytes, a name, the day, the code's key) sends the run down the
full listing, including a file rewritten so quickly that its identity stayed the same."""
import datetime as dt
import json

import pytest

from pipeline import build
from pipeline.archive import listing, unchanged
from pipeline.publish import read, read_manifest
from pipeline.publish.dataset import VERSIONS

TODAY = dt.date(2026, 11, 28)
SHORTCUT = "not listed or planned again"


@pytest.fixture
def built(tmp_path):
    folder = tmp_path / "raw" / "articles"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("In 2023, 41 new cases were filed in Seoul.\n", encoding="utf-8")
    (folder / "b.txt").write_text("About 300 people came in 2022.\n", encoding="utf-8")
    (folder / "b.json").write_text('{"publisher": "Example Daily"}', encoding="utf-8")
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    return raw, warehouse, _run(raw, warehouse)


def _run(raw, warehouse, today=TODAY):
    lines = []
    report = build.archive_and_figures(raw, warehouse, log=lines.append, today=today)
    return report, lines


def _took_shortcut(lines) -> bool:
    return any(SHORTCUT in line for line in lines)


def test_a_run_on_the_raw_the_last_run_left_takes_the_shortcut_with_the_same_counts(built, monkeypatch):
    raw, warehouse, (first, lines) = built
    assert not _took_shortcut(lines)
    monkeypatch.setattr(build, "list_archive", lambda *args, **kwargs: pytest.fail("listed again"))
    again, lines = _run(raw, warehouse)  # the files were written moments ago: their bytes are checked
    assert _took_shortcut(lines)
    assert (again.listed, again.extracted, again.unchanged, again.rejected, again.buckets) == (2, 0, 2, 0, 0)
    assert (first.listed, first.extracted, first.rejected) == (2, 2, 0)


def test_a_file_that_is_no_article_is_vouched_for_by_its_identity_once_it_has_settled(built, monkeypatch):
    raw, warehouse, _ = built
    (raw / "articles" / "notes.md").write_text("not an article\n", encoding="utf-8")
    assert not _took_shortcut(_run(raw, warehouse)[1])
    assert not _took_shortcut(_run(raw, warehouse)[1])  # just written: no manifest entry vouches for its bytes
    monkeypatch.setattr(listing, "RECENT_NS", 0)  # as if the last run had listed it long after it was written
    report, lines = _run(raw, warehouse)
    assert _took_shortcut(lines) and (report.listed, report.rejected) == (2, 1)


@pytest.mark.parametrize("change", ["rewrite", "add", "remove", "sidecar"])
def test_any_change_to_raw_lists_again(built, change):
    raw, warehouse, _ = built
    folder = raw / "articles"
    if change == "rewrite":
        (folder / "a.txt").write_text("In 2023, 42 new cases were filed in Seoul.\n", encoding="utf-8")
    elif change == "add":
        (folder / "c.txt").write_text("Nine of 10 agreed in 2021.\n", encoding="utf-8")
    elif change == "remove":
        (folder / "b.txt").unlink()
        (folder / "b.json").unlink()
    else:
        (folder / "b.json").write_text('{"publisher": "Another Daily"}', encoding="utf-8")
    report, lines = _run(raw, warehouse)
    assert not _took_shortcut(lines)
    articles = read("articles", warehouse).set_index("article_id")
    expected = {"rewrite": {"a", "b"}, "add": {"a", "b", "c"}, "remove": {"a"}, "sidecar": {"a", "b"}}[change]
    assert set(articles.index) == expected
    if change == "sidecar":
        assert articles.loc["b", "publisher"] == "Another Daily"
    if change == "rewrite":
        assert "42" in set(read("figures", warehouse).surface)


def test_another_day_or_another_code_lists_again(built, monkeypatch):
    raw, warehouse, _ = built
    assert not _took_shortcut(_run(raw, warehouse, today=TODAY + dt.timedelta(days=1))[1])
    assert _took_shortcut(_run(raw, warehouse, today=TODAY + dt.timedelta(days=1))[1])
    versions = {".": "another pipeline", "schemas": "the models"}
    monkeypatch.setattr(build, "code_version", lambda *folders: "+".join(versions[folder.split("/")[-1]]
                                                                          for folder in folders))
    tomorrow = TODAY + dt.timedelta(days=1)
    assert not _took_shortcut(_run(raw, warehouse, today=tomorrow)[1])
    assert _took_shortcut(_run(raw, warehouse, today=tomorrow)[1])
    versions["schemas"] = "other models"  # they decide which articles' rows are rejected
    assert not _took_shortcut(_run(raw, warehouse, today=tomorrow)[1])
    assert _took_shortcut(_run(raw, warehouse, today=tomorrow)[1])
    versions["."] = "yet another pipeline"
    assert not _took_shortcut(_run(raw, warehouse, today=tomorrow)[1])
    assert _took_shortcut(_run(raw, warehouse, today=tomorrow)[1])
    monkeypatch.setattr(build, "library_versions", lambda: "pandera==a later release")  # it may judge rows anew
    assert not _took_shortcut(_run(raw, warehouse, today=tomorrow)[1])


def test_a_file_rewritten_within_the_same_tick_is_caught_by_its_bytes(built, monkeypatch):
    """Two writes within one tick of the clock can leave a file's identity as it was: the state cannot see
    the second write, so a recently changed file is read and compared with the manifest."""
    raw, warehouse, _ = built
    record = warehouse / VERSIONS / build.UNCHANGED_RECORD
    key = build._outcome_key(raw, warehouse, TODAY)
    state = json.loads(record.read_text())["state"]
    monkeypatch.setattr(listing, "current_state", lambda root, since: (state, ["a.txt", "b.json"]))
    manifest = lambda: read_manifest(warehouse)  # noqa: E731
    assert unchanged.recorded_outcome(record, raw, key, manifest) == {"listed": 2, "rejected": 0, "unchanged": 2}
    (raw / "articles" / "b.json").write_text('{"publisher": "Example Dailx"}', encoding="utf-8")
    assert unchanged.recorded_outcome(record, raw, key, manifest) is None
    monkeypatch.setattr(listing, "current_state", lambda root, since: (state, ["c.txt"]))
    assert unchanged.recorded_outcome(record, raw, key, manifest) is None  # not a file the manifest vouches for


def test_a_new_name_is_seen_from_the_folder_without_a_status_per_file(built, monkeypatch):
    raw, warehouse, _ = built
    (raw / "articles" / "c.txt").write_text("Nine of 10 agreed in 2021.\n", encoding="utf-8")
    monkeypatch.setattr(listing, "current_state", lambda *args: pytest.fail("took every file's status"))
    record = warehouse / VERSIONS / build.UNCHANGED_RECORD
    assert unchanged.recorded_outcome(record, raw, build._outcome_key(raw, warehouse, TODAY), dict) is None


def test_a_damaged_record_only_costs_the_full_listing(built):
    raw, warehouse, _ = built
    (warehouse / VERSIONS / build.UNCHANGED_RECORD).write_text("{not json", encoding="utf-8")
    report, lines = _run(raw, warehouse)
    assert not _took_shortcut(lines) and (report.listed, report.extracted) == (2, 0)
    assert _took_shortcut(_run(raw, warehouse)[1])
