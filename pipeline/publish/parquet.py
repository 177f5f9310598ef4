"""Write-audit-publish for warehouse tables: validate with the table's Pandera model (all failures at
once), write to a staging file, then atomically rename into place, so an invalid table never replaces
a good one and readers never see a partial file. Same rows in, same bytes out."""
from __future__ import annotations

import os
import pathlib

import pandas as pd
import pandera.errors
import pyarrow as pa
import pyarrow.parquet as pq

from schemas import TABLES, arrow_schema

STAGING = ".staging"


class TableRejected(ValueError):
    """A table failed its schema; failure_cases holds every failing row and check."""

    def __init__(self, table: str, failure_cases: pd.DataFrame):
        self.table, self.failure_cases = table, failure_cases
        super().__init__(f"{table} failed validation in {len(failure_cases)} place(s); not published:\n"
                         f"{failure_cases.head(20).to_string()}")


def table_path(warehouse: pathlib.Path, table: str) -> pathlib.Path:
    return warehouse / f"{table}.parquet"


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
        values = df[field.name].tolist() if len(df) else []
        plain = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
        # from_pandas: a missing value (None, NaN, NaT) is null in Parquet, never a NaN
        columns[field.name] = pa.array(values, type=plain, from_pandas=True).cast(field.type)
    return pa.table(columns, schema=schema)


def publish(df: pd.DataFrame, table: str, warehouse: pathlib.Path) -> pathlib.Path:
    """Validate, stage and atomically publish one table; returns its path."""
    df = _sorted(validate(df, table), table)
    arrow = to_arrow(df, table)
    staging = warehouse / STAGING
    staging.mkdir(parents=True, exist_ok=True)
    temporary = staging / f"{table}.parquet.{os.getpid()}.tmp"
    pq.write_table(arrow, temporary, compression="zstd", row_group_size=200_000, write_statistics=True,
                   store_schema=True)
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    target = table_path(warehouse, table)
    os.replace(temporary, target)
    return target


def read(table: str, warehouse: pathlib.Path) -> pd.DataFrame | None:
    """A published table as pandas (dates as datetime.date, lists as lists), or None if not published."""
    path = table_path(warehouse, table)
    if not path.is_file():
        return None
    arrow = pq.read_table(path)
    frame = arrow.to_pandas(date_as_object=True, types_mapper=None)
    for field in arrow.schema:
        if pa.types.is_dictionary(field.type):
            frame[field.name] = frame[field.name].astype(object).where(frame[field.name].notna(), None)
        if pa.types.is_list(field.type):
            frame[field.name] = [list(v) if v is not None else None for v in frame[field.name]]
    return frame


def write_data_dictionary(warehouse: pathlib.Path) -> pathlib.Path:
    """The data dictionary beside the data (warehouse/data_dictionary.md), generated from schemas/."""
    from schemas import data_dictionary

    path = warehouse / "data_dictionary.md"
    temporary = warehouse / STAGING / f"data_dictionary.md.{os.getpid()}.tmp"
    temporary.parent.mkdir(parents=True, exist_ok=True)
    temporary.write_text(data_dictionary(TABLES), encoding="utf-8")
    os.replace(temporary, path)
    return path
