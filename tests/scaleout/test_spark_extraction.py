"""The extraction on Spark equals DuckDB's, row for row (run under the Spark environment: `make test-spark`,
or `.venv-spark/bin/python -m pytest tests/scaleout/test_spark_extraction.py` with this checkout on PYTHONPATH)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip(
    "pyspark", reason="pyspark is not importable: these tests run under the Spark environment (make test-spark)"
)

import duckdb
import pyarrow as pa
from pyspark.sql import SparkSession

from dagster_project.extraction.store import extraction_version
from dagster_project.scaleout.compare import compare_extraction, parquet_relation
from dagster_project.scaleout.parquet_mirror import extraction_is_current, mirror_warehouse_file
from dagster_project.scaleout.spark_extraction import (
    CODE_ARCHIVE,
    code_archive,
    run_extraction,
    ship_code,
    spark_session,
)


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSession]:
    scratch = tmp_path_factory.mktemp("spark")
    session = spark_session(scratch)
    ship_code(session, code_archive(scratch))
    yield session
    session.stop()


@pytest.fixture(scope="module")
def mirror(built_warehouse: Path, spark: SparkSession, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test warehouse's log mirrored, and extracted on Spark into the same root."""
    root = tmp_path_factory.mktemp("parquet")
    mirror_warehouse_file(built_warehouse, root)
    run_extraction(spark, root, root)
    return root


def test_the_spark_extraction_equals_duckdbs(built_warehouse: Path, mirror: Path) -> None:
    differences = compare_extraction(built_warehouse, mirror)
    assert [d for d in differences if not d.equal] == []
    assert {d.table: d.duckdb_rows > 0 for d in differences}["engagement_mentions"]


def test_one_extraction_version_and_sequence(mirror: Path) -> None:
    processed = parquet_relation(mirror / "extraction" / "processed_events")
    found = duckdb.sql(f"select distinct extractor_version, extraction_seq from {processed}").fetchall()
    assert found == [(extraction_version(), 1)], "the DuckDB path's version; a full Spark run is batch 1"
    assert extraction_is_current(mirror, extraction_version()), "a rerun on the same mirror has nothing to do"
    assert not extraction_is_current(mirror, "another extractor version")


def test_spark_reads_the_mirror_with_the_warehouses_columns(built_warehouse: Path, mirror: Path, spark) -> None:
    log = spark.read.parquet(str(mirror / "events" / "article_events"))
    con = duckdb.connect(str(built_warehouse), read_only=True)
    try:
        columns = [
            name for (name,) in con.execute("select column_name from (describe events.article_events)").fetchall()
        ]
    finally:
        con.close()
    assert log.columns == [*columns, "log_segment"], "the partition column is an extra, last column"
    types = dict(log.dtypes)
    assert (types["position"], types["event_id"], types["stream_version"]) == ("bigint", "string", "int")
    assert types["recorded_at"] == "timestamp"
    assert log.count() == con_count(built_warehouse)


def con_count(warehouse: Path) -> int:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("select count(*) from events.article_events").fetchone()[0]
    finally:
        con.close()


def test_the_workers_run_the_shipped_code_and_seeds(spark: SparkSession) -> None:
    def where_from(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import os
        import sys

        from pyspark import SparkFiles

        sys.path.insert(0, os.path.join(SparkFiles.getRootDirectory(), archive))
        from dagster_project import settings

        for _ in batches:
            pass
        yield pa.RecordBatch.from_pylist([{"seeds": str(settings.SEEDS_DIR), "has": settings.SEEDS_DIR.is_dir()}])

    archive = CODE_ARCHIVE  # a local: captured by value with the function
    rows = spark.range(2).mapInArrow(where_from, "seeds string, has boolean").collect()
    assert rows and all(row.has and f"/{CODE_ARCHIVE}/seeds" in row.seeds for row in rows)
