"""Runs that died without telling Dagster (SIGKILL, an OOM kill, a container stop): found, marked failed,
and their `duckdb_writer` pool slots freed, so that a killed run never blocks the next one.

A run's worker process is the one that logged its RUN_START event (Dagster records the pid of every
event). A run in progress whose worker is gone, or whose pid now belongs to a younger process, is dead.
A run still STARTING with no worker after `start_timeout_s` is dead too. The instance storage
(DAGSTER_HOME) is local to this machine, so the pid is meaningful here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
from dagster._core.events import DagsterEventType
from dagster._core.storage.dagster_run import FINISHED_STATUSES

IN_PROGRESS = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]
START_TIMEOUT_S = 180.0
# /proc start times are in clock ticks since boot, and the boot time in whole seconds.
CLOCK_SLACK_S = 2.0


@dataclass(frozen=True)
class Worker:
    """The process that runs (or ran) a run, as its RUN_START event recorded it."""

    pid: int
    started_at: float


@dataclass(frozen=True)
class RecoveredRun:
    """A dead run marked failed, and why."""

    run_id: str
    status: str
    reason: str


def run_worker(instance: dg.DagsterInstance, run_id: str) -> Worker | None:
    """The pid and start time of the run's worker, from its RUN_START event."""
    records = instance.get_records_for_run(run_id, of_type=DagsterEventType.RUN_START, limit=1).records
    for record in records:
        event = record.event_log_entry.dagster_event
        if event is not None and event.pid is not None:
            return Worker(pid=event.pid, started_at=record.event_log_entry.timestamp)
    return None


def process_start_time(pid: int) -> float | None:
    """When process `pid` started (seconds since the epoch), or None when there is no such live process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    if fields[0] in ("Z", "X"):  # a zombie has finished: it only waits for its parent to reap it
        return None
    boot = next(int(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines() if line[:5] == "btime")
    return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")


def pid_alive(pid: int) -> bool:
    """Where there is no /proc: whether the pid is live (a reused pid cannot be told apart)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worker_alive(worker: Worker) -> bool:
    """The worker still runs: its pid is live and the process is not younger than the run."""
    if not Path("/proc/self/stat").exists():
        return pid_alive(worker.pid)
    started = process_start_time(worker.pid)
    return started is not None and started <= worker.started_at + CLOCK_SLACK_S


def dead_reason(instance: dg.DagsterInstance, record: dg.RunRecord, now: float, start_timeout_s: float) -> str | None:
    """Why a run in progress is dead, or None while it may still be running."""
    worker = run_worker(instance, record.dagster_run.run_id)
    if worker is None:
        age = now - record.update_timestamp.timestamp()
        if record.dagster_run.status == dg.DagsterRunStatus.STARTED or age > start_timeout_s:
            return f"its worker never reported a start ({age:.0f} s ago)"
        return None
    if not worker_alive(worker):
        return f"its worker process (pid {worker.pid}) is gone"
    return None


def runs_in_progress(instance: dg.DagsterInstance) -> Iterator[dg.RunRecord]:
    yield from instance.get_run_records(filters=dg.RunsFilter(statuses=IN_PROGRESS))


def recover_dead_runs(instance: dg.DagsterInstance, start_timeout_s: float = START_TIMEOUT_S) -> list[RecoveredRun]:
    """Mark every dead run failed and free its pool slots; free the slots finished runs still hold."""
    now = time.time()
    recovered = []
    for record in runs_in_progress(instance):
        reason = dead_reason(instance, record, now, start_timeout_s)
        if reason is None:
            continue
        run = record.dagster_run
        instance.report_run_failed(run, f"Marked failed by the next run's pre-flight: {reason}.")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        recovered.append(RecoveredRun(run.run_id, run.status.value, reason))
    free_slots_of_finished_runs(instance)
    return recovered


def free_slots_of_finished_runs(instance: dg.DagsterInstance) -> list[str]:
    """Free pool slots still held by runs that have ended (or were deleted): nothing will free them."""
    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits:
        return []
    holders = storage.get_concurrency_run_ids()
    if not holders:
        return []
    records = instance.get_run_records(filters=dg.RunsFilter(run_ids=list(holders)))
    finished = {r.dagster_run.run_id for r in records if r.dagster_run.status in FINISHED_STATUSES}
    stale = sorted(finished | (set(holders) - {r.dagster_run.run_id for r in records}))
    for run_id in stale:
        storage.free_concurrency_slots_for_run(run_id)
    return stale


def live_writers(instance: dg.DagsterInstance) -> list[str]:
    """Runs in progress (after recovery these are alive): a new run's writing steps wait for them."""
    return [record.dagster_run.run_id for record in runs_in_progress(instance)]
