"""A sensor that starts a refresh when new or changed files land in RAW_DIR."""

import os

import dagster as dg

from dagster_project.jobs import refresh_warehouse_job
from dagster_project.raw_folder_state import raw_folder_fingerprint
from dagster_project.resources import RawFolderResource


@dg.sensor(
    name="raw_folder_sensor",
    job=refresh_warehouse_job,
    minimum_interval_seconds=60,
    description="Requests one refresh run when the raw folder's files change (new, changed or removed files).",
    default_status=(
        dg.DefaultSensorStatus.RUNNING
        if os.environ.get("DAGSTER_SENSORS_ON") == "1"
        else dg.DefaultSensorStatus.STOPPED
    ),
)
def raw_folder_sensor(context: dg.SensorEvaluationContext, raw_folder: RawFolderResource):
    fingerprint = raw_folder_fingerprint(raw_folder.directory)
    if fingerprint == context.cursor:
        return dg.SkipReason("no new files in the raw folder")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)
