"""The floors of the benchmark: costs no pipeline can avoid, measured in the same run.

- `read_raw_files`: list the raw folder and read every file's bytes (plain Python).
- `dbt_noop`: a `dbt build` whose selector matches nothing, against the built warehouse, invoked the
  way dagster-dbt invokes dbt (its own target folder, JSON logs), with a valid partial parse.
- `dictionary_scan`: build the seed gazetteer and run `Gazetteer.scan` over every article body.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from dagster_project.analytics.dbt_target import PARTIAL_PARSE
from dagster_project.settings import DBT_PROJECT_DIR, SEEDS_DIR

NOTHING_SELECTOR = "tag:bench_selects_nothing"
Figures = dict[str, Any]


def read_raw_files(raw: Path) -> Figures:
    """Walk the raw folder and read every file's bytes."""
    started = time.perf_counter()
    files = 0
    size = 0
    for folder, _dirs, names in os.walk(raw):
        for name in names:
            with open(os.path.join(folder, name), "rb") as handle:
                size += len(handle.read())
            files += 1
    return {"wall_s": round(time.perf_counter() - started, 3), "files": files, "bytes": size}


def dbt_executable() -> str:
    beside_python = Path(sys.executable).parent / "dbt"
    return str(beside_python) if beside_python.exists() else "dbt"


def dbt_noop(warehouse: Path, workdir: Path) -> Figures:
    """Time one `dbt build --select <nothing>` in a fresh target folder, with a valid partial parse.

    The folder is seeded with the partial-parse file the full build left in `workdir` (parsed with
    this warehouse's profile), else with the project's own; `partial_parse` tells whether dbt used it.
    """
    target = workdir / "dbt-noop-target"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for seed in (workdir / PARTIAL_PARSE, DBT_PROJECT_DIR / "target" / PARTIAL_PARSE):
        if seed.exists():
            shutil.copy(seed, target / PARTIAL_PARSE)
            break
    seconds = _timed_dbt_build(warehouse, target)
    log = target / "dbt.log"
    reparsed = log.exists() and "Unable to do partial parsing" in log.read_text(encoding="utf-8", errors="replace")
    return {"wall_s": seconds, "selector": NOTHING_SELECTOR, "partial_parse": not reparsed}


def _timed_dbt_build(warehouse: Path, target: Path) -> float:
    env = {
        **os.environ,
        "WAREHOUSE_DB": str(warehouse.resolve()),
        "DBT_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(target),
        "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR),
        "DBT_PROJECT_DIR": str(DBT_PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_LOG_FORMAT": "json",
    }
    started = time.perf_counter()
    completed = subprocess.run(
        [dbt_executable(), "build", "--select", NOTHING_SELECTOR],
        cwd=DBT_PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = round(time.perf_counter() - started, 3)
    if completed.returncode != 0:
        raise RuntimeError(f"dbt no-op failed ({completed.returncode}):\n{completed.stdout[-4000:]}")
    return seconds


def dictionary_scan(warehouse: Path, batch_size: int = 5000) -> Figures:
    """Load the gazetteer from the seeds, then scan every published or revised body of the log.

    Fetching and decoding the bodies from DuckDB is not timed: only the load and the scans are.
    """
    import duckdb

    from dagster_project.extraction.gazetteer import Gazetteer

    started = time.perf_counter()
    gazetteer = Gazetteer.from_seeds(SEEDS_DIR)
    load = time.perf_counter() - started
    scan = 0.0
    bodies = matches = characters = 0
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cursor = con.execute(
            "select payload from events.article_events "
            "where event_type in ('ArticlePublished', 'ArticleRevised') order by position"
        )
        while rows := cursor.fetchmany(batch_size):
            texts = [json.loads(payload)["body"] for (payload,) in rows]
            batch_started = time.perf_counter()
            matches += sum(len(gazetteer.scan(text)) for text in texts)
            scan += time.perf_counter() - batch_started
            bodies += len(texts)
            characters += sum(len(text) for text in texts)
    finally:
        con.close()
    return {
        "wall_s": round(load + scan, 3),
        "load_s": round(load, 3),
        "scan_s": round(scan, 3),
        "bodies": bodies,
        "characters": characters,
        "matches": matches,
    }
