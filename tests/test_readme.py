"""The README's data dictionary is the one the schemas generate, its commands exist, and its examples
(the Python blocks marked `<!-- example -->`) run against the seed warehouse and read the declared types."""
import datetime as dt
import pathlib
import re

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from pipeline.publish import part_files, read
from schemas import TABLES, data_dictionary
from tests.fixtures.warehouse import SEED, build_seed_warehouse

README = (pathlib.Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_data_dictionary_is_generated_from_the_schemas():
    generated = data_dictionary(TABLES).replace("# Data dictionary", "## Data dictionary", 1)
    assert generated.strip() in README


def test_readme_names_the_make_targets():
    makefile = (pathlib.Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "ui", "test"):
        assert f"make {target}" in README and f"\n{target}:" in makefile


def readme_examples() -> list[str]:
    """The Python blocks the README marks with `<!-- example -->`, in order."""
    return re.findall(r"^<!-- example -->\n```python\n(.*?)^```$", README, flags=re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    """The README examples run in one namespace from a folder holding the seed warehouse, as a reader
    runs them from the repository root."""
    root = tmp_path_factory.mktemp("readme")
    warehouse = build_seed_warehouse(root)
    namespace = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        for block in readme_examples():
            exec(compile(block, "README.md", "exec"), namespace)
    return warehouse, namespace


def test_readme_examples_read_the_declared_types(examples):
    warehouse, namespace = examples
    assert len(readme_examples()) == 4
    yearly = namespace["yearly"]
    assert [(start, value) for start, value, _ in yearly] == [
        (dt.date(year, 1, 1), value) for year, value in zip(range(2018, 2023), (9442, 13686, 14773, 24810, 29372))]
    assert yearly[-1][2] == [f"{SEED}:12"]
    figures = namespace["figures"]
    assert figures["period_start"].dtype == pd.ArrowDtype(pa.date32()) and len(figures) == 29
    claims, recent = namespace["claims"], namespace["recent"]
    assert claims.schema["figure_ids"] == pl.List(pl.String) and len(claims) == len(read("claim_checks", warehouse))
    assert recent.schema["period_start"] == pl.Date and recent["period_start"].min() == dt.date(2022, 1, 1)
    assert namespace["figure_files"] == [path.relative_to(warehouse).as_posix()
                                         for path in part_files(warehouse, "figures")]
