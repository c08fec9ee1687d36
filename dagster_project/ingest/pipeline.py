"""Ingest a raw folder into the event log: find new or changed files, parse them, append in batches.

A refresh costs what is new: files whose size and modification time match the manifest
(`events.ingested_files`) were ingested before and are not read again. Batches hold whole files;
each batch's events, rejections and manifest entries commit in one transaction.

A run's retractions are appended after all its articles, so that a retraction finds an article
delivered in the same run whatever the order of the files. A file holding a retraction enters the
manifest only with the last of them: a run stopped before leaves it to be read again.

Parsing is the costly part: chunks of files are parsed in worker processes (above a few thousand
files), which also compute payloads, content hashes and event ids, and send them back in Arrow
columns; the single writer in this process only decides versions and positions, and bulk-inserts.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from dagster_project.ingest.articles import Rejection, Retraction, parse_relative_file
from dagster_project.ingest.event_log import (
    AppendReport,
    Delivery,
    EventLog,
    FileStamp,
    LogRecord,
    ensure_schema,
    log_record,
    records_table,
)
from dagster_project.ingest.progress import IngestProgress
from dagster_project.ingest.raw_files import RETRIED_REASONS
from dagster_project.ingest.raw_listing import RawListing, list_raw_folder

if TYPE_CHECKING:  # the parsing workers import this module: DuckDB is the writer's alone (imported in `main`)
    import duckdb

# Called after every file read (and once more when done); the callback throttles itself.
ProgressCallback = Callable[[IngestProgress], None]
# Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 3000
# A chunk of files is parsed in one go; the writer cuts chunks at file boundaries into batches.
CHUNK_FILES = 250
CHUNK_BYTES = 2 * 1024 * 1024
# Chunks in flight per worker: enough that the workers keep parsing while the writer commits.
WINDOW_CHUNKS_PER_WORKER = 32
# As the warehouse resource: the write-ahead log keeps each batch durable, one checkpoint at the end.
CONNECTION_CONFIG = {"wal_autocheckpoint": "1GB"}


@dataclass
class IngestReport(AppendReport):
    files_found: int = 0
    files_unchanged: int = 0
    # Entries of the raw folder that cannot be read (each also a rejection, counted in `rejected`).
    entries_rejected: int = 0


@dataclass
class ParsedFiles:
    """Consecutive whole files with their records as the writer takes them (cheap to send between
    processes); `record_ends` and `rejection_ends` say where each file's records end, `retried`
    which files could not be read for a reason that may pass (not stamped as ingested: read again),
    and `retracting` which files hold retractions (stamped once those are appended, after the articles)."""

    stamps: list[FileStamp]
    delivery: Delivery
    record_ends: list[int]
    rejection_ends: list[int]
    retried: list[bool]
    retracting: list[bool]

    def counts_per_file(self) -> list[tuple[int, int]]:
        """Per file: its records (articles and retractions) and its rejections."""
        records = [end - start for start, end in zip([0, *self.record_ends], self.record_ends, strict=False)]
        rejected = [end - start for start, end in zip([0, *self.rejection_ends], self.rejection_ends, strict=False)]
        return list(zip(records, rejected, strict=True))

    def ingested_stamps(self, retracting: bool) -> list[FileStamp]:
        """The files read in full, holding retractions or not."""
        flags = zip(self.stamps, self.retried, self.retracting, strict=True)
        return [stamp for stamp, retried, holds in flags if not retried and holds == retracting]

    def files(self, start: int, stop: int) -> ParsedFiles:
        """The files from `start` to `stop` (indexes into `stamps`) with their records."""
        first_record = self.record_ends[start - 1] if start else 0
        first_rejection = self.rejection_ends[start - 1] if start else 0
        record_ends = [end - first_record for end in self.record_ends[start:stop]]
        rejection_ends = [end - first_rejection for end in self.rejection_ends[start:stop]]
        delivery = Delivery(
            self.delivery.records.slice(first_record, record_ends[-1]),
            self.delivery.rejections[first_rejection : first_rejection + rejection_ends[-1]],
        )
        return ParsedFiles(
            self.stamps[start:stop], delivery, record_ends, rejection_ends, self.retried[start:stop],
            self.retracting[start:stop],
        )  # fmt: skip


@dataclass
class _Batch:
    """What the writer appends for whole files: their articles and rejections (with the files holding
    no retraction, recorded as ingested), and their retractions (with the files holding them), held back."""

    delivery: Delivery
    stamps: list[FileStamp]
    retractions: pa.Table
    retracting_stamps: list[FileStamp]


@dataclass
class _HeldRetractions:
    """A run's retractions, appended after all its articles, with the files holding them."""

    tables: list[pa.Table] = field(default_factory=list)
    stamps: list[FileStamp] = field(default_factory=list)

    def hold(self, batch: _Batch) -> None:
        if batch.retractions.num_rows:
            self.tables.append(batch.retractions)
        self.stamps.extend(batch.retracting_stamps)

    def deliveries(self, batch_size: int) -> Iterator[tuple[Delivery, list[FileStamp]]]:
        """The retractions in batches; the files holding them are recorded with the last batch."""
        if not self.tables and not self.stamps:
            return
        records = pa.concat_tables(self.tables) if self.tables else records_table([])
        size = max(1, batch_size)
        for start in range(0, records.num_rows, size) or [0]:
            yield Delivery(records.slice(start, size)), self.stamps if start + size >= records.num_rows else []


