"""Cost of the stages after extraction (a benchmark, not a test): observations (figures mapped to the
catalogue and claims checked, per bucket) and analysis (derived metrics and conflicts across articles):
from scratch over a warehouse whose articles and figures are published, again with nothing changed, and
again after one article lost a figure (one bucket of figures rewritten).

The archive stage runs once into CACHE (reused while it is up to date with RAW). --copies N publishes
each cached article N times under new ids (`<id>-c<k>`, figures renamed alike) into CACHE-xN, once, to
reach 100,000 articles without extracting them. Each measurement works on a fresh copy. Prints one line
per stage and the peak memory; writes nothing in the repository.

    .venv/bin/python benchmarks/bench_derive.py --raw /tmp/scale/raw --cache /tmp/derive-cache [--copies 20]
    PYTHONPATH=. .venv/bin/pyinstrument benchmarks/bench_derive.py --raw ... --cache ...   # where it goes"""
from __future__ import annotations

import argparse
import pathlib
import resource
import shutil
import sys
import tempfile
import time

import pandas as pd

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import build  # noqa: E402
from pipeline.publish import bucket_count, bucket_of, read, version_info  # noqa: E402
from pipeline.publish.parquet import TablePublisher  # noqa: E402

DERIVED = (*build.ARTICLE_TABLES, *build.CROSS_ARTICLE_TABLES)


def timed(label: str, stage) -> None:
    """Wall-clock and CPU seconds of one stage (the machine is shared: CPU time is the steadier figure)."""
    start, cpu = time.perf_counter(), time.process_time()
    outcome = stage()
    print(f"{label}: {time.perf_counter() - start:.2f} s, {time.process_time() - cpu:.2f} s CPU ({outcome})",
          flush=True)


def _renamed(figures: pd.DataFrame, articles: pd.DataFrame, suffix: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    figures = figures.assign(article_id=figures["article_id"] + suffix,
                             figure_id=figures["article_id"] + suffix + ":" + figures["figure_id"].str.rsplit(":", n=1).str[1])
    return figures, articles.assign(article_id=articles["article_id"] + suffix, duplicate_of=None)


def replicate(cache: pathlib.Path, copies: int) -> pathlib.Path:
    """CACHE-xN: the cached articles and figures, each article N times under new ids (built once)."""
    target = cache.with_name(f"{cache.name}-x{copies}")
    if version_info(target, "figures") is not None:
        return target
    figures, articles = read("figures", cache), read("articles", cache)
    ids = articles["article_id"].tolist()
    publishers = {table: TablePublisher(table, target, replace_all=True) for table in ("figures", "articles")}
    for bucket in range(bucket_count("figures")):
        parts = {"figures": [], "articles": []}
        for copy in range(copies):
            suffix = f"-c{copy}"
            landing = [a for a in ids if bucket_of(a + suffix, "figures") == bucket]
            renamed = _renamed(figures[figures["article_id"].isin(landing)],
                               articles[articles["article_id"].isin(landing)], suffix)
            parts["figures"].append(renamed[0])
            parts["articles"].append(renamed[1])
        for table, publisher in publishers.items():
            publisher.put(bucket, pd.concat(parts[table], ignore_index=True))
    for publisher in publishers.values():
        publisher.commit()
    return target


def drop_one_figure(warehouse: pathlib.Path) -> str:
    """Rewrites bucket 0 of figures without the last figure of its first article (as if it was edited)."""
    figures = read("figures", warehouse, [0])
    article_id = figures["article_id"].min()
    last = figures[figures["article_id"] == article_id]["char_start"].idxmax()
    publisher = TablePublisher("figures", warehouse, replace_all=False)
    publisher.put(0, figures.drop(index=last))
    publisher.commit()
    return article_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", required=True, type=pathlib.Path)
    parser.add_argument("--cache", required=True, type=pathlib.Path, help="warehouse holding the archive stage")
    parser.add_argument("--copies", type=int, default=1, help="publish each article this many times")
    args = parser.parse_args()
    report = build.archive_and_figures(args.raw, args.cache, log=lambda message: None)
    source = replicate(args.cache, args.copies) if args.copies > 1 else args.cache
    figures_info, articles_info = version_info(source, "figures"), version_info(source, "articles")
    print(f"{sum(p['rows'] for p in articles_info['parts'].values()):,} articles, "
          f"{sum(p['rows'] for p in figures_info['parts'].values()):,} figures "
          f"({report.extracted:,} extracted now)", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        warehouse = pathlib.Path(folder) / "w"
        shutil.copytree(source, warehouse, symlinks=True)
        for table in DERIVED:  # the cache may hold derived tables from elsewhere: start from none
            (warehouse / table).unlink(missing_ok=True)
            shutil.rmtree(warehouse / ".versions" / table, ignore_errors=True)
        timed("observations", lambda: f"{build.observations(warehouse)} buckets")
        timed("analysis", lambda: "rebuilt" if build.analysis(warehouse) else "unchanged")
        timed("observations, nothing changed", lambda: f"{build.observations(warehouse)} buckets")
        timed("analysis, nothing changed", lambda: "rebuilt" if build.analysis(warehouse) else "unchanged")
        changed = drop_one_figure(warehouse)
        timed(f"observations, {changed} changed", lambda: f"{build.observations(warehouse)} buckets")
        timed(f"analysis, {changed} changed", lambda: "rebuilt" if build.analysis(warehouse) else "unchanged")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
