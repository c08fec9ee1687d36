"""Run the extractor over log events past a watermark and store its output in DuckDB.

The `extraction` schema is a cache derived from the log: it is keyed by event and extractor
version, so it can always be rebuilt from `events.article_events`. A new extractor version
re-extracts every event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb
import pyarrow as pa

from dagster_project.event_log import upcast_payload
from dagster_project.extraction.extractor import EXTRACTOR_VERSION, Extractor

DDL = """
create schema if not exists extraction;
create table if not exists extraction.processed_events (
    event_id varchar not null primary key,
    position bigint not null,
    extractor_version varchar not null,
    n_engagements integer not null
);
create table if not exists extraction.engagement_mentions (
    mention_id varchar not null primary key,
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
"""
TABLES = ("processed_events", "engagement_mentions", "mention_participants", "mention_topics", "article_topics")


@dataclass
class ExtractionReport:
    events: int = 0
    engagements: int = 0
    reextracted: bool = False


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def extract_new_events(
    con: duckdb.DuckDBPyConnection,
    extractor: Extractor,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
    full_refresh: bool = False,
) -> ExtractionReport:
    """Extract every published or revised event not yet extracted by this extractor version."""
    ensure_schema(con)
    report = ExtractionReport()
    stale = con.execute(
        "select count(*) from extraction.processed_events where extractor_version <> ?", [EXTRACTOR_VERSION]
    ).fetchone()[0]
    if stale or full_refresh:
        report.reextracted = True
        con.execute("begin transaction")
        for table in TABLES:
            con.execute(f"delete from extraction.{table}")
        con.execute("commit")
    watermark = con.execute("select coalesce(max(position), 0) from extraction.processed_events").fetchone()[0]
    # Keyset pagination: writing a batch on this connection would invalidate an open cursor.
    while rows := _events_after(con, watermark, batch_size):
        tables = _extract_batch(rows, extractor)
        report.events += len(rows)
        report.engagements += len(tables["engagement_mentions"])
        _write(con, tables)
        watermark = rows[-1][1]
        if progress:
            progress(report.events)
    return report


def _events_after(con: duckdb.DuckDBPyConnection, position: int, limit: int) -> list[tuple[str, int, str]]:
    return con.execute(
        """
        select event_id, position, payload
        from events.article_events
        where position > ? and event_type in ('ArticlePublished', 'ArticleRevised')
        order by position
        limit ?
        """,
        [position, limit],
    ).fetchall()


def _extract_batch(rows: list[tuple[str, int, str]], extractor: Extractor) -> dict[str, list[dict[str, object]]]:
    out: dict[str, list[dict[str, object]]] = {t: [] for t in TABLES}
    for event_id, position, payload_text in rows:
        payload = upcast_payload(json.loads(payload_text))
        result = extractor.extract(
            payload["body"],
            date.fromisoformat(payload["published_date"]),
            payload.get("dateline"),
            payload.get("title"),
        )
        for index, engagement in enumerate(result.engagements):
            mention_id = hashlib.sha256(f"{event_id}:{index}".encode()).hexdigest()[:32]
            out["engagement_mentions"].append(
                {
                    "mention_id": mention_id,
                    "event_id": event_id,
                    "position": position,
                    "mention_index": index,
                    "engagement_type": engagement.engagement_type,
                    "status": engagement.status,
                    "is_invitation": engagement.is_invitation,
                    "engagement_date": engagement.engagement_date,
                    "date_precision": engagement.date_precision,
                    "sentence_index": engagement.sentence_index,
                    "char_start": engagement.char_start,
                    "char_end": engagement.char_end,
                    "evidence": engagement.evidence,
                }
            )
            for participant in engagement.participants:
                out["mention_participants"].append(
                    {
                        "mention_id": mention_id,
                        "country_code": participant.country_code,
                        "role": participant.role,
                        "actor_id": participant.actor_id,
                        "actor_name": participant.actor_name,
                        "actor_title": participant.actor_title,
                    }
                )
            for topic in sorted(engagement.topics):
                out["mention_topics"].append({"mention_id": mention_id, "topic": topic})
        for topic in sorted(result.article_topics):
            out["article_topics"].append({"event_id": event_id, "topic": topic})
        out["processed_events"].append(
            {
                "event_id": event_id,
                "position": position,
                "extractor_version": EXTRACTOR_VERSION,
                "n_engagements": len(result.engagements),
            }
        )
    return out


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
}


def _write(con: duckdb.DuckDBPyConnection, tables: dict[str, list[dict[str, object]]]) -> None:
    """Write one batch's outputs together, so a crash never leaves half an event extracted."""
    con.execute("begin transaction")
    try:
        for table, rows in tables.items():
            if not rows:
                continue
            batch = pa.Table.from_pylist(rows, schema=_SCHEMAS[table])
            con.register("_extraction_batch", batch)
            con.execute(f"insert into extraction.{table} select * from _extraction_batch")
            con.unregister("_extraction_batch")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
