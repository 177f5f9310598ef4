"""Audits of published parts, remembered by content. A part is immutable and named in its version by
its sha256, so an audit's verdict on a part (does it pass the schema, how many figures map to no
metric) holds for as long as those bytes do: a check reads each part's bytes, compares them with the
digest its version lists (a mismatch is corruption), and audits only the parts it has not seen, so a
rerun on a large unchanged warehouse costs a hash per part, not a validation of every row. Verdicts are
kept in `.versions/<table>/.audit-<name>.json`, out of readers' sight."""
from __future__ import annotations

import json
import pathlib
from collections.abc import Callable

import pandas as pd

from pipeline.hidden import write_hidden
from pipeline.publish.dataset import VERSIONS, file_sha256, part_bucket, table_dir, version_info
from pipeline.publish.parquet import read

CORRUPT = "corrupt"


def _memory(warehouse: pathlib.Path, table: str, name: str) -> tuple[pathlib.Path, dict[str, dict]]:
    """The audit's memory file and its verdicts by "<part sha256>:<key>"."""
    path = warehouse / VERSIONS / table / f".audit-{name}.json"
    return path, json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def audit_parts(warehouse: pathlib.Path, table: str, name: str, audit: Callable[[pd.DataFrame], dict],
                key: str = "") -> dict[str, dict]:
    """part name -> the audit's verdict (a dict), or {"corrupt": ...} when the bytes are not the ones
    the version lists. `key` names everything else the verdict depends on (e.g. a catalogue digest)."""
    info = version_info(warehouse, table)
    if info is None:
        return {}
    memory_path, memory = _memory(warehouse, table, name)
    verdicts, kept = {}, {}
    for part, listed in sorted(info["parts"].items()):
        digest = file_sha256(table_dir(warehouse, table) / part)
        if digest != listed["sha256"]:
            verdicts[part] = {CORRUPT: f"{table}/{part} has sha256 {digest}, its version lists {listed['sha256']}"}
            continue
        remembered = f"{digest}:{key}"
        if remembered not in memory:
            memory[remembered] = audit(read(table, warehouse, [part_bucket(part)]))
        verdicts[part] = kept[remembered] = memory[remembered]
    write_hidden(memory_path, json.dumps(kept, sort_keys=True))
    return verdicts


def remember(warehouse: pathlib.Path, table: str, name: str, verdicts: dict[str, dict], key: str = "") -> None:
    """Adds verdicts computed elsewhere (part sha256 -> the verdict audit_parts would reach on those
    bytes) to the audit's memory, so the check finds them instead of computing them again. Verdicts on
    parts the table no longer holds are dropped."""
    if not verdicts:
        return
    memory_path, memory = _memory(warehouse, table, name)
    current = {part["sha256"] for part in (version_info(warehouse, table) or {"parts": {}})["parts"].values()}
    memory = {remembered: verdict for remembered, verdict in memory.items() if remembered.split(":")[0] in current}
    memory |= {f"{digest}:{key}": verdict for digest, verdict in verdicts.items()}
    write_hidden(memory_path, json.dumps(memory, sort_keys=True))
