"""The warehouse on S3, against moto's S3 server on loopback (started here; no other network): the Dagster
assets publish to s3:// the same bytes as a local build, readers resolve the pointers, a rerun writes no
object (the bucket keeps every object version, so any PUT or DELETE would show), a fresh working copy is
pulled rather than rebuilt, a changed article moves the pointer and old versions go, a table that fails
validation keeps its pointer, and a push killed before its pointer leaves the previous version readable."""
import json
import os
import pathlib
import shutil
import subprocess
import sys

import dagster as dg
import pandas as pd
import polars as pl
import pytest

from pipeline import tables
from pipeline.build import build_warehouse
from pipeline.defs.assets import ASSETS
from pipeline.defs.checks import CHECKS
from pipeline.defs.resources import WarehouseRoots
from pipeline.publish import part_files, published_files, read, s3_part_urls, version_info
from pipeline.publish.object_store import working_copy
from schemas import TABLES

boto3 = pytest.importorskip("boto3")  # moto[server] brings it; the pipeline itself uses pyarrow's S3 client
moto_server = pytest.importorskip("moto.server")

REPO = pathlib.Path(__file__).resolve().parents[1]
SEED = "2023-09-12-koreabizwire-stalking-protection"
BUCKET = "warehouse-test"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """moto's S3 on 127.0.0.1 (a free port), a versioned bucket, and the environment pointing at it."""
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    empty = tmp_path_factory.mktemp("aws")
    with pytest.MonkeyPatch.context() as env:
        for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                            "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": f"http://{host}:{port}",
                            "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": str(empty / "config"),
                            "AWS_SHARED_CREDENTIALS_FILE": str(empty / "credentials"),
                            "PIPELINE_CACHE": str(tmp_path_factory.mktemp("cache"))}.items():
            env.setenv(name, value)
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_S3", "HTTP_PROXY", "HTTPS_PROXY"):
            env.delenv(name, raising=False)
        client = boto3.client("s3")
        client.create_bucket(Bucket=BUCKET)
        client.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
        yield client
    server.stop()


def materialize(raw: pathlib.Path, root: str, raise_on_error: bool = True) -> dg.ExecuteInProcessResult:
    roots = WarehouseRoots(raw_root=str(raw), warehouse_root=root)
    return dg.materialize(ASSETS + CHECKS, resources={"roots": roots}, raise_on_error=raise_on_error)


def seed_archive(folder: pathlib.Path) -> pathlib.Path:
    shutil.copytree(REPO / "raw" / "articles", folder / "articles")
    return folder


