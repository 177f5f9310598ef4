"""Whole-table reads through the combined file: the same rows as reading every part, and only the
parts whose digest changed are read again; a damaged file costs a full read, never wrong rows."""
import pandas as pd
import pyarrow as pa

from pipeline.publish import read
from pipeline.publish.combined import combined_rows
from tests.fixtures.warehouse import COPY, build_seed_warehouse

SCHEMA = pa.schema([("part", pa.string()), ("value", pa.int64())])


def parts_of(rows: dict[str, list[int]]):
    loaded = []

    def load(name: str) -> pa.Table:
        loaded.append(name)
        return pa.table({"part": [name] * len(rows[name]), "value": rows[name]}, schema=SCHEMA)

    return load, loaded


def test_only_changed_parts_are_read_again(tmp_path):
    path = tmp_path / ".combined.parquet"
    rows = {"part-000": [1, 2], "part-001": [3], "part-002": [4, 5, 6]}
    load, loaded = parts_of(rows)
    first = combined_rows(path, {"part-000": "a", "part-001": "b", "part-002": "c"}, SCHEMA, load)
    assert first.column("value").to_pylist() == [1, 2, 3, 4, 5, 6] and loaded == ["part-000", "part-001", "part-002"]

    loaded.clear()
    again = combined_rows(path, {"part-000": "a", "part-001": "b", "part-002": "c"}, SCHEMA, load)
    assert again.equals(first) and loaded == []

    rows["part-001"] = [30, 31]
    changed = combined_rows(path, {"part-000": "a", "part-001": "b2", "part-002": "c"}, SCHEMA, load)
    assert changed.column("value").to_pylist() == [1, 2, 30, 31, 4, 5, 6] and loaded == ["part-001"]

    loaded.clear()
    fewer = combined_rows(path, {"part-000": "a", "part-002": "c"}, SCHEMA, load)
    assert fewer.column("value").to_pylist() == [1, 2, 4, 5, 6] and loaded == []
    assert combined_rows(path, {"part-000": "a", "part-002": "c"}, SCHEMA, load).equals(fewer)


def test_a_damaged_combined_file_costs_a_full_read(tmp_path):
    path = tmp_path / ".combined.parquet"
    load, loaded = parts_of({"part-000": [1], "part-001": [2]})
    combined_rows(path, {"part-000": "a", "part-001": "b"}, SCHEMA, load)
    path.write_bytes(b"not parquet")
    loaded.clear()
    assert combined_rows(path, {"part-000": "a", "part-001": "b"}, SCHEMA, load).column("value").to_pylist() == [1, 2]
    assert loaded == ["part-000", "part-001"]


def test_combined_reads_give_the_rows_of_every_part(tmp_path):
    warehouse = build_seed_warehouse(tmp_path, copies={COPY: {}})
    for table, columns in [("articles", None), ("observations", None), ("articles", ["article_id", "publisher"])]:
        plain = read(table, warehouse, columns=columns)
        for _ in range(2):  # the first read writes the combined file, the second reads it
            pd.testing.assert_frame_equal(read(table, warehouse, columns=columns, combined=True), plain)
    assert len(list((warehouse / ".versions" / "observations").glob(".combined-rows-*.parquet"))) == 1
