"""Tables on disk as versioned folders of part files, swapped in atomically.

`warehouse/<table>` is a symbolic link to `warehouse/.versions/<table>/<version>/`, a folder of
`part-NNN.parquet` files that readers open as one dataset (DuckDB `'warehouse/figures/*.parquet'`,
`pandas.read_parquet('warehouse/figures')`, polars, Spark). Article tables are split into a fixed number
of buckets by a hash of the article id, so adding or changing an article rewrites one bucket and links
the others from the previous version: the number of part files never grows with the number of runs.

A new version is written beside the old one (validated parts staged, unchanged parts hard-linked), its
folder renamed into place, and only then the link is replaced with one `rename`: a reader, or a run
killed at any moment, sees the previous version or the new one, never a mixture. `_version.json` in each
folder lists its parts with their digests and the input versions it was built from; its digest names
the folder, so the same rows always give the same folder, byte for byte."""
from __future__ import annotations

import hashlib
import json
import os
import pathlib
import shutil
from collections.abc import Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.publish.crashpoints import crashpoint

VERSIONS = ".versions"
STAGING = ".staging"
VERSION_FILE = "_version.json"
FOLDERS = ("charts",)  # published like tables, but not Parquet
BUCKETS = {"articles": 64, "figures": 64, "observations": 64, "claim_checks": 64}
WRITE_OPTIONS = {"compression": "zstd", "row_group_size": 100_000, "write_statistics": True, "store_schema": True}


def bucket_count(table: str) -> int:
    return BUCKETS.get(table, 1)


def bucket_of(article_id: str, table: str) -> int:
    """The bucket holding an article's rows (stable across runs and machines)."""
    return int.from_bytes(hashlib.sha256(article_id.encode()).digest()[:4], "big") % bucket_count(table)


def part_name(bucket: int) -> str:
    return f"part-{bucket:03d}.parquet"


def part_bucket(name: str) -> int:
    """The bucket a part file holds (the inverse of part_name)."""
    return int(name.removeprefix("part-").removesuffix(".parquet"))


def table_dir(warehouse: pathlib.Path, table: str) -> pathlib.Path:
    """The folder readers open (a link to the current version)."""
    return warehouse / table


def part_files(warehouse: pathlib.Path, table: str) -> list[pathlib.Path]:
    """The current version's part files in bucket order; empty when the table was never published."""
    folder = table_dir(warehouse, table)
    return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []


def version_info(warehouse: pathlib.Path, table: str) -> dict | None:
    """The current version's `_version.json` (id, parts, inputs), or None."""
    link = table_dir(warehouse, table)
    if not (link / VERSION_FILE).is_file():
        return None
    info = json.loads((link / VERSION_FILE).read_text(encoding="utf-8"))
    return info | {"id": current_version(warehouse, table)}


def part_digests(warehouse: pathlib.Path, table: str) -> dict[str, str]:
    """Part name -> sha256 of the current version's parts, as its `_version.json` lists them ({} when the
    table was never published)."""
    info = version_info(warehouse, table)
    return {name: part.get("sha256", "") for name, part in info["parts"].items()} if info else {}


def current_version(warehouse: pathlib.Path, table: str) -> str | None:
    """The id of the version the table's link names, or None."""
    link = table_dir(warehouse, table)
    return os.readlink(link).rsplit("/", 1)[-1] if link.is_symlink() else None


def attachment(warehouse: pathlib.Path, table: str, name: str) -> bytes | None:
    """A file published inside the current version beside its parts (e.g. the extraction manifest)."""
    path = table_dir(warehouse, table) / name
    return path.read_bytes() if path.is_file() else None


def version_file(name: str, parts: dict[str, dict], attachments: dict[str, str], inputs: dict) -> bytes:
    """The `_version.json` of a version: its parts, its other files and the inputs it was built from."""
    described = {"table": name, "parts": parts, "attachments": dict(sorted(attachments.items())),
                 "inputs": dict(sorted(inputs.items()))}
    return (json.dumps(described, indent=1, sort_keys=True) + "\n").encode()


def version_id(version_file: bytes) -> str:
    """A version is named by the digest of its `_version.json`, which lists its parts' digests."""
    return hashlib.sha256(version_file).hexdigest()[:20]


