"""The data dictionary (Markdown), generated from the Pandera models."""
from __future__ import annotations

from schemas.arrow import arrow_schema


def data_dictionary(tables: dict) -> str:
    """A section per table: its description, primary key and one line per column."""
    parts = ["# Data dictionary", "", "Generated from `schemas/` by the pipeline; do not edit by hand.", ""]
    for table, model in tables.items():
        schema = model.to_schema()
        key = ", ".join(getattr(model.Config, "unique", []) or [])
        parts += [f"## `{table}`", "", (model.__doc__ or "").strip(), "", f"Primary key: {key}", "",
                  "| column | type | unit | nullable | description |", "|---|---|---|---|---|"]
        arrow = arrow_schema(model, table)
        for name, column in schema.columns.items():
            unit = (column.metadata or {}).get("unit") or ""
            field_type = arrow.field(name).type
            arrow_type = "string (dictionary-encoded)" if str(field_type).startswith("dictionary") else str(field_type)
            parts.append(f"| `{name}` | {arrow_type} | {unit} | {'yes' if column.nullable else 'no'} | "
                         f"{column.description} |")
        parts.append("")
    return "\n".join(parts)