def ingest_raw_folder(
    con: duckdb.DuckDBPyConnection,
    raw_dir: Path,
    batch_size: int = 5000,
    progress: ProgressCallback | None = None,
    workers: int = 1,
    listing: RawListing | None = None,
) -> IngestReport:
    """Append every new or changed article under `raw_dir`; each batch commits atomically. `listing`, when
    given, is the folder as the caller just listed it (so that it is listed once)."""
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist")
    ensure_schema(con)
    listing = listing or list_raw_folder(raw_dir)
    found = listing.stamps
    todo = changed_files(con, found)
    total = IngestReport(
        files_found=len(found) + len(listing.rejections),
        files_unchanged=len(found) - len(todo),
        entries_rejected=len(listing.rejections),
    )
    log = EventLog(con)
    if listing.rejections:  # found again on every run while they last; the dead-letter store keeps one each
        total.add(log.append(Delivery(records_table([]), listing.rejections)))
    reporter = _FileReporter(progress, len(todo), total)
    held = _HeldRetractions()
    for batch in _batches(_parsed(todo, raw_dir, workers), batch_size, reporter):
        total.add(log.append(batch.delivery, batch.stamps))
        held.hold(batch)
    for delivery, stamps in held.deliveries(batch_size):
        total.add(log.append(delivery, stamps))
    if progress:
        read = total.seen - total.rejected
        progress(IngestProgress(len(todo), len(todo), read, total.appended, finished=True, rejected=total.rejected))
    return total


@dataclass
class _FileReporter:
    """Reports progress after every file read, with the records committed so far."""

    progress: ProgressCallback | None
    files_total: int
    committed: AppendReport
    files_done: int = 0
    records_read: int = 0
    rejected: int = 0

    def file_read(self, records: int, rejected: int) -> None:
        if self.progress:
            self.files_done += 1
            self.records_read += records
            self.rejected += rejected
            appended = self.committed.appended
            self.progress(
                IngestProgress(self.files_done, self.files_total, self.records_read, appended, rejected=self.rejected)
            )


def scan_raw_folder(raw_dir: Path) -> list[FileStamp]:
    """Every readable raw file (hidden files and READMEs skipped), in a stable order, with its stamp."""
    return list_raw_folder(raw_dir).stamps


def changed_files(con: duckdb.DuckDBPyConnection, found: list[FileStamp]) -> list[FileStamp]:
    """Files not in the manifest, or whose size or modification time changed since. Compared in DuckDB:
    the manifest lists every file ever ingested, and loading it into Python would cost what the
    warehouse holds rather than what is new."""
    if not found:
        return []
    stamps = pa.table(
        {
            "source_path": [f.source_path for f in found],
            "size_bytes": [f.size for f in found],
            "mtime_ns": [f.mtime_ns for f in found],
            "found_index": range(len(found)),
        }
    )
    con.register("_found_files", stamps)
    try:
        changed = con.execute(
            """
            select found.found_index
            from _found_files as found
            left join events.ingested_files as manifest on manifest.source_path = found.source_path
            where manifest.source_path is null
                or manifest.size_bytes is distinct from found.size_bytes
                or manifest.mtime_ns is distinct from found.mtime_ns
            order by found.found_index
            """
        ).fetchall()
    finally:
        con.unregister("_found_files")
    return [found[index] for (index,) in changed]


