"""The hourly refresh schedule (stopped by default; turn it on in the UI or with DAGSTER_SCHEDULES_ON=1)."""

import os

import dagster as dg

from dagster_project.jobs import refresh_warehouse_job

hourly_refresh_schedule = dg.ScheduleDefinition(
    name="hourly_refresh",
    job=refresh_warehouse_job,
    cron_schedule="0 * * * *",
    description="Every hour: ingest what landed in RAW_DIR and refresh everything downstream.",
    default_status=(
        dg.DefaultScheduleStatus.RUNNING
        if os.environ.get("DAGSTER_SCHEDULES_ON") == "1"
        else dg.DefaultScheduleStatus.STOPPED
    ),
)
