"""Verdicts on published parts, remembered by content. A part is immutable and named in its version by its
sha256, so a verdict on a part (does it pass its schema, how many figures map to no metric) holds for as
long as those bytes and the code that judged them do. `.versions/<table>/.audit-<name>.json` maps
"<part sha256>:<key>" to a verdict, where `key` names what else the verdict depends on: the models' code
for the schema verdicts, the catalogue's for the unmapped figures. The checks (pipeline.publish.audit)
read and fill it; the stages that reach a verdict while writing a part (the publisher validates every
part before staging it) leave it there, so the check does not reach it again."""
from __future__ import annotations

import json
import pathlib

from pipeline.hidden import write_hidden
from pipeline.publish.dataset import VERSIONS, version_info
from pipeline.publish.manifest import code_version, library_versions

SCHEMA = "schema"
"""The audit whose verdict is a part's validation against its table's Pandera model."""


def schema_key() -> str:
    """What a schema verdict depends on besides the part's bytes: the models (schemas/), the code that
    validates and writes them (pipeline/publish/) and the libraries under them. A change to any of them
    judges every part again."""
    return f"{code_version('publish', '../schemas')} {library_versions()}"


def passed(rows: int) -> dict:
    """The schema verdict on a part of `rows` rows that passes its model."""
    return {"rows": rows, "failures": 0, "cases": []}


def memory(warehouse: pathlib.Path, table: str, name: str) -> tuple[pathlib.Path, dict[str, dict]]:
    """The audit's memory file and its verdicts by "<part sha256>:<key>"."""
    path = warehouse / VERSIONS / table / f".audit-{name}.json"
    return path, json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def remember(warehouse: pathlib.Path, table: str, name: str, verdicts: dict[str, dict], key: str = "") -> None:
    """Adds verdicts reached elsewhere (part sha256 -> the verdict the audit would reach on those bytes) to
    the audit's memory, so the check finds them instead of reaching them again. Verdicts on parts the
    table no longer holds are dropped."""
    if not verdicts:
        return
    memory_path, known = memory(warehouse, table, name)
    current = {part["sha256"] for part in (version_info(warehouse, table) or {"parts": {}})["parts"].values()}
    known = {remembered: verdict for remembered, verdict in known.items() if remembered.split(":")[0] in current}
    known |= {f"{digest}:{key}": verdict for digest, verdict in verdicts.items() if digest in current}
    write_hidden(memory_path, json.dumps(known, sort_keys=True))
