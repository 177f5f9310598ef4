"""Write-audit-publish: a table that fails its schema never replaces the good one, failures are all
reported at once, and the same rows always give the same bytes."""
import datetime as dt
import json

import pandas as pd
import pytest

from pipeline.publish import TableRejected, bucket_of, part_files, publish, published_files, read, version_info
from schemas import TABLES, arrow_schema, data_dictionary


def rejected_rows(reason="empty file"):
    return pd.DataFrame([{"path": "a.txt", "article_id": "a", "stage": "archive", "reason": reason}])


def figure_rows(**changes):
    row = {"article_id": "a", "figure_id": "a:0", "char_start": 0, "char_end": 2, "surface": "12", "value": 12.0,
           "kind": "count", "unit": "cases", "per": None, "qualifier": None, "measure": "cases",
           "period_start": dt.date(2022, 1, 1), "period_end": dt.date(2022, 12, 31), "region": "South Korea",
           "region_code": "KR", "section": "body", "sentence_index": 0}
    return pd.DataFrame([row | changes])


def test_invalid_table_never_replaces_the_good_one(tmp_path):
    publish(figure_rows(), "figures", tmp_path)
    good = published_files(tmp_path)
    bad = pd.concat([figure_rows(kind="guess", char_end=0), figure_rows()], ignore_index=True)
    with pytest.raises(TableRejected) as raised:
        publish(bad, "figures", tmp_path)
    checks = set(raised.value.failure_cases["check"].astype(str))
    assert any("isin" in c for c in checks) and any("span_is_ordered" in c for c in checks)
    assert any("unique" in c or "duplicated" in c for c in checks)  # figure_id a:0 twice
    assert published_files(tmp_path) == good
    versions = [entry for entry in (tmp_path / ".versions" / "figures").iterdir() if not entry.name.startswith(".")]
    assert len(versions) == 1  # hidden files beside the versions are the check verdicts' memories


def test_same_rows_same_bytes_whatever_their_order(tmp_path):
    rows = pd.concat([figure_rows(figure_id="a:1", char_start=5, char_end=7), figure_rows()], ignore_index=True)
    publish(rows, "figures", tmp_path)
    once = published_files(tmp_path)
    publish(rows.iloc[::-1], "figures", tmp_path)
    assert published_files(tmp_path) == once
    back = read("figures", tmp_path)
    assert list(back.figure_id) == ["a:0", "a:1"] and back.period_start[0] == dt.date(2022, 1, 1)


def test_missing_values_are_null_not_nan(tmp_path):
    publish(figure_rows(value=float("nan"), kind="date"), "figures", tmp_path)
    import pyarrow.parquet as pq

    [part] = part_files(tmp_path, "figures")
    assert pq.read_table(part).column("value").null_count == 1


def test_every_column_is_documented_and_typed():
    for table, model in TABLES.items():
        schema = arrow_schema(model, table)
        for name, column in model.to_schema().columns.items():
            assert column.title and column.description, (table, name)
            assert schema.field(name).metadata[b"description"]
    dictionary = data_dictionary(TABLES)
    assert all(f"## `{table}`" in dictionary for table in TABLES)
    assert "| `period_start` | date32[day] | date |" in dictionary


def test_rejections_need_a_reason(tmp_path):
    with pytest.raises(TableRejected):
        publish(rejected_rows(reason=None), "rejected_articles", tmp_path)
    assert read("rejected_articles", tmp_path) is None


def test_part_files_and_versions_do_not_grow_with_runs(tmp_path):
    from pipeline.build import build_warehouse
    from pipeline.publish import bucket_count

    raw, warehouse = tmp_path / "raw" / "articles", tmp_path / "warehouse"
    raw.mkdir(parents=True)
    for run in range(6):
        (raw / f"note-{run}.txt").write_text(f"In 2023, {run + 12} cases were filed in Seoul.\n", encoding="utf-8")
        build_warehouse(raw.parent, warehouse, log=lambda message: None)
    assert len(part_files(warehouse, "figures")) == len({bucket_of(f"note-{run}", "figures") for run in range(6)})
    for table in TABLES:
        assert 1 <= len(part_files(warehouse, table)) <= bucket_count(table)
        versions = [path for path in (warehouse / ".versions" / table).iterdir() if not path.name.startswith(".")]
        assert len(versions) <= 2  # the current and the previous (hidden files are audit memories)
    memory = json.loads((warehouse / ".versions" / "figures" / ".audit-unmapped.json").read_text())
    assert {entry.split(":")[0] for entry in memory} <= {
        part["sha256"] for part in version_info(warehouse, "figures")["parts"].values()}  # not one per run
    assert set(read("figures", warehouse).article_id) == {f"note-{run}" for run in range(6)}


def test_a_build_with_nothing_new_leaves_nothing_staged(tmp_path):
    from pipeline.build import build_warehouse

    raw, warehouse = tmp_path / "raw" / "articles", tmp_path / "warehouse"
    raw.mkdir(parents=True)
    (raw / "note.txt").write_text("In 2023, 12 cases were filed in Seoul.\n", encoding="utf-8")
    for run in range(2):
        build_warehouse(raw.parent, warehouse, log=lambda message: None)
        assert [path.name for path in (warehouse / ".staging").iterdir()] == [], f"run {run}"


def test_the_manifest_is_compact_json_with_sorted_keys_and_reads_back(tmp_path):
    from pipeline.publish.manifest import manifest_bytes

    entries = {"b-2": {"sha256": "ab" * 32, "sidecar_sha256": None, "extractor_version": "0123456789abcdef"},
               "a-1": {"sidecar_sha256": "cd" * 32, "sha256": "ef" * 32, "extractor_version": "0123456789abcdef"}}
    data = manifest_bytes(entries)
    assert data == (json.dumps(entries, sort_keys=True, separators=(",", ":")) + "\n").encode()
    assert json.loads(data) == entries


def test_the_date_check_judges_each_value_as_panderas_own_does():
    """schemas.tables.Date checks a column at a time what pandera's Date checks a value at a time."""
    from pandera.engines import pandas_engine

    from schemas.tables import Date

    values = pd.Series([dt.date(2022, 1, 1), None, float("nan"), pd.NaT, dt.datetime(2022, 1, 1), "2022-01-01",
                        20220101, pd.Timestamp("2022-01-01")], index=range(10, 18), dtype=object)
    found = pandas_engine.Engine.dtype(values.dtype)
    ours, theirs = Date().check(found, values), pandas_engine.Date().check(found, values)
    assert ours.tolist() == theirs.tolist() == [True, True, True, True, False, False, False, False]
    assert ours.index.equals(values.index)
    integers = pd.Series([1, 2])
    assert Date().check(pandas_engine.Engine.dtype(integers.dtype), integers).tolist() == [False, False]
    assert Date().check(found) is True and str(Date()) == "date"
