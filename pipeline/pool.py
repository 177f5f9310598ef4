"""Process pools for work that is large enough to spread over every core (extraction, drawing charts):
how many workers, and spawned workers that find the pipeline from any calling process."""
from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import pathlib
import sys

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]


def worker_count() -> int:
    """PIPELINE_WORKERS, else every core."""
    return max(1, int(os.environ.get("PIPELINE_WORKERS", 0)) or os.cpu_count() or 1)


def spawn_pool(workers: int) -> multiprocessing.pool.Pool:
    """Spawned workers (no fork of a process with threads). They import the pipeline's modules by name,
    so the repository must be on the path they inherit: Dagster puts it there only while it loads the
    code."""
    root = str(REPOSITORY)
    if root not in sys.path:
        sys.path.append(root)
    return multiprocessing.get_context("spawn").Pool(workers)
