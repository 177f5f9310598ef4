"""warehouse/datapackage.json: the Frictionless Data Package describing the current version of every
table (schemas.datapackage builds it), written beside the tables after they are published. Part sizes
come from the files, their digests from each version's `_version.json`, sources from the articles table."""
from __future__ import annotations

import json
import pathlib

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.hidden import write_hidden
from pipeline.publish.combined import combined_path, combined_rows
from pipeline.publish.dataset import VERSIONS, part_bucket, part_digests, part_files, version_info
from pipeline.publish.parquet import read_arrow, write_beside
from schemas import TABLES
from schemas.datapackage import SOURCE_COLUMNS, SOURCES, PartFile, datapackage, datapackage_json, source_table

DATAPACKAGE = "datapackage.json"
DESCRIBED = ".datapackage.json"
"""The table versions the package describes, a small copy of its `table_versions` (under .versions/), so
that a run need not parse the package (24 MB at 100,000 articles) to know it is current."""


def table_files(warehouse: pathlib.Path, table: str) -> list[PartFile]:
    """The current version's part files, paths through the table's link (e.g. figures/part-017.parquet)."""
    parts = (version_info(warehouse, table) or {"parts": {}})["parts"]
    digests = {name: part.get("sha256") for name, part in parts.items()}
    files = part_files(warehouse, table)
    if sorted(path.name for path in files) != sorted(digests):
        raise RuntimeError(f"{table}: the part files do not match {table}/_version.json")
    return [PartFile(path.relative_to(warehouse).as_posix(), path.stat().st_size, digests[path.name])
            for path in files]


def _part_sources(warehouse: pathlib.Path, name: str) -> pa.Table:
    """The source lines of the articles in one part of the articles table."""
    articles = read_arrow("articles", warehouse, [part_bucket(name)], list(SOURCE_COLUMNS.values()))
    return source_table(articles) if articles is not None else SOURCES.empty_table()


def _sources(warehouse: pathlib.Path) -> list[str]:
    """Every article's source line, in id order, from the provenance columns of the articles table. The
    lines of each part are kept in a combined file (pipeline.publish.combined) under the part's digest, so
    a run that changed one bucket writes the lines of that bucket's articles only."""
    digests = part_digests(warehouse, "articles")
    if not digests:
        return []
    sources = combined_rows(combined_path(warehouse, "articles", "sources", None), digests, SOURCES,
                            lambda name: _part_sources(warehouse, name))
    return sources.take(pc.sort_indices(sources["article_id"]))["line"].to_pylist()


def write_datapackage(warehouse: pathlib.Path) -> pathlib.Path:
    """Writes warehouse/datapackage.json atomically; every table must have been published. The package
    records the table versions it describes (`table_versions`) and is not rebuilt while they stay."""
    versions = {table: (version_info(warehouse, table) or {}).get("id") for table in TABLES}
    current, described = warehouse / DATAPACKAGE, warehouse / VERSIONS / DESCRIBED
    if current.is_file() and described.is_file() and json.loads(described.read_bytes()) == versions:
        return current
    files = {table: table_files(warehouse, table) for table in TABLES}
    descriptor = datapackage(TABLES, files) | {"table_versions": versions}
    write_beside(warehouse, DATAPACKAGE, datapackage_json(descriptor, _sources(warehouse)))
    write_hidden(described, json.dumps(versions, sort_keys=True))  # after the package: never ahead of it
    return current
