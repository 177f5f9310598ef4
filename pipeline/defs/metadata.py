"""Materialisation metadata every table asset reports: row count, column schema and a preview."""
from __future__ import annotations

import dagster as dg
import pandas as pd

from schemas import TABLES

PREVIEW_ROWS = 10


def table_metadata(table: str, frame: pd.DataFrame, path) -> dict:
    columns = [dg.TableColumn(name, str(column.dtype), description=column.description)
               for name, column in TABLES[table].to_schema().columns.items()]
    preview = frame.head(PREVIEW_ROWS).to_markdown(index=False) if len(frame) else "(no rows)"
    return {
        "dagster/row_count": dg.MetadataValue.int(len(frame)),
        "dagster/column_schema": dg.TableSchema(columns=columns),
        "path": dg.MetadataValue.path(str(path)),
        "preview": dg.MetadataValue.md(preview),
    }
