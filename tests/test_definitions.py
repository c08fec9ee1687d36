"""The code location: groups, one dbt step, the schedule and the raw-folder sensor."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from dagster_project.definitions import defs
from dagster_project.resources import RawFolderResource
from dagster_project.sensors import raw_folder_sensor


def test_asset_groups_per_layer() -> None:
    graph = defs.resolve_asset_graph()
    groups = {graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups == {"ingest", "extraction", "reference", "staging", "intermediate", "marts", "publish"}
    assert dg.AssetKey(["marts", "mart_engagement_frequency_by_topic"]) in graph.get_all_asset_keys()


def test_dbt_runs_as_one_step_after_extraction() -> None:
    """Splitting the dbt step lets dbt run tests before all their parents exist."""
    job = defs.resolve_implicit_global_asset_job_def()
    names = [node.name for node in job.graph.node_defs]
    assert names.count("warehouse_dbt_assets") == 1


def test_dbt_tests_are_asset_checks() -> None:
    graph = defs.resolve_asset_graph()
    checks = graph.asset_check_keys
    assert any(check.asset_key == dg.AssetKey(["marts", "fct_engagements"]) for check in checks)


def test_hourly_schedule_targets_the_refresh_job() -> None:
    schedule = defs.resolve_schedule_def("hourly_refresh")
    assert schedule.cron_schedule == "0 * * * *"
    assert schedule.job_name == "refresh_warehouse"


def test_sensor_requests_one_run_per_change(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("date 2025-01-01\n\nText.", encoding="utf-8")
    resources = {"raw_folder": RawFolderResource(path=str(raw))}
    with dg.build_sensor_context(resources=resources) as context:
        first = raw_folder_sensor(context)
        assert isinstance(first, dg.RunRequest)
        cursor = context.cursor
    with dg.build_sensor_context(cursor=cursor, resources=resources) as context:
        assert isinstance(raw_folder_sensor(context), dg.SkipReason)
    (raw / "b.txt").write_text("date 2025-01-02\n\nMore.", encoding="utf-8")
    with dg.build_sensor_context(cursor=cursor, resources=resources) as context:
        assert isinstance(raw_folder_sensor(context), dg.RunRequest)
        assert context.cursor != cursor
    assert os.path.exists(raw / "b.txt")
