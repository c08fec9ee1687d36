"""SIGKILL the whole process group of a real `make run` in each stage: the next `make run` is never
blocked by the dead run, completes, and its marts equal a clean build."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster._core.events import DagsterEventType

from tests.conftest import PROJECT_ROOT, materialize_all
from tests.processes import WatchedProcess
from tools.bench.corpus import generate_corpus

N_ARTICLES = 3000  # enough that each stage runs long enough to be killed inside it
STARTUP_S = 180.0
# (stage, step key, the output line that shows the stage has started, then how long to let it work)
KILLS = [
    ("ingest", "events__article_events", r"ingest: reading new and changed files", 0.3),
    ("extraction", "engagement_extraction", r"ingest accounting:", 1.5),
    ("dbt", "warehouse_dbt_assets", r"Running dbt command", 6.0),
    ("publish", "publish__analytics_db", r"publish: copying the marts", None),  # killed once its file exists
]


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("recovery")
    generate_corpus(root / "raw", N_ARTICLES)
    return {"raw": root / "raw", "warehouse": root / "warehouse" / "warehouse.duckdb", "home": root / "dagster_home"}


def make_run(setting: dict[str, Path]) -> WatchedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("ANALYTICS_DB", "MAKEFLAGS", "MAKELEVEL")}
    env.update(
        RAW_DIR=str(setting["raw"]), WAREHOUSE_DB=str(setting["warehouse"]), DAGSTER_HOME=str(setting["home"])
    )
    return WatchedProcess(["make", "--no-print-directory", "run"], cwd=PROJECT_ROOT, env=env)


def publish_temps(warehouse: Path) -> list[Path]:
    return sorted(warehouse.parent.glob(".analytics.duckdb.*"))


def wait_for_publish_file(warehouse: Path, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not any(p.suffix == ".tmp" for p in publish_temps(warehouse)):
        assert time.monotonic() < deadline, "the publish never created its file"
        time.sleep(0.005)


def latest_run(home: Path) -> tuple[str, dg.DagsterRunStatus, set[str], set[str]]:
    """The latest run's id and status, and the steps it started and finished."""
    with dg.DagsterInstance.from_config(str(home)) as instance:
        run = instance.get_run_records(limit=1)[0].dagster_run
        records = instance.get_records_for_run(
            run.run_id, of_type={DagsterEventType.STEP_START, DagsterEventType.STEP_SUCCESS}
        ).records
        events = [r.event_log_entry.dagster_event for r in records if r.event_log_entry.dagster_event]
        started = {e.step_key for e in events if e.event_type == DagsterEventType.STEP_START}
        finished = {e.step_key for e in events if e.event_type == DagsterEventType.STEP_SUCCESS}
        return run.run_id, run.status, started, finished


