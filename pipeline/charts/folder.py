"""Publishing charts: every chart rendered, with an index (index.json: file, metric, kind, region, period,
source articles, notes, and the table versions drawn from), and published as a new version of
warehouse/charts/ the way tables are, so charts of metrics that are gone disappear with the old version
and readers never see a half-written folder. A chart whose spec did not change is not drawn again: its
PNG in the current version is hard-linked into the new one."""
from __future__ import annotations

import hashlib
import json
import pathlib

from pipeline.charts.batch import draw_all
from pipeline.charts.choose import ChartSpec
from pipeline.jsontext import indented_json
from pipeline.publish import version_info
from pipeline.publish.dataset import VERSIONS, publish_folder
from pipeline.publish.manifest import code_version

FOLDER = "charts"
INDEX = "index.json"


def charts_folder(warehouse: pathlib.Path) -> pathlib.Path:
    return warehouse / FOLDER


def spec_digest(spec: ChartSpec) -> str:
    """What a chart shows, and the code drawing it, as a digest: the same digest gives the same PNG."""
    return hashlib.sha256(f"{code_version('charts')}{spec!r}".encode()).hexdigest()[:20]


def index_entries(specs: list[ChartSpec], digests: dict[str, str] | None = None) -> list[dict]:
    """One entry per chart, in file order: what it shows, the articles it draws on, and every note (the
    chart's footer and legend show only the first few). `digests`: file -> spec_digest, where known."""
    digests = digests or {}
    return [{"file": spec.file, "metric_id": spec.metric_id, "kind": spec.kind, "title": spec.title,
             "unit": spec.unit, "region": spec.region, "period": spec.period,
             "spec": digests.get(spec.file) or spec_digest(spec),
             "source_articles": [dict(vars(source)) for source in spec.sources],  # asdict deep-copies: 10x slower
             "notes": list(spec.notes) + [bar.note for bar in spec.bars if bar.note]}
            for spec in sorted(specs, key=lambda s: s.file)]


def _drawn_before(warehouse: pathlib.Path) -> dict[str, tuple[pathlib.Path, str]]:
    """spec digest -> the PNG in the current version and its sha256 (from the version's _version.json, so
    a reused chart is neither read nor hashed again)."""
    info = version_info(warehouse, FOLDER)
    if info is None or info["id"] is None or not (warehouse / VERSIONS / FOLDER / info["id"] / INDEX).is_file():
        return {}
    folder = warehouse / VERSIONS / FOLDER / info["id"]
    digests = info.get("attachments", {})
    entries = json.loads((folder / INDEX).read_text(encoding="utf-8"))["charts"]
    return {entry["spec"]: (folder / entry["file"], digests[entry["file"]]) for entry in entries
            if "spec" in entry and entry["file"] in digests and (folder / entry["file"]).is_file()}


def charts_inputs(warehouse: pathlib.Path) -> dict:
    """The table versions and code the charts are drawn from (recorded in the index: same inputs, no
    redraw)."""
    tables = {table: (version_info(warehouse, table) or {}).get("id") for table in ("observations", "articles")}
    return tables | {"code": code_version("charts", "catalog", "derive")}


def charts_are_current(warehouse: pathlib.Path) -> bool:
    index = charts_folder(warehouse) / INDEX
    return index.is_file() and json.loads(index.read_text(encoding="utf-8")).get("inputs") == charts_inputs(warehouse)


def write_charts(warehouse: pathlib.Path, specs: list[ChartSpec]) -> pathlib.Path:
    """Renders every chart and publishes them with their index as the new version of warehouse/charts/
    (one link swapped, like a table); returns the folder. A chart that cannot be drawn is listed in the
    index's `not_drawn` with the reason. A chart whose spec did not change since the current version is
    not drawn again: its PNG is linked into the new version. Many charts are drawn in a process pool
    (pipeline.charts.batch)."""
    before, digests = _drawn_before(warehouse), {spec.file: spec_digest(spec) for spec in specs}
    kept = {file: before[digest] for file, digest in digests.items() if digest in before}
    files, not_drawn = {}, []
    for spec, png, reason in draw_all([spec for spec in specs if spec.file not in kept]):
        if png is None:
            not_drawn.append({"file": spec.file, "reason": reason})
        else:
            files[spec.file] = png
    drawn = [spec for spec in specs if spec.file in files or spec.file in kept]
    index = {"charts": index_entries(drawn, digests), "not_drawn": not_drawn, "inputs": charts_inputs(warehouse)}
    files[INDEX] = indented_json(index, "charts").encode()
    return publish_folder(warehouse, FOLDER, files, kept)
