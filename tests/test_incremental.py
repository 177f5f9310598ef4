"""The process pools that extract large batches and map many buckets to the catalogue work from any
process, including Dagster's, where the repository is on the import path only while Dagster loads the
code, and give the same rows as the work done in the calling process."""
import pathlib
import subprocess
import sys

from pipeline.publish import published_files

REPO = pathlib.Path(__file__).resolve().parents[1]
SCRIPT = """
import os, pathlib, sys
sys.path.insert(0, {repo!r})
from pipeline import build, incremental
sys.path.remove({repo!r})  # as in a Dagster run: the workers must still find pipeline.worker
incremental.POOL_THRESHOLD = build.POOL_BUCKETS = {threshold}
os.environ["PIPELINE_WORKERS"] = "2"
build.archive_and_figures(pathlib.Path("raw"), pathlib.Path({warehouse!r}), log=print)
print("buckets mapped:", build.observations(pathlib.Path({warehouse!r})))
"""


def build_in_fresh_process(folder: pathlib.Path, warehouse: str, threshold: int) -> str:
    run = subprocess.run([sys.executable, "-c", SCRIPT.format(repo=str(REPO), warehouse=warehouse,
                                                              threshold=threshold)],
                         cwd=folder, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_pool_finds_the_pipeline_and_matches_serial_extraction(tmp_path):
    articles = tmp_path / "raw" / "articles"
    articles.mkdir(parents=True)
    for text in sorted((REPO / "tests" / "corpus").glob("*.txt"))[:6]:
        (articles / text.name).write_bytes(text.read_bytes())
    pooled = build_in_fresh_process(tmp_path, "pooled", threshold=1)
    serial = build_in_fresh_process(tmp_path, "serial", threshold=10_000)
    assert "processed 6/6 articles" in pooled and "processed 6/6 articles" in serial
    mapped = [line for line in pooled.splitlines() if line.startswith("buckets mapped:")]
    assert mapped == [line for line in serial.splitlines() if line.startswith("buckets mapped:")]
    assert int(mapped[0].split(":")[1]) >= 2  # more buckets than the pool's threshold of 1
    assert published_files(tmp_path / "pooled") == published_files(tmp_path / "serial")
    assert {"figures", "observations", "claim_checks"} <= {path.split("/")[0] for path in
                                                            published_files(tmp_path / "pooled")}
    unmapped = pathlib.Path(".versions", "figures", ".audit-unmapped.json")  # the verdicts the workers sent back
    assert (tmp_path / "pooled" / unmapped).read_bytes() == (tmp_path / "serial" / unmapped).read_bytes()
