"""The Parquet mirror: its layout and contents equal the warehouse's tables, reruns are incremental by
log segment or do nothing, and a crash mid-write leaves the previous version whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from dagster_project.extraction.store_schema import TABLES as EXTRACTION_TABLES
from dagster_project.scaleout import parquet_mirror
from dagster_project.scaleout.compare import compare_extraction, compare_tables, parquet_relation
from dagster_project.scaleout.parquet_mirror import (
    extraction_is_current,
    mirror_warehouse_file,
    mirrored_log_position,
    mirrored_tables,
)
from dagster_project.scaleout.versioned_folders import current_version, new_version, publish, version_dirs

SEGMENT = 10  # small segments, so the sample log spans several


@pytest.fixture
def warehouse(built_warehouse: Path, tmp_path: Path) -> Path:
    """A copy of the test warehouse, to append to."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(built_warehouse, copy)
    return copy


def append_events(warehouse: Path, n: int) -> int:
    """Append `n` events to the log (copies of its first events at new positions); the new last position."""
    con = duckdb.connect(str(warehouse))
    try:
        (last,) = con.execute("select max(position) from events.article_events").fetchone()
        con.execute(
            "insert into events.article_events select position + ?, event_id || '-again', article_key, "
            "stream_version, event_type, schema_version, recorded_at, source_uri, source_path, content_hash, payload "
            "from events.article_events where position <= ?",
            [last, n],
        )
        return con.execute("select max(position) from events.article_events").fetchone()[0]
    finally:
        con.close()


def read_back(folder: Path) -> duckdb.DuckDBPyRelation:
    return duckdb.sql(f"select * from {parquet_relation(folder)}")


def segment_files(root: Path) -> dict[str, int]:
    """Each published log file by its segment folder, with its inode."""
    log = current_version(root / "events" / "article_events")
    assert log is not None
    return {path.parent.name: path.stat().st_ino for path in log.glob("log_segment=*/*.parquet")}


