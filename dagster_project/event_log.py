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

import duckdb
import pyarrow as pa

from dagster_project.articles import Parsed, RawArticle, Rejection, Retraction

# Version 1 (the first parser) called the outlet `source`; version 2 calls it `source_name`.
SCHEMA_VERSION = 2
PUBLISHED = "ArticlePublished"
REVISED = "ArticleRevised"
RETRACTED = "ArticleRetracted"

DDL = """
create schema if not exists events;
create table if not exists events.article_events (
    position        bigint      not null primary key,
    event_id        varchar     not null unique,
    article_key     varchar     not null,
    stream_version  integer     not null,
    event_type      varchar     not null,
    schema_version  integer     not null,
    recorded_at     timestamptz not null,
    source_uri      varchar     not null,
    source_path     varchar     not null,
    content_hash    varchar,
    payload         varchar     not null
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
    envelope = json.dumps(
        {"schema_version": SCHEMA_VERSION, "source_format": article.source_format, "external_id": article.external_id},
        ensure_ascii=False,
    )
    return envelope[:-1] + ", " + article.canonical_content[1:]


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


class EventLog:
    """The single writer of the log: appends batches of parsed records atomically."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        ensure_schema(con)
        self.streams: dict[str, StreamState] = {}

    def _load_streams(self, keys: set[str]) -> None:
        """Load the state of the streams among `keys` not yet known (cost follows the batch)."""
        missing = sorted(k for k in keys if k not in self.streams)
        if not missing:
            return
        rows = self.con.execute(
            """
            select article_key, stream_version, event_type, content_hash
            from events.article_events
            where article_key in (select unnest(?))
            order by position
            """,
            [missing],
        ).fetchall()
        for key in missing:
            self.streams[key] = StreamState(0, False)
        for key, version, event_type, content_hash in rows:
            state = self.streams[key]
            state.version = version
            state.retracted = event_type == RETRACTED
            if content_hash:
                state.content_hashes.add(content_hash)

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

    def append(self, records: Iterable[Parsed], files: Iterable[FileStamp] = ()) -> AppendReport:
        """Append one batch in one transaction; a crash leaves the log at the previous batch.
        `files` are the raw files whose records the batch holds in full, recorded as ingested."""
        report = AppendReport()
        records = list(records)
        recorded_at = datetime.now(UTC)
        self._load_streams({r.article_key for r in records if not isinstance(r, Rejection)})
        events: list[dict[str, object]] = []
        rejections: list[dict[str, object]] = []
        pending: dict[str, StreamState] = {}
        next_position = self._max_position() + 1
        for record in records:
            report.seen += 1
            if isinstance(record, Rejection):
                self._reject(record, report, rejections, recorded_at)
                continue
            state = pending.get(record.article_key) or self._copy_state(record.article_key)
            event = self._event_for(record, state)
            if isinstance(event, Rejection):
                self._reject(event, report, rejections, recorded_at)
                continue
            if event is None:
                report.duplicates += 1
                continue
            event.update(position=next_position, recorded_at=recorded_at)
            next_position += 1
            events.append(event)
            pending[record.article_key] = state
            report.appended += 1
        manifest = [{"source_path": f.source_path, "size_bytes": f.size, "mtime_ns": f.mtime_ns,
                     "recorded_at": recorded_at} for f in files]  # fmt: skip
        rejections = self._new_rejections(rejections)
        report.new_rejections = len(rejections)
        self._write(events, rejections, manifest)
        # The state of the streams is committed now: reload it lazily, so memory follows the batch.
        self.streams.clear()
        if events:
            report.first_position = int(events[0]["position"])  # type: ignore[arg-type]
            report.last_position = int(events[-1]["position"])  # type: ignore[arg-type]
        return report

    def _copy_state(self, key: str) -> StreamState:
        state = self.streams.get(key)
        if state is None:
            return StreamState(0, False)
        return StreamState(state.version, state.retracted, set(state.content_hashes))

    def _event_for(self, record: RawArticle | Retraction, state: StreamState) -> dict[str, object] | Rejection | None:
        if isinstance(record, Retraction):
            if state.version == 0:
                return Rejection(
                    record.source_uri,
                    record.source_path,
                    "unknown_article",
                    f"retraction of unknown article {record.article_key!r}",
                )
            if state.retracted:
                return None
            state.version += 1
            state.retracted = True
            payload = json.dumps({"schema_version": SCHEMA_VERSION, "note": record.note}, ensure_ascii=False)
            return self._row(
                record.article_key,
                RETRACTED,
                str(state.version - 1),
                state.version,
                record.source_uri,
                record.source_path,
                None,
                payload,
            )
        content_hash = record.content_hash
        if content_hash in state.content_hashes:
            return None
        event_type = PUBLISHED if state.version == 0 else REVISED
        state.version += 1
        state.retracted = False
        state.content_hashes.add(content_hash)
        payload = article_payload(record)
        return self._row(
            record.article_key,
            event_type,
            content_hash,
            state.version,
            record.source_uri,
            record.source_path,
            content_hash,
            payload,
        )

    @staticmethod
    def _row(
        key: str,
        event_type: str,
        discriminator: str,
        version: int,
        source_uri: str,
        source_path: str,
        content_hash: str | None,
        payload: str,
    ) -> dict[str, object]:
        return {
            "event_id": event_id_for(key, event_type if event_type == RETRACTED else "content", discriminator),
            "article_key": key,
            "stream_version": version,
            "event_type": event_type,
            "schema_version": SCHEMA_VERSION,
            "source_uri": source_uri,
            "source_path": source_path,
            "content_hash": content_hash,
            "payload": payload,
        }

    def _reject(
        self, rejection: Rejection, report: AppendReport, rows: list[dict[str, object]], recorded_at: datetime
    ) -> None:
        report.rejected += 1
        report.rejection_reasons[rejection.reason] = report.rejection_reasons.get(rejection.reason, 0) + 1
        rows.append(
            {
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
        )

    def _max_position(self) -> int:
        return int(self.con.execute("select coalesce(max(position), 0) from events.article_events").fetchone()[0])

    def _write(self, events: list[Row], rejections: list[Row], manifest: list[Row]) -> None:
        if not events and not rejections and not manifest:
            return
        self.con.execute("begin transaction")
        try:
            if events:
                self._insert("insert into", "events.article_events", EVENT_COLUMNS, events, _EVENT_SCHEMA)
            if rejections:
                self._insert("insert into", "events.rejections", REJECTION_COLUMNS, rejections, _REJECTION_SCHEMA)
            if manifest:
                self._insert("insert or replace into", "events.ingested_files", FILE_COLUMNS, manifest, _FILE_SCHEMA)
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise

    def _insert(self, verb: str, table: str, columns: tuple[str, ...], rows: list[Row], schema: pa.Schema) -> None:
        batch = pa.Table.from_pylist(rows, schema=schema)
        self.con.register("_append_batch", batch)
        try:
            names = ", ".join(columns)
            self.con.execute(f"{verb} {table} ({names}) select {names} from _append_batch")
        finally:
            self.con.unregister("_append_batch")


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
