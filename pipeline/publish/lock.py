"""One writer at a time: an exclusive advisory lock on `warehouse/.lock` (an empty file), held while a
step reads and publishes. A second run (the sensor and the schedule at once, or two terminals) waits for it, up to
PIPELINE_LOCK_TIMEOUT seconds (default 1800), and then ends with a message naming the holder. The lock
is the kernel's (flock): a killed holder releases it at once, so there is no stale lock to clean up; what
it had staged (warehouse/.staging) is removed by the next holder.

On a working copy of an object store (pipeline.publish.object_store) the lock's block is also the sync
session: the copy is pulled once the lock is held and pushed before it is released. The flock guards one
machine only; across machines the Dagster run queue (one warehouse_job run at a time) serialises writers."""
from __future__ import annotations

import contextlib
import fcntl
import os
import pathlib
import shutil
import time
from collections.abc import Callable, Iterator

from pipeline.publish.dataset import STAGING
from pipeline.publish.object_store import synced

LOCK_FILE = ".lock"
DEFAULT_TIMEOUT = 1800.0


class WarehouseBusy(RuntimeError):
    """Another run held the warehouse for longer than the timeout."""


def lock_holder(path: pathlib.Path) -> str:
    """Who holds the lock, from the kernel's table of locks (nothing is written into the warehouse)."""
    inode = path.stat().st_ino
    try:
        for line in pathlib.Path("/proc/locks").read_text().splitlines():
            fields = line.split()
            if "FLOCK" in fields and "->" not in fields and fields[-3].rsplit(":", 1)[-1] == str(inode):
                pid = fields[fields.index("FLOCK") + 3]
                command = pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                return f"process {pid} ({command.strip()[:120]})"
    except (OSError, ValueError, IndexError):
        pass
    return "another process"


def lock_timeout() -> float:
    return float(os.environ.get("PIPELINE_LOCK_TIMEOUT", DEFAULT_TIMEOUT))


@contextlib.contextmanager
def warehouse_lock(warehouse: pathlib.Path, timeout: float | None = None,
                   on_wait: Callable[[str], None] = lambda holder: None) -> Iterator[None]:
    """Holds the warehouse's lock for the block; waits (telling on_wait who holds it) or raises
    WarehouseBusy."""
    path = warehouse / LOCK_FILE
    timeout = lock_timeout() if timeout is None else timeout
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline, told = time.monotonic() + timeout, False
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = lock_holder(path)
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(f"the warehouse {warehouse} is being written by {holder}; gave up after "
                                        f"waiting {timeout:g} s (PIPELINE_LOCK_TIMEOUT). Nothing was changed; "
                                        "run again when that run has finished.") from None
                if not told:
                    on_wait(holder)
                    told = True
                time.sleep(0.1)
        shutil.rmtree(warehouse / STAGING, ignore_errors=True)  # what a killed writer staged, never published
        with synced(warehouse):
            yield
    finally:
        os.close(descriptor)  # closing releases the lock
