"""The Dagster stages of the benchmark: materialize assets in-process, time the run and its steps.

Each stage is a job over an asset selection of the code location's assets, with the resources of
`build_resources(raw_dir, warehouse_db)`.

Used inside a child process (see `child.py`). Stages: `ingest` (the `events/article_events` asset
only), `build` (every asset but the ingest: extraction, seeds and dbt models with their tests) and
`refresh` (every asset). Besides the run's wall time it reports each step's duration, what the
ingest and the extraction did, and dbt's own timings from the run's `run_results.json`.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import dagster as dg

from dagster_project.analytics.dbt_target import PARTIAL_PARSE
from dagster_project.defs.dbt.project import dbt_project
from dagster_project.defs.ingest_assets import ARTICLE_EVENTS

QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
INGEST_METADATA = ("records_seen", "appended", "duplicates", "rejected")
STEP_END_EVENTS = ("STEP_SUCCESS", "STEP_FAILURE")
Figures = dict[str, Any]


def stage_selection(kind: str) -> dg.AssetSelection:
    if kind == "ingest":
        return dg.AssetSelection.assets(ARTICLE_EVENTS)
    if kind == "build":
        return dg.AssetSelection.all() - dg.AssetSelection.assets(ARTICLE_EVENTS)
    if kind == "refresh":
        return dg.AssetSelection.all()
    raise ValueError(f"unknown Dagster stage {kind!r}")


def stage_job(kind: str, raw: Path, warehouse: Path) -> dg.JobDefinition:
    """A job over the stage's asset selection, in the code location's assets, with the bench's resources."""
    from dagster_project.definitions import defs
    from dagster_project.defs.resources import build_resources

    bench_defs = dg.Definitions(
        assets=list(defs.assets or []),
        jobs=[dg.define_asset_job(f"bench_{kind}", selection=stage_selection(kind))],
        resources=build_resources(raw, warehouse),
        executor=dg.in_process_executor,
    )
    return bench_defs.resolve_job_def(f"bench_{kind}")


def materialize(kind: str, raw: Path, warehouse: Path, workdir: Path) -> Figures:
    """Execute the stage's job in-process (an ephemeral instance); raise if the run fails."""
    job = stage_job(kind, raw, warehouse)
    started = time.perf_counter()
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance, run_config=QUIET_RUN_CONFIG)
        wall = time.perf_counter() - started
        steps = step_seconds(instance, result.run_id)
    figures: Figures = {"wall_s": round(wall, 3), "steps": steps, "run_id": result.run_id}
    figures.update(materialization_figures(result))
    dbt = dbt_figures(result.run_id, workdir)
    if dbt:
        figures["dbt"] = dbt
    return figures


def step_seconds(instance: dg.DagsterInstance, run_id: str) -> dict[str, float]:
    """Seconds from each step's start to its end, from the run's event log."""
    starts: dict[str, float] = {}
    durations: dict[str, float] = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or entry.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            starts[entry.step_key] = entry.timestamp
        elif event.event_type_value in STEP_END_EVENTS and entry.step_key in starts:
            durations[entry.step_key] = round(entry.timestamp - starts[entry.step_key], 3)
    return durations


def materialization_figures(result: dg.ExecuteInProcessResult) -> Figures:
    """What the ingest appended and how many events the extraction processed, from asset metadata."""
    figures: Figures = {}
    for event in result.get_asset_materialization_events():
        materialization = event.step_materialization_data.materialization
        metadata = {name: getattr(value, "value", value) for name, value in materialization.metadata.items()}
        if materialization.asset_key == ARTICLE_EVENTS:
            figures["ingest"] = {name: metadata.get(name) for name in INGEST_METADATA}
        elif "events_extracted" in metadata:
            figures["events_extracted"] = metadata["events_extracted"]
    return figures


def dbt_figures(run_id: str, workdir: Path, slowest: int = 8) -> Figures | None:
    """dbt's elapsed time, seconds by node type and the slowest nodes; removes the run's target folder.

    The run's `partial_parse.msgpack` (parsed with this warehouse's profile) is kept in `workdir`
    for the dbt no-op floor.
    """
    target = Path(dbt_project.project_dir) / dbt_project.target_path  # target-spark/ on Spark
    folders = sorted(target.glob(f"*-{run_id[:7]}-*"))
    results_path = next((f / "run_results.json" for f in folders if (f / "run_results.json").exists()), None)
    if results_path is None:
        return None
    run_results = json.loads(results_path.read_text(encoding="utf-8"))
    log = results_path.parent / "dbt.log"
    by_type: dict[str, float] = defaultdict(float)
    nodes = []
    for node in run_results.get("results", []):
        by_type[node["unique_id"].split(".")[0]] += node.get("execution_time") or 0.0
        nodes.append((round(node.get("execution_time") or 0.0, 3), node["unique_id"]))
    figures = {
        "elapsed_s": round(run_results.get("elapsed_time") or 0.0, 3),
        "seconds_by_type": {kind: round(seconds, 3) for kind, seconds in sorted(by_type.items())},
        "nodes": len(nodes),
        "slowest": [[name, seconds] for seconds, name in sorted(nodes, reverse=True)[:slowest]],
        "partial_parse": not (log.exists() and "Unable to do partial parsing" in log.read_text(errors="replace")),
    }
    partial_parse = results_path.parent / PARTIAL_PARSE
    if partial_parse.exists():
        shutil.copy(partial_parse, workdir / PARTIAL_PARSE)
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    return figures
