"""Extracts a corpus written by corpus_generator.py and scores it against the expected figures: value
precision, recall and F1, then kind, period, region and qualifier agreement among matched figures.

    python benchmarks/check_generated.py DIR [--limit N] [--jobs J] [--figures-out FILE.jsonl] [--json]

Articles are read one at a time through the pipeline's archive reader (a rejected article is counted and
reported) and scored as they are extracted, so memory stays flat at any corpus size. Matching follows
the shared scorer (/work/shared/tools/score_figures.py): a label's span is the occurrence-th appearance
of its surface; it matches the first unused extracted figure of the article overlapping it; date and
year labels count for date recall and period only; extracted figures left unmatched (dates and years
aside) are false positives. A region agrees when it is the label's place, or none for a country-level
label (the shared scorer also accepts one name containing the other). The shared scorer compares per article against the whole table, which is
too slow for 100,000 articles; --figures-out writes the figures so it can be run on a sample too.
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import functools
import json
import multiprocessing
import pathlib
import sys

REPO = pathlib.Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pipeline.archive.reader import read_article  # noqa: E402
from pipeline.archive.sidecar import SidecarError  # noqa: E402
from pipeline.extract import extract_figures  # noqa: E402

DATE_KINDS = ("date", "year")
AGREEMENTS = ("kind", "period", "region", "qualifier")
KEPT_EXAMPLES = 40


@dataclasses.dataclass
class Tally:
    """Counts over the articles scored so far, and the first few misses, extras and disagreements."""
    articles: int = 0
    rejected: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    dates_found: int = 0
    dates: int = 0
    agree: dict = dataclasses.field(default_factory=lambda: {name: [0, 0] for name in AGREEMENTS})
    misses: list = dataclasses.field(default_factory=list)
    extras: list = dataclasses.field(default_factory=list)
    disagreements: list = dataclasses.field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for field in ("articles", "rejected", "true_positives", "false_positives", "false_negatives",
                      "dates_found", "dates"):
            setattr(self, field, getattr(self, field) + getattr(other, field))
        for name in AGREEMENTS:
            self.agree[name][0] += other.agree[name][0]
            self.agree[name][1] += other.agree[name][1]
        for field in ("misses", "extras", "disagreements"):
            kept = getattr(self, field)
            kept.extend(getattr(other, field)[:max(0, KEPT_EXAMPLES - len(kept))])

    def summary(self) -> dict:
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result = {"articles": self.articles, "rejected": self.rejected, "precision": round(precision, 4),
                  "recall": round(recall, 4), "f1": round(f1, 4), "n_gold_values": tp + fn,
                  "date_recall": round(self.dates_found / self.dates, 4) if self.dates else None}
        for name, (agreed, total) in self.agree.items():
            result[f"{name}_agreement"] = round(agreed / total, 4) if total else None
        result.update(misses=self.misses, extras=self.extras, disagreements=self.disagreements)
        return result


def _kind(kind: str | None) -> str:
    return "date" if kind in DATE_KINDS else str(kind)


def _iso(day) -> str | None:
    return day.isoformat() if day is not None else None


def _gold_start(text: str, surface: str, occurrence: int) -> int:
    start = -1
    for _ in range(occurrence):
        start = text.find(surface, start + 1)
        if start < 0:
            break
    return start


def _same_region(gold: str | None, mine: str | None, countries: frozenset[str]) -> bool:
    if gold == mine:
        return True
    return mine is None and gold in countries  # a national figure may carry no region


def score_article(article_id: str, text: str, gold: list[dict], figures: list, countries: frozenset[str]) -> Tally:
    """One article's labels against its extracted figures (Figure records in text order)."""
    tally = Tally(articles=1)
    used: set[int] = set()
    for label in gold:
        start = _gold_start(text, label["surface"], int(label.get("occurrence", 1)))
        if start < 0:
            tally.misses.append(f"{article_id}: label surface not found {label['surface']!r}")
            continue
        end = start + len(label["surface"])
        hit = next((i for i, f in enumerate(figures) if i not in used and f.char_start < end and start < f.char_end),
                   None)
        if _kind(label["unit"]) == "date":
            tally.dates += 1
            if hit is None:
                tally.misses.append(f"{article_id}: date {label['surface']!r}")
                continue
            used.add(hit)
            tally.dates_found += 1
            _agree(tally, "period", (_iso(figures[hit].period_start), _iso(figures[hit].period_end)) ==
                   (label["period_start"], label["period_end"]), article_id, label, figures[hit])
            continue
        if hit is None:
            tally.false_negatives += 1
            tally.misses.append(f"{article_id}: {label['surface']!r} @{start}")
            continue
        used.add(hit)
        figure = figures[hit]
        expected = float(label["value"])
        if figure.value is None or abs(figure.value - expected) > 1e-9 * max(1.0, abs(expected)):
            tally.false_negatives += 1
            tally.false_positives += 1
            tally.misses.append(f"{article_id}: {label['surface']!r} @{start} value {figure.value} != {expected}")
            continue
        tally.true_positives += 1
        _agree(tally, "kind", _kind(figure.kind) == label["unit"], article_id, label, figure)
        if label.get("period_start") or label.get("period_end"):
            _agree(tally, "period", (_iso(figure.period_start), _iso(figure.period_end)) ==
                   (label["period_start"], label["period_end"]), article_id, label, figure)
        if label.get("region"):
            _agree(tally, "region", _same_region(label["region"], figure.region, countries), article_id, label,
                   figure)
        _agree(tally, "qualifier", figure.qualifier == label.get("qualifier"), article_id, label, figure)
    for index, figure in enumerate(figures):
        if index not in used and figure.kind not in DATE_KINDS:
            tally.false_positives += 1
            tally.extras.append(f"{article_id}: {figure.surface!r} @{figure.char_start}")
    return tally


