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
from dagster_project.defs.scaleout_assets import parquet_mirror, spark_extraction
from dagster_project.settings import on_spark

concurrency_wait.install()

# On Spark (DBT_TARGET=spark or spark_connect) the log is mirrored as Parquet and extracted on Spark, dbt
# builds there, and the DuckDB-only steps (extraction into DuckDB, its checks, publishing analytics.duckdb
# and its report) are left out.
ASSETS = (
    [article_events, parquet_mirror, spark_extraction, warehouse_dbt_assets]
    if on_spark()
    else [article_events, engagement_extraction, warehouse_dbt_assets, analytics_db, engagement_report]
)

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=[] if on_spark() else EXTRACTION_CHECKS,
    jobs=[refresh_warehouse_job],
    schedules=[hourly_refresh_schedule],
    sensors=[raw_folder_sensor, dead_run_sensor],
    resources=build_resources(),
    executor=dg.in_process_executor,
)
