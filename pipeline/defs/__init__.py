"""Dagster definitions by type: assets, checks, jobs, sensors, schedules, resources."""
