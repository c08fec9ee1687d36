"""Run the extractor over log events past a watermark and store its output in DuckDB.

The `extraction` schema is a cache derived from the log: it is keyed by event and extractor
version, so it can always be rebuilt from `events.article_events`. A new extractor version
re-extracts every event.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date

import duckdb
import pyarrow as pa

from dagster_project.event_log import upcast_payload
from dagster_project.extraction.extractor import EXTRACTOR_VERSION, Extractor
from dagster_project.extraction.gazetteer import Gazetteer
from dagster_project.extraction.publisher import Publisher
from dagster_project.settings import SEEDS_DIR

Row = tuple[str, int, str]
Tables = dict[str, pa.Table]

# No primary keys: an index costs more than the extraction's writes and is rewritten at every checkpoint.
# The ids are unique by construction (an event is extracted once per extractor version, a mention id
# hashes its event id and index); the dbt tests on the staging models check it at every build.
DDL = """
create schema if not exists extraction;
create table if not exists extraction.processed_events (
    event_id varchar not null,
    position bigint not null,
    extractor_version varchar not null,
    n_engagements integer not null
);
alter table extraction.processed_events add column if not exists extraction_seq bigint;
-- A counter that only grows, even when the extraction tables are re-made: downstream incremental
-- models use it as a watermark to see re-extracted events.
create table if not exists extraction.sequence (last_seq bigint not null);
insert into extraction.sequence select 0 where not exists (select 1 from extraction.sequence);
create table if not exists extraction.engagement_mentions (
    mention_id varchar not null,
    event_id varchar not null,
    position bigint not null,
    mention_index integer not null,
    engagement_type varchar not null,
    status varchar not null,
    is_invitation boolean not null,
    engagement_date date,
    date_precision varchar not null,
    sentence_index integer not null,
    char_start integer not null,
    char_end integer not null,
    evidence varchar not null
);
create table if not exists extraction.mention_participants (
    mention_id varchar not null,
    country_code varchar not null,
    role varchar not null,
    actor_id varchar,
    actor_name varchar,
    actor_title varchar
);
create table if not exists extraction.mention_topics (
    mention_id varchar not null,
    topic varchar not null
);
create table if not exists extraction.article_topics (
    event_id varchar not null,
    topic varchar not null
);
create table if not exists extraction.diagnostics (
    event_id varchar not null,
    position bigint not null,
    sentence_index integer not null,
    actor_name varchar,
    actor_title varchar,
    reason varchar not null,
    evidence varchar not null
);
"""
TABLES = (
    "processed_events",
    "engagement_mentions",
    "mention_participants",
    "mention_topics",
    "article_topics",
    "diagnostics",
)
# Worker batches are written together until they hold this many events: one commit (and its sync of
# the write-ahead log) per few thousand events costs more than the inserts themselves.
WRITE_EVENTS = 10_000


@dataclass
class ExtractionReport:
    events: int = 0
    engagements: int = 0
    reextracted: bool = False


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    keyed = [
        table
        for (table,) in con.execute(
            "select distinct table_name from duckdb_constraints() "
            "where schema_name = 'extraction' and constraint_type = 'PRIMARY KEY'"
        ).fetchall()
    ]
    if not keyed:
        con.execute(DDL)
        return
    # Tables made by an older version had primary keys, and DuckDB cannot drop a constraint: their rows
    # move to tables made without one.
    con.execute("begin transaction")
    for table in keyed:
        con.execute(f"alter table extraction.{table} rename to {table}__keyed")
    con.execute(DDL)
    for table in keyed:
        con.execute(f"insert into extraction.{table} by name select * from extraction.{table}__keyed")
        con.execute(f"drop table extraction.{table}__keyed")
    con.execute("commit")


def extract_new_events(
    con: duckdb.DuckDBPyConnection,
    extractor: Extractor,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
    full_refresh: bool = False,
    workers: int = 1,
    version: str = EXTRACTOR_VERSION,
    write_events: int = WRITE_EVENTS,
) -> ExtractionReport:
    """Extract every published or revised event not yet extracted by this extractor version.

    With `workers` > 1 and a large backlog, batches are extracted in worker processes. They are
    written in log order, consecutive batches together until they hold `write_events` events, each
    write in one transaction, so the watermark never skips a batch."""
    ensure_schema(con)
    report = ExtractionReport()
    stale = con.execute(
        "select count(*) from extraction.processed_events where extractor_version <> ?", [version]
    ).fetchone()[0]
    if stale or full_refresh:
        report.reextracted = True
        con.execute("begin transaction")
        for table in TABLES:
            con.execute(f"delete from extraction.{table}")
        con.execute("commit")
    watermark = con.execute("select coalesce(max(position), 0) from extraction.processed_events").fetchone()[0]
    batches = _batches_after(con, watermark, batch_size)
    backlog = _backlog(con, watermark)
    if workers > 1 and backlog > PARALLEL_THRESHOLD:
        results = _extract_in_workers(batches, workers, version)
    else:
        results = ((len(rows), _extract_batch(rows, extractor, version)) for rows in batches)
    for n_events, tables in _grouped(results, write_events):
        _write(con, tables)
        report.events += n_events
        report.engagements += tables["engagement_mentions"].num_rows
        if progress:
            progress(report.events)
    return report


# Below this many events, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 4000


def _grouped(results: Iterable[tuple[int, Tables]], min_events: int) -> Iterator[tuple[int, Tables]]:
    """Consecutive batches joined until they hold `min_events` events (the last group may hold fewer)."""
    group: list[tuple[int, Tables]] = []
    for result in results:
        group.append(result)
        if sum(n for n, _ in group) >= min_events:
            yield _joined(group)
            group = []
    if group:
        yield _joined(group)


def _joined(group: list[tuple[int, Tables]]) -> tuple[int, Tables]:
    if len(group) == 1:
        return group[0]
    tables = {name: pa.concat_tables([tables[name] for _, tables in group]) for name in TABLES}
    return sum(n for n, _ in group), tables


def _backlog(con: duckdb.DuckDBPyConnection, watermark: int) -> int:
    return con.execute(
        "select count(*) from events.article_events where position > ? "
        "and event_type in ('ArticlePublished', 'ArticleRevised')",
        [watermark],
    ).fetchone()[0]


def _batches_after(con: duckdb.DuckDBPyConnection, watermark: int, batch_size: int) -> Iterator[list[Row]]:
    """Batches of events past the watermark, by ranges of `batch_size` log positions. Positions are
    gap-free, so each range holds at most that many events and its query reads only its own part of
    the log (a `limit` after the watermark would read the rest of the log for every batch). Writing
    a batch on this connection would invalidate an open cursor, hence one query per range."""
    (last_position,) = con.execute("select coalesce(max(position), 0) from events.article_events").fetchone()
    while watermark < last_position:
        rows = _events_in(con, watermark, watermark + batch_size)
        if rows:
            yield rows
        watermark += batch_size


def _extract_in_workers(batches: Iterator[list[Row]], workers: int, version: str) -> Iterator[tuple[int, Tables]]:
    """Extract batches in worker processes, yielding results in the order of the batches."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker) as pool:
        pending: deque[tuple[int, Future[Tables]]] = deque()
        for rows in batches:
            pending.append((len(rows), pool.submit(_extract_batch_in_worker, rows, version)))
            if len(pending) > workers:
                n_events, future = pending.popleft()
                yield n_events, future.result()
        while pending:
            n_events, future = pending.popleft()
            yield n_events, future.result()


