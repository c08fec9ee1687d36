"""Ingest a raw folder into the event log: discover files, parse them, append in batches."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

import duckdb

from dagster_project.articles import Parsed, discover_raw_files, parse_raw_file
from dagster_project.event_log import AppendReport, EventLog

ProgressCallback = Callable[[int, int, AppendReport], None]


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
    for done, record in _records(files, raw_dir):
        batch.append(record)
        if len(batch) >= batch_size:
            total.add(log.append(batch))
            batch = []
            if progress:
                progress(done, len(files), total)
    total.add(log.append(batch))
    if progress:
        progress(len(files), len(files), total)
    return total


def _records(files: list[Path], raw_dir: Path) -> Iterator[tuple[int, Parsed]]:
    for done, path in enumerate(files, start=1):
        for record in parse_raw_file(path, raw_dir):
            yield done, record


def main(argv: list[str] | None = None) -> int:
    """`python -m dagster_project.ingest RAW_DIR WAREHOUSE_DB`: ingest without Dagster (tests, debugging)."""
    parser = argparse.ArgumentParser(description="Append new raw articles to the event log.")
    parser.add_argument("raw_dir", type=Path)
    parser.add_argument("warehouse_db", type=Path)
    parser.add_argument("--batch-size", type=int, default=5000)
    args = parser.parse_args(argv)
    args.warehouse_db.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(args.warehouse_db))
    try:
        report = ingest_raw_folder(con, args.raw_dir, batch_size=args.batch_size)
    finally:
        con.close()
    print(json.dumps(asdict(report)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