def test_the_mirror_equals_the_warehouse(warehouse: Path, tmp_path: Path) -> None:
    root = tmp_path / "parquet"
    report = mirror_warehouse_file(warehouse, root, include_extraction=True, segment_size=SEGMENT)
    differences = compare_tables(warehouse, root, mirrored_tables(include_extraction=True))
    assert [d for d in differences if not d.equal] == []
    assert {d.table for d in differences} >= {"article_events", "legacy_article_keys", "processed_events"}
    assert sum(d.duckdb_rows for d in differences if d.table == "engagement_mentions") > 0
    for schema, table in mirrored_tables(include_extraction=True):
        assert (root / schema / table).is_symlink(), f"{schema}/{table} is swapped in by a symlink"
    log = read_back(root / "events" / "article_events")
    assert log.filter(f"log_segment <> position // {SEGMENT}").aggregate("count(*)").fetchall()[0][0] == 0
    assert report.segments_written == list(range(report.log_position // SEGMENT + 1))
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        types = con.execute("select column_name, column_type from (describe events.article_events)").fetchall()
    finally:
        con.close()
    mirrored = duckdb.sql(
        f"describe select * exclude (log_segment) from {parquet_relation(root / 'events' / 'article_events')}"
    )
    assert [(row[0], row[1]) for row in mirrored.fetchall()] == types


def test_a_rerun_with_nothing_new_does_no_work(warehouse: Path, tmp_path: Path) -> None:
    root = tmp_path / "parquet"
    mirror_warehouse_file(warehouse, root, include_extraction=True, segment_size=SEGMENT)
    published = {table: current_version(root / schema / table) for schema, table in mirrored_tables(True)}
    again = mirror_warehouse_file(warehouse, root, include_extraction=True, segment_size=SEGMENT)
    assert not again.did_work
    assert again.segments_written == []
    assert {table: current_version(root / schema / table) for schema, table in mirrored_tables(True)} == published


def test_a_rerun_rewrites_only_the_tail_segment(warehouse: Path, tmp_path: Path) -> None:
    root = tmp_path / "parquet"
    first = mirror_warehouse_file(warehouse, root, segment_size=SEGMENT)
    before = segment_files(root)
    last = append_events(warehouse, 15)
    second = mirror_warehouse_file(warehouse, root, segment_size=SEGMENT)
    tail = first.log_position // SEGMENT
    assert second.segments_written == list(range(tail, last // SEGMENT + 1))
    after = segment_files(root)
    for segment in range(tail):  # the earlier segments are the same files, linked into the new version
        assert after[f"log_segment={segment}"] == before[f"log_segment={segment}"]
    assert after[f"log_segment={tail}"] != before[f"log_segment={tail}"]
    assert [d for d in compare_tables(warehouse, root, mirrored_tables(False)) if not d.equal] == []
    assert read_back(root / "events" / "article_events").aggregate("max(position)").fetchall()[0][0] == last


def test_a_crash_mid_write_leaves_the_previous_version_whole(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "parquet"
    first = mirror_warehouse_file(warehouse, root, segment_size=SEGMENT)
    link = root / "events" / "article_events"
    published = current_version(link)
    append_events(warehouse, 25)
    write = parquet_mirror.write_parquet
    calls = []

    def crash_on_second_file(con: duckdb.DuckDBPyConnection, query: str, path: Path) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full (simulated) in the middle of a mirror")
        write(con, query, path)

    monkeypatch.setattr(parquet_mirror, "write_parquet", crash_on_second_file)
    with pytest.raises(OSError, match="simulated"):
        mirror_warehouse_file(warehouse, root, segment_size=SEGMENT)
    assert current_version(link) == published
    assert len(version_dirs(link)) == 2, "the unfinished version is beside the published one"
    rows, last = read_back(link).aggregate("count(*), max(position)").fetchall()[0]
    assert rows == last == first.log_position, "the previous version reads whole"
    monkeypatch.setattr(parquet_mirror, "write_parquet", write)
    mirror_warehouse_file(warehouse, root, segment_size=SEGMENT)
    assert [d for d in compare_tables(warehouse, root, mirrored_tables(False)) if not d.equal] == []
    assert len(version_dirs(link)) == 2, "the unfinished version is removed; the replaced one kept a round"


def test_old_versions_are_removed(warehouse: Path, tmp_path: Path) -> None:
    root = tmp_path / "parquet"
    link = root / "events" / "article_events"
    for _ in range(4):
        append_events(warehouse, 3)
        mirror_warehouse_file(warehouse, root, segment_size=SEGMENT)
    versions = version_dirs(link)
    assert len(versions) == 2 and versions[-1] == current_version(link)


def test_the_comparison_finds_a_missing_and_a_changed_row(warehouse: Path, tmp_path: Path) -> None:
    root = tmp_path / "parquet"
    mirror_warehouse_file(warehouse, root, include_extraction=True, segment_size=SEGMENT)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(
            "delete from extraction.article_topics where rowid = (select min(rowid) from extraction.article_topics)"
        )
        first = "(select min(position) from extraction.engagement_mentions)"
        con.execute(
            f"update extraction.engagement_mentions set status = 'x' where mention_index = 0 and position = {first}"
        )
    finally:
        con.close()
    found = {d.table: d for d in compare_extraction(warehouse, root)}
    assert (found["article_topics"].only_in_duckdb, found["article_topics"].only_in_parquet) == (0, 1)
    assert (found["engagement_mentions"].only_in_duckdb, found["engagement_mentions"].only_in_parquet) == (1, 1)
    assert not found["article_topics"].equal and not found["engagement_mentions"].equal
    assert found["processed_events"].equal


def test_the_spark_extraction_is_current_until_the_log_grows(warehouse: Path, tmp_path: Path) -> None:
    """The Spark extraction asset skips its run when every extraction table was extracted from the mirrored
    log by this extractor version (the state each published version records)."""
    root = tmp_path / "parquet"
    mirror_warehouse_file(warehouse, root, segment_size=SEGMENT)
    assert not extraction_is_current(root, "v1"), "nothing extracted yet"
    position = mirrored_log_position(root)
    for table in EXTRACTION_TABLES:
        link = root / "extraction" / table
        publish(link, new_version(link), {"extractor_version": "v1", "log_position": position})
    assert extraction_is_current(root, "v1")
    assert not extraction_is_current(root, "v2")
    append_events(warehouse, 1)
    mirror_warehouse_file(warehouse, root, segment_size=SEGMENT)
    assert not extraction_is_current(root, "v1")
