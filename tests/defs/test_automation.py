"""Scheduled refreshes and freshness, through Dagster's own test APIs."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime, timedelta

import dagster as dg
from dagster._core.definitions.freshness import FreshnessState, TimeWindowFreshnessPolicy
from dagster._core.definitions.freshness_evaluator import TimeWindowFreshnessPolicyEvaluator
from dagster._core.test_utils import freeze_time, in_process_test_workspace
from dagster._core.types.loadable_target_origin import LoadableTargetOrigin

from dagster_project.definitions import defs

MART = dg.AssetKey(["marts", "fct_engagements"])


def test_hourly_refresh_requests_the_refresh_job_every_hour() -> None:
    schedule = defs.resolve_schedule_def("hourly_refresh")
    for hour in (0, 13):
        tick = datetime(2025, 3, 1, hour, 0, tzinfo=UTC)
        with dg.build_schedule_context(scheduled_execution_time=tick) as context:
            result = schedule.evaluate_tick(context)
        assert [request.job_name or schedule.job_name for request in result.run_requests or []] == ["refresh_warehouse"]
    job = defs.resolve_job_def("refresh_warehouse")
    assert dg.AssetKey(["publish", "engagement_report"]) in job.asset_layer.executable_asset_keys


def test_schedule_and_sensor_are_stopped_unless_turned_on() -> None:
    schedule = defs.resolve_schedule_def("hourly_refresh")
    sensor = defs.resolve_sensor_def("raw_folder_sensor")
    schedules_on = os.environ.get("DAGSTER_SCHEDULES_ON") == "1"
    sensors_on = os.environ.get("DAGSTER_SENSORS_ON") == "1"
    assert (schedule.default_status == dg.DefaultScheduleStatus.RUNNING) == schedules_on
    assert (sensor.default_status == dg.DefaultSensorStatus.RUNNING) == sensors_on
    assert schedule.description and sensor.description


def test_marts_and_the_analytics_database_expect_hourly_freshness() -> None:
    graph = defs.resolve_asset_graph()
    expected = {key for key in graph.get_all_asset_keys() if graph.get(key).group_name == "marts"}
    expected.add(dg.AssetKey(["publish", "analytics_db"]))
    with_policy = {key for key in graph.get_all_asset_keys() if graph.get(key).freshness_policy is not None}
    assert with_policy == expected
    policy = graph.get(MART).freshness_policy
    assert isinstance(policy, TimeWindowFreshnessPolicy)
    assert policy.fail_window.to_timedelta() == timedelta(hours=2)


def test_a_stale_mart_shows_warn_then_fail() -> None:
    """Dagster's own evaluator (the one its freshness daemon runs), at later and later times."""
    origin = LoadableTargetOrigin(module_name="dagster_project.definitions")
    with dg.instance_for_test() as instance:
        instance.report_runless_asset_event(dg.AssetMaterialization(MART))
        built = datetime.now(UTC)
        states = []
        with in_process_test_workspace(instance, origin) as context:
            node = context.asset_graph.get(MART)
            for minutes in (5, 90, 180):
                with freeze_time(built + timedelta(minutes=minutes)):
                    states.append(asyncio.run(TimeWindowFreshnessPolicyEvaluator().evaluate_freshness(context, node)))
    assert states == [FreshnessState.PASS, FreshnessState.WARN, FreshnessState.FAIL]
