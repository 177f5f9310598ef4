"""Materialisation metadata every table asset reports: row count, part files, version, column schema
and a preview (read from the first part only, so it stays cheap on a large warehouse)."""
from __future__ import annotations

import pathlib

import dagster as dg

from pipeline.publish import part_files, read, table_dir, version_info
from pipeline.publish.dataset import part_bucket
from schemas import TABLES

PREVIEW_ROWS = 10


def table_metadata(table: str, warehouse: pathlib.Path) -> dict:
    columns = [dg.TableColumn(name, str(column.dtype), description=column.description)
               for name, column in TABLES[table].to_schema().columns.items()]
    info = version_info(warehouse, table) or {"parts": {}, "id": None}
    files = part_files(warehouse, table)
    first = read(table, warehouse, [part_bucket(files[0].name)]) if files else None
    preview = first.head(PREVIEW_ROWS).to_markdown(index=False) if first is not None and len(first) else "(no rows)"
    return {
        "dagster/row_count": dg.MetadataValue.int(sum(part["rows"] for part in info["parts"].values())),
        "dagster/column_schema": dg.TableSchema(columns=columns),
        "path": dg.MetadataValue.path(str(table_dir(warehouse, table))),
        "version": dg.MetadataValue.text(str(info["id"])),
        "part_files": dg.MetadataValue.int(len(files)),
        "preview": dg.MetadataValue.md(preview),
    }
