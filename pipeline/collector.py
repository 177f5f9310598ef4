"""How often Python's cyclic garbage collector runs in the processes that build the warehouse.

Reference counting frees almost every object the pipeline makes; the collector only finds cycles. By
default it runs after every 700 net new container objects, and every tenth-of-a-tenth run walks every
object the process holds. A build loads dictionaries with one entry per article (the manifest, the listing
memory) inside a process that already holds Dagster, pandas and pyarrow, so at 100,000 articles a
one-article run made about a dozen walks of the whole heap: 1.1-1.4 s of CPU. Waiting for 50,000 new
objects keeps the collector (cycles are still collected) and makes those walks rare."""
from __future__ import annotations

import gc

FIRST_GENERATION_THRESHOLD = 50_000


def collect_less_often() -> None:
    """Raises the youngest generation's threshold to FIRST_GENERATION_THRESHOLD (never lowers it); the
    older generations keep theirs."""
    first, *older = gc.get_threshold()
    gc.set_threshold(max(first, FIRST_GENERATION_THRESHOLD), *older)
