"""A daily schedule that refreshes the warehouse (cheap when nothing changed: nothing is re-extracted)."""
import dagster as dg

from pipeline.defs.jobs import warehouse_job

daily_refresh = dg.ScheduleDefinition(job=warehouse_job, cron_schedule="0 3 * * *",
                                      default_status=dg.DefaultScheduleStatus.RUNNING,
                                      description="Daily refresh of every warehouse table at 03:00.")
