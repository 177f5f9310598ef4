"""Where the archive and the warehouse live by default: PIPELINE_RAW_ROOT and PIPELINE_WAREHOUSE_ROOT,
else raw/ and warehouse/ in the repository (no Dagster import, so the command line starts quickly)."""
from __future__ import annotations

import os
import pathlib

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]


def default_raw_root() -> str:
    return os.environ.get("PIPELINE_RAW_ROOT", str(REPOSITORY / "raw"))


def default_warehouse_root() -> str:
    return os.environ.get("PIPELINE_WAREHOUSE_ROOT", str(REPOSITORY / "warehouse"))
