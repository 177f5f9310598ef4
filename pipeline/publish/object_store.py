"""The warehouse on object storage: with `PIPELINE_WAREHOUSE_ROOT=s3://bucket/prefix` the pipeline works on a
local *working copy* of the warehouse (`$PIPELINE_CACHE/<bucket>/<prefix>`, by default under
`~/.cache/pipeline-warehouse/`), with every local guarantee (content-named versions, buckets, atomic link
swap), and this module mirrors it to the bucket. S3 has no links and no rename, but one PUT is atomic, so
each table gets a pointer object that is written last:

    <prefix>/.versions/<table>/<id>/part-NNN.parquet, _version.json, ...   immutable; the same names and
                                                                           bytes as the local version folder
    <prefix>/<table>/_current.json     the pointer: version id and parts (rows, sha256); its PUT is the switch
    <prefix>/data_dictionary.md, ...   the files beside the tables

Holding the warehouse lock on a working copy is a sync session (pipeline.publish.lock calls `synced`). On
entering (`pull`) every table is brought to the version its pointer names, downloading only the parts the
copy lacks, and the files beside the tables are fetched. On leaving (`push`, also after a failure, so what
was published locally is published remotely), every table whose version differs from its pointer is
uploaded (objects already there are skipped, parts unchanged since the pointer's version are copied inside
the store), then its pointer is PUT, then the versions older than the previous one are deleted; changed
side files follow. A reader resolving a pointer therefore finds a complete version, a table that fails
validation (never committed locally) never moves its pointer, the same raw/ gives the same objects, and a
rerun writes nothing.

Writers: the lock serialises runs on one machine only; across machines the Dagster run queue (one
warehouse_job run at a time) does, and a push refuses to move a pointer that changed since its pull.

Endpoint and credentials are pyarrow's (`pyarrow.fs.FileSystem.from_uri`): AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL for an S3-compatible server, or pyarrow
options in the root's query (`s3://bucket/prefix?endpoint_override=host:9000&scheme=http`)."""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import pathlib
import shutil
import urllib.parse
from collections.abc import Iterator

import pyarrow.fs as pafs

from pipeline.publish.crashpoints import crashpoint
from pipeline.publish.dataset import (FOLDERS, STAGING, VERSION_FILE, VERSIONS, current_version, file_sha256,
                                      settle, switch_version, version_id, version_info)
from schemas import TABLES

PUBLISHED = (*TABLES, *FOLDERS)  # every name that is a link to a version folder

SCHEME = "s3://"
MARKER = ".remote"  # in a working copy: the root it mirrors
POINTER = "_current.json"
CHUNK = 1 << 20


class RemoteChanged(RuntimeError):
    """Another writer moved a table's pointer during this session; this session left that pointer alone."""


class RemoteCorrupt(RuntimeError):
    """An object does not hold the bytes its version names."""


def is_remote(root: str | os.PathLike) -> bool:
    return _root_text(root).startswith(SCHEME)


def _root_text(root: str | os.PathLike) -> str:
    text = os.fspath(root)
    if isinstance(root, pathlib.PurePath) and root.parts[:1] == ("s3:",):  # pathlib folds 's3://' into 's3:/'
        text = SCHEME + text.removeprefix("s3:/")
    return text