_worker_extractor: Extractor | None = None


def _init_worker() -> None:
    global _worker_extractor
    _worker_extractor = Extractor(Gazetteer.from_seeds(SEEDS_DIR))


def _extract_batch_in_worker(rows: list[Row], version: str) -> Tables:
    assert _worker_extractor is not None
    return _extract_batch(rows, _worker_extractor, version)


def _events_in(con: duckdb.DuckDBPyConnection, after: int, up_to: int) -> list[Row]:
    """Content events with `after` < position <= `up_to`, in log order."""
    return con.execute(
        """
        select event_id, position, payload
        from events.article_events
        where position > ? and position <= ? and event_type in ('ArticlePublished', 'ArticleRevised')
        order by position
        """,
        [after, up_to],
    ).fetchall()


def _extract_batch(rows: list[Row], extractor: Extractor, version: str = EXTRACTOR_VERSION) -> Tables:
    """The extraction tables of a batch of events, as Arrow tables (built where they are extracted,
    possibly in a worker process, so the writer only inserts them)."""
    out = {table: _TableBuilder(_SCHEMAS[table]) for table in TABLES}
    for event_id, position, payload_text in rows:
        payload = upcast_payload(json.loads(payload_text))
        result = extractor.extract(
            payload["body"],
            date.fromisoformat(payload["published_date"]),
            payload.get("dateline"),
            payload.get("title"),
            Publisher(payload.get("url"), payload.get("source_name")),
        )
        for index, engagement in enumerate(result.engagements):
            mention_id = hashlib.sha256(f"{event_id}:{index}".encode()).hexdigest()[:32]
            out["engagement_mentions"].append(
                mention_id=mention_id,
                event_id=event_id,
                position=position,
                mention_index=index,
                engagement_type=engagement.engagement_type,
                status=engagement.status,
                is_invitation=engagement.is_invitation,
                engagement_date=engagement.engagement_date,
                date_precision=engagement.date_precision,
                sentence_index=engagement.sentence_index,
                char_start=engagement.char_start,
                char_end=engagement.char_end,
                evidence=engagement.evidence,
            )
            for participant in engagement.participants:
                out["mention_participants"].append(
                    mention_id=mention_id,
                    country_code=participant.country_code,
                    role=participant.role,
                    actor_id=participant.actor_id,
                    actor_name=participant.actor_name,
                    actor_title=participant.actor_title,
                )
            for topic in sorted(engagement.topics):
                out["mention_topics"].append(mention_id=mention_id, topic=topic)
        for topic in sorted(result.article_topics):
            out["article_topics"].append(event_id=event_id, topic=topic)
        for diagnostic in result.diagnostics:
            out["diagnostics"].append(
                event_id=event_id,
                position=position,
                sentence_index=diagnostic.sentence_index,
                actor_name=diagnostic.actor_name,
                actor_title=diagnostic.actor_title,
                reason=diagnostic.reason,
                evidence=diagnostic.evidence,
            )
        out["processed_events"].append(
            event_id=event_id, position=position, extractor_version=version, n_engagements=len(result.engagements)
        )
    return {table: builder.table() for table, builder in out.items()}


