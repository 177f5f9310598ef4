"""Shared test helpers: where the shared gold labels live, and scoring an extractor run against them."""
from __future__ import annotations

import datetime as dt
import json
import pathlib
import subprocess
import sys

import pytest

from pipeline.extract import extract_figures

REPO = pathlib.Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_GOLD = SHARED / "gold"
SCORER = SHARED / "tools" / "score_figures.py"
CORPUS = REPO / "tests" / "corpus"


def write_figures(gold_dir: pathlib.Path, out: pathlib.Path) -> pathlib.Path:
    """Extracts every labelled article of gold_dir into a JSON Lines file for the scorer."""
    with open(out, "w", encoding="utf-8") as handle:
        for label_path in sorted(gold_dir.glob("*.json")):
            label = json.loads(label_path.read_text(encoding="utf-8"))
            published = dt.date.fromisoformat(label["published_date"]) if label.get("published_date") else None
            text = label_path.with_suffix(".txt").read_text(encoding="utf-8")
            for figure in extract_figures(text, published, article_id=label_path.stem):
                handle.write(json.dumps(figure.to_json_dict()) + "\n")
    return out


def score(gold_dir: pathlib.Path, tmp_path: pathlib.Path) -> dict:
    """The shared scorer's verdict on this extractor over gold_dir."""
    if not SCORER.is_file():
        pytest.fail(f"the shared scorer is missing at {SCORER}; the suite needs ../shared beside the repository")
    figures = write_figures(gold_dir, tmp_path / "figures.jsonl")
    result = subprocess.run([sys.executable, str(SCORER), str(gold_dir), str(figures), "--json"],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def pytest_sessionfinish(session, exitstatus):
    """Running the assets sets aside from the collector everything the process had loaded (the resources'
    setup calls pipeline/collector.set_aside_loaded), which in this process includes duckdb's bindings;
    given back here, so the interpreter frees them at exit and duckdb does not report them as leaked."""
    import gc

    gc.unfreeze()