def _fsync(path: pathlib.Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def file_sha256(path: pathlib.Path) -> str:
    """The sha256 of a file's bytes, as versions list them."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


class VersionWriter:
    """Builds the next version of one table: `put` whole buckets, `attach` side files, `commit`.
    Buckets not put are carried over from the current version unless `replace_all` is set."""

    def __init__(self, warehouse: pathlib.Path, table: str, schema: pa.Schema, *, replace_all: bool,
                 inputs: dict | None = None):
        self.warehouse, self.table, self.schema = warehouse, table, schema
        self.replace_all, self.inputs = replace_all, inputs or {}
        self.staging = warehouse / STAGING / f"{table}.{os.getpid()}"
        shutil.rmtree(self.staging, ignore_errors=True)  # made when the first file is staged
        self.parts: dict[str, dict] = {}
        self.attachments: dict[str, str] = {}

    def put(self, bucket: int, arrow: pa.Table) -> None:
        """Stages the complete rows of one bucket (an empty table removes the bucket)."""
        name = part_name(bucket)
        self.parts[name] = {"rows": arrow.num_rows}
        if arrow.num_rows:
            pq.write_table(arrow, self._staged(name), **WRITE_OPTIONS)
            self.parts[name]["sha256"] = file_sha256(self.staging / name)
        crashpoint("part-staged")

    def attach(self, name: str, data: bytes) -> None:
        self._staged(name).write_bytes(data)
        self.attachments[name] = hashlib.sha256(data).hexdigest()

    def _staged(self, name: str) -> pathlib.Path:
        """Where a file of the version is staged (the staging folder exists once anything is staged, so a
        writer that stages nothing, as on a run with nothing new, leaves no folder behind)."""
        self.staging.mkdir(parents=True, exist_ok=True)
        return self.staging / name

    def _final_parts(self) -> dict[str, dict]:
        previous = {} if self.replace_all else (version_info(self.warehouse, self.table) or {}).get("parts", {})
        parts = {name: entry for name, entry in (previous | self.parts).items() if entry["rows"]}
        if not parts:  # an empty table is still one readable file with the schema
            pq.write_table(self.schema.empty_table(), self._staged(part_name(0)), **WRITE_OPTIONS)
            parts = {part_name(0): {"rows": 0, "sha256": file_sha256(self.staging / part_name(0))}}
        return dict(sorted(parts.items()))

    def commit(self) -> str:
        """Writes the version folder, swaps the link, removes versions older than the previous one."""
        parts = self._final_parts()
        data = version_file(self.table, parts, self.attachments, self.inputs)
        version = version_id(data)
        versions = self.warehouse / VERSIONS / self.table
        target = versions / version
        if not target.is_dir():
            current = table_dir(self.warehouse, self.table)
            building = versions / f".{version}.{os.getpid()}"
            shutil.rmtree(building, ignore_errors=True)
            building.mkdir(parents=True)
            for name in list(parts) + list(self.attachments):
                staged = self.staging / name
                if staged.exists():
                    os.replace(staged, building / name)
                else:  # unchanged bucket: the previous version's file, linked rather than copied
                    link_or_copy(current / name, building / name)
                crashpoint("part-placed")
            (building / VERSION_FILE).write_bytes(data)
            settle(building, target)
        crashpoint("before-swap")
        switch_version(self.warehouse, self.table, version)
        shutil.rmtree(self.staging, ignore_errors=True)
        return version


def link_or_copy(source: pathlib.Path, target: pathlib.Path) -> None:
    """An unchanged file of an earlier version placed in a new one: a hard link (version folders are never
    written in place), or a copy where the file system has no links."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def settle(building: pathlib.Path, target: pathlib.Path) -> None:
    """Makes a completely written version folder durable and renames it into place as target."""
    for path in building.iterdir():
        _fsync(path)
    _fsync(building)
    crashpoint("version-written")
    os.replace(building, target)
    _fsync(target.parent)


def switch_version(warehouse: pathlib.Path, table: str, version: str) -> None:
    """Points the table's link at the version folder (already in place) with one rename, then removes the
    versions older than the one it replaced (that one stays: a reader may still be reading it)."""
    previous = current_version(warehouse, table)
    if previous == version:
        return
    _swap(warehouse, table, warehouse / VERSIONS / table / version)
    crashpoint("after-swap")
    for folder in (warehouse / VERSIONS / table).iterdir():
        if folder.name not in (version, previous):
            shutil.rmtree(folder, ignore_errors=True)


def _swap(warehouse: pathlib.Path, table: str, target: pathlib.Path) -> None:
    """Points the table's link at target with one rename (a folder from before versioned publishing is
    moved aside first, once)."""
    link = table_dir(warehouse, table)
    staging = warehouse / STAGING
    staging.mkdir(exist_ok=True)
    unversioned = staging / f"{table}.unversioned.{os.getpid()}"
    if link.exists() and not link.is_symlink():
        os.replace(link, unversioned)
    temporary = staging / f"{table}.link.{os.getpid()}"
    temporary.unlink(missing_ok=True)
    os.symlink(target.relative_to(warehouse).as_posix(), temporary)
    os.replace(temporary, link)
    _fsync(warehouse)
    (warehouse / f"{table}.parquet").unlink(missing_ok=True)  # the single-file layout before
    shutil.rmtree(unversioned, ignore_errors=True)


def publish_folder(warehouse: pathlib.Path, name: str, files: dict[str, bytes],
                   kept: dict[str, tuple[pathlib.Path, str]] | None = None) -> pathlib.Path:
    """Publishes a folder of files that are not a table (FOLDERS, e.g. charts) the way tables are: a
    version folder with its `_version.json` (the files as attachments) written beside the current one,
    then the link swapped. `kept` names files of an earlier version taken as they are (path, sha256):
    linked, never read or written again. Returns the link."""
    kept = kept or {}
    digests = {file: hashlib.sha256(data).hexdigest() for file, data in files.items()}
    data = version_file(name, {}, digests | {file: digest for file, (_, digest) in kept.items()}, {})
    version = version_id(data)
    target = warehouse / VERSIONS / name / version
    if not target.is_dir():
        building = target.parent / f".{version}.{os.getpid()}"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        for file, content in files.items():
            (building / file).write_bytes(content)
        for file, (source, _) in kept.items():
            link_or_copy(source, building / file)
        (building / VERSION_FILE).write_bytes(data)
        settle(building, target)
    crashpoint("before-swap")
    switch_version(warehouse, name, version)
    return warehouse / name


def _read_part(path: pathlib.Path, schema: pa.Schema, columns: list[str] | None) -> pa.Table:
    """One part; written with the table's schema, it is read as stored (half the time of read_table,
    which plans a dataset), else through read_table, which brings it to the schema."""
    wanted = pa.schema([schema.field(name) for name in columns]) if columns else schema
    with pq.ParquetFile(path) as part:
        table = part.read(columns=columns)
    return table if table.schema.equals(wanted) else pq.read_table(path, schema=schema, columns=columns)


def read_parts(paths: Iterable[pathlib.Path], schema: pa.Schema, columns: list[str] | None = None) -> pa.Table:
    tables = [_read_part(path, schema, columns) for path in paths]
    if tables:
        return pa.concat_tables(tables)
    return schema.empty_table().select(columns) if columns else schema.empty_table()


def split_by_bucket(frame: pd.DataFrame, table: str) -> dict[int, pd.DataFrame]:
    """Rows grouped by the bucket of their article (one bucket for tables without articles)."""
    if bucket_count(table) == 1 or not len(frame):
        return {0: frame}
    buckets = frame["article_id"].map(lambda article_id: bucket_of(article_id, table))
    return {int(bucket): rows for bucket, rows in frame.groupby(buckets, sort=True)}


def reader_glob(warehouse: pathlib.Path, table: str) -> str:
    """The pattern outside readers open the table with (DuckDB, polars): `<warehouse>/<table>/*.parquet`."""
    return str(table_dir(warehouse, table) / "*.parquet")


def published_files(warehouse: pathlib.Path) -> dict[str, str]:
    """Every file a reader of the warehouse sees (tables through their links, and the files beside
    them), as path relative to the warehouse -> sha256. Staging, versions and the lock are not listed."""
    files = {}
    for entry in sorted(warehouse.iterdir()) if warehouse.is_dir() else []:
        if entry.name.startswith("."):
            continue
        inner = sorted(entry.iterdir()) if entry.is_dir() else [entry]
        for path in inner:
            if path.is_file():
                files[path.relative_to(warehouse).as_posix()] = file_sha256(path)
    return files
