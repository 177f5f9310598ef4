"""The Frictionless Data Package descriptor of the warehouse (datapackage.json), generated from the
Pandera models like the data dictionary: one Table Schema per table with Frictionless types, titles,
descriptions, units, constraints, primary and foreign keys, and a source per article. The files (paths,
sizes, digests) and the articles' provenance columns are given by the caller; nothing here reads the disk
or the clock, and the JSON has sorted keys, so the same warehouse always gives the same bytes."""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from json.encoder import encode_basestring

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.jsontext import indented_json
from schemas.arrow import arrow_schema

PROFILE = "tabular-data-package"
MEDIATYPE = "application/vnd.apache.parquet"
ARRAY_KEY_NOTE = ("Each item is a key of {target}; Table Schema foreign keys cannot declare the items of an "
                  "array, so this one is not in foreignKeys.")


@dataclasses.dataclass(frozen=True)
class PartFile:
    """One file of a table as a reader finds it: path relative to the warehouse, size, sha256."""

    path: str
    bytes: int
    sha256: str


def _field_type(arrow_type: pa.DataType) -> dict:
    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    if pa.types.is_list(arrow_type):
        return {"type": "array", "arrayItem": _field_type(arrow_type.value_type)}
    for test, name in ((pa.types.is_date, "date"), (pa.types.is_integer, "integer"),
                       (pa.types.is_floating, "number"), (pa.types.is_boolean, "boolean"),
                       (pa.types.is_string, "string")):
        if test(arrow_type):
            return {"type": name}
    raise TypeError(f"no Table Schema type for {arrow_type}")


def _constraints(column) -> dict:
    """required from nullability; enum, minimum, maximum and pattern from the Pandera checks that have
    a Table Schema equivalent (the others are enforced by Pandera only)."""
    constraints = {"required": True} if not column.nullable else {}
    for check in column.checks:
        statistics = check.statistics or {}
        if check.name == "isin":
            constraints["enum"] = list(statistics["allowed_values"])
        elif check.name == "greater_than_or_equal_to":
            constraints["minimum"] = statistics["min_value"]
        elif check.name == "less_than_or_equal_to":
            constraints["maximum"] = statistics["max_value"]
        elif check.name == "str_matches":  # Table Schema patterns are implicitly anchored
            constraints["pattern"] = statistics["pattern"].removeprefix("^").removesuffix("$")
    return constraints


def _reference(target: str) -> dict:
    table, column = target.split(".")
    return {"resource": table, "fields": [column]}


def table_schema(model, table: str) -> dict:
    """Fields in model order, the primary key (Config.unique) and the foreign keys (`references`)."""
    arrow = arrow_schema(model, table)
    fields, foreign_keys = [], []
    for name, column in model.to_schema().columns.items():
        metadata = column.metadata or {}
        field = {"name": name, "title": column.title or name, "description": column.description or ""}
        field |= _field_type(arrow.field(name).type)
        if metadata.get("unit"):
            field["unit"] = metadata["unit"]
        if constraints := _constraints(column):
            field["constraints"] = constraints
        if target := metadata.get("references"):
            if field["type"] == "array":
                field["description"] += ". " + ARRAY_KEY_NOTE.format(target=target)
            else:
                foreign_keys.append({"fields": [name], "reference": _reference(target)})
        fields.append(field)
    schema = {"fields": fields, "missingValues": [], "primaryKey": list(getattr(model.Config, "unique", []) or [])}
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def resource(model, table: str, parts: list[PartFile]) -> dict:
    """A table as a resource whose path lists its part files. Its bytes are the parts' total; the
    custom `parts` property gives each file's size and sha256; `hash` is given only for a single file,
    the one case where it is the digest of a file a reader can open."""
    if not parts:
        raise ValueError(f"{table} has no published files to describe")
    resource = {
        "name": table, "title": table.replace("_", " ").capitalize(), "description": (model.__doc__ or "").strip(),
        "profile": "tabular-data-resource", "format": "parquet", "mediatype": MEDIATYPE,
        "path": [part.path for part in parts], "bytes": sum(part.bytes for part in parts),
        "parts": [{"path": part.path, "bytes": part.bytes, "hash": f"sha256:{part.sha256}"} for part in parts],
        "schema": table_schema(model, table),
    }
    if len(parts) == 1:
        resource["hash"] = f"sha256:{parts[0].sha256}"
    return resource


SOURCE_COLUMNS = {"article_id": "article_id", "title": "title", "path": "source_url", "publisher": "publisher",
                  "published_date": "published_date", "retrieved_at": "retrieved_at", "license": "license"}
"""A source's keys -> the articles column each comes from."""


SOURCES = pa.schema([("article_id", pa.string()), ("line", pa.string())])
"""Source lines with the id of their article (source_table)."""


def source_table(articles: pa.Table) -> pa.Table:
    """Each article's provenance as a Data Package source, one line of JSON with sorted keys, beside its id,
    in id order (SOURCES): title (the id when there is none), path (the URL it was archived from) and the
    sidecar fields under their column names; missing and empty values are left out. `articles` holds the
    SOURCE_COLUMNS. Built a column at a time: a dict and an encoder call per article took four times as
    long at 100,000 articles."""
    articles = articles.take(pc.sort_indices(articles, [("article_id", "ascending")]))
    ids = articles["article_id"].to_pylist()
    columns = []
    for key, column in sorted(SOURCE_COLUMNS.items()):
        values = pc.cast(articles[column], pa.string()).to_pylist()
        if key == "title":
            values = [title or article_id for title, article_id in zip(values, ids)]
        prefix = f"{json.dumps(key)}: "
        columns.append([prefix + encode_basestring(value) if value else None for value in values])
    lines = ["{" + ", ".join([item for item in items if item is not None]) + "}" for items in zip(*columns)]
    return pa.table([pa.array(ids, pa.string()), pa.array(lines, pa.string())], schema=SOURCES)


def datapackage(tables: dict, files: Mapping[str, list[PartFile]]) -> dict:
    """The descriptor but for its sources: a resource per table (in TABLES order)."""
    return {
        "profile": PROFILE,
        "name": "statistics-warehouse",
        "title": "Statistics warehouse",
        "description": "Figures extracted from archived news articles, mapped to metrics, derived, checked "
                       "and compared, with the provenance of every number. Generated from schemas/.",
        "resources": [resource(model, table, files[table]) for table, model in tables.items()],
    }


def datapackage_json(descriptor: dict, sources: list[str]) -> str:
    """The descriptor with its sources (the lines of source_table), one to a line."""
    return indented_json(descriptor, "sources", ensure_ascii=False, encoded_items=sources)
