"""A run killed with SIGKILL at any of many moments (extraction, validation, writing, swapping) leaves
every table readable and equal to its previous or its new version, no partial file visible, and a
manifest that only vouches for published figures; the next run completes with the same bytes as an
uninterrupted run. Kill points are the named crash points in pipeline/ (PIPELINE_CRASH_AT)."""
import concurrent.futures
import json
import multiprocessing
import os
import pathlib
import re
import shutil

import pytest

from pipeline.publish import MANIFEST, published_files, read, version_info
from schemas import TABLES

REPO = pathlib.Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus"
PUBLISHED_NAME = re.compile(r"[a-z_]+/(part-\d{3}\.parquet|_version\.json|_manifest\.json)|charts/[a-z0-9_.-]+\.(png|json)"
                            r"|data_dictionary\.md|datapackage\.json")
CONTEXT = multiprocessing.get_context("forkserver")  # children fork from a clean, single-threaded server
CONTEXT.set_forkserver_preload(["tests.crash_warm"])


def _build(raw: str, warehouse: str, crash: str | None, counts) -> None:
    from pipeline.build import build_warehouse
    from pipeline.publish import crashpoints

    if crash:
        os.environ["PIPELINE_CRASH_AT"] = crash
    build_warehouse(pathlib.Path(raw), pathlib.Path(warehouse), log=lambda message: None)
    if counts is not None:
        counts.update(crashpoints.reached())


def run(raw: pathlib.Path, warehouse: pathlib.Path, crash: str | None = None) -> int:
    child = CONTEXT.Process(target=_build, args=(str(raw), str(warehouse), crash, None))
    child.start()
    child.join()
    return child.exitcode


def crash_points(raw: pathlib.Path, warehouse: pathlib.Path) -> dict[str, int]:
    """How often each crash point is reached by a run of raw over warehouse (nothing is killed)."""
    with CONTEXT.Manager() as manager:
        counts = manager.dict()
        child = CONTEXT.Process(target=_build, args=(str(raw), str(warehouse), "count", counts))
        child.start()
        child.join()
        return dict(counts)


def archive(root: pathlib.Path, names: list[str], changed: str | None = None) -> pathlib.Path:
    folder = root / "articles"
    folder.mkdir(parents=True)
    for name in names:
        label = json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))
        text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
        if name == changed:
            text = text.replace("percent", "per cent", 1) + "\nCorrection: an earlier version gave 3 figures.\n"
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.json").write_text(json.dumps({"published_date": label["published_date"],
                                                         "publisher": label.get("publisher")}), encoding="utf-8")
    return root


def tables_by_version(warehouse: pathlib.Path) -> dict[str, dict]:
    files = published_files(warehouse)
    return {table: {path: digest for path, digest in files.items() if path.startswith(f"{table}/")}
            for table in TABLES}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    names = sorted(path.stem for path in CORPUS.glob("*.txt"))
    root = tmp_path_factory.mktemp("crash")
    old_raw = archive(root / "old", names[:6])
    new_raw = archive(root / "new", names[1:8], changed=names[3])  # 1 deleted, 1 changed, 2 added
    before, after = root / "before", root / "after"
    assert run(old_raw, before) == 0 and run(new_raw, after) == 0
    shutil.copytree(before, root / "from-before", symlinks=True)
    assert run(new_raw, root / "from-before") == 0
    assert published_files(root / "from-before") == published_files(after)  # incremental == from scratch
    return new_raw, before, after


def figures_by_text(*warehouses: pathlib.Path) -> dict[tuple[str, str], list]:
    """(article, text digest) -> its figure rows, as the uninterrupted runs published them."""
    expected = {}
    for warehouse in warehouses:
        manifest = json.loads((warehouse / "figures" / MANIFEST).read_text(encoding="utf-8"))
        figures = read("figures", warehouse)
        for article_id, entry in manifest.items():
            rows = figures[figures.article_id == article_id]
            expected[article_id, entry["sha256"]] = sorted(zip(rows.figure_id, rows.surface, rows.char_start))
    return expected


def chosen_points(counts: dict[str, int]) -> list[str]:
    """The first, a middle and the last moment of each crash point."""
    return [f"{name}:{step}" for name, count in sorted(counts.items())
            for step in sorted({1, (count + 1) // 2, count})]


def test_enough_kill_points_across_extraction_validation_and_writing(scenario, tmp_path):
    new_raw, before, _ = scenario
    shutil.copytree(before, tmp_path / "w", symlinks=True)
    counts = crash_points(new_raw, tmp_path / "w")
    points = chosen_points(counts)
    assert {"article-processed", "validated", "part-staged", "part-placed", "version-written", "before-swap",
            "after-swap", "stage-done"} <= set(counts)
    assert len(points) >= 20


def test_killed_run_leaves_old_or_new_tables_and_the_next_run_completes(scenario, tmp_path):
    new_raw, before, after = scenario
    shutil.copytree(before, tmp_path / "count", symlinks=True)
    points = chosen_points(crash_points(new_raw, tmp_path / "count"))
    old, new = tables_by_version(before), tables_by_version(after)
    expected_figures = figures_by_text(before, after)

    def kill_check_resume(point: str) -> str:
        warehouse = tmp_path / point.replace(":", "-")
        shutil.copytree(before, warehouse, symlinks=True)
        assert run(new_raw, warehouse, crash=point) == -9, f"{point} was never reached"
        now = tables_by_version(warehouse)
        for table in TABLES:
            assert now[table] in (old[table], new[table]), f"{table} is neither version after a kill at {point}"
            assert read(table, warehouse) is not None  # readable through the link
            info = version_info(warehouse, table)
            assert {f"{table}/{name}" for name in info["parts"]} == {
                path for path in now[table] if path.endswith(".parquet")}
        strays = [path for path in published_files(warehouse) if not PUBLISHED_NAME.fullmatch(path)]
        assert strays == [], f"temporary files visible to readers after a kill at {point}: {strays}"
        manifest = json.loads((warehouse / "figures" / MANIFEST).read_text(encoding="utf-8"))
        figures = read("figures", warehouse)
        for article_id, entry in manifest.items():
            rows = figures[figures.article_id == article_id]
            assert sorted(zip(rows.figure_id, rows.surface, rows.char_start)) == expected_figures[
                article_id, entry["sha256"]], f"{point}: the manifest vouches for figures of {article_id} that are not there"
        assert run(new_raw, warehouse) == 0
        assert published_files(warehouse) == published_files(after), f"rerun after a kill at {point} differs"
        return point

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # one run per core
        survived = list(pool.map(kill_check_resume, points))
    assert len(survived) >= 20
