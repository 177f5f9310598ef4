"""Two runs at once (the sensor and the schedule, or two terminals) do not corrupt anything: the
warehouse lock makes the second wait, or end cleanly with a clear message when it waits too long."""
import os
import pathlib
import shutil
import subprocess
import sys

import dagster as dg
import pytest

from pipeline.defs.assets import ASSETS
from pipeline.defs.resources import WarehouseRoots
from pipeline.publish import published_files
from pipeline.publish.lock import warehouse_lock

REPO = pathlib.Path(__file__).resolve().parents[1]


def build_command(raw: pathlib.Path, warehouse: pathlib.Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "build", "--raw", str(raw), "--warehouse", str(warehouse)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> pathlib.Path:
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(REPO / "raw" / "articles", raw / "articles")
    for text in sorted((REPO / "tests" / "corpus").glob("*.txt"))[:6]:
        shutil.copy(text, raw / "articles")
    return raw


def test_two_runs_at_once_give_the_tables_of_one_run(archive, tmp_path):
    alone = tmp_path / "alone"
    subprocess.run(build_command(archive, alone), check=True, capture_output=True, timeout=300)
    shared = tmp_path / "shared"
    shared.mkdir()
    runs = [subprocess.Popen(build_command(archive, shared), stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [run.communicate(timeout=300)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    assert any("waiting for the warehouse lock: process" in error for error in errors), errors
    assert published_files(shared) == published_files(alone)


def test_a_run_that_waits_too_long_ends_cleanly_and_changes_nothing(archive, tmp_path):
    warehouse = tmp_path / "warehouse"
    subprocess.run(build_command(archive, warehouse), check=True, capture_output=True, timeout=300)
    before = published_files(warehouse)
    (archive / "articles" / "late-addition.txt").write_text("In 2023, 41 new cases were filed.\n")
    try:
        with warehouse_lock(warehouse):
            run = subprocess.run(build_command(archive, warehouse), capture_output=True, text=True, timeout=300,
                                 env=os.environ | {"PIPELINE_LOCK_TIMEOUT": "1"})
    finally:
        (archive / "articles" / "late-addition.txt").unlink()
    assert run.returncode == 75 and "Traceback" not in run.stderr
    assert f"is being written by process {os.getpid()}" in run.stderr and "Nothing was changed" in run.stderr
    assert published_files(warehouse) == before


def test_dagster_assets_take_the_same_lock(archive, tmp_path, monkeypatch):
    warehouse = tmp_path / "warehouse"
    warehouse.mkdir()
    monkeypatch.setenv("PIPELINE_LOCK_TIMEOUT", "0.5")
    roots = WarehouseRoots(raw_root=str(archive), warehouse_root=str(warehouse))
    with warehouse_lock(warehouse):
        result = dg.materialize(ASSETS, resources={"roots": roots}, raise_on_error=False)
    assert not result.success
    failure = next(event for event in result.all_events if event.is_step_failure)
    assert "WarehouseBusy" in str(failure.step_failure_data.error) and published_files(warehouse) == {}


def test_the_next_lock_holder_removes_what_a_killed_writer_staged(tmp_path):
    warehouse = tmp_path / "warehouse"
    left = warehouse / ".staging" / "figures.999999"
    left.mkdir(parents=True)
    (left / "part-000.parquet").write_bytes(b"half a file")
    with warehouse_lock(warehouse):
        assert not (warehouse / ".staging").exists()
