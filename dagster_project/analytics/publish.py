"""Publish a read-only analytics database: the marts and reference dimensions of one build.

DuckDB lets one process write a file and blocks every other process meanwhile, so analysts never
open the warehouse itself. After each build the marts (every relation of the `marts` schema) and the
reference dimensions are copied into a new file in the same folder, which then replaces
`analytics.duckdb` with `os.replace`: a reader that opened the old file keeps reading the old build,
a new reader gets the new one, and nobody waits for anybody. `meta.build` and `meta.tables` record
what each build holds. No Dagster here.
"""

from __future__ import annotations

import fcntl
import os
import time
import uuid
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from dagster_project.analytics.duckdb_sql import quote_identifier, quote_literal, relation

ANALYTICS_FILE = "analytics.duckdb"
PUBLISHED_SCHEMA = "marts"
REFERENCE_SCHEMA = "reference"
# Reference tables analysts join to the marts (codes to names, memberships, office holders), with
# the description they get where the dbt docs have none.
REFERENCE_TABLES = {
    "countries": "ISO 3166-1 countries: alpha-3 and alpha-2 codes, name, region and subregion (seed).",
    "organisations": "International organisations engagements name: code, name, region, kind (seed).",
    "organisation_members": "Member countries of each organisation (seed).",
    "office_holders": "Office holders (heads of state or government, ministers): aliases, title, role, term (seed).",
    "topics": "Topics and subtopics with their PLOVER context and description (seed).",
    "engagement_types": "Engagement types with CAMEO code and label and PLOVER event and mode (seed).",
}
# The new file's catalog while it is written; the warehouse keeps its own name (the file's stem), which
# dbt writes into the SQL of views, so marts that are views still resolve.
DST = "analytics_build__"
META_DDL = f"""
create schema {DST}.meta;
create table {DST}.meta.build (
    build_id varchar, published_at timestamptz, log_position bigint, log_events bigint, tables integer
);
create table {DST}.meta.tables (
    table_schema varchar, table_name varchar, row_count bigint, description varchar
);
"""


@dataclass(frozen=True)
class RelationDocs:
    """The description of a relation and of its columns (from the dbt docs)."""

    description: str = ""
    columns: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PublishReport:
    """What one publish wrote."""

    path: Path
    build_id: str
    published_at: datetime
    log_position: int | None
    row_counts: dict[str, int]
    size_bytes: int
    seconds: float


def analytics_db_path(warehouse_db: Path) -> Path:
    """`ANALYTICS_DB` when set, else `analytics.duckdb` in the folder of the warehouse file."""
    override = os.environ.get("ANALYTICS_DB")
    if override:
        path = Path(override).expanduser()
        return path if path.is_absolute() else (Path.cwd() / path).resolve()
    return warehouse_db.parent / ANALYTICS_FILE


def open_published(path: Path, catalog: str = "analytics") -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published file as it is now.

    The file is attached to a new in-memory database rather than opened with `duckdb.connect(path)`:
    DuckDB keeps one instance per path and process, which would keep serving a replaced build to
    every later connection while any earlier one is open.
    """
    con = duckdb.connect()
    try:
        con.execute(f"attach {quote_literal(path)} as {quote_identifier(catalog)} (read_only)")
        con.execute(f"use {quote_identifier(catalog)}")
    except duckdb.Error:
        con.close()
        raise
    return con


def publish_analytics(
    warehouse_db: Path,
    target: Path,
    docs: Mapping[tuple[str, str], RelationDocs] | None = None,
    duckdb_config: Mapping[str, Any] | None = None,
) -> PublishReport:
    """Copy the marts and reference dimensions into a new file, then swap it in atomically."""
    started = time.monotonic()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(target)
    temp = target.parent / f".{target.name}.{uuid.uuid4().hex}.tmp"
    try:
        build_id, published_at, log_position, counts = _write_build(warehouse_db, temp, docs or {}, duckdb_config)
        os.replace(temp, target)
        _fsync_directory(target.parent)
    finally:
        temp.unlink(missing_ok=True)
        Path(f"{temp}.wal").unlink(missing_ok=True)
    return PublishReport(
        path=target,
        build_id=build_id,
        published_at=published_at,
        log_position=log_position,
        row_counts=counts,
        size_bytes=target.stat().st_size,
        seconds=time.monotonic() - started,
    )


def remove_stale_temps(target: Path) -> list[Path]:
    """Delete the half-written files of publishes that died (`.analytics.duckdb.*.tmp` and their `.wal`).

    A live publish has its file open in DuckDB, which holds a POSIX lock on it: a temp file nobody
    locks belongs to a dead process. (POSIX locks are per process: this runs before this process opens
    a temp file of its own.)"""
    removed = []
    for temp in sorted(target.parent.glob(f".{target.name}.*.tmp")):
        if _locked_by_another_process(temp):
            continue
        for path in (Path(f"{temp}.wal"), temp):
            path.unlink(missing_ok=True)
            removed.append(path)
    for wal in target.parent.glob(f".{target.name}.*.tmp.wal"):
        if not Path(str(wal)[: -len(".wal")]).exists():  # a log whose database is gone serves nobody
            wal.unlink(missing_ok=True)
            removed.append(wal)
    return removed


def _locked_by_another_process(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return True  # gone meanwhile: nothing to remove
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing releases the probe's lock
    return False


def _write_build(
    warehouse_db: Path,
    temp: Path,
    docs: Mapping[tuple[str, str], RelationDocs],
    duckdb_config: Mapping[str, Any] | None,
) -> tuple[str, datetime, int | None, dict[str, int]]:
    src = warehouse_db.stem
    con = duckdb.connect(config=dict(duckdb_config or {}))
    try:
        con.execute(f"attach {quote_literal(warehouse_db)} as {quote_identifier(src)} (read_only)")
        con.execute(f"attach {quote_literal(temp)} as {DST}")
        workers = int((duckdb_config or {}).get("threads") or 1)
        counts = _copy_all(con, src, relations_to_publish(con, src), workers)
        build_id, published_at = uuid.uuid4().hex, datetime.now(UTC)
        log_position, log_events = _log_state(con, src)
        _write_meta(con, (build_id, published_at, log_position, log_events, len(counts)), counts, docs)
        _write_comments(con, counts, docs)
        con.execute(f"detach {DST}")  # checkpoints: the file is complete, with no write-ahead log
    finally:
        con.close()
    if Path(f"{temp}.wal").exists():
        raise RuntimeError(f"the analytics build {temp} was left with a write-ahead log")
    return build_id, published_at, log_position, counts


def relations_to_publish(con: duckdb.DuckDBPyConnection, src: str) -> list[tuple[str, str]]:
    """Every relation of the marts schema, and the reference tables that exist, in the catalog `src`."""
    rows = con.execute(
        """
        select table_schema, table_name from information_schema.tables
        where table_catalog = ?
          and (table_schema = ? or (table_schema = ? and list_contains(?, table_name)))
        order by table_schema, table_name
        """,
        [src, PUBLISHED_SCHEMA, REFERENCE_SCHEMA, list(REFERENCE_TABLES)],
    ).fetchall()
    if not any(schema == PUBLISHED_SCHEMA for schema, _ in rows):
        raise RuntimeError("the warehouse has no marts: build it before publishing")
    return [(schema, name) for schema, name in rows]


def _copy_all(
    con: duckdb.DuckDBPyConnection, src: str, relations: list[tuple[str, str]], workers: int
) -> dict[str, int]:
    """Copy the relations on `workers` cursors at once: writing compressed text is most of the cost, and
    one table's write keeps only part of the cores busy. Their row counts by `schema.name`."""
    for schema in sorted({schema for schema, _ in relations}):
        con.execute(f"create schema if not exists {relation(DST, schema)}")

    def copy(schema_and_name: tuple[str, str]) -> int:
        cursor = con.cursor()
        try:
            return _copy(cursor, src, *schema_and_name)
        finally:
            cursor.close()

    with ThreadPoolExecutor(max(1, workers)) as pool:
        rows = list(pool.map(copy, relations))
    return {f"{schema}.{name}": count for (schema, name), count in zip(relations, rows, strict=True)}


