"""Cost of the charts stage (a benchmark, not a test): choosing the charts from a warehouse's observations,
drawing each one in this process (per-chart time), drawing all of them in the process pool, and
publishing them into a scratch warehouse: from nothing, again with one chart changed (the others are
linked from the previous version), and again with nothing changed. With --warehouse the last step is
the whole stage (pipeline.build.charts: read, choose, draw, publish) on a scratch copy of its
observations and articles, the second run after one observation changed. Reads the given warehouse,
never writes it; prints one line per measurement, with the CPU seconds of this process and its workers
(the machine is shared: CPU time is the steadier figure).

    .venv/bin/python benchmarks/bench_charts.py --warehouse /path/to/warehouse [--sample 4] [--workers 2]
    .venv/bin/python benchmarks/bench_charts.py --specs specs.pkl     # a pickled list of ChartSpecs
    PYTHONPATH=. .venv/bin/pyinstrument benchmarks/bench_charts.py --specs specs.pkl --only serial

--sample K draws every K-th chart for the per-chart times (all of them take minutes)."""
from __future__ import annotations

import argparse
import dataclasses
import os
import pathlib
import pickle
import resource
import statistics
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import build  # noqa: E402
from pipeline.charts import batch, choose_charts, write_charts  # noqa: E402
from pipeline.charts.drawing import render  # noqa: E402
from pipeline.publish import publish, read  # noqa: E402

STEPS = ("serial", "pool", "publish")


def cpu() -> float:
    """CPU seconds of this process and of its finished children (pool workers)."""
    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def tables(warehouse: pathlib.Path) -> tuple:
    """The warehouse's observations and articles, read once (the source may be rebuilt meanwhile)."""
    start = time.perf_counter()
    observations, articles = read("observations", warehouse), read("articles", warehouse)
    print(f"read observations and articles: {time.perf_counter() - start:.2f} s", flush=True)
    if observations is None or articles is None:
        raise SystemExit(f"{warehouse} has no observations or articles published")
    return observations, articles


def chosen(observations, articles) -> list:
    start = time.perf_counter()
    specs = choose_charts(observations, articles)
    print(f"choose_charts: {time.perf_counter() - start:.2f} s ({len(specs)} charts)", flush=True)
    return specs


def serial(specs: list, sample: int) -> None:
    """Each sampled chart drawn in this process: mean, median and largest time, and failures."""
    render(specs[0])  # matplotlib's imports and font cache out of the measurement
    times, failed, used = [], 0, cpu()
    for spec in specs[::sample]:
        start = time.perf_counter()
        try:
            render(spec)
        except Exception:  # counted, as write_charts lists it in not_drawn
            failed += 1
        times.append(time.perf_counter() - start)
    print(f"serial, {len(times)} charts: {sum(times):.1f} s ({cpu() - used:.1f} s CPU), per chart mean "
          f"{statistics.mean(times) * 1000:.0f} ms, median {statistics.median(times) * 1000:.0f} ms, largest "
          f"{max(times) * 1000:.0f} ms; {failed} not drawn", flush=True)


def pooled(specs: list) -> None:
    """Every chart drawn in the pool (worker start included)."""
    threshold, batch.POOL_THRESHOLD = batch.POOL_THRESHOLD, 1
    try:
        start, used = time.perf_counter(), cpu()
        failed = sum(png is None for _, png, _ in batch.draw_all(specs))
        print(f"pool of {os.environ.get('PIPELINE_WORKERS') or os.cpu_count()} workers, {len(specs)} charts: "
              f"{time.perf_counter() - start:.1f} s ({cpu() - used:.1f} s CPU); {failed} not drawn", flush=True)
    finally:
        batch.POOL_THRESHOLD = threshold


def timed(label: str, step) -> None:
    start, used = time.perf_counter(), cpu()
    outcome = step()
    print(f"{label}: {time.perf_counter() - start:.2f} s ({cpu() - used:.2f} s CPU), {outcome}", flush=True)


def drawn(warehouse: pathlib.Path, step) -> str:
    """Runs step; says how many PNGs it wrote and how many it linked from the version before."""
    def inodes() -> set[int]:
        folder = warehouse / "charts"
        return {path.stat().st_ino for path in folder.glob("*.png")} if folder.is_dir() else set()

    before = inodes()
    step()
    after = inodes()
    return f"{len(after - before)} PNGs written, {len(after & before)} linked"


def published(specs: list) -> None:
    """write_charts into a scratch warehouse: from nothing, with the first chart changed, unchanged."""
    changed = dataclasses.replace(specs[0], subtitle=specs[0].subtitle + " (changed)")
    with tempfile.TemporaryDirectory() as scratch:
        warehouse = pathlib.Path(scratch)
        for label, run in (("from nothing", specs), ("one chart changed", [changed, *specs[1:]]),
                           ("nothing changed", [changed, *specs[1:]])):
            timed(f"write_charts {label}", lambda: drawn(warehouse, lambda: write_charts(warehouse, run)))


def staged(observations, articles) -> None:
    """pipeline.build.charts on a scratch warehouse holding these observations and articles: from
    nothing, after one observation changed (its series and its breakdown redrawn), and unchanged."""
    with tempfile.TemporaryDirectory() as scratch:
        warehouse = pathlib.Path(scratch)
        publish(articles, "articles", warehouse)
        publish(observations, "observations", warehouse)
        stage = lambda: build.charts(warehouse)  # noqa: E731
        timed("charts stage from nothing", lambda: drawn(warehouse, stage))
        numeric = observations.index[observations["value"].notna()][0]
        observations.loc[numeric, "value"] = observations.loc[numeric, "value"] + 1
        publish(observations, "observations", warehouse)
        timed("charts stage after one observation changed", lambda: drawn(warehouse, stage))
        timed("charts stage unchanged", lambda: drawn(warehouse, stage))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    given = parser.add_mutually_exclusive_group(required=True)
    given.add_argument("--warehouse", type=pathlib.Path)
    given.add_argument("--specs", type=pathlib.Path, help="a pickled list of ChartSpecs")
    parser.add_argument("--sample", type=int, default=1)
    parser.add_argument("--limit", type=int, help="only the first N pickled specs")
    parser.add_argument("--workers", type=int, help="PIPELINE_WORKERS for the pool")
    parser.add_argument("--only", choices=STEPS, action="append")
    args = parser.parse_args()
    if args.workers:
        os.environ["PIPELINE_WORKERS"] = str(args.workers)
    source = tables(args.warehouse) if args.warehouse else None
    specs = chosen(*source) if source else pickle.loads(args.specs.read_bytes())[:args.limit]
    steps = args.only or STEPS
    if "serial" in steps:
        serial(specs, args.sample)
    if "pool" in steps:
        pooled(specs)
    if "publish" in steps:
        staged(*source) if source else published(specs)


if __name__ == "__main__":
    main()
