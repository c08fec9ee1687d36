"""The code location: assembles assets, jobs, schedules, sensors and resources."""

import dagster as dg

from dagster_project import concurrency_wait
from dagster_project.assets.dbt import warehouse_dbt_assets
from dagster_project.assets.extraction import engagement_extraction
from dagster_project.assets.ingest import article_events
from dagster_project.assets.publish import analytics_db, engagement_report
from dagster_project.checks import EXTRACTION_CHECKS
from dagster_project.jobs import refresh_warehouse_job
from dagster_project.resources import build_resources
from dagster_project.schedules import hourly_refresh_schedule
from dagster_project.sensors import dead_run_sensor, raw_folder_sensor

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
