"""Extraction speed (a benchmark, not a test): median time per article on one core for the seed and the
test corpus, quantulum3 on the same texts in the same run, and two large inputs that would expose
super-linear regular expressions. Writes benchmarks/results.md."""
from __future__ import annotations

import datetime as dt
import json
import pathlib
import platform
import random
import statistics
import sys
import time
import warnings

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.extract import extract_figures  # noqa: E402


def articles() -> list[tuple[str, str, dt.date | None]]:
    found = []
    for label in sorted((REPO / "tests" / "corpus").glob("*.json")):
        meta = json.loads(label.read_text(encoding="utf-8"))
        found.append((label.stem, label.with_suffix(".txt").read_text(encoding="utf-8"),
                      dt.date.fromisoformat(meta["published_date"])))
    seed = REPO / "raw" / "articles" / "2023-09-12-koreabizwire-stalking-protection.txt"
    found.append((seed.stem, seed.read_text(encoding="utf-8"), dt.date(2023, 9, 12)))
    return found


def median_seconds(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def large_inputs() -> dict[str, str]:
    rng = random.Random(7)
    paragraphs = [line for _, text, _ in articles() for line in text.splitlines() if len(line) > 120]
    corpus = "\n\n".join(paragraphs)
    news = (corpus * (10_000_000 // len(corpus) + 1))[:10_000_000]
    digits = "".join(rng.choice("0123456789,") for _ in range(1_000_000))
    return {"1 MB of news text": news[:1_000_000], "4 MB of news text": news[:4_000_000],
            "10 MB of news text": news, "1 MB of digits and commas": digits}


def main() -> None:
    texts = articles()
    seed_id, seed_text, seed_date = texts[-1]
    for _, text, published in texts:
        extract_figures(text, published)
    per_article = [median_seconds(lambda t=text, p=published: extract_figures(t, p), 30) for _, text, published in texts]
    seed_ms = median_seconds(lambda: extract_figures(seed_text, seed_date), 200) * 1000
    corpus_ms = statistics.median(per_article) * 1000
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

        parser.parse(seed_text)  # loads its classifier once, outside the timing
        quantulum_seed_ms = median_seconds(lambda: parser.parse(seed_text), 10) * 1000
        quantulum_corpus_ms = statistics.median(median_seconds(lambda t=text: parser.parse(t), 3)
                                                for _, text, _ in texts) * 1000
    rows = [
        ("seed article (3.0k chars), median of 200", f"{seed_ms:.2f} ms", f"{1000 / seed_ms:.0f}/s",
         f"{quantulum_seed_ms:.1f} ms", f"{quantulum_seed_ms / seed_ms:.0f}x"),
        (f"median over {len(texts)} corpus articles", f"{corpus_ms:.2f} ms", f"{1000 / corpus_ms:.0f}/s",
         f"{quantulum_corpus_ms:.1f} ms", f"{quantulum_corpus_ms / corpus_ms:.0f}x"),
    ]
    large = []
    for name, text in large_inputs().items():
        start = time.perf_counter()
        count = len(extract_figures(text, seed_date))
        large.append((name, f"{time.perf_counter() - start:.1f} s", f"{count:,} figures"))
    lines = [
        "# Extraction benchmark results", "",
        f"Run {dt.date.today().isoformat()} on {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, one core (`make bench`).", "",
        "| input | this extractor | articles/s | quantulum3 | ratio |", "|---|---|---|---|---|",
        *["| " + " | ".join(row) + " |" for row in rows], "",
        "| large input | wall time | output |", "|---|---|---|",
        *["| " + " | ".join(row) + " |" for row in large], "",
    ]
    (REPO / "benchmarks" / "results.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
