"""The charts asset (group "reports"): renders every series and regional breakdown the observations
support into warehouse/charts/ (pipeline.charts) and shows them in the Dagster UI, each PNG embedded in
the materialisation's markdown metadata."""

import base64
import json
import pathlib

import dagster as dg

from pipeline import build
from pipeline.charts import INDEX, charts_folder
from pipeline.defs.resources import WarehouseRoots

EMBEDDED = 20
"""At most this many charts are embedded in the metadata (about 50 kB each); all are listed."""


def chart_metadata(folder: pathlib.Path) -> dict:
    """Count, folder, index and the charts themselves as markdown images (base64 data URIs)."""
    index = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    entries = index["charts"]
    sections = []
    for entry in entries[:EMBEDDED]:
        name = entry["file"]
        encoded = base64.b64encode((folder / name).read_bytes()).decode("ascii")
        sections.append(f"**{entry['title']}** (`{name}`)\n\n![{name}](data:image/png;base64,{encoded})")
    if len(entries) > EMBEDDED:
        sections.append(f"... and {len(entries) - EMBEDDED} more in `{folder}`")
    return {
        "chart_count": dg.MetadataValue.int(len(entries)),
        "not_drawn": dg.MetadataValue.json(index.get("not_drawn", [])),
        "path": dg.MetadataValue.path(str(folder)),
        "index": dg.MetadataValue.path(str(folder / INDEX)),
        "files": dg.MetadataValue.json([entry["file"] for entry in entries]),
        "charts": dg.MetadataValue.md("\n\n".join(sections) or "(no metric has a series or a regional breakdown)"),
    }


@dg.asset(group_name="reports", deps=["observations", "articles"],
          description="PNG charts in warehouse/charts/: a series per metric and region with two or more "
                      "periods, a regional breakdown per metric and period with two or more regions.")
def charts(context: dg.AssetExecutionContext, roots: WarehouseRoots) -> dg.MaterializeResult:
    warehouse = roots.warehouse
    with roots.locked(context.log.warning):
        redrawn = build.charts(warehouse)
    return dg.MaterializeResult(metadata=chart_metadata(charts_folder(warehouse)) | {"redrawn": redrawn})
