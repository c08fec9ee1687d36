"""The append-only article event log in DuckDB and its dead-letter store.

One stream per article key (namespaced by where the article comes from: `article_keys`; the
tables, payloads and schema versions are in `event_schema`). The single writer assigns the global,
gap-free `position` inside the transaction that appends; `event_id` is derived from the content, so
redelivered content is recognised and appends nothing. Nothing here imports Dagster.

The writer takes records in Arrow columns (`LogRecord`, built where they are parsed), so payloads
never become Python objects in it: per record it only decides the event (or duplicate), then it
appends the batch with one bulk insert per table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

import pyarrow as pa

from dagster_project.ingest.articles import RawArticle, Rejection, Retraction
from dagster_project.ingest.event_schema import (
    NAMESPACED_KEYS_SINCE,
    PUBLISHED,
    RETRACTED,
    REVISED,
    SCHEMA_VERSION,
    article_payload,
    ensure_schema,
    retraction_payload,
)
from dagster_project.ingest.event_schema import upcast_payload as upcast_payload  # re-exported: its home was here

if TYPE_CHECKING:  # parsing workers import this module: they need no DuckDB (a sixth of a second each)
    import duckdb

Row = dict[str, object]


class FileStamp(NamedTuple):
    """A raw file as last seen: unchanged size and modification time mean unchanged content (a named
    tuple: a refresh stamps every file of the raw folder, and these are cheap to create)."""

    source_path: str
    size: int
    mtime_ns: int


@dataclass
class StreamState:
    """Where one article stream stands: its version, whether retracted, the content it holds."""

    version: int
    retracted: bool
    content_hashes: set[str] = field(default_factory=set)


@dataclass
class AppendReport:
    """What one append did: every record seen is appended, a duplicate, or rejected."""

    seen: int = 0
    appended: int = 0
    duplicates: int = 0
    rejected: int = 0
    new_rejections: int = 0
    first_position: int | None = None
    last_position: int | None = None
    rejection_reasons: dict[str, int] = field(default_factory=dict)

    def add(self, other: AppendReport) -> None:
        self.seen += other.seen
        self.appended += other.appended
        self.duplicates += other.duplicates
        self.rejected += other.rejected
        self.new_rejections += other.new_rejections
        if other.first_position is not None and self.first_position is None:
            self.first_position = other.first_position
        if other.last_position is not None:
            self.last_position = other.last_position
        for reason, count in other.rejection_reasons.items():
            self.rejection_reasons[reason] = self.rejection_reasons.get(reason, 0) + count

    @property
    def balanced(self) -> bool:
        return self.seen == self.appended + self.duplicates + self.rejected


def event_id_for(article_key: str, kind: str, discriminator: str) -> str:
    digest = hashlib.sha256("\x1f".join((article_key, kind, discriminator)).encode("utf-8"))
    return digest.hexdigest()[:32]


class LogRecord(NamedTuple):
    """An article or a retraction reduced to what the writer needs: cheap to send between processes.

    `content_hash` and `event_id` are None for a retraction (its id depends on the stream version)."""

    article_key: str
    source_uri: str
    source_path: str
    content_hash: str | None
    event_id: str | None
    payload: str


LOG_RECORD_SCHEMA = pa.schema([(name, pa.string()) for name in LogRecord._fields])


def log_record(parsed: RawArticle | Retraction) -> LogRecord:
    """What the writer needs of an article or retraction (payload and content event id computed here)."""
    if isinstance(parsed, Retraction):
        return LogRecord(
            parsed.article_key, parsed.source_uri, parsed.source_path, None, None, retraction_payload(parsed)
        )
    key, content_hash = parsed.article_key, parsed.content_hash
    event_id = event_id_for(key, "content", content_hash)
    return LogRecord(key, parsed.source_uri, parsed.source_path, content_hash, event_id, article_payload(parsed))


def records_table(records: list[LogRecord]) -> pa.Table:
    """Log records in Arrow columns: cheap to send between processes, and payloads never become
    Python objects in the writer."""
    if not records:
        return LOG_RECORD_SCHEMA.empty_table()
    columns = zip(*records, strict=True)
    return pa.Table.from_arrays([pa.array(values, pa.string()) for values in columns], schema=LOG_RECORD_SCHEMA)


@dataclass
class Delivery:
    """Records of whole raw files, as the writer takes them: articles and retractions in order
    (`LOG_RECORD_SCHEMA` columns), and the records rejected by the parser."""

    records: pa.Table
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.records.num_rows + len(self.rejections)


@dataclass
class _BatchEvents:
    """The events a batch appends: which delivered records, with which type and stream version."""

    first_position: int
    rows: list[int] = field(default_factory=list)
    versions: list[int] = field(default_factory=list)
    event_types: list[str] = field(default_factory=list)
    retraction_ids: dict[int, str] = field(default_factory=dict)

    def add(self, row: int, key: str, event_type: str, version: int) -> None:
        if event_type == RETRACTED:
            self.retraction_ids[len(self.rows)] = event_id_for(key, RETRACTED, str(version - 1))
        self.rows.append(row)
        self.versions.append(version)
        self.event_types.append(event_type)

    def __len__(self) -> int:
        return len(self.rows)

    def table(self, records: pa.Table) -> pa.Table:
        """The events in Arrow columns (bar `recorded_at` and `schema_version`, the same for all)."""
        taken = records if len(self.rows) == records.num_rows else records.take(pa.array(self.rows, pa.int64()))
        event_ids: pa.Array | pa.ChunkedArray = taken.column("event_id")
        if self.retraction_ids:
            ids = event_ids.to_pylist()
            for index, event_id in self.retraction_ids.items():
                ids[index] = event_id
            event_ids = pa.array(ids, pa.string())
        positions = range(self.first_position, self.first_position + len(self.rows))
        return pa.table(
            {
                "position": pa.array(positions, pa.int64()),
                "event_id": event_ids,
                "article_key": taken.column("article_key"),
                "stream_version": pa.array(self.versions, pa.int32()),
                "event_type": pa.array(self.event_types, pa.string()),
                "source_uri": taken.column("source_uri"),
                "source_path": taken.column("source_path"),
                "content_hash": taken.column("content_hash"),
                "payload": taken.column("payload"),
            }
        )


class EventLog:
    """The single writer of the log: appends batches of records atomically."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        ensure_schema(con)
        # Whether the log holds events of an older schema version, whose keys are looked up by position.
        (self.has_legacy_keys,) = con.execute("select count(*) > 0 from events.legacy_article_keys").fetchall()[0]

    def append(self, delivery: Delivery, files: Iterable[FileStamp] = ()) -> AppendReport:
        """Append one batch in one transaction; a crash leaves the log at the previous batch.
        `files` are the raw files whose records the batch holds in full, recorded as ingested."""
        report = AppendReport(seen=delivery.seen)
        recorded_at = datetime.now(UTC)
        records = delivery.records
        events = _BatchEvents(self._max_position() + 1)
        rejections = list(delivery.rejections)
        streams = self._load_streams(records.column("article_key"), events.first_position)
        report.duplicates = _plan(records, streams, events, rejections)
        report.appended, report.rejected = len(events), len(rejections)
        for rejection in rejections:
            report.rejection_reasons[rejection.reason] = report.rejection_reasons.get(rejection.reason, 0) + 1
        rejection_rows = self._new_rejections([_rejection_row(r) for r in rejections])
        report.new_rejections = len(rejection_rows)
        self._write(
            [
                ("insert into", "events.article_events", events.table(records)),
                ("insert into", "events.rejections", pa.Table.from_pylist(rejection_rows, schema=_REJECTION_SCHEMA)),
                ("insert or replace into", "events.ingested_files", _manifest_table(list(files))),
            ],
            recorded_at,
        )
        if len(events):
            report.first_position = events.first_position
            report.last_position = events.first_position + len(events) - 1
        return report

    def _load_streams(self, keys: pa.ChunkedArray, first_position: int) -> dict[str, StreamState]:
        """The committed state of the streams among `keys` (cost and memory follow the batch)."""
        streams: dict[str, StreamState] = {}
        if not len(keys) or first_position == 1:
            return streams
        self.con.register("_batch_keys", pa.table({"article_key": keys}))
        try:
            rows = self.con.execute(_LEGACY_STREAMS if self.has_legacy_keys else _STREAMS, [NAMESPACED_KEYS_SINCE])
            rows = rows.fetchall()
        finally:
            self.con.unregister("_batch_keys")
        for key, version, event_type, content_hash in rows:
            state = streams.setdefault(key, StreamState(0, False))
            state.version = version
            state.retracted = event_type == RETRACTED
            if content_hash:
                state.content_hashes.add(content_hash)
        return streams

    def _new_rejections(self, rows: list[Row]) -> list[Row]:
        """Rejections not yet in the dead-letter store (a redelivered bad record is stored once)."""
        if not rows:
            return []
        ids = sorted({str(r["rejection_id"]) for r in rows})
        known = {
            row[0]
            for row in self.con.execute(
                "select rejection_id from events.rejections where rejection_id in (select unnest(?))", [ids]
            ).fetchall()
        }
        fresh: dict[str, Row] = {}
        for row in rows:
            fresh.setdefault(str(row["rejection_id"]), row)
        return [row for key, row in fresh.items() if key not in known]

    def _max_position(self) -> int:
        (position,) = self.con.execute("select coalesce(max(position), 0) from events.article_events").fetchall()[0]
        return int(position)

    def _write(self, inserts: list[tuple[str, str, pa.Table]], recorded_at: datetime) -> None:
        """Run the (verb, target table, rows) inserts in one transaction, stamped `recorded_at`."""
        inserts = [(verb, target, rows) for verb, target, rows in inserts if rows.num_rows]
        if not inserts:
            return
        self.con.execute("begin transaction")
        try:
            for verb, target, rows in inserts:
                self._insert(verb, target, rows, recorded_at)
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise

    def _insert(self, verb: str, target: str, rows: pa.Table, recorded_at: datetime) -> None:
        """One bulk insert from Arrow; the constant columns (`recorded_at`, `schema_version`) bound once."""
        self.con.register("_append_batch", rows)
        try:
            names = ", ".join([*rows.column_names, "recorded_at"])
            values = ", ".join([*rows.column_names, "?"])
            if target == "events.article_events":
                names, values = f"{names}, schema_version", f"{values}, {SCHEMA_VERSION}"
            self.con.execute(f"{verb} {target} ({names}) select {values} from _append_batch", [recorded_at])
        finally:
            self.con.unregister("_append_batch")


