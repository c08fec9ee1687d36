"""A run waiting for the `duckdb_writer` pool sleeps instead of spinning (Dagster 1.13 never sleeps there)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import dagster as dg
from dagster._core.execution.plan.instance_concurrency_context import InstanceConcurrencyContext

import dagster_project.definitions  # noqa: F401  (loading the code location installs the fix)

BLOCKED_S = 6.0
WAITING_RUN = """
import json, sys, threading, time
import dagster as dg
import dagster_project.definitions  # the code location, as every run worker loads it

@dg.op(pool="duckdb_writer")
def write() -> None:
    pass

@dg.job(executor_def=dg.in_process_executor)
def waits_for_the_pool():
    write()

with dg.instance_for_test(temp_dir=sys.argv[1]) as instance:
    storage = instance.event_log_storage
    storage.set_concurrency_slots("duckdb_writer", 1)
    storage.claim_concurrency_slot("duckdb_writer", "another-run", "its-step", 0)
    threading.Timer(float(sys.argv[2]), storage.free_concurrency_slots_for_run, ["another-run"]).start()
    cpu, wall = time.process_time(), time.monotonic()
    result = waits_for_the_pool.execute_in_process(instance=instance)
    cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    print(json.dumps({"success": result.success, "cpu_s": cpu, "wall_s": wall}))
"""


def test_a_pending_claim_waits_for_its_next_check() -> None:
    with dg.instance_for_test() as instance:
        instance.event_log_storage.set_concurrency_slots("duckdb_writer", 1)
        instance.event_log_storage.claim_concurrency_slot("duckdb_writer", "another-run", "its-step", 0)
        with InstanceConcurrencyContext(instance, dg.DagsterRun(job_name="j", run_id="waiting")) as context:
            assert not context.claim("duckdb_writer", "step")
            assert 0.5 < context.interval_to_next_pending_claim_check() <= 15


def test_a_run_blocked_by_the_pool_sleeps(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WAITING_RUN, str(tmp_path), str(BLOCKED_S)],
        capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["success"] and figures["wall_s"] >= BLOCKED_S
    assert figures["cpu_s"] < 0.3 * figures["wall_s"], f"the waiting run kept a core busy: {figures}"