class _TableBuilder:
    """Rows appended column by column, then one Arrow table."""

    def __init__(self, schema: pa.Schema) -> None:
        self.schema = schema
        self.columns: dict[str, list[object]] = {name: [] for name in schema.names}

    def append(self, **values: object) -> None:
        for name, column in self.columns.items():
            column.append(values[name])

    def table(self) -> pa.Table:
        return pa.table(list(self.columns.values()), schema=self.schema)


_SCHEMAS = {
    "processed_events": pa.schema(
        [
            ("event_id", pa.string()),
            ("position", pa.int64()),
            ("extractor_version", pa.string()),
            ("n_engagements", pa.int32()),
        ]
    ),
    "engagement_mentions": pa.schema(
        [
            ("mention_id", pa.string()),
            ("event_id", pa.string()),
            ("position", pa.int64()),
            ("mention_index", pa.int32()),
            ("engagement_type", pa.string()),
            ("status", pa.string()),
            ("is_invitation", pa.bool_()),
            ("engagement_date", pa.date32()),
            ("date_precision", pa.string()),
            ("sentence_index", pa.int32()),
            ("char_start", pa.int32()),
            ("char_end", pa.int32()),
            ("evidence", pa.string()),
        ]
    ),
    "mention_participants": pa.schema(
        [
            ("mention_id", pa.string()),
            ("country_code", pa.string()),
            ("role", pa.string()),
            ("actor_id", pa.string()),
            ("actor_name", pa.string()),
            ("actor_title", pa.string()),
        ]
    ),
    "mention_topics": pa.schema([("mention_id", pa.string()), ("topic", pa.string())]),
    "article_topics": pa.schema([("event_id", pa.string()), ("topic", pa.string())]),
    "diagnostics": pa.schema(
        [
            ("event_id", pa.string()),
            ("position", pa.int64()),
            ("sentence_index", pa.int32()),
            ("actor_name", pa.string()),
            ("actor_title", pa.string()),
            ("reason", pa.string()),
            ("evidence", pa.string()),
        ]
    ),
}


def _write(con: duckdb.DuckDBPyConnection, tables: Tables) -> None:
    """Write one batch's outputs together, so a crash never leaves half an event extracted; its
    processed events get the next extraction sequence number."""
    con.execute("begin transaction")
    try:
        (seq,) = con.execute("update extraction.sequence set last_seq = last_seq + 1 returning last_seq").fetchone()
        for table, batch in tables.items():
            if batch.num_rows == 0:
                continue
            con.register("_extraction_batch", batch)
            names = ", ".join(batch.schema.names)
            if table == "processed_events":
                insert = f"insert into extraction.{table} ({names}, extraction_seq) select {names}, ? from "
                con.execute(insert + "_extraction_batch", [seq])
            else:
                con.execute(f"insert into extraction.{table} ({names}) select {names} from _extraction_batch")
            con.unregister("_extraction_batch")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
