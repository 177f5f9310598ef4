"""Write-audit-publish for warehouse tables: validate with the table's Pandera model (all failures at
once), convert to the explicit Arrow schema, and hand the parts to a new version (pipeline.publish.dataset),
so an invalid table never replaces a good one and readers never see a partial table. Same rows in, same
bytes out."""
from __future__ import annotations

import os
import pathlib
from collections.abc import Iterable

import pandas as pd
import pandera.errors
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.publish.combined import combined_path, combined_rows
from pipeline.publish.crashpoints import crashpoint
from pipeline.publish.dataset import (STAGING, VersionWriter, part_digests, part_files, part_name, read_parts,
                                      split_by_bucket, table_dir, version_info)
from pipeline.publish.verdicts import SCHEMA, passed, remember, schema_key
from schemas import TABLES, arrow_schema


class TableRejected(ValueError):
    """A table failed its schema; failure_cases holds every failing row and check."""

    def __init__(self, table: str, failure_cases: pd.DataFrame):
        self.table, self.failure_cases = table, failure_cases
        super().__init__(f"{table} failed validation in {len(failure_cases)} place(s); not published:\n"
                         f"{failure_cases.head(20).to_string()}")


def _sorted(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Rows in primary-key order (nulls last), so the same rows always give the same file."""
    key = list(getattr(TABLES[table].Config, "unique", []) or [])
    if table == "figures":
        key = ["article_id", "char_start", "figure_id"]
    return df.sort_values(key, na_position="last", kind="stable").reset_index(drop=True) if key and len(df) else df


def validate(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """The table validated by its model, lazily; raises TableRejected with every failure case."""
    try:
        return TABLES[table].validate(df, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        raise TableRejected(table, errors.failure_cases) from None


def to_arrow(df: pd.DataFrame, table: str) -> pa.Table:
    schema = arrow_schema(TABLES[table], table)
    columns = {}
    for field in schema:
        plain = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
        # from_pandas: a missing value (None, NaN, NaT) is null in Parquet, never a NaN. The column is given
        # as it is, not as a list: a numeric or Arrow-backed column then converts without a Python object per
        # value (figures: 0.01-0.03 s a bucket against 0.13-0.17 s), to the same Arrow array
        columns[field.name] = pa.array(df[field.name] if len(df) else [], type=plain, from_pandas=True
                                       ).cast(field.type)
    return pa.table(columns, schema=schema)


class TablePublisher:
    """The next version of one table, bucket by bucket: each `put` validates and stages complete bucket
    rows; `commit` publishes, and leaves the verdict on each part it staged where the table's schema check
    finds it (pipeline.publish.verdicts): those bytes were validated under the current models a moment
    before they were written. Buckets never put carry over unless replace_all."""

    def __init__(self, table: str, warehouse: pathlib.Path, *, replace_all: bool, inputs: dict | None = None):
        self.table = table
        self.schema = arrow_schema(TABLES[table], table)
        self.writer = VersionWriter(warehouse, table, self.schema, replace_all=replace_all, inputs=inputs)
        self.validated: set[str] = set()
        """The parts whose rows passed validation here (an empty bucket: the empty table's part)."""

    def put(self, bucket: int, df: pd.DataFrame) -> None:
        df = _sorted(validate(df, self.table), self.table)
        crashpoint("validated")
        self.writer.put(bucket, to_arrow(df, self.table))
        self.validated.add(part_name(bucket))

    def staged(self, bucket: int) -> pd.DataFrame:
        """The rows staged for the bucket so far (none: the table's empty frame)."""
        path = self.writer.staging / part_name(bucket)
        return as_frame(pq.read_table(path) if path.exists() else self.schema.empty_table())

    def attach(self, name: str, data: bytes) -> None:
        self.writer.attach(name, data)

    def commit(self) -> str:
        version = self.writer.commit()
        parts = (version_info(self.writer.warehouse, self.table) or {"parts": {}})["parts"]
        staged = {parts[name]["sha256"]: passed(parts[name]["rows"]) for name in self.validated if name in parts}
        remember(self.writer.warehouse, self.table, SCHEMA, staged, key=schema_key())
        return version


def publish(df: pd.DataFrame, table: str, warehouse: pathlib.Path, *, inputs: dict | None = None) -> pathlib.Path:
    """Validate and publish a whole table as a new version."""
    publisher = TablePublisher(table, warehouse, replace_all=True, inputs=inputs)
    groups = split_by_bucket(df, table)
    for bucket, rows in groups.items():
        publisher.put(bucket, rows)
    publisher.commit()
    return table_dir(warehouse, table)


def read_arrow(table: str, warehouse: pathlib.Path, buckets: Iterable[int] | None = None,
               columns: list[str] | None = None, combined: bool = False) -> pa.Table | None:
    """A published table (or some of its buckets, some of its columns) as pyarrow; None when it was
    never published. `combined`: a whole table is read through its combined file (fewer files to open
    when most parts did not change; pipeline.publish.combined)."""
    files = part_files(warehouse, table)
    if not files:
        return None
    schema = arrow_schema(TABLES[table], table)
    if buckets is not None:
        wanted = {part_name(bucket) for bucket in buckets}
        files = [path for path in files if path.name in wanted]
    elif combined and len(files) > 1:
        by_name = {path.name: path for path in files}
        digests = {name: digest for name, digest in part_digests(warehouse, table).items() if name in by_name}
        return combined_rows(combined_path(warehouse, table, "rows", columns), digests,
                             pa.schema([schema.field(name) for name in columns]) if columns else schema,
                             lambda name: read_parts([by_name[name]], schema, columns))
    return read_parts(files, schema, columns)


def as_frame(arrow: pa.Table) -> pd.DataFrame:
    """Rows of a table as pandas: dates as datetime.date, lists as lists, nulls as None."""
    frame = arrow.to_pandas(date_as_object=True, types_mapper=None)
    for field in arrow.schema:
        if pa.types.is_dictionary(field.type):
            frame[field.name] = frame[field.name].astype(object).where(frame[field.name].notna(), None)
        if pa.types.is_list(field.type):
            frame[field.name] = [list(v) if v is not None else None for v in frame[field.name]]
    return frame


def read(table: str, warehouse: pathlib.Path, buckets: Iterable[int] | None = None,
         columns: list[str] | None = None, combined: bool = False) -> pd.DataFrame | None:
    """A published table (or some of its buckets, some of its columns) as pandas (as_frame); None when
    the table was never published. `combined` as for read_arrow."""
    arrow = read_arrow(table, warehouse, buckets, columns, combined)
    return as_frame(arrow) if arrow is not None else None


def write_beside(warehouse: pathlib.Path, name: str, text: str) -> pathlib.Path:
    """A text file beside the tables (warehouse/<name>), staged and renamed into place."""
    path = warehouse / name
    temporary = warehouse / STAGING / f"{name}.{os.getpid()}.tmp"
    temporary.parent.mkdir(parents=True, exist_ok=True)
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return path


def write_data_dictionary(warehouse: pathlib.Path) -> pathlib.Path:
    """The data dictionary beside the data (warehouse/data_dictionary.md), generated from schemas/."""
    from schemas import data_dictionary

    return write_beside(warehouse, "data_dictionary.md", data_dictionary(TABLES))
