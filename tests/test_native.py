"""The extractor's compiled twin (pipeline.extract.native): loaded only while it is the build of the current
sources, and giving the figures the Python sources give."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest
from conftest import CORPUS, REPO

import pipeline.extract
from pipeline.extract import engine, extract_figures, native

# texts that take the extractor down its rarer paths: every corpus article, and shuffled words of them
# (fragments, stray units and periods) with and without a publication date
DUMP = """
import dataclasses, json, sys
from pipeline.extract import extract_figures
for text, published in json.loads(sys.stdin.read()):
    try:
        figures = extract_figures(text, published and __import__("datetime").date.fromisoformat(published))
        print(json.dumps([repr(dataclasses.astuple(figure)) for figure in figures]))
    except Exception as error:  # the same error from either build
        print(json.dumps(f"{type(error).__name__}: {error}"))
"""


def _texts() -> list[tuple[str, str | None]]:
    articles = [(path.read_text(encoding="utf-8"), json.loads(path.with_suffix(".json").read_text())
                 ["published_date"]) for path in sorted(CORPUS.glob("*.txt"))]
    words = " ".join(text for text, _ in articles).split()
    rng = random.Random(5)
    salads = [(" ".join(rng.choice(words) for _ in range(rng.randint(3, 90))), rng.choice([None, "2023-05-04"]))
              for _ in range(400)]
    return articles + salads


def _figures(texts: list[tuple[str, str | None]], pure_python: bool) -> list[str]:
    env = {key: value for key, value in os.environ.items() if key != "PIPELINE_PURE_PYTHON"}
    if pure_python:
        env["PIPELINE_PURE_PYTHON"] = "1"
    done = subprocess.run([sys.executable, "-c", DUMP], input=json.dumps(texts), capture_output=True,
                          text=True, cwd=REPO, env=env, check=True)
    return done.stdout.splitlines()


def test_the_tests_run_the_compiled_extractor_when_make_builds_it():
    if os.environ.get("PIPELINE_REQUIRE_NATIVE") != "1":
        pytest.skip("run outside `make test`, which builds the compiled extractor first")
    assert native.build_is_fresh()
    assert pipeline.extract.COMPILED
    assert engine.__file__.endswith(".so") and engine.__file__.startswith(str(native.BUILD))


def test_compiled_and_python_extractors_give_the_same_figures():
    if not pipeline.extract.COMPILED:
        pytest.skip("no fresh compiled build to compare (`make native` builds it)")
    texts = _texts()
    compiled, python = _figures(texts, pure_python=False), _figures(texts, pure_python=True)
    assert len(compiled) == len(texts)
    assert sum(line.startswith("[\"(") for line in compiled) > 300  # most texts give figures
    assert compiled == python


def test_a_build_of_other_sources_is_not_loaded(tmp_path, monkeypatch):
    record = native.sources_record()
    monkeypatch.setattr(native, "RECORD", tmp_path / "sources.json")
    monkeypatch.delenv("PIPELINE_PURE_PYTHON", raising=False)
    native.RECORD.write_text(json.dumps(record))
    path: list[str] = []
    assert native.use_if_fresh(path) and path == [str(native.BUILD / "pipeline" / "extract")]
    native.RECORD.write_text(json.dumps(record | {"engine": "0" * 64}))  # engine.py edited since the build
    assert not native.use_if_fresh(path := [])
    assert path == []
    native.RECORD.write_text(json.dumps(record | {"python": "cpython-312"}))
    assert not native.build_is_fresh()
    native.RECORD.unlink()
    assert not native.build_is_fresh()


def test_pure_python_is_kept_on_request(tmp_path, monkeypatch):
    monkeypatch.setattr(native, "RECORD", tmp_path / "sources.json")
    native.RECORD.write_text(json.dumps(native.sources_record()))
    monkeypatch.setenv("PIPELINE_PURE_PYTHON", "1")
    assert not native.use_if_fresh(path := [])
    assert path == []


def test_the_extractor_reads_its_word_lists_beside_the_sources():
    # a compiled module's __file__ is in the build, where no data folder is
    figures = extract_figures("Police handled 1,200 cases in Seoul last year.", None)
    assert [figure.value for figure in figures] == [1200]
