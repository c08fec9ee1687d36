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
from functools import cache

import duckdb
import pyarrow as pa

from dagster_project.extraction.extractor import EXTRACTOR_VERSION, Extractor
from dagster_project.extraction.gazetteer import Gazetteer
from dagster_project.extraction.publisher import Publisher
from dagster_project.extraction.store_schema import ARROW_SCHEMAS, TABLES, ensure_schema
from dagster_project.ingest.event_log import upcast_payload
from dagster_project.seed_state import seeds_digest
from dagster_project.settings import SEEDS_DIR

__all__ = ["TABLES", "ExtractionReport", "ensure_schema", "extract_batch", "extract_new_events", "extraction_version"]

Row = tuple[str, int, str]
Tables = dict[str, pa.Table]

# Worker batches are written together until they hold this many events: one commit (and its sync of
# the write-ahead log) per few thousand events costs more than the inserts themselves.
WRITE_EVENTS = 10_000


@cache
def extraction_version() -> str:
    """The extractor's code version and the digest of the dictionaries it reads (the DuckDB and Spark paths)."""
    return f"{EXTRACTOR_VERSION}+{seeds_digest(SEEDS_DIR)[:12]}"


@dataclass
class ExtractionReport:
    events: int = 0
    engagements: int = 0
    reextracted: bool = False


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
        results = ((len(rows), extract_batch(rows, extractor, version)) for rows in batches)
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
    return extract_batch(rows, _worker_extractor, version)


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


def extract_batch(rows: list[Row], extractor: Extractor, version: str = EXTRACTOR_VERSION) -> Tables:
    """The extraction tables of a batch of events, as Arrow tables (built where they are extracted,
    possibly in a worker process, so the writer only inserts them)."""
    out = {table: _TableBuilder(ARROW_SCHEMAS[table]) for table in TABLES}
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
