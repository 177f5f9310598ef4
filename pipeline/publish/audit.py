"""Audits of published parts: a check reads each part's bytes, compares them with the digest its version
lists (a mismatch is corruption), and audits only the parts whose verdict its memory does not hold
(pipeline.publish.verdicts), so a rerun on a large unchanged warehouse costs a hash per part, not a
validation of every row. The schema audit is defined here, once, for the checks."""
from __future__ import annotations

import json
import pathlib
from collections.abc import Callable

import pandas as pd

from pipeline.hidden import write_hidden
from pipeline.publish.dataset import file_sha256, part_bucket, table_dir, version_info
from pipeline.publish.parquet import TableRejected, read, validate
from pipeline.publish.verdicts import memory, passed

CORRUPT = "corrupt"


def audit_parts(warehouse: pathlib.Path, table: str, name: str, audit: Callable[[pd.DataFrame], dict],
                key: str = "") -> dict[str, dict]:
    """part name -> the audit's verdict (a dict), or {"corrupt": ...} when the bytes are not the ones
    the version lists. `key` names everything else the verdict depends on (e.g. a catalogue digest)."""
    info = version_info(warehouse, table)
    if info is None:
        return {}
    memory_path, known = memory(warehouse, table, name)
    verdicts, kept = {}, {}
    for part, listed in sorted(info["parts"].items()):
        digest = file_sha256(table_dir(warehouse, table) / part)
        if digest != listed["sha256"]:
            verdicts[part] = {CORRUPT: f"{table}/{part} has sha256 {digest}, its version lists {listed['sha256']}"}
            continue
        remembered = f"{digest}:{key}"
        if remembered not in known:
            known[remembered] = audit(read(table, warehouse, [part_bucket(part)]))
        verdicts[part] = kept[remembered] = known[remembered]
    write_hidden(memory_path, json.dumps(kept, sort_keys=True))
    return verdicts


def schema_verdict(frame: pd.DataFrame, table: str) -> dict:
    """A part read back as readers read it, judged by its table's model: rows, failures and up to 50 of the
    failure cases (the publisher records `passed` for the parts it validated before writing them)."""
    try:
        validate(frame, table)
        return passed(len(frame))
    except TableRejected as rejected:
        cases = rejected.failure_cases.head(50).astype(str).to_dict("records")
        return {"rows": len(frame), "failures": len(rejected.failure_cases), "cases": cases}
