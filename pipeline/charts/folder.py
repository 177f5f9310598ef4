"""Publishing charts: every chart rendered into a staging folder with an index (index.json: file,
metric, kind, region, period, source articles), then swapped in for warehouse/charts/ as a whole, so
charts of metrics that are gone disappear with the old folder and readers never see a half-written one."""
from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import shutil

from pipeline.charts.choose import ChartSpec
from pipeline.charts.render import render
from pipeline.publish.parquet import STAGING

FOLDER = "charts"
INDEX = "index.json"


def charts_folder(warehouse: pathlib.Path) -> pathlib.Path:
    return warehouse / FOLDER


def index_entries(specs: list[ChartSpec]) -> list[dict]:
    """One entry per chart, in file order: what it shows and the articles it draws on."""
    return [{"file": spec.file, "metric_id": spec.metric_id, "kind": spec.kind, "title": spec.title,
             "unit": spec.unit, "region": spec.region, "period": spec.period,
             "source_articles": [dataclasses.asdict(source) for source in spec.sources]}
            for spec in sorted(specs, key=lambda s: s.file)]


def write_charts(warehouse: pathlib.Path, specs: list[ChartSpec]) -> pathlib.Path:
    """Renders every chart and replaces warehouse/charts/ with them; returns the folder."""
    staging_root = warehouse / STAGING
    staged, retired = staging_root / f"{FOLDER}.{os.getpid()}", staging_root / f"{FOLDER}.old.{os.getpid()}"
    for leftover in (staged, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    staged.mkdir(parents=True)
    for spec in specs:
        (staged / spec.file).write_bytes(render(spec))
    (staged / INDEX).write_text(json.dumps({"charts": index_entries(specs)}, indent=1, sort_keys=True) + "\n",
                                encoding="utf-8")
    target = charts_folder(warehouse)
    if target.exists():
        os.replace(target, retired)
    os.replace(staged, target)
    shutil.rmtree(retired, ignore_errors=True)
    return target
