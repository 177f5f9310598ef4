"""A sensor on raw/articles/: launches the warehouse job when files are added, changed or removed."""

import hashlib

import dagster as dg

from pipeline.defs.jobs import warehouse_job
from pipeline.defs.resources import WarehouseRoots


def archive_fingerprint(roots: WarehouseRoots) -> str:
    """Digest of the names, sizes and modification times of everything under raw/articles."""
    digest = hashlib.sha256()
    folder = roots.raw / "articles"
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        stat = path.lstat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dg.sensor(job=warehouse_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Materialises the warehouse when files in raw/articles are added or changed.")
def raw_articles_sensor(context: dg.SensorEvaluationContext, roots: WarehouseRoots):
    fingerprint = archive_fingerprint(roots)
    if fingerprint == context.cursor:
        return dg.SkipReason("raw/articles unchanged")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)
