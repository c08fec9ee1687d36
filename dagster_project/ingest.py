"""Ingest a raw folder into the event log: find new or changed files, parse them, append in batches.

A refresh costs what is new: files whose size and modification time match the manifest
(`events.ingested_files`) were ingested before and are not read again. Batches hold whole files;
each batch's events, rejections and manifest entries commit in one transaction.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from dagster_project.articles import IGNORED_NAMES, parse_relative_file
from dagster_project.event_log import AppendReport, Delivered, EventLog, FileStamp, ensure_schema, log_records
from dagster_project.progress import IngestProgress

# Called after every file read (and once more when done); the callback throttles itself.
ProgressCallback = Callable[[IngestProgress], None]
# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 3000
CHUNK_FILES = 250
# As the warehouse resource: the write-ahead log keeps each batch durable, one checkpoint at the end.
CONNECTION_CONFIG = {"wal_autocheckpoint": "1GB"}


@dataclass
class IngestReport(AppendReport):
    files_found: int = 0
    files_unchanged: int = 0


def ingest_raw_folder(
    con: duckdb.DuckDBPyConnection,
    raw_dir: Path,
    batch_size: int = 5000,
    progress: ProgressCallback | None = None,
    workers: int = 1,
) -> IngestReport:
    """Append every new or changed article under `raw_dir`; each batch commits atomically."""
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist")
    ensure_schema(con)
    found = scan_raw_folder(raw_dir)
    todo = changed_files(con, found)
    total = IngestReport(files_found=len(found), files_unchanged=len(found) - len(todo))
    log = EventLog(con)
    parsed = _parsed(todo, raw_dir, workers)
    if progress:
        parsed = _reporting(parsed, progress, len(todo), total)
    for records, stamps in _batches(parsed, batch_size):
        total.add(log.append(records, stamps))
    if progress:
        progress(IngestProgress(len(todo), len(todo), total.seen, total.appended, finished=True))
    return total


def _reporting(
    parsed: Iterator[tuple[FileStamp, list[Delivered]]], progress: ProgressCallback, n_files: int, total: AppendReport
) -> Iterator[tuple[FileStamp, list[Delivered]]]:
    read = 0
    for done, (stamp, records) in enumerate(parsed, start=1):
        read += len(records)
        progress(IngestProgress(done, n_files, read, total.appended))
        yield stamp, records


def scan_raw_folder(raw_dir: Path) -> list[FileStamp]:
    """Every candidate raw file (hidden files and READMEs skipped), in a stable order, with its stamp."""
    stamps: list[FileStamp] = []
    _scan(str(raw_dir), "", stamps)
    return sorted(stamps, key=lambda s: s.source_path)


def _scan(directory: str, prefix: str, stamps: list[FileStamp]) -> None:
    """Add the stamps of the files under `directory`, named by POSIX paths starting with `prefix`."""
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):  # as os.walk: linked folders are not followed
                _scan(entry.path, f"{prefix}{entry.name}/", stamps)
            elif not entry.is_dir() and entry.name.lower() not in IGNORED_NAMES:
                stat = entry.stat()
                stamps.append(FileStamp(prefix + entry.name, stat.st_size, stat.st_mtime_ns))


def changed_files(con: duckdb.DuckDBPyConnection, found: list[FileStamp]) -> list[FileStamp]:
    """Files not in the manifest, or whose size or modification time changed since."""
    manifest = {
        path: (size, mtime)
        for path, size, mtime in con.execute(
            "select source_path, size_bytes, mtime_ns from events.ingested_files"
        ).fetchall()
    }
    return [f for f in found if manifest.get(f.source_path) != (f.size, f.mtime_ns)]


def _parsed(files: list[FileStamp], raw_dir: Path, workers: int) -> Iterator[tuple[FileStamp, list[Delivered]]]:
    """Each file with its parsed records, in file order; parsed in worker processes when many."""
    if workers <= 1 or len(files) < PARALLEL_THRESHOLD:
        for stamp in files:
            yield stamp, _parse_one(raw_dir, stamp)
        return
    chunks = (files[i : i + CHUNK_FILES] for i in range(0, len(files), CHUNK_FILES))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        # A bounded window of chunks in flight keeps memory flat however large the backlog.
        window: deque[tuple[list[FileStamp], Future[list[list[Delivered]]]]] = deque()
        for chunk in chunks:
            window.append((chunk, pool.submit(_parse_chunk, raw_dir, chunk)))
            if len(window) > 2 * workers:
                done, future = window.popleft()
                yield from zip(done, future.result(), strict=True)
        while window:
            done, future = window.popleft()
            yield from zip(done, future.result(), strict=True)


def _parse_chunk(raw_dir: Path, stamps: list[FileStamp]) -> list[list[Delivered]]:
    return [_parse_one(raw_dir, stamp) for stamp in stamps]


def _parse_one(raw_dir: Path, stamp: FileStamp) -> list[Delivered]:
    """The file's records as the writer takes them (payloads and content ids computed here, in parallel)."""
    return log_records(parse_relative_file(str(raw_dir), stamp.source_path))


def _batches(
    parsed: Iterator[tuple[FileStamp, list[Delivered]]], batch_size: int
) -> Iterator[tuple[list[Delivered], list[FileStamp]]]:
    """Whole files grouped until a batch holds at least `batch_size` records."""
    records: list[Delivered] = []
    stamps: list[FileStamp] = []
    for stamp, file_records in parsed:
        records.extend(file_records)
        stamps.append(stamp)
        if len(records) >= batch_size:
            yield records, stamps
            records, stamps = [], []
    if stamps:
        yield records, stamps


def main(argv: list[str] | None = None) -> int:
    """`python -m dagster_project.ingest RAW_DIR WAREHOUSE_DB`: ingest without Dagster (tests, debugging)."""
    parser = argparse.ArgumentParser(description="Append new raw articles to the event log.")
    parser.add_argument("raw_dir", type=Path)
    parser.add_argument("warehouse_db", type=Path)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    args.warehouse_db.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(args.warehouse_db), config=CONNECTION_CONFIG)
    try:
        report = ingest_raw_folder(con, args.raw_dir, batch_size=args.batch_size, workers=args.workers)
        con.execute("checkpoint")
    finally:
        con.close()
    print(json.dumps(asdict(report)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
