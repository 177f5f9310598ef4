"""The explicit pyarrow write schema of each table, generated from its Pandera model."""
from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1"

_ARROW_TYPES = {
    "list<string>": pa.list_(pa.string()),
    "list<double>": pa.list_(pa.float64()),
}


def _arrow_type(dtype: str, metadata: dict) -> pa.DataType:
    if metadata.get("arrow"):
        return _ARROW_TYPES[metadata["arrow"]]
    if dtype == "date":
        return pa.date32()
    if dtype.startswith("int"):
        return pa.int64()
    if dtype.startswith("float"):
        return pa.float64()
    if dtype == "bool":
        return pa.bool_()
    if metadata.get("dictionary"):
        return pa.dictionary(pa.int32(), pa.string())
    return pa.string()


def arrow_schema(model, table: str) -> pa.Schema:
    """Columns in model order, with title/description/unit as field metadata and small table metadata."""
    fields = []
    for name, column in model.to_schema().columns.items():
        metadata = column.metadata or {}
        field_metadata = {"title": column.title or name, "description": column.description or ""}
        if metadata.get("unit"):
            field_metadata["unit"] = metadata["unit"]
        fields.append(pa.field(name, _arrow_type(str(column.dtype), metadata), nullable=column.nullable,
                               metadata=field_metadata))
    return pa.schema(fields, metadata={"table": table, "schema_version": SCHEMA_VERSION})
