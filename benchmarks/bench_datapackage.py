"""Cost of writing warehouse/datapackage.json (a benchmark, not a test): a temporary warehouse whose
articles table holds N synthetic articles with full provenance (the other tables empty), then the median
of three write_datapackage runs and the file's size. Prints one line per N; writes nothing here.

    .venv/bin/python benchmarks/bench_datapackage.py 1000 100000"""
from __future__ import annotations

import datetime as dt
import pathlib
import statistics
import sys
import tempfile
import time

import pandas as pd

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import tables  # noqa: E402
from pipeline.publish import publish, write_datapackage  # noqa: E402
from pipeline.publish.dataset import VERSIONS  # noqa: E402
from pipeline.publish.package import DESCRIBED  # noqa: E402
from schemas import TABLES  # noqa: E402


def synthetic_articles(count: int) -> pd.DataFrame:
    ids = [f"article-{number:07d}" for number in range(count)]
    return pd.DataFrame({
        "article_id": ids, "title": [f"Headline of {article_id}" for article_id in ids], "publisher": "Wire",
        "source_url": [f"https://example.org/{article_id}" for article_id in ids],
        "published_date": dt.date(2023, 1, 1), "published_date_inferred": False,
        "retrieved_at": "2024-01-01T00:00:00Z", "license": "CC-BY-4.0", "dateline_place": None, "byline": None,
        "sha256": "0" * 64, "characters": 1000, "figure_count": 0, "duplicate_of": None})


def measure(count: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        warehouse = pathlib.Path(folder)
        publish(synthetic_articles(count), "articles", warehouse)
        for table in TABLES:
            if table != "articles":
                publish(tables.empty(table), table, warehouse)
        seconds = []
        for _ in range(3):
            (warehouse / VERSIONS / DESCRIBED).unlink(missing_ok=True)  # else the package is current: not rebuilt
            start = time.perf_counter()
            path = write_datapackage(warehouse)
            seconds.append(time.perf_counter() - start)
        return f"{count:,} articles: {statistics.median(seconds):.2f} s, {path.stat().st_size / 1e6:.1f} MB"


if __name__ == "__main__":
    for argument in sys.argv[1:] or ["1000", "100000"]:
        print(measure(int(argument)), flush=True)
