"""How dbt nodes appear in Dagster: asset keys by schema, groups by layer, check descriptions, mart freshness."""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtProject

LAYER_GROUPS = {"staging": "staging", "intermediate": "intermediate", "marts": "marts"}
# On Spark the log's sources are the Parquet mirror's assets, keyed under this prefix.
MIRROR_PREFIX = "parquet"
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


class SparkTranslator(WarehouseTranslator):
    """On Spark, dbt reads the log from its Parquet mirror: the `events` sources are the mirror's assets."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        key = super().get_asset_key(dbt_resource_props)
        is_log = dbt_resource_props["resource_type"] == "source" and key.path[0] == "events"
        return key.with_prefix(MIRROR_PREFIX) if is_log else key


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
