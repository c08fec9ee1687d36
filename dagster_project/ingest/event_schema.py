"""The event log's tables and payloads, schema versions, and the upcasting of older events.

Schema versions: 1 (the first parser) called the outlet `source`, 2 calls it `source_name`; 3 keys
article streams by where they come from (`file:`, `feed:`, `url:`, see `article_keys`). Events are
never rewritten: an event of version 1 or 2 keeps its bare key (a file path, a feed `id` or a `url`)
in `article_key`. `upcast_article_key` maps it to its namespaced key, from what the event holds, and
`map_legacy_keys` keeps the result in `events.legacy_article_keys` (position -> key, and the payload
fields as `upcast_payload` names them now), an index derived from the log that the writer and the dbt
staging model both read, so that they agree on every key and field: the upcasting rules live here only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pyarrow as pa

from dagster_project.ingest.article_keys import file_key, record_key
from dagster_project.ingest.articles import RETRACT_SUFFIX, RawArticle, Retraction, json_value

if TYPE_CHECKING:  # parsing workers import this module: they need no DuckDB
    import duckdb

SCHEMA_VERSION = 3
# Events of this schema version on hold a namespaced key in `article_key`.
NAMESPACED_KEYS_SINCE = 3
PUBLISHED = "ArticlePublished"
REVISED = "ArticleRevised"
RETRACTED = "ArticleRetracted"

# `event_id` has no unique index (costly on bulk appends): it is unique by construction, derived from
# the stream's content hashes and versions, which the writer checks. Payloads are long texts: zstd
# stores them in a fifth of the space FSST takes, and checkpoints them several times faster.
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
    payload         varchar     not null using compression zstd
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
create table if not exists events.legacy_article_keys (
    position        bigint      not null primary key,
    article_key     varchar     not null
);
alter table events.legacy_article_keys add column if not exists source_name varchar;
alter table events.legacy_article_keys add column if not exists upcasts integer;
"""
# The version of the upcasting rules the rows of events.legacy_article_keys were derived with: a change of
# `upcast_payload` or `upcast_article_key` bumps it, and the next run maps the old events again.
UPCASTS = 2

# What `upcast_article_key` reads of an old event's payload.
LEGACY_KEY_FIELDS = ("schema_version", "source_format", "external_id", "url", "source_name", "source")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the log's tables, and map the keys of events of older schema versions not mapped yet."""
    con.execute(DDL)
    map_legacy_keys(con)


def article_payload(article: RawArticle) -> str:
    """The JSON payload of a published or revised event, in the current schema version: the
    envelope fields spliced with the article's canonical content (computed when it was parsed).
    `decoding`, present only when some bytes were not UTF-8, says how they were read."""
    envelope = (
        f'{{"schema_version": {SCHEMA_VERSION}, "source_format": {json_value(article.source_format)}, '
        f'"external_id": {json_value(article.external_id)}, '
    )
    if article.decoding:
        envelope += f'"decoding": {json_value(article.decoding)}, '
    return envelope + article.canonical_content[1:]


def retraction_payload(retraction: Retraction) -> str:
    payload: dict[str, object] = {"schema_version": SCHEMA_VERSION, "note": retraction.note}
    if retraction.decoding:
        payload["decoding"] = retraction.decoding
    return json.dumps(payload, ensure_ascii=False)


def upcast_payload(payload: Mapping[str, object]) -> dict[str, object]:
    """Bring a payload written by any earlier parser to the current schema version."""
    version = int(payload.get("schema_version") or 1)  # type: ignore[call-overload]
    upcast = dict(payload)
    if version < 2:
        upcast["source_name"] = upcast.pop("source", None)
    upcast["schema_version"] = SCHEMA_VERSION
    return upcast


def upcast_article_key(
    bare_key: str,
    event_type: str,
    source_uri: str,
    source_path: str,
    payload: Mapping[str, object],
    stream_key: str | None = None,
) -> str:
    """The namespaced key of an event written before schema version 3 (whose `article_key` is bare).

    A content event: a whole file (its `source_uri` is its path: text, HTML, a one-object JSON file)
    is `file:<path>`; a record is keyed by its `external_id`, `url` and `source_name` as a record is
    now. A retraction's payload names no article: from a `.retract` file it is `file:<bare key>`,
    else it belongs where its bare stream's latest earlier content event went (`stream_key`)."""
    if event_type == RETRACTED:
        if source_uri.endswith(RETRACT_SUFFIX):
            return file_key(bare_key)
        return stream_key or bare_key  # a retraction always follows content: the writer rejects others
    if source_uri == source_path:
        return file_key(source_path)
    fields = upcast_payload(payload)
    return record_key(
        _text(fields.get("external_id")), _text(fields.get("url")), _text(fields.get("source_name")),
        source_uri, source_path,
    )  # fmt: skip


def _as_text(value: object) -> str | None:
    return None if value is None else str(value)


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def legacy_keys(events: Iterable[tuple[int, str, str, str, str, Mapping[str, object]]]) -> dict[int, str]:
    """Namespaced keys of old events given in position order as (position, bare key, event type,
    source_uri, source_path, payload fields)."""
    keys: dict[int, str] = {}
    stream_keys: dict[str, str] = {}
    for position, bare_key, event_type, uri, path, payload in events:
        key = upcast_article_key(bare_key, event_type, uri, path, payload, stream_keys.get(bare_key))
        if event_type != RETRACTED:
            stream_keys[bare_key] = key
        keys[position] = key
    return keys


def map_legacy_keys(con: duckdb.DuckDBPyConnection) -> int:
    """Fill `events.legacy_article_keys` when some event of an older schema version is not in it
    (once, on the first run after an upgrade): the number of events mapped."""
    old, mapped = con.execute(
        "select (select count(*) from events.article_events where schema_version < ?), "
        "(select count(*) from events.legacy_article_keys where upcasts = ?)",
        [NAMESPACED_KEYS_SINCE, UPCASTS],
    ).fetchall()[0]
    if old == mapped:
        return 0
    rows = con.execute(
        "select position, article_key, event_type, source_uri, source_path, json_extract_string(payload, ?) "
        "from events.article_events where schema_version < ? order by position",
        [[f"$.{name}" for name in LEGACY_KEY_FIELDS], NAMESPACED_KEYS_SINCE],
    ).fetchall()
    events = [
        (position, bare, kind, uri, path, dict(zip(LEGACY_KEY_FIELDS, values, strict=True)))
        for position, bare, kind, uri, path, values in rows
    ]
    keys = legacy_keys(events)
    sources = [_as_text(upcast_payload(fields).get("source_name")) for *_, fields in events]
    table = pa.table(
        {
            "position": pa.array(list(keys), pa.int64()),
            "article_key": pa.array(list(keys.values()), pa.string()),
            "source_name": pa.array(sources, pa.string()),
        }
    )
    con.execute("begin transaction")
    try:
        con.execute("delete from events.legacy_article_keys")
        con.register("_legacy_keys", table)
        con.execute(
            "insert into events.legacy_article_keys (position, article_key, source_name, upcasts) "
            f"select position, article_key, source_name, {UPCASTS} from _legacy_keys"
        )
        con.unregister("_legacy_keys")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return len(keys)
