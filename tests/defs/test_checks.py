"""Checks on the log and the extraction in a real build, a warning for rejected records, and a sensor
that starts nothing when turned on after a build if nothing changed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from dagster_project.defs.automation import raw_folder_sensor
from dagster_project.defs.resources import RawFolderResource, build_resources
from tests.conftest import RAW_SAMPLE

Built = tuple[dg.DagsterInstance, dg.ExecuteInProcessResult, Path]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    from dagster_project.definitions import defs

    root = tmp_path_factory.mktemp("checks")
    raw = root / "raw"
    shutil.copytree(RAW_SAMPLE, raw)
    (raw / "feeds" / "broken.jsonl").write_text('{"id": "x1", "title": "A", "body": \n', encoding="utf-8")
    job = defs.resolve_implicit_global_asset_job_def()
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(instance=instance, resources=build_resources(raw, root / "w.duckdb"))
        yield instance, result, raw


def check_results(result: dg.ExecuteInProcessResult) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.asset_check_evaluation_data.check_name: e.asset_check_evaluation_data
            for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"}  # fmt: skip


def test_log_and_extraction_checks_pass(built: Built) -> None:
    _, result, _ = built
    found = check_results(result)
    for name in ("log_positions_gap_free", "ingest_accounting", "every_article_event_processed"):
        assert found[name].passed, (name, found[name].metadata)
    assert found["ingest_accounting"].metadata["log_grew_by"].value == found["ingest_accounting"].metadata[
        "appended"
    ].value > 0
    assert "participants_have_a_country" in found


def test_rejected_records_warn_and_the_run_stays_green(built: Built) -> None:
    _, result, _ = built
    assert result.success
    rejections = check_results(result)["no_rejections_in_this_run"]
    assert not rejections.passed
    assert rejections.severity == dg.AssetCheckSeverity.WARN
    assert rejections.metadata["new_rejections"].value >= 1


def test_the_sensor_starts_nothing_when_turned_on_after_a_build(built: Built) -> None:
    instance, _, raw = built
    resources = {"raw_folder": RawFolderResource(path=str(raw))}
    with dg.build_sensor_context(instance=instance, resources=resources) as context:
        assert isinstance(raw_folder_sensor(context), dg.SkipReason)
        cursor = context.cursor
    assert cursor
    (raw / "text" / "new.txt").write_text("date 2025-02-01\nNew\n\nLeaders met in Paris.\n", encoding="utf-8")
    with dg.build_sensor_context(instance=instance, cursor=cursor, resources=resources) as context:
        assert isinstance(raw_folder_sensor(context), dg.RunRequest)