def _agree(tally: Tally, name: str, agreed: bool, article_id: str, label: dict, figure) -> None:
    tally.agree[name][1] += 1
    tally.agree[name][0] += bool(agreed)
    if not agreed:
        mine = {"kind": figure.kind, "period": (_iso(figure.period_start), _iso(figure.period_end)),
                "region": figure.region, "qualifier": figure.qualifier}[name]
        wanted = {"kind": label["unit"], "period": (label.get("period_start"), label.get("period_end")),
                  "region": label.get("region"), "qualifier": label.get("qualifier")}[name]
        tally.disagreements.append(f"{article_id}: {label['surface']!r} @{label['char_offset']} {name} "
                                   f"{mine} != {wanted}")


@functools.cache
def _country_names() -> frozenset[str]:
    """Canonical country names: a label naming one may be matched by a figure without a region."""
    with open(REPO / "pipeline" / "extract" / "data" / "gazetteer.csv", encoding="utf-8", newline="") as handle:
        return frozenset(row["name"] for row in csv.DictReader(handle) if row["level"] == "country")


def check_article(job: tuple[str, str, bool]) -> tuple[Tally, list[str]]:
    """Reads, extracts and scores one generated article; returns its tally and, when asked, its
    figures as JSON lines."""
    root, name, keep_figures = job
    corpus = pathlib.Path(root)
    path = corpus / "articles" / f"{name}.txt"
    try:
        article = read_article(corpus / "articles", path, dt.date.today())
    except (ValueError, SidecarError, OSError) as error:
        tally = Tally(articles=1, rejected=1)
        tally.misses.append(f"{name}: rejected by the archive reader: {error}")
        return tally, []
    figures = extract_figures(article.text, article.published_date, article_id=article.article_id)
    labels = json.loads((corpus / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    tally = score_article(article.article_id, article.text, labels["gold_figures"], figures, _country_names())
    lines = [json.dumps(f.to_json_dict(), ensure_ascii=False) for f in figures] if keep_figures else []
    return tally, lines


def check_corpus(corpus: pathlib.Path, limit: int | None = None, jobs: int = 1,
                 figures_out: pathlib.Path | None = None) -> dict:
    """Scores the first `limit` articles (in id order) of a generated corpus; see Tally.summary."""
    names = sorted(path.stem for path in (corpus / "articles").glob("*.txt"))[:limit]
    work = [(str(corpus), name, figures_out is not None) for name in names]
    total = Tally()
    sink = open(figures_out, "w", encoding="utf-8") if figures_out else None
    pool = multiprocessing.Pool(jobs) if jobs > 1 else None
    try:
        results = pool.imap(check_article, work, chunksize=8) if pool else map(check_article, work)
        for tally, lines in results:
            total.add(tally)
            if sink:
                sink.writelines(line + "\n" for line in lines)
    finally:
        if pool:
            pool.close()
            pool.join()
        if sink:
            sink.close()
    return total.summary()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=pathlib.Path, help="folder written by corpus_generator.py")
    parser.add_argument("--limit", type=int, help="score only the first N articles (id order)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--figures-out", type=pathlib.Path, help="also write the figures as JSON Lines")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args(argv)
    result = check_corpus(args.corpus, args.limit, args.jobs, args.figures_out)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    for kind in ("misses", "extras", "disagreements"):
        for line in result[kind]:
            print(f"  {kind[:-1] if kind != 'misses' else 'miss'} {line}")
    print(f"articles={result['articles']} rejected={result['rejected']} value P={result['precision']:.4f} "
          f"R={result['recall']:.4f} F1={result['f1']:.4f} (n={result['n_gold_values']}) | "
          f"kind={result['kind_agreement']} period={result['period_agreement']} "
          f"region={result['region_agreement']} qualifier={result['qualifier_agreement']} "
          f"date_recall={result['date_recall']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
