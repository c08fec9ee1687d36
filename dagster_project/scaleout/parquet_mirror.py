"""Mirror the DuckDB log (and, on request, the extraction tables) as Parquet folders that Spark reads.

Layout (the contract of issue #15): `<root>/<schema>/<table>/`, each a symlink to a crash-safe version
folder (`versioned_folders`). `events/article_events` is Hive-partitioned by `log_segment` (position div
100000, an extra column readers leave out); the log is append-only, so a rerun rewrites only the segments
from the one holding the last mirrored position on, and links the files of earlier segments into the new
version unchanged. The other tables are small or rewritten as a whole by the extraction: each is one
file, rewritten only when its content digest changed. Seeds need no mirror: dbt loads the reference
seeds itself on Spark, and the extractor's dictionaries ship with its code (`spark_extraction`).

    python -m dagster_project.scaleout.parquet_mirror [--with-extraction]   (WAREHOUSE_DB, PARQUET_MIRROR_DIR)
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dagster_project import settings
from dagster_project.extraction.store_schema import TABLES as EXTRACTION_TABLES
from dagster_project.scaleout.versioned_folders import new_version, publish, published_state

LOG_SEGMENT_SIZE = 100_000
LOG_TABLE = ("events", "article_events")
WHOLE_LOG_TABLES = (("events", "legacy_article_keys"),)
PARTITION = "log_segment"
FILE_NAME = "part-0.parquet"


@dataclass
class MirrorReport:
    """What a mirror run wrote: per table `unchanged`, `written` or the log segments it rewrote."""

    log_position: int = 0
    segments_written: list[int] = field(default_factory=list)
    tables: dict[str, str] = field(default_factory=dict)

    @property
    def did_work(self) -> bool:
        return any(outcome != "unchanged" for outcome in self.tables.values())


def mirrored_tables(include_extraction: bool) -> list[tuple[str, str]]:
    """The tables a mirror run writes: the log always, the extraction tables when DuckDB extracted them."""
    extraction = [("extraction", table) for table in EXTRACTION_TABLES] if include_extraction else []
    return [LOG_TABLE, *WHOLE_LOG_TABLES, *extraction]


def mirror_warehouse_file(
    warehouse_db: Path, root: Path, include_extraction: bool = False, segment_size: int = LOG_SEGMENT_SIZE
) -> MirrorReport:
    """Mirror a warehouse file, opened read-only (the writer pool keeps writers out meanwhile)."""
    con = duckdb.connect(str(warehouse_db), read_only=True)
    try:
        return mirror_warehouse(con, root, include_extraction, segment_size)
    finally:
        con.close()


def mirror_warehouse(
    con: duckdb.DuckDBPyConnection, root: Path, include_extraction: bool = False, segment_size: int = LOG_SEGMENT_SIZE
) -> MirrorReport:
    """Bring the mirror under `root` up to date with the warehouse behind `con`."""
    report = MirrorReport()
    report.log_position, report.segments_written = mirror_log(con, root, segment_size)
    report.tables["events.article_events"] = (
        f"segments {report.segments_written}" if report.segments_written else "unchanged"
    )
    for schema, table in mirrored_tables(include_extraction)[1:]:
        report.tables[f"{schema}.{table}"] = mirror_whole_table(con, root, schema, table)
    return report


def mirror_log(
    con: duckdb.DuckDBPyConnection, root: Path, segment_size: int = LOG_SEGMENT_SIZE
) -> tuple[int, list[int]]:
    """Mirror `events.article_events` in segments of `segment_size` positions; returns the last position
    and the segments rewritten."""
    link = root.joinpath(*LOG_TABLE)
    last_position, last_event_id = _log_tail(con)
    state = published_state(link)
    unchanged = state and state.get("segment_size") == segment_size and state.get("position") == last_position
    if unchanged and state.get("last_event_id") == last_event_id:  # type: ignore[union-attr]
        return last_position, []
    first = _first_segment_to_write(con, state, last_position, segment_size)
    version = new_version(link)
    if first:
        _link_earlier_segments(link, version, first)
    segments = list(range(first, last_position // segment_size + 1))
    for segment in segments:
        folder = version / f"{PARTITION}={segment}"
        folder.mkdir()
        low, high = segment * segment_size, (segment + 1) * segment_size
        query = f"select * from events.article_events where position >= {low} and position < {high} order by position"
        write_parquet(con, query, folder / FILE_NAME)
    reached = {"position": last_position, "last_event_id": last_event_id, "segment_size": segment_size}
    publish(link, version, reached)
    return last_position, segments


def _log_tail(con: duckdb.DuckDBPyConnection) -> tuple[int, str | None]:
    row = con.execute("select position, event_id from events.article_events order by position desc limit 1").fetchone()
    return (int(row[0]), row[1]) if row else (0, None)


def _first_segment_to_write(
    con: duckdb.DuckDBPyConnection, state: dict[str, object] | None, last: int, segment_size: int
) -> int:
    """The segment holding the last mirrored position, when the mirror is a prefix of this log (else 0)."""
    if not state or state.get("segment_size") != segment_size:
        return 0
    position = int(state.get("position") or 0)  # type: ignore[call-overload]
    if position == 0 or position > last:
        return 0
    row = con.execute("select event_id from events.article_events where position = ?", [position]).fetchone()
    return position // segment_size if row and row[0] == state.get("last_event_id") else 0


def _link_earlier_segments(link: Path, version: Path, first: int) -> None:
    """Hard-link the files of the published segments before `first` into the new version (no copy)."""
    current = link.resolve()
    for segment in range(first):
        source = current / f"{PARTITION}={segment}"
        target = version / source.name
        target.mkdir()
        for path in source.iterdir():
            os.link(path, target / path.name)


def mirror_whole_table(con: duckdb.DuckDBPyConnection, root: Path, schema: str, table: str) -> str:
    """Mirror a table as one file, when its content changed since the last mirror: `written` or `unchanged`."""
    link = root / schema / table
    digest = table_digest(con, schema, table)
    state = published_state(link)
    if state and state.get("digest") == digest:
        return "unchanged"
    version = new_version(link)
    write_parquet(con, f"select * from {schema}.{table}", version / FILE_NAME)
    publish(link, version, {"digest": digest})
    return "written"


def table_digest(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[int]:
    """Row count and an order-independent digest of every row (xor of the rows' hashes)."""
    count, digest = con.execute(f"select count(*), coalesce(bit_xor(hash(t)), 0) from {schema}.{table} as t").fetchone()
    return [int(count), int(digest)]


def write_parquet(con: duckdb.DuckDBPyConnection, query: str, path: Path) -> None:
    """Write a query's rows to one Parquet file (zstd); the caller fsyncs the version before publishing it."""
    target = str(path).replace("'", "''")
    con.execute(f"copy ({query}) to '{target}' (format parquet, compression zstd)")


def mirrored_log_position(root: Path) -> int | None:
    """The last log position the published mirror holds (None before the first mirror)."""
    state = published_state(root.joinpath(*LOG_TABLE))
    return int(state["position"]) if state else None  # type: ignore[call-overload]


def extraction_is_current(root: Path, version: str) -> bool:
    """Whether every extraction table under `root` was extracted by `version` from the log the mirror holds."""
    position = mirrored_log_position(root)
    states = [published_state(root / "extraction" / table) for table in EXTRACTION_TABLES]
    return position is not None and all(
        state and state.get("log_position") == position and state.get("extractor_version") == version
        for state in states
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mirror the warehouse's log as Parquet (PARQUET_MIRROR_DIR).")
    parser.add_argument("--with-extraction", action="store_true", help="also the six extraction tables")
    args = parser.parse_args(argv)
    warehouse = settings.warehouse_db()
    report = mirror_warehouse_file(warehouse, settings.parquet_mirror_dir(warehouse), args.with_extraction)
    print(f"mirrored up to log position {report.log_position}: {report.tables}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
