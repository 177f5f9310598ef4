"""The listing memory (pipeline.archive.listing): an unchanged archive is listed without reading a file,
and any change to a file's content is still seen."""
import json
import os

import pytest

from pipeline.archive import listing, reader


@pytest.fixture
def archive(tmp_path, monkeypatch):
    monkeypatch.setattr(listing, "RECENT_NS", 0)  # files written by the test count as settled
    folder = tmp_path / "raw" / "articles"
    folder.mkdir(parents=True)
    for name, text in {"a": "Sales rose 5% in 2022.", "b": "About 300 people came.", "c": "Nine of 10 agreed."}.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "b.json").write_text('{"publisher": "Example Daily"}', encoding="utf-8")
    return tmp_path / "raw", tmp_path / "memory.json"


def _list(raw, memory_file, unread=lambda article_id: False):
    """list_archive with the memory kept in memory_file, saved as a build saves it."""
    memory = listing.ListingMemory(memory_file)
    listed = listing.list_archive(raw, memory, unread)
    memory.save()
    return listed


def _no_reading(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a remembered file was read")
    monkeypatch.setattr(listing, "checked_bytes", refuse)
    monkeypatch.setattr(listing, "sidecar_bytes", refuse)


def test_unchanged_archive_is_listed_from_memory_without_reading(archive, monkeypatch):
    raw, memory = archive
    first, rejected = _list(raw, memory)
    assert not rejected and len(json.loads(memory.read_text())) == 4  # three texts and a sidecar
    _no_reading(monkeypatch)
    again, _ = _list(raw, memory)
    assert again == first
    assert again[1].sidecar_sha256 == reader.digest(b'{"publisher": "Example Daily"}')


def _rewrite(path, text, in_place):
    """New bytes of the same size under the old modification time, in place or by rename (editors)."""
    before = path.stat()
    target = path if in_place else path.with_suffix(".tmp")
    target.write_text(text, encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(target, path)


def test_file_replaced_by_another_of_the_same_size_and_time_gets_its_new_digest(archive):
    raw, memory = archive
    _list(raw, memory)
    _rewrite(raw / "articles" / "a.txt", "Sales rose 7% in 2022.", in_place=False)
    entries, _ = _list(raw, memory)
    assert entries[0].sha256 == reader.digest(b"Sales rose 7% in 2022.")


def test_file_rewritten_in_place_just_after_listing_gets_its_new_digest(archive, monkeypatch):
    raw, memory = archive
    monkeypatch.setattr(listing, "RECENT_NS", 2_000_000_000)  # the default: its times could repeat
    _list(raw, memory)
    assert not memory.exists()  # every file was written a moment ago, so none is remembered
    _rewrite(raw / "articles" / "a.txt", "Sales rose 7% in 2022.", in_place=True)
    entries, _ = _list(raw, memory)
    assert entries[0].sha256 == reader.digest(b"Sales rose 7% in 2022.")


def test_damaged_memory_costs_a_reread(archive):
    raw, memory = archive
    first, _ = _list(raw, memory)
    memory.write_text("{not json", encoding="utf-8")
    assert _list(raw, memory)[0] == first
    assert len(json.loads(memory.read_text())) == 4  # and is written again


def test_rejections_follow_the_archive_and_an_unchanged_run_does_not_publish_them_again(tmp_path, monkeypatch):
    from pipeline import build
    from pipeline.publish import read

    folder = tmp_path / "raw" / "articles"
    folder.mkdir(parents=True)
    (folder / "good.txt").write_text("Sales rose 5% in 2022.", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"caf\xe9 12 cases")
    warehouse = tmp_path / "warehouse"
    build.archive_and_figures(tmp_path / "raw", warehouse, log=lambda message: None)
    assert list(read("rejected_articles", warehouse).path) == ["bad.txt"]
    with monkeypatch.context() as patched:
        patched.setattr(build, "publish", lambda *args, **kwargs: pytest.fail("published unchanged rejections"))
        build.archive_and_figures(tmp_path / "raw", warehouse, log=lambda message: None)
    (folder / "bad.txt").write_text("Cafes sold 12 cakes.", encoding="utf-8")
    build.archive_and_figures(tmp_path / "raw", warehouse, log=lambda message: None)
    assert len(read("rejected_articles", warehouse)) == 0


def test_article_left_unread_is_remembered_from_its_reader(archive, monkeypatch):
    raw, memory_file = archive
    folder = raw / "articles"
    first, _ = _list(raw, memory_file)
    (folder / "d.txt").write_text("Rents fell 3% in 2021.", encoding="utf-8")
    (folder / "d.json").write_text('{"publisher": "Example Weekly"}', encoding="utf-8")
    _no_reading(monkeypatch)
    memory = listing.ListingMemory(memory_file)
    entries, rejected = listing.list_archive(raw, memory, unread=lambda article_id: True)
    assert not rejected and entries[:3] == first  # a remembered file keeps its digests
    assert (entries[3].article_id, entries[3].sha256, entries[3].sidecar_sha256) == ("d", None, None)
    text, sidecar = (folder / "d.txt").read_bytes(), (folder / "d.json").read_bytes()
    memory.learn("d", reader.digest(text), reader.digest(sidecar))  # what the worker reading d reports
    memory.save()
    again, _ = _list(raw, memory_file)  # d's digests now come from the memory: still nothing is read
    assert again[:3] == first
    assert (again[3].sha256, again[3].sidecar_sha256) == (reader.digest(text), reader.digest(sidecar))


def test_a_new_extractor_version_leaves_the_checks_to_the_workers_but_changed_bytes_are_checked_first():
    from pipeline.archive import ArchiveEntry
    from pipeline.incremental import plan_work

    entries = [ArchiveEntry("a", "a.txt", "sha-a", None), ArchiveEntry("b", "b.txt", "sha-b2", "side-b")]
    manifest = {"a": {"sha256": "sha-a", "sidecar_sha256": None, "extractor_version": "old"},
                "b": {"sha256": "sha-b1", "sidecar_sha256": "side-b", "extractor_version": "old"}}
    checked = []
    plan, rejected = plan_work(entries, manifest, "new", lambda entry: checked.append(entry.article_id))
    assert checked == ["b"]  # "a" passed with these bytes before: its worker reads it once, in parallel
    assert sorted(entry.article_id for entry in plan.todo) == ["a", "b"] and rejected == []


def test_a_sidecar_that_is_a_link_rejects_its_article_and_the_others_are_listed(archive, tmp_path):
    raw, memory = archive
    outside = tmp_path / "outside.json"
    outside.write_text('{"publisher": "Elsewhere"}', encoding="utf-8")
    (raw / "articles" / "c.json").symlink_to(outside)
    entries, rejected = _list(raw, memory)
    assert [entry.article_id for entry in entries] == ["a", "b"]
    assert [(item.path, "sidecar is a link" in item.reason) for item in rejected] == [("c.txt", True)]


def test_an_archive_without_its_articles_folder_lists_nothing(tmp_path):
    assert listing.list_archive(tmp_path / "raw") == ([], [])


def test_archive_state_changes_with_any_file_and_reads_none(archive, monkeypatch):
    raw, _ = archive
    _no_reading(monkeypatch)
    before = listing.archive_state(raw)
    assert listing.archive_state(raw) == before
    _rewrite(raw / "articles" / "a.txt", "Sales rose 7% in 2022.", in_place=False)  # same name, size and time
    replaced = listing.archive_state(raw)
    assert replaced != before
    (raw / "articles" / "b.json").unlink()
    assert listing.archive_state(raw) not in (before, replaced)
    assert listing.archive_state(raw / "nowhere") == listing.archive_state(raw / "elsewhere")