def cache_root() -> pathlib.Path:
    if os.environ.get("PIPELINE_CACHE"):
        return pathlib.Path(os.environ["PIPELINE_CACHE"])
    return pathlib.Path(os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache") / "pipeline-warehouse"


def _split(root: str) -> tuple[str, str, str]:
    """bucket, prefix (no slashes around it) and query of an s3:// root."""
    url = urllib.parse.urlsplit(root)
    prefix = url.path.strip("/")
    if not url.netloc or {".", ".."} & set(prefix.split("/")):
        raise ValueError(f"{root} is not an s3://bucket/prefix warehouse root")
    return url.netloc, prefix, url.query


def working_copy(root: str) -> pathlib.Path:
    """The local folder mirroring an s3:// root (created and marked with the root; nothing is fetched)."""
    bucket, prefix, _ = _split(root)
    copy = cache_root() / bucket / prefix
    copy.mkdir(parents=True, exist_ok=True)
    marker = copy / MARKER
    if not marker.is_file() or marker.read_text(encoding="utf-8") != root:
        temporary = copy / f"{MARKER}.{os.getpid()}"
        temporary.write_text(root, encoding="utf-8")
        os.replace(temporary, marker)
    return copy


_opened: set[pathlib.Path] = set()


def open_warehouse(root: str | os.PathLike) -> pathlib.Path:
    """The local folder the pipeline works in: root itself, or for an s3:// root its working copy, pulled
    the first time this process opens it (so checks and metadata read current tables without the lock;
    every writing step pulls again under the lock)."""
    text = _root_text(root)
    if not is_remote(text):
        path = pathlib.Path(text)
        path.mkdir(parents=True, exist_ok=True)
        return path
    copy = working_copy(text)
    if copy not in _opened:
        from pipeline.publish.lock import warehouse_lock  # the lock runs this module's pull and push

        with warehouse_lock(copy):
            pass
        _opened.add(copy)
    return copy


@dataclasses.dataclass(frozen=True)
class Remote:
    """The objects under one s3:// root, addressed by paths relative to it."""

    filesystem: pafs.FileSystem
    base: str  # bucket/prefix

    @staticmethod
    @functools.cache
    def of(root: str) -> Remote:
        bucket, prefix, query = _split(root)
        options = dict(urllib.parse.parse_qsl(query))
        options.setdefault("allow_delayed_open", "true")  # small objects in one PUT, not a multipart upload
        filesystem, _ = pafs.FileSystem.from_uri(f"s3://{bucket}/{prefix}?{urllib.parse.urlencode(options)}")
        return Remote(filesystem, f"{bucket}/{prefix}".rstrip("/"))

    def path(self, relative: str) -> str:
        return f"{self.base}/{relative}"

    def get(self, relative: str) -> bytes | None:
        try:
            with self.filesystem.open_input_stream(self.path(relative)) as stream:
                return stream.read()
        except FileNotFoundError:
            return None

    def put(self, relative: str, data: bytes) -> None:
        with self.filesystem.open_output_stream(self.path(relative)) as stream:
            stream.write(data)

    def upload(self, relative: str, source: pathlib.Path) -> None:
        with open(source, "rb") as handle, self.filesystem.open_output_stream(self.path(relative)) as stream:
            shutil.copyfileobj(handle, stream, CHUNK)

    def download(self, relative: str, target: pathlib.Path, sha256: str) -> None:
        digest = hashlib.sha256()
        with self.filesystem.open_input_stream(self.path(relative)) as stream, open(target, "wb") as handle:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                handle.write(chunk)
        if digest.hexdigest() != sha256:
            raise RemoteCorrupt(f"{self.path(relative)} does not have the digest {sha256} its version lists")

    def copy(self, source: str, target: str) -> None:
        """Copies an object inside the store (no bytes pass through this machine)."""
        self.filesystem.copy_file(self.path(source), self.path(target))

    def listing(self, relative: str = "", recursive: bool = False) -> dict[str, pafs.FileType]:
        """Entries under a folder, by path relative to the folder."""
        folder = self.path(relative).rstrip("/")
        selector = pafs.FileSelector(folder, recursive=recursive, allow_not_found=True)
        return {info.path.removeprefix(folder + "/"): info.type for info in self.filesystem.get_file_info(selector)
                if info.path != folder}

    def delete_folder(self, relative: str) -> None:
        # pyarrow then leaves an empty marker object for the parent folder (`.versions/<table>/`)
        self.filesystem.delete_dir(self.path(relative))


def remote_of(warehouse: pathlib.Path) -> Remote | None:
    """The store a working copy mirrors, or None for a plain local warehouse."""
    marker = warehouse / MARKER
    return Remote.of(marker.read_text(encoding="utf-8")) if marker.is_file() else None


def _pointer_path(table: str) -> str:
    return f"{table}/{POINTER}"


def _version_path(table: str, version: str, name: str = "") -> str:
    return f"{VERSIONS}/{table}/{version}/{name}".rstrip("/")


def _contents(info: dict) -> dict[str, str]:
    """A version's files (parts and attachments) and their sha256."""
    return {name: part["sha256"] for name, part in info["parts"].items()} | info.get("attachments", {})


def pointer_bytes(info: dict) -> bytes:
    pointer = {"table": info["table"], "version": info["id"], "parts": info["parts"]}
    return (json.dumps(pointer, indent=1, sort_keys=True) + "\n").encode()


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """What a pull saw: each table's pointer object (None: never published) and each side file's sha256."""

    pointers: dict[str, bytes | None]
    files: dict[str, str]

    def version(self, table: str) -> str | None:
        data = self.pointers.get(table)
        return json.loads(data)["version"] if data else None


def _side_files(warehouse: pathlib.Path) -> dict[str, str]:
    """The files beside the tables (data dictionary, ...) as path -> sha256; table parts are not read."""
    files = {}
    for entry in sorted(warehouse.iterdir()):
        if entry.name.startswith(".") or entry.name in PUBLISHED or entry.is_symlink():
            continue
        for path in [entry] if entry.is_file() else sorted(path for path in entry.rglob("*") if path.is_file()):
            files[path.relative_to(warehouse).as_posix()] = file_sha256(path)
    return files


def _remote_side_files(remote: Remote) -> list[str]:
    files = []
    for name, kind in sorted(remote.listing().items()):
        if kind == pafs.FileType.File:
            files.append(name)
        elif kind == pafs.FileType.Directory and not name.startswith(".") and name not in PUBLISHED:
            files += [f"{name}/{inner}" for inner, kind in sorted(remote.listing(name, recursive=True).items())
                      if kind == pafs.FileType.File]
    return files


def _fetch_version(remote: Remote, warehouse: pathlib.Path, table: str, version: str) -> None:
    """Places a remote version in the working copy, linking the parts it already holds."""
    versions = warehouse / VERSIONS / table
    target = versions / version
    if target.is_dir():
        return
    data = remote.get(_version_path(table, version, VERSION_FILE))
    if data is None or version_id(data) != version:
        raise RemoteCorrupt(f"{remote.path(_version_path(table, version))} lacks its intact {VERSION_FILE}")
    held = {}
    for folder in sorted(versions.iterdir()) if versions.is_dir() else []:
        if not folder.name.startswith(".") and (folder / VERSION_FILE).is_file():
            contents = _contents(json.loads((folder / VERSION_FILE).read_bytes()))
            held |= {digest: folder / name for name, digest in contents.items()}
    building = versions / f".{version}.pull.{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    for name, digest in sorted(_contents(json.loads(data)).items()):
        if digest in held:
            os.link(held[digest], building / name)
        else:
            remote.download(_version_path(table, version, name), building / name, digest)
    (building / VERSION_FILE).write_bytes(data)
    settle(building, target)


def pull(warehouse: pathlib.Path) -> Snapshot:
    """Brings the working copy to the store's current versions and side files."""
    remote = remote_of(warehouse)
    pointers = {}
    for table in PUBLISHED:
        pointers[table] = data = remote.get(_pointer_path(table))
        if data is None:  # never published there: withdraw what a failed session left here
            if (warehouse / table).is_symlink():
                (warehouse / table).unlink()
            continue
        version = json.loads(data)["version"]
        if current_version(warehouse, table) != version:
            _fetch_version(remote, warehouse, table, version)
            switch_version(warehouse, table, version)
    files = {}
    for name in _remote_side_files(remote):
        data = remote.get(name)
        files[name] = hashlib.sha256(data).hexdigest()
        local = warehouse / name
        if not local.is_file() or local.read_bytes() != data:
            temporary = warehouse / STAGING / f"pulled.{os.getpid()}"
            temporary.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
            local.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temporary, local)
    return Snapshot(pointers, files)