def edit_seed(raw: pathlib.Path, old: str, new: str) -> None:
    text = raw / "articles" / f"{SEED}.txt"
    text.write_text(text.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def history(client, prefix: str) -> list[tuple]:
    """Every object version and delete marker under the prefix: unchanged only if nothing was written."""
    listing = client.list_object_versions(Bucket=BUCKET, Prefix=f"{prefix}/")
    return sorted((entry["Key"], entry["VersionId"], kind) for kind in ("Versions", "DeleteMarkers")
                  for entry in listing.get(kind, []))


def body(client, key: str) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def pointer(client, prefix: str, table: str) -> dict:
    return json.loads(body(client, f"{prefix}/{table}/_current.json"))


def stored_versions(client, prefix: str, table: str) -> set[str]:
    """The version folders of a table present in the bucket now."""
    folder = f"{prefix}/.versions/{table}/"
    keys = [entry["Key"] for entry in client.list_objects_v2(Bucket=BUCKET, Prefix=folder).get("Contents", [])]
    return {key.removeprefix(folder).split("/")[0] for key in keys if key != folder}


@pytest.fixture(scope="module")
def built(store, tmp_path_factory):
    raw = seed_archive(tmp_path_factory.mktemp("raw"))
    local = tmp_path_factory.mktemp("local")
    build_warehouse(raw, local, log=lambda message: None)  # the same stages, without Dagster
    return raw, f"s3://{BUCKET}/seed", local, materialize(raw, f"s3://{BUCKET}/seed")


def test_tables_on_s3_are_the_local_build_byte_for_byte(store, built):
    _, root, local, result = built
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    assert len(evaluations) == sum(len(check.check_keys) for check in CHECKS)
    assert all(e.passed for e in evaluations if e.check_name.endswith("schema"))
    for table in TABLES:
        info = version_info(local, table)
        assert pointer(store, "seed", table) == {"table": table, "version": info["id"], "parts": info["parts"]}
        urls = s3_part_urls(root, table)
        assert [url.rsplit("/", 1)[1] for url in urls] == [path.name for path in part_files(local, table)]
        for url, path in zip(urls, part_files(local, table)):
            assert body(store, url.removeprefix(f"s3://{BUCKET}/")) == path.read_bytes()
        stored = f"seed/.versions/{table}/{info['id']}/"
        for name in ["_version.json"] + list(info["attachments"]):
            assert body(store, stored + name) == (local / table / name).read_bytes()
    assert body(store, "seed/data_dictionary.md") == (local / "data_dictionary.md").read_bytes()


def test_outside_readers_resolve_the_pointer(built):
    _, root, local, _ = built
    for table in ("observations", "figures", "claim_checks"):
        from_s3 = pl.read_parquet(s3_part_urls(root, table))  # polars reads AWS_ENDPOINT_URL itself
        assert len(from_s3) > 0 and from_s3.equals(pl.read_parquet([str(p) for p in part_files(local, table)]))
    figures = pd.concat([pd.read_parquet(url) for url in s3_part_urls(root, "figures")], ignore_index=True)
    assert list(figures.figure_id) == list(read("figures", local).figure_id)


def test_rerun_writes_no_object_and_extracts_nothing(store, built):
    raw, root, _, _ = built
    before = history(store, "seed")
    result = materialize(raw, root)
    assert history(store, "seed") == before
    figures = next(m.materialization.metadata for m in result.get_asset_materialization_events()
                   if m.asset_key == dg.AssetKey("figures"))
    assert (figures["articles_extracted"].value, figures["articles_unchanged"].value) == (0, 1)


def test_a_fresh_working_copy_is_pulled_not_rebuilt(store, built):
    raw, root, local, _ = built
    before = history(store, "seed")
    shutil.rmtree(working_copy(root))  # another machine, or a new pod
    result = materialize(raw, root)
    assert history(store, "seed") == before
    figures = next(m.materialization.metadata for m in result.get_asset_materialization_events()
                   if m.asset_key == dg.AssetKey("figures"))
    assert figures["articles_extracted"].value == 0  # the manifest came down with the figures
    assert published_files(working_copy(root)) == published_files(local)


def test_changed_article_moves_the_pointer_and_old_versions_go(store, tmp_path):
    raw = seed_archive(tmp_path)
    (raw / "articles" / "2024-01-02-extra-note.txt").write_text("A note: 12 cases were filed in 2023.\n")
    root = f"s3://{BUCKET}/changes"
    materialize(raw, root)
    first = pointer(store, "changes", "figures")
    assert len(first["parts"]) == 2
    edit_seed(raw, "7,091", "7,095")
    materialize(raw, root)
    second = pointer(store, "changes", "figures")
    assert second["version"] != first["version"]
    assert "7,095" in set(pl.read_parquet(s3_part_urls(root, "figures"))["surface"])
    assert stored_versions(store, "changes", "figures") == {first["version"], second["version"]}
    [kept] = [name for name in second["parts"] if second["parts"][name] == first["parts"][name]]  # the note's
    assert (body(store, f"changes/.versions/figures/{second['version']}/{kept}")
            == body(store, f"changes/.versions/figures/{first['version']}/{kept}"))
    edit_seed(raw, "7,095", "7,096")
    materialize(raw, root)
    third = pointer(store, "changes", "figures")
    assert stored_versions(store, "changes", "figures") == {second["version"], third["version"]}


def test_a_table_failing_validation_keeps_its_pointer(store, tmp_path, monkeypatch):
    raw, root = seed_archive(tmp_path), f"s3://{BUCKET}/invalid"
    materialize(raw, root)
    before = {table: body(store, f"invalid/{table}/_current.json") for table in TABLES}
    article_tables = tables.article_tables

    def with_a_bad_verdict(*frames):
        built = article_tables(*frames)
        built["claim_checks"] = built["claim_checks"].assign(verdict="maybe")
        return built

    monkeypatch.setattr(tables, "article_tables", with_a_bad_verdict)
    edit_seed(raw, "7,091", "7,095")
    assert not materialize(raw, root, raise_on_error=False).success
    after = {table: body(store, f"invalid/{table}/_current.json") for table in TABLES}
    assert after["claim_checks"] == before["claim_checks"] and after["conflicts"] == before["conflicts"]
    assert after["figures"] != before["figures"]  # the tables that passed were published, as locally
    version = json.loads(before["claim_checks"])["version"]
    assert stored_versions(store, "invalid", "claim_checks") == {version}
    assert all(body(store, url.removeprefix(f"s3://{BUCKET}/")) for url in s3_part_urls(root, "claim_checks"))


def test_a_push_killed_before_its_pointer_leaves_the_previous_version(store, tmp_path):
    raw, root = seed_archive(tmp_path), f"s3://{BUCKET}/killed"
    build_warehouse(raw, root, log=lambda message: None)
    before = pointer(store, "killed", "articles")
    old_parts = [body(store, url.removeprefix(f"s3://{BUCKET}/")) for url in s3_part_urls(root, "articles")]
    edit_seed(raw, "7,091", "7,095")
    command = [sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--warehouse", root]
    killed = subprocess.run(command, cwd=REPO, capture_output=True,
                            env=os.environ | {"PIPELINE_CRASH_AT": "remote-uploaded:1"})
    assert killed.returncode == -9
    assert pointer(store, "killed", "articles") == before
    assert [body(store, url.removeprefix(f"s3://{BUCKET}/")) for url in s3_part_urls(root, "articles")] == old_parts
    uploaded = history(store, "killed/.versions/articles")
    build_warehouse(raw, root, log=lambda message: None)
    after = pointer(store, "killed", "articles")
    assert after["version"] != before["version"]
    assert stored_versions(store, "killed", "articles") == {before["version"], after["version"]}
    assert set(uploaded) <= set(history(store, "killed/.versions/articles"))  # the uploaded objects were kept,
    assert len(history(store, f"killed/.versions/articles/{after['version']}")) == 2  # not put again
