"""The `extraction` schema in DuckDB and the Arrow schemas of its tables, as the store writes them."""

from __future__ import annotations

import duckdb
import pyarrow as pa

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


ARROW_SCHEMAS = {
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
