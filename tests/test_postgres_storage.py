"""Dagster's storage in a real PostgreSQL. warehouse_job runs through the dagster CLI, in a process of its
own, on an instance whose storage section is deploy/dagster.yaml's, pointed at a throwaway database;
the run, its materialisations and its check evaluations are then read back through a second instance
and counted in PostgreSQL's own tables.

Needs PIPELINE_TEST_POSTGRES_URL, a role that may create databases (.ci/run starts Debian's PostgreSQL,
creates the role and sets it)."""
import os
import pathlib
import shutil
import subprocess
import sys
import urllib.parse
import uuid

import dagster as dg
import psycopg2
import pytest
import yaml
from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage, PostgresScheduleStorage
from psycopg2 import sql

from pipeline.defs.assets import ASSETS
from pipeline.defs.checks import CHECKS
from pipeline.publish import read
from schemas import TABLES
from tests.prerequisites import require

REPO = pathlib.Path(__file__).resolve().parents[1]
URL_VARIABLE = "PIPELINE_TEST_POSTGRES_URL"
CHECK_KEYS = [key for check in CHECKS for key in check.check_keys]
ASSET_KEYS = [key for asset in ASSETS for key in asset.keys]  # the tables, the charts and the data package


@pytest.fixture(scope="module")
def database():
    """The DAGSTER_PG_* variables deploy/dagster.yaml reads, for a fresh database dropped afterwards."""
    url = os.environ.get(URL_VARIABLE)
    require(bool(url), "PIPELINE_REQUIRE_POSTGRES", f"{URL_VARIABLE} is not set, so there is no PostgreSQL "
            "server to keep Dagster's state in (.ci/run starts one and sets it)")
    parts = urllib.parse.urlsplit(url)
    name = f"dagster_storage_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield {"DAGSTER_PG_HOST": parts.hostname, "DAGSTER_PG_PORT": str(parts.port or 5432),
               "DAGSTER_PG_DB": name, "DAGSTER_PG_USERNAME": urllib.parse.unquote(parts.username or ""),
               "DAGSTER_PG_PASSWORD": urllib.parse.unquote(parts.password or "")}
    finally:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


def connect(database: dict):
    return psycopg2.connect(host=database["DAGSTER_PG_HOST"], port=database["DAGSTER_PG_PORT"],
                            dbname=database["DAGSTER_PG_DB"], user=database["DAGSTER_PG_USERNAME"],
                            password=database["DAGSTER_PG_PASSWORD"])


@pytest.fixture(scope="module")
def stored(database, tmp_path_factory):
    """Runs warehouse_job with the CLI, then opens the same instance in this process: (instance, run
    id, warehouse)."""
    home = tmp_path_factory.mktemp("dagster_home")
    deploy = yaml.safe_load((REPO / "deploy" / "dagster.yaml").read_text(encoding="utf-8"))
    # deploy's storage, not its Kubernetes launcher: `dagster job execute` runs the job in its own process
    instance_yaml = {"storage": deploy["storage"], "telemetry": {"enabled": False}}
    (home / "dagster.yaml").write_text(yaml.safe_dump(instance_yaml), encoding="utf-8")
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(REPO / "raw" / "articles", raw / "articles")
    warehouse = tmp_path_factory.mktemp("warehouse")
    environment = os.environ | database | {"DAGSTER_HOME": str(home), "PIPELINE_RAW_ROOT": str(raw),
                                           "PIPELINE_WAREHOUSE_ROOT": str(warehouse)}
    command = [sys.executable, "-m", "dagster", "job", "execute", "-m", "pipeline.definitions", "-j", "warehouse_job"]
    done = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-4000:]
    with pytest.MonkeyPatch.context() as patch:
        for name, value in database.items():
            patch.setenv(name, value)
        instance = dg.DagsterInstance.from_config(str(home))
    try:
        runs = instance.get_runs()
        assert len(runs) == 1
        yield instance, runs[0].run_id, warehouse
    finally:
        instance.dispose()


def test_the_instance_keeps_runs_events_and_schedules_in_postgres(stored):
    instance, _, _ = stored
    assert isinstance(instance.run_storage, PostgresRunStorage)
    assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
    assert isinstance(instance.schedule_storage, PostgresScheduleStorage)


def test_the_run_is_stored_as_a_successful_warehouse_job(stored):
    instance, run_id, _ = stored
    run = instance.get_run_by_id(run_id)
    assert (run.job_name, run.status) == ("warehouse_job", dg.DagsterRunStatus.SUCCESS)


def test_every_table_has_its_materialisation_with_metadata(stored):
    instance, run_id, warehouse = stored
    for table in TABLES:
        event = instance.get_latest_materialization_event(dg.AssetKey(table))
        assert event is not None and event.run_id == run_id, table
        row_count = event.asset_materialization.metadata["dagster/row_count"].value
        assert row_count == len(read(table, warehouse)), table
    figures = instance.get_latest_materialization_event(dg.AssetKey("figures")).asset_materialization
    assert figures.metadata["articles_extracted"].value == 1


def test_every_check_evaluation_is_stored(stored):
    instance, run_id, _ = stored
    records = {key.name: instance.get_latest_asset_check_evaluation_record(key) for key in CHECK_KEYS}
    assert all(record is not None and record.run_id == run_id for record in records.values())
    assert {name for name, record in records.items() if record.event.asset_check_evaluation.passed} == {
        f"{table}_matches_schema" for table in TABLES} | {"claims_are_consistent", "articles_agree",
                                                          "no_rejected_articles"}
    unmapped = records["figures_map_to_metrics"].event.asset_check_evaluation
    assert unmapped.metadata["count"].value == 2  # the two figures test_pipeline names


def test_postgres_tables_hold_the_run_its_events_and_check_results(stored, database):
    _, run_id, _ = stored
    with connect(database) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT run_id, status FROM runs")
        assert cursor.fetchall() == [(run_id, "SUCCESS")]
        cursor.execute("SELECT dagster_event_type, count(*) FROM event_logs WHERE run_id = %s "
                       "AND dagster_event_type IN ('ASSET_MATERIALIZATION', 'ASSET_CHECK_EVALUATION') "
                       "GROUP BY 1", (run_id,))
        assert dict(cursor.fetchall()) == {"ASSET_MATERIALIZATION": len(ASSET_KEYS),
                                           "ASSET_CHECK_EVALUATION": len(CHECK_KEYS)}
        cursor.execute("SELECT check_name, execution_status FROM asset_check_executions WHERE run_id = %s",
                       (run_id,))
        statuses = dict(cursor.fetchall())
    assert len(statuses) == len(CHECK_KEYS)
    assert all(statuses[f"{table}_matches_schema"] == "SUCCEEDED" for table in TABLES)
    assert statuses["figures_map_to_metrics"] == "FAILED"  # a warning check: the run still succeeds
