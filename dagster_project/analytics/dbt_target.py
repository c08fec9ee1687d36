"""Housekeeping of dbt's target folder between builds (no Dagster here).

dagster-dbt gives every dbt invocation its own folder under `dbt/target` (manifest, run results,
logs: about 7 MB). This module carries the partial parse of the last build over to the next one
and keeps only the most recent invocation folders.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

PARTIAL_PARSE = "partial_parse.msgpack"
# Invocation folders kept for debugging a recent build (its dbt.log and run_results.json).
KEEP_INVOCATIONS = 20


def keep_partial_parse(invocation_target: Path, project_target: Path) -> None:
    """Make an invocation's `partial_parse.msgpack` the project's, so the next build reuses it.

    dbt keys its partial parse on the profile, including the warehouse path: a file written by
    `dbt parse` for another path makes every build re-parse the whole project (about 2.5 s)."""
    produced = invocation_target / PARTIAL_PARSE
    if not produced.exists():
        return
    project_target.mkdir(parents=True, exist_ok=True)
    staged = project_target / f".{PARTIAL_PARSE}.{os.getpid()}"
    shutil.copyfile(produced, staged)
    os.replace(staged, project_target / PARTIAL_PARSE)


def prune_invocations(project_target: Path, prefix: str, keep: int = KEEP_INVOCATIONS) -> list[Path]:
    """Delete all but the `keep` most recent invocation folders whose names start with `prefix`."""
    folders = sorted(
        (p for p in project_target.glob(f"{prefix}*") if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True
    )
    removed = folders[keep:]
    for folder in removed:
        shutil.rmtree(folder, ignore_errors=True)
    return removed
