"""dbt models, seeds and tests as Dagster assets and asset checks."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from dagster_project.project import dbt_project
from dagster_project.replay import RebuildOptions
from dagster_project.resources import WarehouseResource
from dagster_project.seed_state import record_seeds, seeds_digest, seeds_loaded
from dagster_project.settings import SEEDS_DIR

SEED_NAMES = sorted(path.stem for path in SEEDS_DIR.glob("*.csv"))

LAYER_GROUPS = {"staging": "staging", "intermediate": "intermediate", "marts": "marts"}


class WarehouseTranslator(DagsterDbtTranslator):
    """Groups dbt nodes by layer and keys sources by their schema, matching the Python assets."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        schema = dbt_resource_props.get("config", {}).get("schema") or "main"
        return dg.AssetKey([schema, dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        folder = dbt_resource_props.get("fqn", ["", ""])[1] if len(dbt_resource_props.get("fqn", [])) > 2 else ""
        return LAYER_GROUPS.get(folder, "marts")


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
    dagster_dbt_translator=WarehouseTranslator(),
    pool="duckdb_writer",
)
def warehouse_dbt_assets(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, config: DbtBuildConfig
):
    warehouse.export_for_dbt()
    options = RebuildOptions(config.full_refresh, config.as_of_position, config.as_of)
    if options.is_as_of:
        context.log.info(f"building the projections as of position={options.as_of_position} time={options.as_of}")
    digest = seeds_digest(SEEDS_DIR)
    args = options.dbt_build_args()
    with warehouse.connect() as con:
        unchanged = seeds_loaded(con, digest, SEED_NAMES)
    if unchanged and not options.full_refresh:
        context.log.info("seeds unchanged since they were loaded: not reloading them")
        args += ["--exclude", "resource_type:seed"]
    yield from dbt.cli(args, context=context).stream()
    with warehouse.connect() as con:
        record_seeds(con, digest)
