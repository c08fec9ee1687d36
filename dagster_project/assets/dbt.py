"""dbt models, seeds and tests as Dagster assets and asset checks."""

import contextlib
import os
import time
from collections.abc import Iterator, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliInvocation, DbtCliResource, DbtProject, dbt_assets
from dagster_dbt.core.dbt_cli_event import DbtCliEventMessage

from dagster_project.dbt_target import keep_partial_parse, prune_invocations
from dagster_project.project import dbt_project
from dagster_project.replay import RebuildOptions
from dagster_project.resources import WarehouseResource
from dagster_project.table_profiles import TableProfile, profile_in_log_event

# Set by `make run` (dagster_project.launch): concise dbt output on the terminal.
CONCISE_DBT_ENV = "DBT_CONCISE_OUTPUT"
LAYER_GROUPS = {"staging": "staging", "intermediate": "intermediate", "marts": "marts"}
# The hourly schedule refreshes the marts; a mart older than this shows as stale (warn) or failing.
MARTS_FRESHNESS = dg.FreshnessPolicy.time_window(fail_window=timedelta(hours=2), warn_window=timedelta(hours=1))


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

    def get_description(self, dbt_resource_props: Mapping[str, Any]) -> str:
        if dbt_resource_props["resource_type"] == "seed" and not dbt_resource_props.get("description"):
            return f"Reference data loaded by `dbt seed` from seeds/{dbt_resource_props['name']}.csv."
        return super().get_description(dbt_resource_props)

    def get_asset_check_spec(
        self, asset_spec: dg.AssetSpec, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetCheckSpec | None:
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None or spec.description:
            return spec
        return spec._replace(description=describe_test(manifest["nodes"][unique_id]))

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        if spec.group_name == "marts":
            spec = spec.replace_attributes(freshness_policy=MARTS_FRESHNESS)
        return spec


def describe_test(test: Mapping[str, Any]) -> str:
    """The check's description: the test's own (`description:` in the yml), else what the test asserts."""
    kwargs = (test.get("test_metadata") or {}).get("kwargs", {})
    name = (test.get("test_metadata") or {}).get("name")
    column, columns = kwargs.get("column_name"), ", ".join(f"`{c}`" for c in kwargs.get("columns", []))
    templates = {
        "not_null": f"`{column}` is never null.",
        "unique": f"`{column}` is unique: no two rows share a value.",
        "accepted_values": f"`{column}` only takes the values {', '.join(map(str, kwargs.get('values', [])))}.",
        "relationships": f"Every `{column}` is a `{kwargs.get('field')}` of {kwargs.get('to')}.",
        "not_null_columns": f"None of {columns} is ever null.",
        "unique_combination": f"No two rows share the same {columns}.",
    }
    text = test.get("description") or templates.get(name) or f"dbt test `{test.get('name')}` returns no failing rows."
    severity = str(test.get("config", {}).get("severity") or "error").lower()
    return text if severity == "error" else f"{text} (severity {severity}: warns, does not fail the build)"


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
    args = options.dbt_build_args()
    invocation = dbt.cli(args, context=context, raise_on_error=False)
    yield from with_table_metadata(context, invocation)
    project_target = Path(dbt_project.project_dir) / dbt_project.target_path
    keep_partial_parse(invocation.target_path, project_target)
    prune_invocations(project_target, prefix=f"{context.op_def.name}-")
    if not invocation.is_successful():
        raise invocation.get_error() or RuntimeError("dbt build failed")


def with_table_metadata(context: dg.AssetExecutionContext, invocation: DbtCliInvocation) -> Iterator[Any]:
    """The build's Dagster events as dbt reports them (streamed, so Dagster records them while dbt works),
    each materialization carrying `dagster/row_count` and `dagster/column_schema` from the profile its
    node logged just before (macros/profiles/relation_profile.sql)."""
    profiles: dict[str, TableProfile] = {}
    for message in concise(context, invocation.stream_raw_events()):
        found = profile_in_log_event(message.raw_event)
        if found:
            profiles[found[0]] = found[1]
        events = message.to_default_asset_events(
            manifest=invocation.manifest,
            dagster_dbt_translator=invocation.dagster_dbt_translator,
            context=context,
            target_path=invocation.target_path,
            project=invocation.project,
        )
        node = message.raw_event.get("data", {}).get("node_info", {}).get("unique_id")
        for event in events:
            profile = profiles.get(node) if isinstance(event, dg.Output) else None
            if profile is None:
                yield event
                continue
            key = context.asset_key_for_output(event.output_name)
            documented = context.assets_def.specs_by_key[key].metadata.get("dagster/column_schema")
            yield event.with_metadata({**event.metadata, **table_metadata(profile, documented)})


def concise(
    context: dg.AssetExecutionContext, messages: Iterator[DbtCliEventMessage], interval_s: float = 10.0
) -> Iterator[DbtCliEventMessage]:
    """dbt's events; when `DBT_CONCISE_OUTPUT=1` (`make run`), dagster-dbt's echo of every dbt event on
    stdout is replaced by dbt's warnings and errors and a progress line every `interval_s` in the run log."""
    if os.environ.get(CONCISE_DBT_ENV) != "1":
        yield from messages
        return
    done, last = 0, time.monotonic()
    while True:
        with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
            message = next(messages, None)
        if message is None:
            context.log.info(f"dbt: {done} models, seeds and tests done")
            return
        info = message.raw_event.get("info", {})
        if info.get("level") in ("warn", "error"):
            context.log.warning(f"dbt: {info.get('msg', '')}")
        done += message.is_result_event
        if time.monotonic() - last >= interval_s:
            context.log.info(f"dbt: {done} models, seeds and tests done")
            last = time.monotonic()
        yield message


def table_metadata(profile: TableProfile, documented: dg.TableSchema | None) -> dict[str, Any]:
    """Row count and the measured column types, with the column descriptions from the dbt docs."""
    descriptions = {column.name: column.description for column in documented.columns} if documented else {}
    schema = dg.TableSchema(
        columns=[dg.TableColumn(name, type=kind, description=descriptions.get(name)) for name, kind in profile.columns]
    )
    return {"dagster/row_count": profile.row_count, "dagster/column_schema": schema}
