"""The Dagster Definitions of the statistics warehouse (`dagster dev -m pipeline.definitions`)."""
import dagster as dg

from pipeline.collector import collect_less_often
from pipeline.defs.assets import ASSETS
from pipeline.defs.checks import CHECKS
from pipeline.defs.jobs import warehouse_job
from pipeline.defs.resources import roots_from_environment
from pipeline.defs.schedules import daily_refresh
from pipeline.defs.sensors import raw_articles_sensor

collect_less_often()  # the run's steps execute in this process (in_process_executor)

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[warehouse_job],
    sensors=[raw_articles_sensor],
    schedules=[daily_refresh],
    resources={"roots": roots_from_environment()},
    # one process: the steps are sequential and light; a process per step would spend more time importing
    executor=dg.in_process_executor,
)
