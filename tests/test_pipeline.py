"""End to end: the Dagster assets materialise the seed archive into a temporary warehouse whose tables
hold the issue's values, pass their checks, and come out byte-identical on a rerun; unchanged articles
are not extracted again; the definitions, sensor and schedule load and evaluate."""
import pathlib
import shutil
import subprocess
import sys

import dagster as dg
import pyarrow.parquet as pq
import pytest

from pipeline.collector import FIRST_GENERATION_THRESHOLD
from pipeline.defs.assets import ASSETS
from pipeline.defs.checks import CHECKS
from pipeline.defs.resources import WarehouseRoots
from pipeline.defs.schedules import daily_refresh
from pipeline.defs.sensors import raw_articles_sensor
from pipeline.publish import part_files, published_files, read
from schemas import TABLES
from tests.fixtures.seed_values import assert_seed_values

REPO = pathlib.Path(__file__).resolve().parents[1]
SEED = "2023-09-12-koreabizwire-stalking-protection"


def materialize(raw: pathlib.Path, warehouse: pathlib.Path) -> dg.ExecuteInProcessResult:
    roots = WarehouseRoots(raw_root=str(raw), warehouse_root=str(warehouse))
    return dg.materialize(ASSETS + CHECKS, resources={"roots": roots}, raise_on_error=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(REPO / "raw" / "articles", raw / "articles")
    warehouse = tmp_path_factory.mktemp("warehouse")
    return raw, warehouse, materialize(raw, warehouse)


def test_seed_archive_is_the_shared_seed_byte_for_byte():
    shared = REPO.parent / "shared" / "seed" / f"{SEED}.txt"
    assert (REPO / "raw" / "articles" / f"{SEED}.txt").read_bytes() == shared.read_bytes()


def test_tables_hold_the_issue_values(built):
    _, warehouse, result = built
    assert result.success
    assert_seed_values(read("observations", warehouse), read("derived_metrics", warehouse),
                       read("claim_checks", warehouse), read("figures", warehouse))
    articles = read("articles", warehouse)
    row = articles.set_index("article_id").loc[SEED]
    assert (row.publisher, row.figure_count, row.dateline_place) == ("Korea Bizwire", 29, "SEOUL")
    assert not row.published_date_inferred
    assert len(read("rejected_articles", warehouse)) == 0


def test_blocking_checks_pass_and_warnings_report(built):
    _, _, result = built
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    blocking = [name for name in evaluations if name.endswith("_matches_schema")]
    assert len(blocking) == 7 and all(evaluations[name].passed for name in blocking)
    unmapped = evaluations["figures_map_to_metrics"]
    assert unmapped.metadata["count"].value == 2  # "October 2021" and "five years" name no catalogue metric
    assert evaluations["claims_are_consistent"].passed


def test_parquet_types_are_explicit(built):
    _, warehouse, _ = built
    schema = pq.read_schema(part_files(warehouse, "figures")[0])
    assert str(schema.field("period_start").type) == "date32[day]"
    assert str(schema.field("kind").type).startswith("dictionary")
    assert schema.metadata[b"table"] == b"figures" and b"pandas" not in schema.metadata
    assert str(pq.read_schema(part_files(warehouse, "observations")[0]).field("figure_ids").type) .startswith("list")


def test_rerun_is_byte_identical_and_extracts_nothing(built, tmp_path):
    raw, warehouse, _ = built
    before = published_files(warehouse)
    result = materialize(raw, warehouse)
    assert published_files(warehouse) == before
    figures = next(m for m in result.get_asset_materialization_events()
                   if m.asset_key == dg.AssetKey("figures")).materialization.metadata
    assert (figures["articles_extracted"].value, figures["articles_unchanged"].value) == (0, 1)


def test_extraction_progress_shows_in_the_run_log(built, tmp_path):
    raw, _, _ = built
    instance = dg.DagsterInstance.ephemeral()
    roots = WarehouseRoots(raw_root=str(raw), warehouse_root=str(tmp_path / "warehouse"))
    result = dg.materialize(ASSETS, resources={"roots": roots}, instance=instance)
    messages = [entry.user_message for entry in instance.all_logs(result.run_id)]
    assert any(message.startswith("processed 1/1 articles (") and "articles/s)" in message for message in messages)
    assert any("1 articles listed, 0 files rejected: 1 to process" in message for message in messages)


def test_changed_and_deleted_articles(built, tmp_path):
    raw, _, _ = built
    copy = tmp_path / "raw"
    shutil.copytree(raw, copy)
    warehouse = tmp_path / "warehouse"
    materialize(copy, warehouse)
    text = copy / "articles" / f"{SEED}.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("7,091", "7,095"), encoding="utf-8")
    (copy / "articles" / "2024-01-02-extra-note.txt").write_text("A note: 12 cases were filed in 2023.\n")
    materialize(copy, warehouse)
    figures = read("figures", warehouse)
    assert "7,095" in set(figures.surface) and "7,091" not in set(figures.surface)
    assert set(figures.article_id) == {SEED, "2024-01-02-extra-note"}
    (copy / "articles" / "2024-01-02-extra-note.txt").unlink()
    materialize(copy, warehouse)
    assert set(read("figures", warehouse).article_id) == {SEED}
    assert set(read("observations", warehouse).article_id) == {SEED}


def test_bad_files_are_rejected_and_the_rest_published(tmp_path):
    raw = tmp_path / "raw" / "articles"
    raw.mkdir(parents=True)
    shutil.copy(REPO / "raw" / "articles" / f"{SEED}.txt", raw)
    (raw / "Bad Name.txt").write_text("3 cases")
    (raw / "empty.txt").write_text("  \n")
    (raw / "binary.txt").write_bytes(b"\x00\x01 12")
    (raw / "latin1.txt").write_bytes("caf\xe9 12 cases".encode("latin-1"))
    (raw / "future.txt").write_text("5 cases")
    (raw / "future.json").write_text('{"published_date": "2999-01-01"}')
    warehouse = tmp_path / "warehouse"
    materialize(tmp_path / "raw", warehouse)
    rejected = read("rejected_articles", warehouse).set_index("path")
    assert set(rejected.index) == {"Bad Name.txt", "empty.txt", "binary.txt", "latin1.txt", "future.txt"}
    assert "future" in rejected.loc["future.txt", "reason"] and "UTF-8" in rejected.loc["latin1.txt", "reason"]
    assert set(read("articles", warehouse).article_id) == {SEED}


def test_unmapped_figures_are_counted_from_what_the_observations_stage_linked(built, tmp_path, monkeypatch):
    """The observations stage remembers each figures part's unmapped figures; the warning check runs after
    it and reads them instead of linking every figure to the catalogue again."""
    import pipeline.defs.checks as checks
    from tests.fixtures.warehouse import build_seed_warehouse

    warehouse = build_seed_warehouse(tmp_path)  # the stages only: no check has run
    monkeypatch.setattr(checks, "figure_links", lambda *args: pytest.fail("figures linked again by the check"))
    count, sample = checks._unmapped(warehouse)
    assert count == 2 and "October 2021" in sample and "five years" in sample
    started = [event.step_key for event in built[2].all_events if event.event_type_value == "STEP_START"]
    check_step = next(event.step_key for event in built[2].all_events
                      if event.event_type_value == "ASSET_CHECK_EVALUATION"
                      and event.asset_check_evaluation_data.check_name == "figures_map_to_metrics")
    assert started.index("article_metrics") < started.index(check_step)


def _schema_checks(warehouse: pathlib.Path) -> dict[str, dg.AssetCheckEvaluation]:
    """Runs every table's schema check alone on a warehouse; check name -> its evaluation."""
    roots = WarehouseRoots(raw_root=str(REPO / "raw"), warehouse_root=str(warehouse))
    tables = [table for table in TABLES]
    result = dg.materialize(ASSETS + CHECKS, resources={"roots": roots}, raise_on_error=False,
                            selection=dg.AssetSelection.checks_for_assets(*tables))
    return {e.check_name: e for e in result.get_asset_check_evaluations() if e.check_name.endswith("_matches_schema")}


def test_schema_checks_take_the_publishers_verdicts_on_the_parts_it_wrote(tmp_path, monkeypatch):
    """Every part was validated under the current models by the publisher a moment before it was written,
    so the checks hash the parts and read no rows; they still report each table's rows."""
    import pipeline.publish.audit as audit
    from tests.fixtures.warehouse import build_seed_warehouse

    warehouse = build_seed_warehouse(tmp_path)  # the stages only: no check has run
    monkeypatch.setattr(audit, "read", lambda *args, **kwargs: pytest.fail("a part read back by its check"))
    evaluations = _schema_checks(warehouse)
    assert len(evaluations) == len(TABLES) and all(e.passed for e in evaluations.values())
    for table in TABLES:
        rows = evaluations[f"{table}_matches_schema"].metadata["rows"].value
        assert rows == len(read(table, warehouse)), table


def test_schema_verdicts_are_keyed_by_the_models_code_and_libraries(monkeypatch):
    import pipeline.publish.verdicts as verdicts

    keys = {verdicts.schema_key()}
    monkeypatch.setattr(verdicts, "library_versions", lambda: "pandera==a later release")
    keys.add(verdicts.schema_key())
    monkeypatch.setattr(verdicts, "code_version", lambda *folders: f"other code in {folders}")
    keys.add(verdicts.schema_key())
    assert len(keys) == 3 and "schemas" in verdicts.schema_key()


def test_a_change_to_the_models_judges_every_part_again(tmp_path, monkeypatch):
    """Verdicts are remembered with the models' code: under other models, the publisher's verdicts do not
    count, every part is read back and validated, and a part the new models reject fails its check."""
    import pandas as pd

    import pipeline.defs.checks as checks
    import pipeline.publish.audit as audit
    from pipeline.publish import TableRejected
    from tests.fixtures.warehouse import build_seed_warehouse

    warehouse = build_seed_warehouse(tmp_path)
    judged = []

    def stricter(frame, table):
        judged.append(table)
        if table == "figures":
            raise TableRejected(table, pd.DataFrame([{"check": "a new rule", "failure_case": "x"}]))
        return frame

    monkeypatch.setattr(checks, "schema_key", lambda: "the models, or the libraries under them, after a change")
    monkeypatch.setattr(audit, "validate", stricter)
    evaluations = _schema_checks(warehouse)
    assert sorted(set(judged)) == sorted(TABLES)
    assert not evaluations["figures_matches_schema"].passed
    assert "a new rule" in evaluations["figures_matches_schema"].metadata["failure_cases"].value
    assert all(e.passed for name, e in evaluations.items() if name != "figures_matches_schema")


def test_definitions_load_with_job_sensor_and_schedule():
    from pipeline.definitions import defs

    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("warehouse_job") is not None
    assert raw_articles_sensor.default_status == dg.DefaultSensorStatus.RUNNING


def test_the_process_running_the_steps_collects_garbage_less_often():
    """The run's steps execute in the process that loads the definitions: its collector waits for
    FIRST_GENERATION_THRESHOLD new objects (a higher threshold set before is kept, the older generations'
    are untouched); and once a run's resources are set up, it never walks what the process had loaded."""
    code = ("import gc; gc.set_threshold(700, 7, 9); import dagster as dg; import pipeline.definitions as d; "
            "print(*gc.get_threshold()); print(gc.get_freeze_count()); "
            "resources = dg.build_resources({'roots': d.roots_from_environment()}); resources.__enter__(); "
            "print(gc.get_freeze_count()); "
            "from pipeline.collector import collect_less_often; gc.set_threshold(10**6, 1, 2); "
            "collect_less_often(); print(*gc.get_threshold())")
    shown = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    threshold, loaded, running, kept = shown.stdout.split("\n")[:4]
    assert (threshold, kept) == (f"{FIRST_GENERATION_THRESHOLD} 7 9", "1000000 1 2")
    assert int(loaded) == 0 and int(running) > 50_000  # set aside when a run's resources are set up


def test_sensor_requests_a_run_only_when_raw_changes(tmp_path):
    (tmp_path / "articles").mkdir()
    roots = WarehouseRoots(raw_root=str(tmp_path), warehouse_root=str(tmp_path / "w"))
    first = raw_articles_sensor(dg.build_sensor_context(resources={"roots": roots}), roots=roots)
    assert isinstance(first, dg.RunRequest)
    cursor = first.run_key
    again = raw_articles_sensor(dg.build_sensor_context(cursor=cursor, resources={"roots": roots}), roots=roots)
    assert isinstance(again, dg.SkipReason)
    (tmp_path / "articles" / "new.txt").write_text("In 2023, 12 cases.")
    changed = raw_articles_sensor(dg.build_sensor_context(cursor=cursor, resources={"roots": roots}), roots=roots)
    assert isinstance(changed, dg.RunRequest) and changed.run_key != cursor


def test_schedule_runs_the_warehouse_job_daily():
    context = dg.build_schedule_context()
    request = daily_refresh.evaluate_tick(context).run_requests
    assert daily_refresh.cron_schedule == "0 3 * * *" and len(request) == 1
    assert daily_refresh.job_name == "warehouse_job"


def _tampered_copy(built, tmp_path) -> pathlib.Path:
    """A copy of the built warehouse whose figures part no longer has the bytes its version lists."""
    _, warehouse, _ = built
    copy = tmp_path / "warehouse"
    shutil.copytree(warehouse, copy, symlinks=True)
    [part] = part_files(copy, "figures")
    tampered = part.resolve()
    data = tampered.read_bytes()
    tampered.unlink()  # the copy's file may be a hard link to the original: replace it, never write through
    tampered.write_bytes(data[:-12] + b"\0" * 12)
    return copy


def test_schema_check_catches_a_part_changed_behind_its_version(built, tmp_path):
    roots = WarehouseRoots(raw_root=str(REPO / "raw"), warehouse_root=str(_tampered_copy(built, tmp_path)))
    result = dg.materialize(ASSETS[:1] + CHECKS, resources={"roots": roots}, raise_on_error=False,
                            selection=dg.AssetSelection.checks_for_assets("figures"))
    evaluation = {e.check_name: e for e in result.get_asset_check_evaluations()}["figures_matches_schema"]
    assert not evaluation.passed and "its version lists" in evaluation.metadata["failure_cases"].value


def test_checks_share_a_step_yet_a_failed_blocking_check_stops_what_is_downstream(built, tmp_path):
    """The checks after one asset step run in one Dagster step, each with its own result; when a blocking one
    fails, the tables downstream of its table are not built."""
    _, _, result = built
    started = [event.step_key for event in result.all_events if event.event_type_value == "STEP_START"]
    steps = [asset.node_def.name for asset in ASSETS] + [check.node_def.name for check in CHECKS]
    assert sorted(started) == sorted(steps)
    assert len(CHECKS) == 3 and len(result.get_asset_check_evaluations()) == 11

    roots = WarehouseRoots(raw_root=str(REPO / "raw"), warehouse_root=str(_tampered_copy(built, tmp_path)))
    selection = (dg.AssetSelection.checks_for_assets("figures", "articles", "rejected_articles")
                 | dg.AssetSelection.assets("observations", "claim_checks"))
    blocked = dg.materialize(ASSETS + CHECKS, resources={"roots": roots}, raise_on_error=False, selection=selection)
    evaluations = {e.check_name: e.passed for e in blocked.get_asset_check_evaluations()}
    assert evaluations["figures_matches_schema"] is False and evaluations["articles_matches_schema"] is True
    started = {event.step_key for event in blocked.all_events if event.event_type_value == "STEP_START"}
    assert "archive_and_figures_checks" in started and "article_metrics" not in started and not blocked.success