def projections(warehouse: Path) -> dict[str, list[tuple]]:
    """Every marts table and the log, bar the times events were recorded (a clean build records new ones)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = con.execute(
            "select table_name, list(column_name order by ordinal_position) "
            "filter (column_name not like '%recorded_at') "
            "from information_schema.columns where table_schema = 'marts' group by 1 order by 1"
        ).fetchall()
        found = {name: sorted(con.execute(f'select {", ".join(columns)} from marts."{name}"').fetchall(), key=repr)
                 for name, columns in tables}  # fmt: skip
        found["events.article_events"] = con.execute(
            "select position, event_id, article_key, stream_version, event_type, content_hash, md5(payload) "
            "from events.article_events order by position"
        ).fetchall()
        return found
    finally:
        con.close()


def run_statuses(home: Path) -> dict[str, dg.DagsterRunStatus]:
    with dg.DagsterInstance.from_config(str(home)) as instance:
        return {r.dagster_run.run_id: r.dagster_run.status for r in instance.get_run_records()}


def test_a_killed_make_run_never_blocks_the_next(setting: dict[str, Path], tmp_path: Path) -> None:
    killed: list[str] = []
    for stage, step, marker, work_s in KILLS:
        run = make_run(setting)
        try:
            run.wait_for(marker, STARTUP_S)  # a run blocked by the previous one never gets there
            if work_s is None:
                wait_for_publish_file(setting["warehouse"])
            else:
                time.sleep(work_s)
        finally:
            run.kill_group()
        run_id, status, started, finished = latest_run(setting["home"])
        assert status == dg.DagsterRunStatus.STARTED, f"{stage}: the killed run is left {status}"
        assert step in started and step not in finished, f"the kill did not land in {stage}: {finished}"
        if killed:  # this run was not blocked by the one killed before it: that one was marked failed
            assert f"pre-flight: run {killed[-1]} was STARTED" in run.output()
        killed.append(run_id)
    assert any(p.suffix == ".tmp" for p in publish_temps(setting["warehouse"])), "the killed publish left its file"

    final = make_run(setting)
    assert final.finish(timeout_s=400) == 0, final.output()[-3000:]
    assert f"pre-flight: run {killed[-1]} was STARTED" in final.output()
    lines = final.output().splitlines()
    assert not [line for line in lines if " - DEBUG - " in line], "make run logs at INFO"
    assert len(lines) < 120, f"make run is concise: {len(lines)} lines"
    assert any(re.search(r"dbt: [1-9]\d* models, seeds and tests done", line) for line in lines)
    statuses = run_statuses(setting["home"])
    assert {statuses[run_id] for run_id in killed} == {dg.DagsterRunStatus.FAILURE}
    assert next(iter(statuses.values())) == dg.DagsterRunStatus.SUCCESS
    assert publish_temps(setting["warehouse"]) == [], "the next publish removed the dead publish's files"

    clean = tmp_path / "clean" / "warehouse.duckdb"
    materialize_all(setting["raw"], clean)
    recovered, expected = projections(setting["warehouse"]), projections(clean)
    assert len(recovered["events.article_events"]) == N_ARTICLES
    assert recovered.keys() == expected.keys()
    for name, rows in expected.items():
        assert recovered[name] == rows, f"{name} differs from a clean build"


HOLDER = """
import sys, time
import dagster as dg

@dg.op(pool="duckdb_writer")
def hold() -> None:
    print("holding", flush=True)
    time.sleep(120)

@dg.job(executor_def=dg.in_process_executor)
def holds_the_pool():
    hold()

with dg.DagsterInstance.from_config(sys.argv[1]) as instance:
    holds_the_pool.execute_in_process(instance=instance)
"""


def test_the_dead_run_sensor_fails_dead_runs_and_frees_their_slots(tmp_path: Path) -> None:
    """What `dagster dev` does for runs launched from the UI, a schedule or a sensor (make run has the pre-flight)."""
    from dagster_project.defs.automation import dead_run_sensor

    (tmp_path / "dagster.yaml").write_text((PROJECT_ROOT / "dagster.yaml").read_text())
    env = {key: value for key, value in os.environ.items() if key != "DAGSTER_HOME"}
    killed = WatchedProcess([sys.executable, "-c", HOLDER, str(tmp_path)], PROJECT_ROOT, env)
    killed.wait_for("holding", 120)
    killed_run = latest_run(tmp_path)[0]
    killed.kill_group()
    waiting = WatchedProcess([sys.executable, "-c", HOLDER, str(tmp_path)], PROJECT_ROOT, env)
    try:
        with pytest.raises(AssertionError, match="no line matching"):
            waiting.wait_for("holding", 20)  # blocked by the dead run's slot
        with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
            with dg.build_sensor_context(instance=instance) as context:
                assert dead_run_sensor(context).skip_message == "1 dead runs marked failed"
            assert instance.get_run_by_id(killed_run).status == dg.DagsterRunStatus.FAILURE
        waiting.wait_for("holding", 60)
        with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
            with dg.build_sensor_context(instance=instance) as context:
                assert dead_run_sensor(context).skip_message == "no dead runs", "a live run is left alone"
            assert instance.get_run_by_id(latest_run(tmp_path)[0]).status == dg.DagsterRunStatus.STARTED
    finally:
        waiting.kill_group()
