"""The Spark path's assets (DBT_TARGET=spark or spark_connect): the Parquet mirror of the log, and the
extraction on Spark over it. No pyspark here: the extraction runs as a process of the Spark environment."""

import json
import os
import subprocess
from pathlib import Path

import dagster as dg

from dagster_project.defs.dbt.translator import MIRROR_PREFIX
from dagster_project.defs.extraction_assets import EXTRACTION_TABLE_DESCRIPTIONS, ExtractionConfig
from dagster_project.defs.ingest_assets import ARTICLE_EVENTS
from dagster_project.defs.resources import WarehouseResource
from dagster_project.extraction.store import extraction_version
from dagster_project.scaleout.parquet_mirror import extraction_is_current, mirror_warehouse
from dagster_project.scaleout.spark_env import spark_env_bin, spark_process_env
from dagster_project.settings import parquet_mirror_dir

PARQUET_LOG_TABLES = {
    "article_events": "The event log as Hive-partitioned Parquet (log_segment = position div 100000), the "
    "source Spark reads; only the segments from the last mirrored one on are rewritten.",
    "legacy_article_keys": "The upcast keys of older log events, as one Parquet file, beside the log.",
}
PARQUET_LOG_KEYS = [dg.AssetKey([MIRROR_PREFIX, "events", table]) for table in PARQUET_LOG_TABLES]
SPARK_EXTRACTION = "spark_extraction"


@dg.multi_asset(
    specs=[
        dg.AssetSpec(key, deps=[ARTICLE_EVENTS], description=description, group_name="scaleout", kinds={"parquet"})
        for key, description in zip(PARQUET_LOG_KEYS, PARQUET_LOG_TABLES.values(), strict=True)
    ],
    name="parquet_mirror",
    pool="duckdb_writer",
)
def parquet_mirror(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    root = parquet_mirror_dir(Path(warehouse.path))
    with warehouse.connect_read_only() as con:
        report = mirror_warehouse(con, root)
    context.log.info(f"parquet mirror at {root}: log position {report.log_position}, {report.tables}")
    for key in PARQUET_LOG_KEYS:
        outcome = report.tables[f"events.{key.path[-1]}"]
        yield dg.MaterializeResult(
            asset_key=key,
            metadata={"path": dg.MetadataValue.path(str(root.joinpath(*key.path[1:]))), "outcome": outcome,
                      "log_position": report.log_position, "segments_written": report.segments_written},
        )  # fmt: skip


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            dg.AssetKey(["extraction", table]),
            deps=PARQUET_LOG_KEYS,
            description=f"{description} Extracted on Spark into the Parquet mirror's extraction/ folder.",
            group_name="extraction",
            kinds={"python", "spark", "parquet"},
        )
        for table, description in EXTRACTION_TABLE_DESCRIPTIONS.items()
    ],
    name=SPARK_EXTRACTION,
)
def spark_extraction(context: dg.AssetExecutionContext, warehouse: WarehouseResource, config: ExtractionConfig):
    root = parquet_mirror_dir(Path(warehouse.path))
    version = extraction_version()
    if not config.full_refresh and extraction_is_current(root, version):
        context.log.info("spark extraction: the mirrored log and the extractor are unchanged, nothing to extract")
        report = {"rows": {}, "skipped": True}
    else:
        report = run_spark_extraction(context, Path(warehouse.path), root)
    for table in EXTRACTION_TABLE_DESCRIPTIONS:
        metadata = {"extractor_version": version, "skipped": bool(report.get("skipped"))}
        if table in report["rows"]:
            metadata["dagster/row_count"] = int(report["rows"][table])
        yield dg.MaterializeResult(asset_key=dg.AssetKey(["extraction", table]), metadata=metadata)


def run_spark_extraction(context: dg.AssetExecutionContext, warehouse: Path, root: Path) -> dict:
    """Run `scaleout.spark_extraction` in the Spark environment; its report (the last line it prints)."""
    command = [str(spark_env_bin() / "python"), "-m", "dagster_project.scaleout.spark_extraction",
               "--mirror-dir", str(root), "--output-dir", str(root)]  # fmt: skip
    context.log.info(f"spark extraction: {' '.join(command)}")
    env = {**os.environ, **spark_process_env(warehouse)}
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the Spark extraction failed (exit {done.returncode}); its log is on stderr above")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    context.log.info(f"spark extraction: {report}")
    return report
