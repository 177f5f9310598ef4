"""deploy/dagster.yaml is a valid Dagster instance: it passes Dagster's instance schema, every class it
names can be imported, and each class's config passes that class's own schema; the storage is
PostgreSQL, runs are launched on Kubernetes and queued one at a time."""
import importlib
import pathlib

import pytest
import yaml
from dagster._config import process_config
from dagster._core.instance.config import dagster_instance_config

DEPLOY = pathlib.Path(__file__).resolve().parents[1] / "deploy"
ENVIRONMENT = {"DAGSTER_PG_HOST": "db.example", "DAGSTER_PG_PORT": "5433", "DAGSTER_PG_DB": "dagster",
               "DAGSTER_PG_USERNAME": "dagster", "DAGSTER_PG_PASSWORD": "secret",
               "DAGSTER_K8S_NAMESPACE": "warehouse", "PIPELINE_CODE_SERVER_HOST": "statistics-warehouse-code"}


@pytest.fixture
def instance_config(monkeypatch):
    for name, value in ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    config, custom_class = dagster_instance_config(str(DEPLOY))
    assert custom_class is None
    return config


def configured_class(config: dict):
    """The class a `module`/`class`/`config` block names, and its config after the class's own schema."""
    klass = getattr(importlib.import_module(config["module"]), config["class"])
    processed = process_config(klass.config_type(), config.get("config") or {})
    assert processed.success, processed.errors
    return klass, processed.value


def test_storage_is_postgres_from_the_environment(instance_config):
    from dagster_postgres import DagsterPostgresStorage

    processed = process_config(DagsterPostgresStorage.config_type(), instance_config["storage"]["postgres"])
    assert processed.success, processed.errors
    database = processed.value["postgres_db"]
    assert database == {"hostname": "db.example", "port": 5433, "db_name": "dagster", "username": "dagster",
                        "password": "secret", "params": {}, "scheme": "postgresql+psycopg2"}


def test_runs_are_launched_as_kubernetes_jobs(instance_config):
    from dagster_k8s import K8sRunLauncher

    klass, config = configured_class(instance_config["run_launcher"])
    assert klass is K8sRunLauncher
    assert config["job_namespace"] == "warehouse"
    assert config["instance_config_map"] and config["postgres_password_secret"]
    assert [m["mount_path"] for m in config["volume_mounts"]] == ["/data"]


def test_one_run_at_a_time_writes_the_warehouse(instance_config):
    from dagster import QueuedRunCoordinator

    klass, config = configured_class(instance_config["run_coordinator"])
    assert klass is QueuedRunCoordinator
    assert config["max_concurrent_runs"] == 1


def test_workspace_serves_the_code_location_the_image_serves(monkeypatch):
    from dagster._core.workspace.config_schema import process_workspace_config

    monkeypatch.setenv("PIPELINE_CODE_SERVER_HOST", ENVIRONMENT["PIPELINE_CODE_SERVER_HOST"])
    workspace = yaml.safe_load((DEPLOY / "workspace.yaml").read_text(encoding="utf-8"))
    processed = process_workspace_config(workspace)
    assert processed.success, processed.errors
    server = processed.value["load_from"][0]["grpc_server"]
    assert (server["host"], server["location_name"]) == ("statistics-warehouse-code", "statistics_warehouse")
    command = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").rsplit("CMD", 1)[1]
    assert f'"pipeline.definitions", "-h", "0.0.0.0", "-p", "{server["port"]}"' in command