# The events of the batch's streams, in order: events of older schema versions are found by the
# namespaced keys they map to (events.legacy_article_keys), never by their bare keys.
_STREAMS = """
    select article_key, stream_version, event_type, content_hash
    from events.article_events
    where schema_version >= ? and article_key in (select article_key from _batch_keys)
    order by position
"""
_LEGACY_STREAMS = """
    with keyed as (
        select position, article_key from events.article_events
        where schema_version >= ? and article_key in (select article_key from _batch_keys)
        union all
        select position, article_key from events.legacy_article_keys
        where article_key in (select article_key from _batch_keys)
    )
    select keyed.article_key, events.stream_version, events.event_type, events.content_hash
    from keyed
    inner join events.article_events as events on keyed.position = events.position
    order by keyed.position
"""


def _plan(records: pa.Table, streams: dict[str, StreamState], events: _BatchEvents, rejections: list[Rejection]) -> int:
    """Decide, record by record, the events the batch appends (and the retractions of unknown
    articles it rejects), advancing the streams; the number of duplicates."""
    duplicates = 0
    keys, hashes = records.column("article_key").to_pylist(), records.column("content_hash").to_pylist()
    for row, (key, content_hash) in enumerate(zip(keys, hashes, strict=True)):
        state = streams.get(key) or streams.setdefault(key, StreamState(0, False))
        if content_hash is None and state.version == 0:
            rejections.append(_unknown_article(records, row))
            continue
        event_type = _advance(state, content_hash)
        if event_type is None:
            duplicates += 1
        else:
            events.add(row, key, event_type, state.version)
    return duplicates


