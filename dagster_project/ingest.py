"""Ingest a raw folder into the event log: discover files, parse them, append in batches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from dagster_project.articles import Parsed, discover_raw_files, parse_raw_file
from dagster_project.event_log import AppendReport, EventLog
from dagster_project.progress import IngestProgress

# Called after every record read (and once more when done); throttle in the callback.
ProgressCallback = Callable[[IngestProgress], None]


def ingest_raw_folder(
    con: duckdb.DuckDBPyConnection,
    raw_dir: Path,
    batch_size: int = 5000,
    progress: ProgressCallback | None = None,
) -> AppendReport:
    """Append every new article under `raw_dir`; each batch commits atomically."""
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist")
    files = discover_raw_files(raw_dir)
    log = EventLog(con)
    total = AppendReport()
    batch: list[Parsed] = []
    read = 0
    for done, record in _records(files, raw_dir):
        batch.append(record)
        read += 1
        if len(batch) >= batch_size:
            total.add(log.append(batch))
            batch = []
        if progress:
            progress(IngestProgress(done, len(files), read, total.appended))
    total.add(log.append(batch))
    if progress:
        progress(IngestProgress(len(files), len(files), read, total.appended, finished=True))
    return total


def _records(files: list[Path], raw_dir: Path) -> Iterator[tuple[int, Parsed]]:
    for done, path in enumerate(files, start=1):
        for record in parse_raw_file(path, raw_dir):
            yield done, record
