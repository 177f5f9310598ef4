"""Every table read from outside the pipeline, over a warehouse whose article tables have several part
files: DuckDB SQL over `<table>/*.parquet`, polars (eager and lazy) over the same glob, pandas over the
table folder. Each agrees with pipeline.publish.read on the row count and gets the declared types:
dates as DATE / pl.Date / date32 (or datetime.date objects), never strings or nanosecond timestamps;
id lists as lists. A few seed values are read back by SQL and polars."""
import datetime as dt

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from pipeline.publish import part_files, read, reader_glob, table_dir
from schemas import TABLES, arrow_schema
from tests.fixtures.warehouse import COPY, SEED, build_seed_warehouse

SCALARS = {pa.date32(): ("DATE", pl.Date), pa.int64(): ("BIGINT", pl.Int64), pa.float64(): ("DOUBLE", pl.Float64),
           pa.bool_(): ("BOOLEAN", pl.Boolean), pa.string(): ("VARCHAR", pl.String)}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    warehouse = build_seed_warehouse(tmp_path_factory.mktemp("consumers"), {COPY: {}})
    assert all(len(part_files(warehouse, table)) == 2 for table in ("articles", "figures", "observations"))
    return warehouse


def date_columns(table: str) -> list[str]:
    """The columns the Pandera model declares as dates (independently of the Arrow mapping)."""
    return [name for name, column in TABLES[table].to_schema().columns.items() if str(column.dtype) == "date"]


def duckdb_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_dictionary(arrow_type):
        return duckdb_type(arrow_type.value_type)
    if pa.types.is_list(arrow_type):
        return duckdb_type(arrow_type.value_type) + "[]"
    return SCALARS[arrow_type][0]


def polars_type(arrow_type: pa.DataType) -> pl.DataType:
    if pa.types.is_dictionary(arrow_type):
        return pl.Categorical()
    if pa.types.is_list(arrow_type):
        return pl.List(polars_type(arrow_type.value_type))
    return SCALARS[arrow_type][1]


def sql(warehouse, query: str) -> list[tuple]:
    """query with {table} placeholders replaced by read_parquet over the table's part files."""
    return duckdb.sql(query.format(**{table: f"read_parquet('{reader_glob(warehouse, table)}')"
                                      for table in TABLES})).fetchall()


@pytest.mark.parametrize("table", list(TABLES))
def test_duckdb_reads_every_table_with_its_declared_types(warehouse, table):
    schema = arrow_schema(TABLES[table], table)
    described = sql(warehouse, f"DESCRIBE SELECT * FROM {{{table}}}")
    assert [(row[0], row[1]) for row in described] == [(field.name, duckdb_type(field.type)) for field in schema]
    assert all(dict((row[0], row[1]) for row in described)[name] == "DATE" for name in date_columns(table))
    assert sql(warehouse, f"SELECT count(*) FROM {{{table}}}") == [(len(read(table, warehouse)),)]


@pytest.mark.parametrize("table", list(TABLES))
def test_polars_reads_every_table_with_its_declared_types(warehouse, table):
    schema = arrow_schema(TABLES[table], table)
    expected = pl.Schema([(field.name, polars_type(field.type)) for field in schema])
    eager = pl.read_parquet(reader_glob(warehouse, table))
    lazy = pl.scan_parquet(reader_glob(warehouse, table))
    assert eager.schema == expected and lazy.collect_schema() == expected
    assert all(eager.schema[name] == pl.Date for name in date_columns(table))
    assert len(eager) == lazy.select(pl.len()).collect().item() == len(read(table, warehouse))


@pytest.mark.parametrize("table", list(TABLES))
def test_pandas_reads_every_table_folder_with_its_declared_types(warehouse, table):
    schema = arrow_schema(TABLES[table], table)
    arrow_backed = pd.read_parquet(table_dir(warehouse, table), dtype_backend="pyarrow")
    assert [(name, dtype.pyarrow_dtype) for name, dtype in arrow_backed.dtypes.items()] == \
        [(field.name, field.type) for field in schema]
    default = pd.read_parquet(table_dir(warehouse, table))  # pyarrow's to_pandas: date_as_object=True
    for name in date_columns(table):
        assert arrow_backed[name].dtype.pyarrow_dtype == pa.date32()
        assert default[name].dtype == object and all(type(value) is dt.date for value in default[name].dropna())
    assert len(arrow_backed) == len(default) == len(read(table, warehouse))


def test_seed_values_by_sql(warehouse):
    assert sorted(sql(warehouse, """
        SELECT article_id, value FROM {observations}
        WHERE metric_id = 'protection_measures' AND region_code = 'KR'
          AND period_start = DATE '2022-01-01' AND period_end = DATE '2022-12-31'""")) == \
        [(SEED, 29372.0), (COPY, 29372.0)]
    [(cagr,)] = sql(warehouse, """
        SELECT value FROM {derived_metrics} WHERE metric_id = 'protection_measures' AND derivation_id = 'cagr'
          AND period_start = DATE '2018-01-01' AND period_end = DATE '2022-12-31'""")
    assert round(cagr, 2) == 32.81
    assert sql(warehouse, """
        SELECT a.article_id, a.figure_count, count(*) FROM {articles} a JOIN {figures} f USING (article_id)
        GROUP BY ALL ORDER BY 1""") == [(SEED, 29, 29), (COPY, 29, 29)]
    assert sql(warehouse, "SELECT DISTINCT verdict FROM {claim_checks}") == [("consistent",)]
    [(figure_ids, period_end)] = sql(warehouse, """
        SELECT figure_ids, period_end FROM {observations} WHERE article_id = '""" + SEED + """'
          AND metric_id = 'protection_measures' AND period_start = DATE '2022-01-01'""")
    assert figure_ids == [f"{SEED}:12"] and period_end == dt.date(2022, 12, 31)


def test_seed_values_by_polars(warehouse):
    observations = pl.scan_parquet(reader_glob(warehouse, "observations"))
    yearly = (observations.filter((pl.col("metric_id") == "protection_measures") & (pl.col("article_id") == SEED)
                                  & (pl.col("period_start").dt.month() == 1) & (pl.col("period_end").dt.month() == 12)
                                  & (pl.col("period_start").dt.year() == pl.col("period_end").dt.year()))
              .sort("period_start").select(pl.col("period_start").dt.year(), "value").collect())
    assert yearly.rows() == [(2018, 9442.0), (2019, 13686.0), (2020, 14773.0), (2021, 24810.0), (2022, 29372.0)]
