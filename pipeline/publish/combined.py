"""Whole-table reads from one file. The analysis, the charts and the data package read every part of
observations and articles on each run (64 files a table); the combined file keeps all those rows in one
hidden Parquet file beside the table's versions (`.versions/<table>/.combined-<columns>.parquet`), with
each part's sha256 and row range in its metadata, so a run after one changed bucket reads that bucket's
part and this file. It is bookkeeping, never published: a stale, damaged or unwritable one only costs
reading the parts."""
from __future__ import annotations

import hashlib
import json
import pathlib
from collections.abc import Callable

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.hidden import write_hidden
from pipeline.publish.dataset import VERSIONS

PARTS_KEY = b"pipeline.parts"


def combined_path(warehouse: pathlib.Path, table: str, name: str, columns: list[str] | None) -> pathlib.Path:
    """Where the combined file of `name` (rows of table's parts, of these columns) is kept."""
    key = hashlib.sha256(json.dumps([name, columns]).encode()).hexdigest()[:12]
    return warehouse / VERSIONS / table / f".combined-{name}-{key}.parquet"


def _held(path: pathlib.Path, schema: pa.Schema) -> tuple[pa.Table | None, dict[str, list]]:
    """The combined rows and, by part, [digest, first row, rows]; (None, {}) when unusable."""
    try:
        table = pq.read_table(path)
        held = json.loads(table.schema.metadata[PARTS_KEY])
    except (OSError, KeyError, TypeError, ValueError, pa.ArrowException):
        return None, {}
    return (table, held) if table.schema.equals(schema) else (None, {})


def combined_rows(path: pathlib.Path, digests: dict[str, str], schema: pa.Schema,
                  load: Callable[[str], pa.Table]) -> pa.Table:
    """The rows of every part named in `digests` (part name -> digest of what its rows come from), in
    part name order: from the combined file where the digest is the one it holds, else from load(part);
    the file is rewritten when any part was loaded or left."""
    cached, held = _held(path, schema)
    pieces, index, first, changed = [], {}, 0, set(held) != set(digests)
    for name in sorted(digests):
        before = held.get(name)
        if cached is not None and before and before[0] == digests[name]:
            piece = cached.slice(before[1], before[2])
        else:
            piece, changed = load(name).select(schema.names).cast(schema), True
        index[name], first = [digests[name], first, len(piece)], first + len(piece)
        pieces.append(piece)
    rows = (pa.concat_tables(pieces) if pieces else schema.empty_table()).replace_schema_metadata(schema.metadata)
    if changed:
        sink = pa.BufferOutputStream()
        pq.write_table(rows.replace_schema_metadata({PARTS_KEY: json.dumps(index)}), sink)
        try:
            write_hidden(path, sink.getvalue().to_pybytes())
        except OSError:  # a read-only warehouse: read the parts again next time
            pass
    return rows
