"""Named moments at which a test can kill the run, to prove that a crash anywhere loses nothing.

`PIPELINE_CRASH_AT=<name>:<n>` sends SIGKILL to the process the n-th time (1-based) it reaches the
crash point `<name>`; any other value (e.g. `count`) only counts the points reached. Unset (always,
outside the crash tests) a crash point does nothing."""
from __future__ import annotations

import collections
import os
import signal

_reached: collections.Counter[str] = collections.Counter()


def crashpoint(name: str) -> None:
    spec = os.environ.get("PIPELINE_CRASH_AT")
    if not spec:
        return
    _reached[name] += 1
    target, _, count = spec.partition(":")
    if target == name and _reached[name] == int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def reached() -> dict[str, int]:
    """How often each crash point was reached in this process (to enumerate kill points)."""
    return dict(_reached)
