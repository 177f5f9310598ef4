"""Prerequisites outside Python (a Chromium browser, a PostgreSQL server). A test whose prerequisite is
absent is skipped with the reason, unless the environment variable named for it is "1" (.ci/run sets
PIPELINE_REQUIRE_BROWSER and PIPELINE_REQUIRE_POSTGRES): then the absence is a failure."""
from __future__ import annotations

import os

import pytest


def require(present: bool, flag: str, reason: str) -> None:
    """Skips (or, when `flag` is set to 1, fails) the calling test unless `present`."""
    if present:
        return
    if os.environ.get(flag) == "1":
        pytest.fail(f"{reason}, and {flag}=1 requires it")
    pytest.skip(f"{reason} (set {flag}=1 to make this a failure)")
