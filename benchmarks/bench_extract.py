"""Extraction speed (a benchmark, not a test): the extractor on the test corpus and the seed article, on one
core and on every core (a process pool over the corpus), quantulum3 on the same texts in the same run as the
peer, the extractor's Python sources on one core beside its compiled build (pipeline.extract.native), the work
done per article counted without a clock (the Python sources' function calls), and large inputs that would
expose super-linear regular expressions. Writes benchmarks/results.md.

    python benchmarks/bench_extract.py [--skip-large]
    valgrind --tool=callgrind --callgrind-out-file=/dev/null python benchmarks/bench_extract.py --passes N

With --passes it only extracts the corpus N times after one warm-up pass and prints nothing: the
instructions valgrind counts for N = 3 less those for N = 1, halved, are one pass over the corpus, a figure
that other work on the machine does not move. It counts the build the package loads: compiled when `make native`
has built the current sources, the Python sources with PIPELINE_PURE_PYTHON=1.
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import multiprocessing
import os
import pathlib
import platform
import pstats
import random
import statistics
import subprocess
import sys
import time
import warnings

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pipeline.extract  # noqa: E402
from pipeline.extract import extract_figures  # noqa: E402

SEED = REPO / "raw" / "articles" / "2023-09-12-koreabizwire-stalking-protection.txt"
PASSES = 15  # passes over the corpus for a throughput figure; the median pass counts


def articles() -> list[tuple[str, str, dt.date | None]]:
    """The labelled test corpus and the seed article: (id, text, publication date)."""
    found = []
    for label in sorted((REPO / "tests" / "corpus").glob("*.json")):
        meta = json.loads(label.read_text(encoding="utf-8"))
        found.append((label.stem, label.with_suffix(".txt").read_text(encoding="utf-8"),
                      dt.date.fromisoformat(meta["published_date"])))
    found.append((SEED.stem, SEED.read_text(encoding="utf-8"), dt.date(2023, 9, 12)))
    return found


def median_seconds(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _extract_all(texts) -> int:
    return sum(len(extract_figures(text, published)) for _, text, published in texts)


def _extract_one(item: tuple[str, dt.date | None]) -> int:
    return len(extract_figures(*item))


def pool_seconds(texts, passes: int) -> tuple[float, int]:
    """Wall time for every core to extract the corpus `passes` times over (median of three runs), workers
    forked after the extractor is warm so no run pays for compiling its regular expressions."""
    items = [(text, published) for _, text, published in texts] * passes
    workers = os.cpu_count() or 1
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pool.map(_extract_one, items[:workers * 4], chunksize=1)  # every worker up and running
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            pool.map(_extract_one, items, chunksize=4)
            runs.append(time.perf_counter() - start)
    return statistics.median(runs), workers


def calls_per_article(texts) -> float:
    """Python function calls (and calls into C) per article: the work, counted without a clock."""
    profile = cProfile.Profile()
    profile.runcall(_extract_all, texts)
    return pstats.Stats(profile).total_calls / len(texts)


def python_sources_run(texts) -> tuple[float, float]:
    """(one pass's seconds, Python calls per article) of the extractor's Python sources, in a process that
    keeps them (PIPELINE_PURE_PYTHON=1) rather than the compiled build: the work counted without a clock, and
    what the compiled build gains on the same texts in the same run."""
    done = subprocess.run([sys.executable, __file__, "--python-sources"], check=True, capture_output=True, text=True,
                          env={**os.environ, "PIPELINE_PURE_PYTHON": "1"})
    seconds, calls = json.loads(done.stdout)
    return seconds, calls


def large_inputs(texts) -> dict[str, str]:
    rng = random.Random(7)
    paragraphs = [line for _, text, _ in texts for line in text.splitlines() if len(line) > 120]
    corpus = "\n\n".join(paragraphs)
    news = (corpus * (10_000_000 // len(corpus) + 1))[:10_000_000]
    digits = "".join(rng.choice("0123456789,") for _ in range(1_000_000))
    return {"1 MB of news text": news[:1_000_000], "4 MB of news text": news[:4_000_000],
            "10 MB of news text": news, "1 MB of digits and commas": digits}


def rate(count: int, megabytes: float, seconds: float) -> tuple[str, str]:
    return f"{count / seconds:,.0f}/s", f"{megabytes / seconds:.2f} MB/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-large", action="store_true", help="leave out the 1-10 MB inputs")
    parser.add_argument("--passes", type=int, help="only extract the corpus this many times (for valgrind)")
    parser.add_argument("--python-sources", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    texts = articles()
    if options.passes is not None:
        for _ in range(options.passes + 1):
            _extract_all(texts)
        return
    if options.python_sources:  # see python_sources_run
        assert not pipeline.extract.COMPILED
        _extract_all(texts)
        print(json.dumps([median_seconds(lambda: _extract_all(texts), PASSES), calls_per_article(texts)]))
        return
    seed_text = texts[-1][1]
    megabytes = sum(len(text.encode("utf-8")) for _, text, _ in texts) / 1e6
    _extract_all(texts)  # compiles the regular expressions and loads the word lists once

    seed_ms = median_seconds(lambda: extract_figures(seed_text, dt.date(2023, 9, 12)), 200) * 1000
    corpus_ms = statistics.median(median_seconds(lambda t=text, p=published: extract_figures(t, p), 30)
                                  for _, text, published in texts) * 1000
    one_core = median_seconds(lambda: _extract_all(texts), PASSES)
    all_cores, workers = pool_seconds(texts, PASSES)
    python_one_core, calls = python_sources_run(texts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser as quantulum

        quantulum.parse(seed_text)  # loads its classifier once, outside the timing
        peer_seed_ms = median_seconds(lambda: quantulum.parse(seed_text), 10) * 1000
        peer_corpus_ms = statistics.median(median_seconds(lambda t=text: quantulum.parse(t), 3)
                                           for _, text, _ in texts) * 1000
        peer_one_core = median_seconds(lambda: [quantulum.parse(text) for _, text, _ in texts], 2)

    n = len(texts)
    per_article = [
        ("seed article (3.2 KB), median of 200", f"{seed_ms:.2f} ms", f"{1000 / seed_ms:,.0f}/s",
         f"{peer_seed_ms:.1f} ms", f"{peer_seed_ms / seed_ms:.0f}x"),
        (f"median over the {n} articles ({megabytes * 1000 / n:.1f} KB on average)", f"{corpus_ms:.2f} ms",
         f"{1000 / corpus_ms:,.0f}/s",
         f"{peer_corpus_ms:.1f} ms", f"{peer_corpus_ms / corpus_ms:.0f}x"),
    ]
    build = "compiled by mypyc" if pipeline.extract.COMPILED else "Python sources: no fresh compiled build"
    throughput = [
        (f"this extractor ({build}), one core", *rate(n, megabytes, one_core)),
        ("this extractor (its Python sources), one core", *rate(n, megabytes, python_one_core)),
        (f"this extractor, {workers} cores (a process pool)", *rate(n * PASSES, megabytes * PASSES, all_cores)),
        ("quantulum3, one core", *rate(n, megabytes, peer_one_core)),
    ]
    large = []
    if not options.skip_large:
        for name, text in large_inputs(texts).items():
            start = time.perf_counter()
            count = len(extract_figures(text, dt.date(2023, 9, 12)))
            large.append((name, f"{time.perf_counter() - start:.1f} s", f"{count:,} figures"))
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        "# Extraction benchmark results", "",
        f"Run {dt.date.today().isoformat()} on {platform.processor() or platform.machine()} ({os.cpu_count()} cores, "
        f"load average {load} at the end, shared with other work), Python {platform.python_version()} "
        "(`make bench`).", "",
        "| input | this extractor | articles/s | quantulum3 | ratio |", "|---|---|---|---|---|",
        *["| " + " | ".join(row) + " |" for row in per_article], "",
        f"Throughput over the {n} articles ({megabytes * 1000:.1f} KB: the test corpus and the seed): one core, median "
        f"of {PASSES} passes; every core, a process pool extracting them {PASSES} times over, median of 3 runs; "
        "quantulum3, median of 2 passes.", "",
        "| run | articles/s | MB/s |", "|---|---|---|",
        *["| " + " | ".join(row) + " |" for row in throughput], "",
        "The pool gets what the other work on the machine leaves it (see the load average).", "",
        f"Work per article, counted without a clock: {calls:,.0f} Python function calls (cProfile, the Python "
        "sources).", "",
    ]
    if large:
        lines += ["| large input | wall time | output |", "|---|---|---|",
                  *["| " + " | ".join(row) + " |" for row in large], ""]
    (REPO / "benchmarks" / "results.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