def _upload_version(remote: Remote, warehouse: pathlib.Path, table: str, info: dict, snapshot: Snapshot) -> None:
    """Every object of the version not yet in the store; _version.json last."""
    folder = warehouse / VERSIONS / table / info["id"]
    present = remote.listing(_version_path(table, info["id"]))
    in_store = {}  # sha256 -> object of the current remote version with those bytes
    if snapshot.pointers.get(table):
        current = json.loads(snapshot.pointers[table])
        in_store = {part["sha256"]: _version_path(table, current["version"], name)
                    for name, part in current["parts"].items()}
    for name, digest in sorted(_contents(info).items()) + [(VERSION_FILE, "")]:
        target = _version_path(table, info["id"], name)
        if name in present:
            continue
        if digest in in_store:
            remote.copy(in_store[digest], target)
        else:
            remote.upload(target, folder / name)


def push(warehouse: pathlib.Path, snapshot: Snapshot) -> None:
    """Publishes in the store every table whose local version moved since the pull, then the side files."""
    remote = remote_of(warehouse)
    for table in PUBLISHED:
        info, before = version_info(warehouse, table), snapshot.version(table)
        if info is None or info["id"] == before:
            continue
        _upload_version(remote, warehouse, table, info, snapshot)
        crashpoint("remote-uploaded")
        if remote.get(_pointer_path(table)) != snapshot.pointers[table]:
            raise RemoteChanged(f"{remote.path(_pointer_path(table))} was moved by another writer during this "
                                "run; only one warehouse_job run may write a store at a time")
        remote.put(_pointer_path(table), pointer_bytes(info))
        crashpoint("remote-switched")
        for version, kind in remote.listing(f"{VERSIONS}/{table}").items():
            if kind == pafs.FileType.Directory and version not in (info["id"], before):
                remote.delete_folder(_version_path(table, version))
    for name, digest in _side_files(warehouse).items():
        if snapshot.files.get(name) != digest:
            remote.upload(name, warehouse / name)


@contextlib.contextmanager
def synced(warehouse: pathlib.Path) -> Iterator[None]:
    """A sync session around a step (nothing for a plain local warehouse): pull before, push after."""
    if remote_of(warehouse) is None:
        yield
        return
    snapshot = pull(warehouse)
    try:
        yield
    finally:
        push(warehouse, snapshot)


def s3_part_urls(root: str, table: str) -> list[str]:
    """The s3:// URLs of the current version's part files, resolved through the table's pointer (empty when
    never published): what DuckDB, polars or pandas read."""
    remote = Remote.of(root)
    data = remote.get(_pointer_path(table))
    if data is None:
        return []
    pointer = json.loads(data)
    return [SCHEME + remote.path(_version_path(table, pointer["version"], name)) for name in sorted(pointer["parts"])]
