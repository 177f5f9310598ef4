"""Bookkeeping files kept out of readers' sight (under warehouse/.versions/: the listing memory, check
verdicts, the versions the data package describes, combined whole-table reads), each written whole: a
temporary file beside it, then a rename. No pandas here, so the archive listing can use it without slowing
pool workers' start."""
from __future__ import annotations

import os
import pathlib


def write_hidden(path: pathlib.Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    temporary.write_bytes(content.encode() if isinstance(content, str) else content)
    os.replace(temporary, path)