def _copy(con: duckdb.DuckDBPyConnection, src: str, schema: str, name: str) -> int:
    con.execute(f"create table {relation(DST, schema, name)} as select * from {relation(src, schema, name)}")
    (rows,) = con.execute(f"select count(*) from {relation(DST, schema, name)}").fetchone()
    return int(rows)


def _log_state(con: duckdb.DuckDBPyConnection, src: str) -> tuple[int | None, int]:
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_catalog = ? and table_schema = 'events' and table_name = 'article_events'",
        [src],
    ).fetchone()[0]
    if not exists:
        return None, 0
    log = relation(src, "events", "article_events")
    position, events = con.execute(f"select max(position), count(*) from {log}").fetchone()
    return position, int(events)


def _write_meta(
    con: duckdb.DuckDBPyConnection,
    build: tuple[str, datetime, int | None, int, int],
    counts: Mapping[str, int],
    docs: Mapping[tuple[str, str], RelationDocs],
) -> None:
    con.execute(META_DDL)
    con.execute(f"insert into {DST}.meta.build values (?, ?, ?, ?, ?)", list(build))
    rows = []
    for qualified, count in counts.items():
        schema, name = qualified.split(".", 1)
        rows.append([schema, name, count, docs.get((schema, name), RelationDocs()).description or None])
    con.executemany(f"insert into {DST}.meta.tables values (?, ?, ?, ?)", rows)


def _write_comments(
    con: duckdb.DuckDBPyConnection, counts: Mapping[str, int], docs: Mapping[tuple[str, str], RelationDocs]
) -> None:
    """Carry the dbt descriptions over as table and column comments (shown by `duckdb_tables()`)."""
    for qualified in counts:
        schema, name = qualified.split(".", 1)
        doc = docs.get((schema, name))
        if doc is None:
            continue
        target = relation(DST, schema, name)
        if doc.description:
            con.execute(f"comment on table {target} is {quote_literal(doc.description)}")
        existing = {
            r[0] for r in con.execute(f"select name from pragma_table_info({quote_literal(target)})").fetchall()
        }
        for column, text in doc.columns.items():
            if text and column in existing:
                con.execute(f"comment on column {target}.{relation(column)} is {quote_literal(text)}")


def docs_from_manifest(manifest: Mapping[str, Any]) -> dict[tuple[str, str], RelationDocs]:
    """Descriptions of dbt models and seeds by (schema, relation name); reference seeds fall back to ours."""
    docs: dict[tuple[str, str], RelationDocs] = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") not in ("model", "seed"):
            continue
        columns = {name: col.get("description") or "" for name, col in node.get("columns", {}).items()}
        key = (node.get("schema") or "", node.get("alias") or node["name"])
        fallback = REFERENCE_TABLES.get(key[1], "") if key[0] == REFERENCE_SCHEMA else ""
        docs[key] = RelationDocs(description=node.get("description") or fallback, columns=columns)
    return docs


def _fsync_directory(folder: Path) -> None:
    """Make the rename durable (best effort where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