def _parsed(files: list[FileStamp], raw_dir: Path, workers: int) -> Iterator[ParsedFiles]:
    """The files with their parsed records, in file order; parsed in worker processes when many."""
    chunks = _chunks(files)
    if workers <= 1 or len(files) < PARALLEL_THRESHOLD:
        yield from (_parse_chunk(str(raw_dir), chunk) for chunk in chunks)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        # A bounded window of chunks in flight keeps memory flat however large the backlog.
        window: deque[Future[ParsedFiles]] = deque()
        for chunk in chunks:
            window.append(pool.submit(_parse_chunk, str(raw_dir), chunk))
            if len(window) > WINDOW_CHUNKS_PER_WORKER * workers:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def _chunks(files: list[FileStamp]) -> Iterator[list[FileStamp]]:
    """Consecutive files, at most `CHUNK_FILES` of them or `CHUNK_BYTES` (but at least one file)."""
    chunk: list[FileStamp] = []
    size = 0
    for stamp in files:
        if chunk and (len(chunk) >= CHUNK_FILES or size + stamp.size > CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(stamp)
        size += stamp.size
    if chunk:
        yield chunk


def _parse_chunk(raw_dir: str, stamps: list[FileStamp]) -> ParsedFiles:
    """Parse files into records for the writer (payloads and content event ids computed here)."""
    records: list[LogRecord] = []
    rejections: list[Rejection] = []
    record_ends: list[int] = []
    rejection_ends: list[int] = []
    retried: list[bool] = []
    retracting: list[bool] = []
    for stamp in stamps:
        retry = retracts = False
        for parsed in parse_relative_file(raw_dir, stamp.source_path):
            if isinstance(parsed, Rejection):
                rejections.append(parsed)
                retry = retry or parsed.reason in RETRIED_REASONS
            else:
                records.append(log_record(parsed))
                retracts = retracts or isinstance(parsed, Retraction)
        record_ends.append(len(records))
        rejection_ends.append(len(rejections))
        retried.append(retry)
        retracting.append(retracts)
    delivery = Delivery(records_table(records), rejections)
    return ParsedFiles(stamps, delivery, record_ends, rejection_ends, retried, retracting)


def _batches(chunks: Iterator[ParsedFiles], batch_size: int, reporter: _FileReporter) -> Iterator[_Batch]:
    """Whole files grouped until a batch holds at least `batch_size` records."""
    parts: list[ParsedFiles] = []
    pending = 0
    for chunk in chunks:
        start = 0
        for index, (records, rejected) in enumerate(chunk.counts_per_file()):
            reporter.file_read(records, rejected)
            pending += records + rejected
            if pending >= batch_size:
                parts.append(chunk.files(start, index + 1))
                yield _joined(parts)
                parts, pending, start = [], 0, index + 1
        if start < len(chunk.stamps):
            parts.append(chunk.files(start, len(chunk.stamps)))
    if parts:
        yield _joined(parts)


def _joined(parts: list[ParsedFiles]) -> _Batch:
    """The parts as one batch, its retractions (records without content) set apart."""
    records = pa.concat_tables([part.delivery.records for part in parts])
    rejections = [rejection for part in parts for rejection in part.delivery.rejections]
    retractions = records.schema.empty_table()
    if records.column("content_hash").null_count:
        records, retractions = _without_retractions(records)
    return _Batch(
        Delivery(records, rejections),
        [stamp for part in parts for stamp in part.ingested_stamps(retracting=False)],
        retractions,
        [stamp for part in parts for stamp in part.ingested_stamps(retracting=True)],
    )


def _without_retractions(records: pa.Table) -> tuple[pa.Table, pa.Table]:
    """The records with content, and the retractions (records without content), apart. `pyarrow.compute`
    is imported only here: it costs a tenth of a second in every worker process, for batches without any."""
    import pyarrow.compute as pc

    is_retraction = pc.is_null(records.column("content_hash"))
    return records.filter(pc.invert(is_retraction)), records.filter(is_retraction)


def main(argv: list[str] | None = None) -> int:
    """`python -m dagster_project.ingest.pipeline RAW_DIR WAREHOUSE_DB`: ingest without Dagster (tests, debugging)."""
    parser = argparse.ArgumentParser(description="Append new raw articles to the event log.")
    parser.add_argument("raw_dir", type=Path)
    parser.add_argument("warehouse_db", type=Path)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    import duckdb  # here, not at the top: the parsing workers import this module and need no DuckDB

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
