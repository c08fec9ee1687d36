"""The code location: groups, one dbt step, the schedule and the raw-folder sensor."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from dagster_project.definitions import defs
from dagster_project.defs.automation import raw_folder_sensor
from dagster_project.defs.resources import RawFolderResource


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
    with dg.instance_for_test() as instance:
        with dg.build_sensor_context(instance=instance, resources=resources) as context:
            first = raw_folder_sensor(context)
            assert isinstance(first, dg.RunRequest), "never built: the first tick requests a build"
            cursor = context.cursor
        with dg.build_sensor_context(instance=instance, cursor=cursor, resources=resources) as context:
            assert isinstance(raw_folder_sensor(context), dg.SkipReason)
        (raw / "b.txt").write_text("date 2025-01-02\n\nMore.", encoding="utf-8")
        with dg.build_sensor_context(instance=instance, cursor=cursor, resources=resources) as context:
            assert isinstance(raw_folder_sensor(context), dg.RunRequest)
            assert context.cursor != cursor
    assert os.path.exists(raw / "b.txt")


def test_every_check_has_a_description() -> None:
    graph = defs.resolve_asset_graph()
    specs = [spec for assets_def in graph.assets_defs for spec in assets_def.check_specs]
    assert len(specs) > 50
    assert [spec.key.to_user_string() for spec in specs if not spec.description] == []
    by_name = {spec.key.name: spec.description for spec in specs}
    assert by_name["unique_int_article_versions_article_key"] == "`article_key` is unique: no two rows share a value."
    checks = {spec.key for spec in specs}
    for asset, name in [
        (["events", "article_events"], "log_positions_gap_free"),
        (["events", "article_events"], "ingest_accounting"),
        (["events", "article_events"], "no_rejections_in_this_run"),
        (["extraction", "processed_events"], "every_article_event_processed"),
        (["extraction", "mention_participants"], "participants_have_a_country"),
    ]:
        assert dg.AssetCheckKey(dg.AssetKey(asset), name) in checks
