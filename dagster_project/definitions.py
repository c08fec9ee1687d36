"""The code location: assembles assets, jobs, schedules, sensors and resources."""

import dagster as dg

from dagster_project.defs import concurrency_wait
from dagster_project.defs.automation import (
    dead_run_sensor,
    hourly_refresh_schedule,
    raw_folder_sensor,
    refresh_warehouse_job,
)
from dagster_project.defs.checks import EXTRACTION_CHECKS
from dagster_project.defs.dbt.assets import warehouse_dbt_assets
from dagster_project.defs.extraction_assets import engagement_extraction
from dagster_project.defs.ingest_assets import article_events
from dagster_project.defs.publish_assets import analytics_db, engagement_report
from dagster_project.defs.resources import build_resources

concurrency_wait.install()

defs = dg.Definitions(
    assets=[article_events, engagement_extraction, warehouse_dbt_assets, analytics_db, engagement_report],
    asset_checks=EXTRACTION_CHECKS,
    jobs=[refresh_warehouse_job],
    schedules=[hourly_refresh_schedule],
    sensors=[raw_folder_sensor, dead_run_sensor],
    resources=build_resources(),
    executor=dg.in_process_executor,
)
