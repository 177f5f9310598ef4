"""Where the archive and the warehouse live: a resource reading PIPELINE_RAW_ROOT and
PIPELINE_WAREHOUSE_ROOT (defaults raw/ and warehouse/ in the repository), so another store can replace
them without touching the assets: an s3:// warehouse root is worked on through its local working copy
(pipeline.publish.object_store)."""
from __future__ import annotations

import pathlib
from collections.abc import Callable

import dagster as dg

from pipeline.collector import set_aside_loaded
from pipeline.publish.lock import warehouse_lock
from pipeline.publish.object_store import open_warehouse
from pipeline.roots import default_raw_root, default_warehouse_root


class WarehouseRoots(dg.ConfigurableResource):
    """The raw archive root and the warehouse root."""

    raw_root: str
    warehouse_root: str

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """In the process that executes a run, before its steps: what that process has loaded lives as
        long as it, and is set aside from the collector (pipeline/collector.py: its exit alone took a
        second)."""
        set_aside_loaded()

    @property
    def raw(self) -> pathlib.Path:
        return pathlib.Path(self.raw_root)

    @property
    def warehouse(self) -> pathlib.Path:
        """The local folder the assets work in (for s3:// the working copy)."""
        return open_warehouse(self.warehouse_root)

    def locked(self, log: Callable[[str], None]):
        """The warehouse lock for a step, telling log who holds it while the step waits."""
        return warehouse_lock(self.warehouse, on_wait=lambda holder: log(f"waiting for the warehouse lock: {holder}"))


def roots_from_environment() -> WarehouseRoots:
    return WarehouseRoots(raw_root=default_raw_root(), warehouse_root=default_warehouse_root())
