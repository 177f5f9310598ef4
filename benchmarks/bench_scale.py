"""End-to-end scale benchmark: the same path as `make run` (`dagster asset materialize --select '*'`)
over N generated articles (benchmarks/corpus_generator.py), from an empty warehouse; then one article
added and the warehouse rematerialised; then a rerun with nothing changed; then a DuckDB query over
the figures. Reports wall and CPU time, peak memory (the largest process), warehouse size and part
files, and how many articles each run extracted (from the run log).

    python benchmarks/bench_scale.py 10000 100000 [--work benchmarks/out/scale] [--seed 0]

Writes a JSON line per step to standard output and a table to benchmarks/out/scale/results.md."""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import resource
import shutil
import subprocess
import sys
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus_generator  # noqa: E402

PLAN = re.compile(r"(\d+) articles listed, (\d+) files rejected: (\d+) to process, (\d+) unchanged")


def materialize(raw: pathlib.Path, warehouse: pathlib.Path, home: pathlib.Path) -> dict:
    """One `dagster asset materialize --select '*'` run in a child process, measured."""
    home.mkdir(parents=True, exist_ok=True)
    env = os.environ | {"PIPELINE_RAW_ROOT": str(raw), "PIPELINE_WAREHOUSE_ROOT": str(warehouse),
                        "DAGSTER_HOME": str(home)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = subprocess.run([str(REPO / ".venv" / "bin" / "dagster"), "asset", "materialize", "-m",
                          "pipeline.definitions", "--select", "*"], cwd=REPO, env=env, capture_output=True,
                         text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode:
        raise SystemExit(f"materialize failed:\n{run.stderr[-4000:]}")
    plan = PLAN.search(run.stderr)
    return {"wall_s": round(wall, 2), "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime
                                                      - before.ru_stime, 2),
            "peak_rss_mib": round(after.ru_maxrss / 1024),
            "listed": int(plan.group(1)), "extracted": int(plan.group(3)), "unchanged": int(plan.group(4))}


def warehouse_facts(warehouse: pathlib.Path) -> dict:
    import duckdb

    size = sum(path.stat().st_size for path in (warehouse / ".versions").rglob("*") if path.is_file())
    parts = {table.name: len(list(table.glob("part-*.parquet"))) for table in sorted(warehouse.iterdir())
             if table.is_symlink()}
    started = time.perf_counter()
    kinds = duckdb.sql(f"SELECT kind, count(*) FROM read_parquet('{warehouse}/figures/*.parquet') "
                       "GROUP BY 1 ORDER BY 2 DESC").fetchall()
    query = time.perf_counter() - started
    return {"warehouse_mib": round(size / 2**20, 1), "part_files": parts, "duckdb_group_by_kind_s": round(query, 3),
            "figures": sum(count for _, count in kinds)}


def scale(count: int, work: pathlib.Path, seed: int) -> list[dict]:
    corpus = work / f"corpus-{count}-{seed}"
    results = []
    if not (corpus / "articles").is_dir():
        started = time.perf_counter()
        corpus_generator.write_corpus(count, corpus, seed=seed, jobs=os.cpu_count() or 1)
        results.append({"step": "generate", "articles": count, "wall_s": round(time.perf_counter() - started, 2)})
    raw = work / f"raw-{count}"
    shutil.rmtree(raw, ignore_errors=True)
    shutil.copytree(corpus / "articles", raw / "articles", copy_function=os.link)
    warehouse, home = work / f"warehouse-{count}", work / f"dagster-home-{count}"
    shutil.rmtree(warehouse, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)
    results.append({"step": "empty warehouse", "articles": count, **materialize(raw, warehouse, home),
                    **warehouse_facts(warehouse)})
    added = corpus_generator.write_article(raw, count, seed)  # one more than the corpus holds
    results.append({"step": "add 1 article", "article": added, **materialize(raw, warehouse, home)})
    results.append({"step": "no-change rerun", **materialize(raw, warehouse, home), **warehouse_facts(warehouse)})
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("counts", nargs="+", type=int)
    parser.add_argument("--work", type=pathlib.Path, default=REPO / "benchmarks" / "out" / "scale")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    for count in args.counts:
        for result in scale(count, args.work, args.seed):
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
