"""The extraction on Apache Spark: the same extractor over the Parquet mirror of the log, per partition.

Imported only on the Spark path (it imports pyspark). The job reads `<mirror>/events/article_events`,
keeps the content events (ArticlePublished, ArticleRevised) as `store._events_in` does, and runs
`spark_worker.extract_arrow` with `mapInArrow`: one pass yields all six tables, tagged, cached, then
split and written under `<output>/extraction/<table>/`, each as a new version folder swapped in by a
symlink (`versioned_folders`). The code and the seeds ship with the job as one archive, unpacked beside
every Python worker, so it runs on a cluster as on `local[N]`. A full Spark run is one extraction batch:
every `processed_events.extraction_seq` is 1 (on Spark every model is rebuilt in full, so no watermark
reads it). The extraction version is the DuckDB path's (`store.extraction_version`).

    python -m dagster_project.scaleout.spark_extraction [--mirror-dir DIR] [--output-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema

from dagster_project import settings
from dagster_project.extraction.store import extraction_version
from dagster_project.extraction.store_schema import TABLES
from dagster_project.scaleout.parquet_mirror import mirrored_log_position
from dagster_project.scaleout.spark_worker import TAG, tagged_schema
from dagster_project.scaleout.versioned_folders import new_version, publish

CODE_ARCHIVE = "dagster_code"
CONTENT_EVENTS = ("ArticlePublished", "ArticleRevised")
EVENTS_PER_PARTITION = 2000
ARROW_BATCH_ROWS = 500
EXTRACTION_SEQ = 1


def spark_session(scratch: Path) -> SparkSession:
    """A session on `SPARK_REMOTE` (Spark Connect) or `SPARK_MASTER` (default `local[2]`), in UTC."""
    builder = SparkSession.builder.appName("news-warehouse-extraction")
    remote = os.environ.get("SPARK_REMOTE")
    if remote:
        return builder.remote(remote).config("spark.sql.session.timeZone", "UTC").getOrCreate()
    scratch.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # local workers run this environment's Python
    return (
        builder.master(os.environ.get("SPARK_MASTER") or "local[2]")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.local.dir", str(scratch / "local"))
        .config("spark.sql.warehouse.dir", str(scratch / "spark-warehouse"))
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={scratch / 'derby'}")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH_ROWS))
        .config("spark.sql.shuffle.partitions", os.environ.get("SPARK_SHUFFLE_PARTITIONS") or "8")
        .getOrCreate()
    )


def code_archive(scratch: Path) -> Path:
    """A zip of the `dagster_project` package and `seeds/`, laid out as in the repository."""
    archive = scratch / f"{CODE_ARCHIVE}.zip"
    archive.parent.mkdir(parents=True, exist_ok=True)
    staged = archive.with_suffix(f".{os.getpid()}.tmp")
    with zipfile.ZipFile(staged, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted((settings.PROJECT_ROOT / "dagster_project").rglob("*.py")):
            bundle.write(path, path.relative_to(settings.PROJECT_ROOT))
        for path in sorted(settings.SEEDS_DIR.glob("*.csv")):
            bundle.write(path, path.relative_to(settings.PROJECT_ROOT))
    os.replace(staged, archive)
    return archive


def ship_code(spark: SparkSession, archive: Path) -> None:
    """Send the archive to every executor, unpacked as `dagster_code/` in its working files."""
    if os.environ.get("SPARK_REMOTE"):
        spark.addArtifacts(f"{archive}#{CODE_ARCHIVE}", archive=True)  # type: ignore[attr-defined]
    else:
        spark.sparkContext.addArchive(f"{archive}#{CODE_ARCHIVE}")


def worker_function(version: str) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The `mapInArrow` function, pickled by value: it puts the shipped code first on the worker's path,
    then runs the extractor from there (so executors need nothing installed but pyarrow and the deps)."""

    def extract(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import os
        import sys

        from pyspark import SparkFiles

        shipped = os.path.join(SparkFiles.getRootDirectory(), CODE_ARCHIVE)
        if os.path.isdir(shipped) and shipped not in sys.path:
            sys.path.insert(0, shipped)
        from dagster_project.scaleout.spark_worker import extract_arrow

        yield from extract_arrow(batches, version)

    return extract


def content_events(spark: SparkSession, mirror_dir: Path) -> DataFrame:
    """The log's content events, spread over enough partitions to keep every worker busy."""
    log = spark.read.parquet(str(mirror_dir / "events" / "article_events"))
    events = log.where(F.col("event_type").isin(*CONTENT_EVENTS)).select("event_id", "position", "payload")
    count = events.count()
    partitions = max(2 * parallelism(spark), -(-count // EVENTS_PER_PARTITION), 1)
    say(f"spark extraction: {count} content events in {partitions} partitions")
    return events.repartition(partitions, "position")


def parallelism(spark: SparkSession) -> int:
    """The cores Spark runs tasks on (a Spark Connect client has no SparkContext: `SPARK_PARALLELISM`, else 8)."""
    if os.environ.get("SPARK_REMOTE"):
        return int(os.environ.get("SPARK_PARALLELISM") or 8)
    return spark.sparkContext.defaultParallelism


def table_frame(tagged: DataFrame, table: str) -> DataFrame:
    """One extraction table out of the tagged rows; processed events get the run's `extraction_seq`."""
    frame = tagged.where(F.col(TAG) == table).select(f"{table}.*")
    if table == "processed_events":
        frame = frame.withColumn("extraction_seq", F.lit(EXTRACTION_SEQ).cast("bigint"))
    return frame


def run_extraction(spark: SparkSession, mirror_dir: Path, output_dir: Path) -> dict[str, int]:
    """Extract every content event of the mirrored log and publish the six tables; their row counts."""
    version = extraction_version()
    position = mirrored_log_position(mirror_dir)
    events = content_events(spark, mirror_dir)
    schema = from_arrow_schema(tagged_schema(), prefer_timestamp_ntz=False)
    tagged = events.mapInArrow(worker_function(version), schema).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        counts = {row[TAG]: row["count"] for row in tagged.groupBy(TAG).count().collect()}
        say(f"spark extraction: {counts.get('processed_events', 0)} events extracted")
        for table in TABLES:
            link = output_dir / "extraction" / table
            folder = new_version(link)
            table_frame(tagged, table).write.mode("overwrite").parquet(str(folder))
            state = {"extractor_version": version, "log_position": position, "rows": counts.get(table, 0)}
            publish(link, folder, state)
            say(f"spark extraction: {table} written")
    finally:
        tagged.unpersist()
    return {table: int(counts.get(table, 0)) for table in TABLES}


def say(line: str) -> None:
    """A progress line on stderr, with the time (stdout carries only the report)."""
    print(f"{time.strftime('%H:%M:%S')} {line}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror-dir", type=Path, default=None, help="the Parquet mirror (PARQUET_MIRROR_DIR)")
    parser.add_argument("--output-dir", type=Path, default=None, help="where extraction/ goes (the mirror)")
    args = parser.parse_args(argv)
    mirror_dir = args.mirror_dir or settings.parquet_mirror_dir()
    scratch = settings.spark_scratch_dir()
    started = time.monotonic()
    spark = spark_session(scratch)
    if not os.environ.get("SPARK_REMOTE"):
        spark.sparkContext.setLogLevel(os.environ.get("SPARK_LOG_LEVEL") or "WARN")
    say(f"spark extraction: session started on {os.environ.get('SPARK_REMOTE') or spark.conf.get('spark.master')}")
    try:
        ship_code(spark, code_archive(scratch))
        say("spark extraction: code and seeds shipped")
        counts = run_extraction(spark, mirror_dir, args.output_dir or mirror_dir)
    finally:
        spark.stop()
    seconds = round(time.monotonic() - started, 1)
    report = {"rows": counts, "extractor_version": extraction_version(), "seconds": seconds}
    print(json.dumps(report), file=sys.stdout, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
