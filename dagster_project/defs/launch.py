"""`make run`, `make replay` and `make as-of`: a pre-flight, then `dagster asset materialize`.

The pre-flight marks runs that died without telling Dagster (SIGKILL, OOM, container stop) failed and
frees their pool slots, so they never block this run; it builds the run config from the environment
(`AS_OF`, `POSITION`), validated, so no value is ever spliced into shell text; and it asks for concise
logs (`RUN_LOG_LEVEL`, default INFO: errors and progress, not every Dagster event). Then it becomes the
Dagster CLI (exec), in the same process group as `make`.

    python -m dagster_project.defs.launch run|replay|as-of
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg

from dagster_project.analytics.replay import RebuildOptions
from dagster_project.defs.dbt.invocation import CONCISE_DBT_ENV
from dagster_project.defs.run_recovery import live_writers, recover_dead_runs
from dagster_project.settings import on_spark

MODES = ("run", "replay", "as-of")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
WAIT_POLL_S = 2.0


class LaunchError(ValueError):
    """A setting the run cannot start with."""


def rebuild_options(mode: str, env: Mapping[str, str]) -> RebuildOptions:
    """The rebuild options of a mode; `as-of` reads POSITION and AS_OF from the environment."""
    if mode == "replay":
        return RebuildOptions(full_refresh=True)
    if mode != "as-of":
        return RebuildOptions()
    position, as_of = env.get("POSITION") or None, env.get("AS_OF") or None
    if position is None and as_of is None:
        raise LaunchError("make as-of needs POSITION=<log position> or AS_OF=<ISO date or timestamp>")
    if position is not None and not position.strip().isdigit():
        raise LaunchError(f"POSITION must be a log position (a whole number, 0 or more), got {position!r}")
    try:
        return RebuildOptions(as_of_position=None if position is None else int(position), as_of=as_of)
    except ValueError as error:
        raise LaunchError(str(error)) from None


def run_config(mode: str, env: Mapping[str, str]) -> dict[str, Any]:
    """The run config of `dagster asset materialize` for a mode."""
    options = rebuild_options(mode, env)
    level = (env.get("RUN_LOG_LEVEL") or "INFO").upper()
    if level not in LOG_LEVELS:
        raise LaunchError(f"RUN_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {level!r}")
    dbt = {"full_refresh": options.full_refresh, "as_of_position": options.as_of_position, "as_of": options.as_of}
    ops: dict[str, Any] = {"warehouse_dbt_assets": {"config": dbt}}
    if options.full_refresh:
        ops["spark_extraction" if on_spark() else "engagement_extraction"] = {"config": {"full_refresh": True}}
    return {"ops": ops, "loggers": {"console": {"config": {"log_level": level}}}}


def preflight(instance: dg.DagsterInstance, poll_s: float = WAIT_POLL_S) -> None:
    """Recover dead runs, then wait (asleep) while a live run writes the warehouse, recovering it too
    should it die meanwhile."""
    waiting_for: list[str] = []
    while True:
        for run in recover_dead_runs(instance):
            say(f"pre-flight: run {run.run_id} was {run.status} but {run.reason}: marked failed, pool slots freed")
        writers = live_writers(instance)
        if not writers:
            return
        if writers != waiting_for:
            say(f"pre-flight: waiting for run {', '.join(writers)}, which is writing the warehouse")
            waiting_for = writers
        time.sleep(poll_s)


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def dagster_command(config: Mapping[str, Any]) -> list[str]:
    dagster = str(Path(sys.executable).parent / "dagster")
    return [
        dagster, "asset", "materialize", "-m", "dagster_project.definitions", "--select", "*",
        "--config-json", json.dumps(config),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in MODES:
        print(f"usage: python -m dagster_project.defs.launch {'|'.join(MODES)}", file=sys.stderr)
        return 2
    try:
        config = run_config(args[0], os.environ)
    except LaunchError as error:
        say(f"error: {error}")
        return 2
    with dg.DagsterInstance.get() as instance:
        preflight(instance)
    os.environ.setdefault(CONCISE_DBT_ENV, "1")
    command = dagster_command(config)
    os.execv(command[0], command)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
