"""Process pools for work that is large enough to spread over every core (extraction, drawing charts):
how many workers, and spawned workers that find the pipeline from any calling process."""
from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.pool
import os
import pathlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from pipeline.collector import collect_less_often

T, R = TypeVar("T"), TypeVar("R")
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
    # a worker inherits an ignored SIGTERM (from a process or a test run that set it so), and
    # Pool.terminate() would then wait on it forever: the workers start with the default, and set it again
    with _default_sigterm():
        return multiprocessing.get_context("spawn").Pool(workers, initializer=_start_worker)


@contextlib.contextmanager
def _default_sigterm() -> Iterator[None]:
    """SIGTERM at its default while the block runs (in the main thread: no other thread may set it)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _start_worker() -> None:
    """In each worker (started by a thread other than the main one, it may inherit an ignored SIGTERM): SIGTERM
    ends it again; the collector runs as in the parent (pipeline.collector)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    collect_less_often()


def ordered_map(function: Callable[[T], R], items: Sequence[T], pooled: bool, chunksize: int = 1) -> Iterator[R]:
    """function over items, results in order: in a spawned pool when `pooled` (the caller judged the work
    worth the workers' start) and there is more than one core, else in this process. Once the last result
    is given the pool is closed and its workers left to exit, whether or not the caller asks for more; it is
    terminated only when the caller stops before the last result."""
    workers = worker_count()
    if not pooled or workers == 1:
        yield from map(function, items)
        return
    pool = spawn_pool(workers)
    finished = not items
    try:
        for index, result in enumerate(pool.imap(function, items, chunksize=chunksize)):
            finished = index == len(items) - 1
            yield result
    finally:
        if finished:
            pool.close()
            pool.join()
        else:
            pool.terminate()
