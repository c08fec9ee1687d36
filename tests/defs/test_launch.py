"""`as_of` is parsed as a timestamp before it reaches SQL or the shell; `make run` asks for concise logs."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import dagster as dg
import pytest

from dagster_project.analytics.replay import RebuildOptions, parse_as_of
from dagster_project.defs.launch import LaunchError, run_config
from dagster_project.defs.resources import build_resources
from tests.conftest import PROJECT_ROOT

QUOTED = "2025-01-01' or true or '"


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("2025-03-01", "2025-03-01 00:00:00"),
        ("2025-03-01T12:30:00", "2025-03-01 12:30:00"),
        ("2025-03-01 12:30:00.250+02:00", "2025-03-01 10:30:00.250000"),
        ("2025-03-01T12:30:00Z", "2025-03-01 12:30:00"),
    ],
)
def test_as_of_takes_one_normal_form(given: str, normal: str) -> None:
    assert parse_as_of(given) == normal
    variables = json.loads(RebuildOptions(as_of=given).dbt_build_args()[-1])
    assert variables == {"as_of": normal}


@pytest.mark.parametrize("bad", [QUOTED, "yesterday", "2025-13-01", "", "1; drop table events.article_events"])
def test_as_of_that_is_not_a_timestamp_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="ISO date or timestamp"):
        RebuildOptions(as_of=bad)
    with pytest.raises(LaunchError, match=r"ISO date or timestamp|needs POSITION"):
        run_config("as-of", {"AS_OF": bad})


def test_position_must_be_a_whole_number() -> None:
    with pytest.raises(LaunchError, match="whole number"):
        run_config("as-of", {"POSITION": "3 or 1=1"})
    assert run_config("as-of", {"POSITION": "3"})["ops"]["warehouse_dbt_assets"]["config"]["as_of_position"] == 3


def test_run_config_asks_for_concise_logs() -> None:
    assert run_config("run", {})["loggers"]["console"]["config"]["log_level"] == "INFO"
    replay = run_config("replay", {"RUN_LOG_LEVEL": "debug"})
    assert replay["loggers"]["console"]["config"]["log_level"] == "DEBUG"
    assert replay["ops"]["engagement_extraction"]["config"]["full_refresh"] is True
    with pytest.raises(LaunchError, match="RUN_LOG_LEVEL"):
        run_config("run", {"RUN_LOG_LEVEL": "chatty"})


def test_make_as_of_with_a_quote_runs_nothing(tmp_path: Path) -> None:
    """The old target put AS_OF inside single-quoted shell text: a quote ended it and ran the rest."""
    marker = tmp_path / "injected"
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL")}
    env.update(RAW_DIR=str(tmp_path / "raw"), WAREHOUSE_DB=str(tmp_path / "w.duckdb"), DAGSTER_HOME=str(tmp_path / "h"))
    as_of = f"2025-01-01'; touch {marker}; echo '"
    done = subprocess.run(
        ["make", "--no-print-directory", "as-of", f"AS_OF={as_of}"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert not marker.exists(), "text of AS_OF ran as a shell command"
    assert done.returncode != 0
    assert "as_of must be an ISO date or timestamp" in done.stderr
    assert not (tmp_path / "w.duckdb").exists(), "no run started"


def test_the_dbt_step_refuses_a_quoted_as_of_before_dbt_runs(tmp_path: Path) -> None:
    from dagster_project.definitions import defs

    job = defs.resolve_implicit_global_asset_job_def()
    config = {"ops": {"warehouse_dbt_assets": {"config": {"as_of": QUOTED}}}}
    (tmp_path / "raw").mkdir()
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(
            instance=instance,
            resources=build_resources(tmp_path / "raw", tmp_path / "w.duckdb"),
            run_config=config,
            raise_on_error=False,
        )
    assert not result.success
    failures = [e for e in result.all_events if e.is_step_failure]
    assert [e.step_key for e in failures] == ["warehouse_dbt_assets"]
    assert "as_of must be an ISO date or timestamp" in str(failures[0].step_failure_data.error)
