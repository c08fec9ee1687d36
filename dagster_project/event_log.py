"""The append-only article event log in DuckDB and its dead-letter store.

One stream per article key. The single writer assigns the global, gap-free `position` inside
the transaction that appends; `event_id` is derived from the content, so redelivered content is
recognised and appends nothing. Nothing here imports Dagster.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

import duckdb
import pyarrow as pa

from dagster_project.articles import Parsed, RawArticle, Rejection, Retraction, json_value

# Version 1 (the first parser) called the outlet `source`; version 2 calls it `source_name`.
SCHEMA_VERSION = 2
PUBLISHED = "ArticlePublished"
REVISED = "ArticleRevised"
RETRACTED = "ArticleRetracted"

DDL = """
create schema if not exists events;
create table if not exists events.article_events (
    position        bigint      not null primary key,
    event_id        varchar     not null,
    article_key     varchar     not null,
    stream_version  integer     not null,
    event_type      varchar     not null,
    schema_version  integer     not null,
    recorded_at     timestamptz not null,
    source_uri      varchar     not null,
    source_path     varchar     not null,
    content_hash    varchar,
    payload         varchar     not null using compression uncompressed
);
create table if not exists events.rejections (
    rejection_id    varchar     not null primary key,
    source_uri      varchar     not null,
    source_path     varchar     not null,
    line_number     integer,
    byte_offset     bigint,
    reason          varchar     not null,
    detail          varchar,
    raw_bytes       blob,
    recorded_at     timestamptz not null
);
alter table events.rejections add column if not exists byte_offset bigint;
create table if not exists events.ingested_files (
    source_path     varchar     not null primary key,
    size_bytes      bigint      not null,
    mtime_ns        bigint      not null,
    recorded_at     timestamptz not null
);
"""

EVENT_COLUMNS = (
    "position",
    "event_id",
    "article_key",
    "stream_version",
    "event_type",
    "schema_version",
    "recorded_at",
    "source_uri",
    "source_path",
    "content_hash",
    "payload",
)
REJECTION_COLUMNS = (
    "rejection_id",
    "source_uri",
    "source_path",
    "line_number",
    "byte_offset",
    "reason",
    "detail",
    "raw_bytes",
    "recorded_at",
)


Row = dict[str, object]
FILE_COLUMNS = ("source_path", "size_bytes", "mtime_ns", "recorded_at")


@dataclass(frozen=True)
class FileStamp:
    """A raw file as last seen: unchanged size and modification time mean unchanged content."""

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


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def article_payload(article: RawArticle) -> str:
    """The JSON payload of a published or revised event, in the current schema version: the
    envelope fields spliced with the article's canonical content (computed when it was parsed)."""
    envelope = (
        f'{{"schema_version": {SCHEMA_VERSION}, "source_format": {json_value(article.source_format)}, '
        f'"external_id": {json_value(article.external_id)}, '
    )
    return envelope + article.canonical_content[1:]


def retraction_payload(retraction: Retraction) -> str:
    return json.dumps({"schema_version": SCHEMA_VERSION, "note": retraction.note}, ensure_ascii=False)


def upcast_payload(payload: dict[str, object]) -> dict[str, object]:
    """Bring a payload written by any earlier parser to the current schema version."""
    version = int(payload.get("schema_version") or 1)  # type: ignore[call-overload]
    upcast = dict(payload)
    if version < 2:
        upcast["source_name"] = upcast.pop("source", None)
    upcast["schema_version"] = SCHEMA_VERSION
    return upcast


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


Delivered = LogRecord | Rejection


def log_record(parsed: RawArticle | Retraction) -> LogRecord:
    """What the writer needs of an article or retraction (payload and content event id computed here)."""
    if isinstance(parsed, Retraction):
        return LogRecord(
            parsed.article_key, parsed.source_uri, parsed.source_path, None, None, retraction_payload(parsed)
        )
    key, content_hash = parsed.article_key, parsed.content_hash
    event_id = event_id_for(key, "content", content_hash)
    return LogRecord(key, parsed.source_uri, parsed.source_path, content_hash, event_id, article_payload(parsed))


def log_records(parsed: Iterable[Parsed]) -> list[Delivered]:
    return [record if isinstance(record, Rejection) else log_record(record) for record in parsed]


@dataclass
class _BatchEvents:
    """The events of one batch, with positions assigned in order; turned into Arrow columns once."""

    next_position: int
    rows: list[tuple[object, ...]] = field(default_factory=list)

    def add(self, record: LogRecord, event_type: str, version: int, event_id: str) -> None:
        self.rows.append((self.next_position, event_id, record.article_key, version, event_type, record.source_uri,
                          record.source_path, record.content_hash, record.payload))  # fmt: skip
        self.next_position += 1

    def __len__(self) -> int:
        return len(self.rows)

    def table(self) -> pa.Table:
        columns = zip(_BUILT_COLUMNS, zip(*self.rows, strict=True), strict=True)
        return pa.table({name: pa.array(values, _EVENT_SCHEMA.field(name).type) for name, values in columns})


