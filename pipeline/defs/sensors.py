"""A sensor on raw/articles/: launches the warehouse job when files are added, changed or removed."""

import dagster as dg

from pipeline.archive.listing import archive_state
from pipeline.defs.jobs import warehouse_job
from pipeline.defs.resources import WarehouseRoots


@dg.sensor(job=warehouse_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Materialises the warehouse when files in raw/articles are added or changed.")
def raw_articles_sensor(context: dg.SensorEvaluationContext, roots: WarehouseRoots):
    fingerprint = archive_state(roots.raw)
    if fingerprint == context.cursor:
        return dg.SkipReason("raw/articles unchanged")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)