def _advance(state: StreamState, content_hash: str | None) -> str | None:
    """Advance the stream by a record (a retraction when `content_hash` is None): the type of the
    event it makes, or None for a duplicate (content the stream holds, or a repeated retraction)."""
    if content_hash is None:
        if state.retracted:
            return None
        state.version += 1
        state.retracted = True
        return RETRACTED
    if content_hash in state.content_hashes:
        return None
    state.version += 1
    state.retracted = False
    state.content_hashes.add(content_hash)
    return PUBLISHED if state.version == 1 else REVISED


def _unknown_article(records: pa.Table, row: int) -> Rejection:
    record = records.slice(row, 1).to_pylist()[0]
    detail = f"retraction of unknown article {record['article_key']!r}"
    return Rejection(record["source_uri"], record["source_path"], "unknown_article", detail)


def _manifest_table(files: list[FileStamp]) -> pa.Table:
    return pa.table(
        {
            "source_path": pa.array([f.source_path for f in files], pa.string()),
            "size_bytes": pa.array([f.size for f in files], pa.int64()),
            "mtime_ns": pa.array([f.mtime_ns for f in files], pa.int64()),
        }
    )


def _rejection_row(rejection: Rejection) -> Row:
    return {
        "rejection_id": rejection.rejection_id(),
        "source_uri": rejection.source_uri,
        "source_path": rejection.source_path,
        "line_number": rejection.line_number,
        "byte_offset": rejection.byte_offset,
        "reason": rejection.reason,
        "detail": rejection.detail,
        "raw_bytes": rejection.raw_bytes,
    }


_REJECTION_SCHEMA = pa.schema(
    [
        ("rejection_id", pa.string()),
        ("source_uri", pa.string()),
        ("source_path", pa.string()),
        ("line_number", pa.int32()),
        ("byte_offset", pa.int64()),
        ("reason", pa.string()),
        ("detail", pa.string()),
        ("raw_bytes", pa.binary()),
    ]
)