class EventLog:
    """The single writer of the log: appends batches of records atomically."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        ensure_schema(con)

    def append(self, records: Iterable[Delivered], files: Iterable[FileStamp] = ()) -> AppendReport:
        """Append one batch in one transaction; a crash leaves the log at the previous batch.
        `files` are the raw files whose records the batch holds in full, recorded as ingested."""
        report = AppendReport()
        records = list(records)
        recorded_at = datetime.now(UTC)
        first_position = self._max_position() + 1
        streams = self._load_streams({r.article_key for r in records if isinstance(r, LogRecord)}, first_position)
        events = _BatchEvents(first_position)
        rejections: list[Rejection] = []
        for record in records:
            if isinstance(record, LogRecord):
                outcome = _apply(record, streams, events)
                if outcome is None:
                    report.duplicates += 1
                    continue
                if not isinstance(outcome, Rejection):
                    continue
                record = outcome
            rejections.append(record)
        report.seen = len(records)
        report.appended = len(events)
        report.rejected = len(rejections)
        for rejection in rejections:
            report.rejection_reasons[rejection.reason] = report.rejection_reasons.get(rejection.reason, 0) + 1
        rejection_rows = self._new_rejections([_rejection_row(r, recorded_at) for r in rejections])
        report.new_rejections = len(rejection_rows)
        manifest = [{"source_path": f.source_path, "size_bytes": f.size, "mtime_ns": f.mtime_ns,
                     "recorded_at": recorded_at} for f in files]  # fmt: skip
        self._write(events, rejection_rows, manifest, recorded_at)
        if len(events):
            report.first_position, report.last_position = first_position, events.next_position - 1
        return report

    def _load_streams(self, keys: set[str], first_position: int) -> dict[str, StreamState]:
        """The committed state of the streams among `keys` (cost and memory follow the batch)."""
        streams: dict[str, StreamState] = {}
        if not keys or first_position == 1:
            return streams
        self.con.register("_batch_keys", pa.table({"article_key": pa.array(list(keys), pa.string())}))
        try:
            rows = self.con.execute(
                """
                select article_key, stream_version, event_type, content_hash
                from events.article_events
                where article_key in (select article_key from _batch_keys)
                order by position
                """
            ).fetchall()
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

    def _write(self, events: _BatchEvents, rejections: list[Row], manifest: list[Row], recorded_at: datetime) -> None:
        if not len(events) and not rejections and not manifest:
            return
        self.con.execute("begin transaction")
        try:
            if len(events):
                self._insert_events(events.table(), recorded_at)
            if rejections:
                self._insert("insert into", "events.rejections", REJECTION_COLUMNS, rejections, _REJECTION_SCHEMA)
            if manifest:
                self._insert("insert or replace into", "events.ingested_files", FILE_COLUMNS, manifest, _FILE_SCHEMA)
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise

    def _insert_events(self, table: pa.Table, recorded_at: datetime) -> None:
        """One bulk insert from Arrow; the batch's constant columns are bound once."""
        self.con.register("_event_batch", table)
        try:
            values = ", ".join("?" if name == "recorded_at" else str(SCHEMA_VERSION) if name == "schema_version"
                               else name for name in EVENT_COLUMNS)  # fmt: skip
            names = ", ".join(EVENT_COLUMNS)
            self.con.execute(
                f"insert into events.article_events ({names}) select {values} from _event_batch", [recorded_at]
            )
        finally:
            self.con.unregister("_event_batch")

    def _insert(self, verb: str, table: str, columns: tuple[str, ...], rows: list[Row], schema: pa.Schema) -> None:
        batch = pa.Table.from_pylist(rows, schema=schema)
        self.con.register("_append_batch", batch)
        try:
            names = ", ".join(columns)
            self.con.execute(f"{verb} {table} ({names}) select {names} from _append_batch")
        finally:
            self.con.unregister("_append_batch")


def _apply(record: LogRecord, streams: dict[str, StreamState], events: _BatchEvents) -> bool | Rejection | None:
    """Add the record's event to `events` and advance its stream (True); None for a duplicate;
    a Rejection for the retraction of an unknown article."""
    state = streams.get(record.article_key)
    if state is None:
        state = streams[record.article_key] = StreamState(0, False)
    if record.content_hash is None:
        if state.version == 0:
            detail = f"retraction of unknown article {record.article_key!r}"
            return Rejection(record.source_uri, record.source_path, "unknown_article", detail)
        if state.retracted:
            return None
        event_id = event_id_for(record.article_key, RETRACTED, str(state.version))
        state.version += 1
        state.retracted = True
        events.add(record, RETRACTED, state.version, event_id)
        return True
    if record.content_hash in state.content_hashes:
        return None
    state.version += 1
    state.retracted = False
    state.content_hashes.add(record.content_hash)
    events.add(record, PUBLISHED if state.version == 1 else REVISED, state.version, record.event_id or "")
    return True


def _rejection_row(rejection: Rejection, recorded_at: datetime) -> Row:
    return {
        "rejection_id": rejection.rejection_id(),
        "source_uri": rejection.source_uri,
        "source_path": rejection.source_path,
        "line_number": rejection.line_number,
        "byte_offset": rejection.byte_offset,
        "reason": rejection.reason,
        "detail": rejection.detail,
        "raw_bytes": rejection.raw_bytes,
        "recorded_at": recorded_at,
    }


_EVENT_SCHEMA = pa.schema(
    [
        ("position", pa.int64()),
        ("event_id", pa.string()),
        ("article_key", pa.string()),
        ("stream_version", pa.int32()),
        ("event_type", pa.string()),
        ("schema_version", pa.int32()),
        ("recorded_at", pa.timestamp("us", tz="UTC")),
        ("source_uri", pa.string()),
        ("source_path", pa.string()),
        ("content_hash", pa.string()),
        ("payload", pa.string()),
    ]
)
# The columns built per batch; `recorded_at` and `schema_version` are the same for the whole batch.
_BUILT_COLUMNS = tuple(name for name in EVENT_COLUMNS if name not in ("recorded_at", "schema_version"))
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
        ("recorded_at", pa.timestamp("us", tz="UTC")),
    ]
)
_FILE_SCHEMA = pa.schema(
    [
        ("source_path", pa.string()),
        ("size_bytes", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("recorded_at", pa.timestamp("us", tz="UTC")),
    ]
)
