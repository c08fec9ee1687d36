"""When the refresh runs: the refresh job, the hourly schedule, and the sensors on the raw folder and on dead runs.

The raw-folder sensor's cursor is the fingerprint of the raw folder and the seeds
(dagster_project.ingest.build_inputs). With no cursor yet (the first tick after it is turned on), it
compares with the fingerprint the last successful build's ingest recorded, so turning it on starts no
refresh when nothing changed since then. The schedule is stopped by default; turn it on in the UI or
with DAGSTER_SCHEDULES_ON=1.
"""

import os

import dagster as dg

from dagster_project.defs.ingest_assets import ARTICLE_EVENTS, INPUTS_FINGERPRINT
from dagster_project.defs.resources import RawFolderResource
from dagster_project.defs.run_recovery import recover_dead_runs
from dagster_project.ingest.build_inputs import inputs_fingerprint

# The refresh job: ingest, extraction and every dbt projection downstream.
refresh_warehouse_job = dg.define_asset_job(
    name="refresh_warehouse",
    selection=dg.AssetSelection.all(),
    description="Ingest new raw articles into the log, extract engagements, and rebuild the projections.",
)

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


def last_built_fingerprint(instance: dg.DagsterInstance, lookback: int = 20) -> str | None:
    """The inputs fingerprint recorded by the ingest of the latest successful run, if any."""
    records = instance.fetch_materializations(ARTICLE_EVENTS, limit=lookback).records
    for record in records:
        run = instance.get_run_by_id(record.run_id)
        if run is None or run.status != dg.DagsterRunStatus.SUCCESS:
            continue
        materialization = record.asset_materialization
        value = materialization.metadata.get(INPUTS_FINGERPRINT) if materialization else None
        return getattr(value, "value", value)
    return None


@dg.sensor(
    name="raw_folder_sensor",
    job=refresh_warehouse_job,
    minimum_interval_seconds=60,
    description="Requests one refresh run when the raw folder's files (new, changed or removed) or the seeds "
    "change; turned on, it starts nothing if nothing changed since the last successful build.",
    default_status=(
        dg.DefaultSensorStatus.RUNNING
        if os.environ.get("DAGSTER_SENSORS_ON") == "1"
        else dg.DefaultSensorStatus.STOPPED
    ),
)
def raw_folder_sensor(context: dg.SensorEvaluationContext, raw_folder: RawFolderResource):
    fingerprint = inputs_fingerprint(raw_folder.directory)
    previous = context.cursor or last_built_fingerprint(context.instance)
    if fingerprint == previous:
        context.update_cursor(fingerprint)
        return dg.SkipReason("nothing changed in the raw folder or the seeds since the last build")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)


@dg.sensor(
    name="dead_run_sensor",
    minimum_interval_seconds=30,
    description="Under `dagster dev`: marks runs whose worker process died (killed, out of memory) failed and "
    "frees their `duckdb_writer` pool slots, so they never block the queued runs (`make run` does the same "
    "before it starts).",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def dead_run_sensor(context: dg.SensorEvaluationContext) -> dg.SkipReason:
    recovered = recover_dead_runs(context.instance)
    for run in recovered:
        context.log.warning(f"run {run.run_id} was {run.status} but {run.reason}: marked failed, pool slots freed")
    return dg.SkipReason(f"{len(recovered)} dead runs marked failed" if recovered else "no dead runs")
