"""dbt models, seeds and tests as Dagster assets and asset checks."""

import os
import uuid
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from dagster_project.analytics.dbt_target import keep_partial_parse, prune_invocations
from dagster_project.analytics.replay import RebuildOptions
from dagster_project.defs.dbt.invocation import with_table_metadata
from dagster_project.defs.dbt.project import dbt_project
from dagster_project.defs.dbt.translator import SparkTranslator, WarehouseTranslator
from dagster_project.defs.resources import WarehouseResource
from dagster_project.scaleout.spark_env import spark_process_env
from dagster_project.settings import on_spark


class DbtBuildConfig(dg.Config):
    """Run configuration: rebuild every projection from the log, or as it was at a past point."""

    full_refresh: bool = False
    as_of_position: int | None = None
    as_of: str | None = None


# Source tests stay observations: as checks on the ingest asset they would make Dagster cut the
# dbt step in three, and dbt's eager test selection would then run relationship tests too early.
@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=SparkTranslator() if on_spark() else WarehouseTranslator(),
    pool="duckdb_writer",
)
def warehouse_dbt_assets(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, config: DbtBuildConfig
):
    warehouse.export_for_dbt()
    if on_spark():  # dbt on Spark reads this warehouse's Parquet mirror, named explicitly
        os.environ.update({k: v for k, v in spark_process_env(Path(warehouse.path)).items() if k != "PYTHONPATH"})
    options = RebuildOptions(config.full_refresh, config.as_of_position, config.as_of)
    if options.is_as_of:
        context.log.info(f"building the projections as of position={options.as_of_position} time={options.as_of}")
    args = options.dbt_build_args()
    invocation = dbt.cli(args, context=context, raise_on_error=False, target_path=invocation_target_path(context))
    yield from with_table_metadata(context, invocation)
    project_target = Path(dbt_project.project_dir) / dbt_project.target_path
    keep_partial_parse(invocation.target_path, project_target)
    prune_invocations(project_target, prefix=f"{context.op_def.name}-")
    if not invocation.is_successful():
        raise invocation.get_error() or RuntimeError("dbt build failed")


def invocation_target_path(context: dg.AssetExecutionContext) -> Path | None:
    """On Spark, the invocation's folder under the Spark target path (dagster-dbt's default is `target/`)."""
    if not on_spark():
        return None
    return Path(dbt_project.target_path) / f"{context.op_def.name}-{context.run.run_id[:7]}-{uuid.uuid4().hex[:7]}"
