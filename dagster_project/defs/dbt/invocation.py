"""A dbt build's events as Dagster sees them: streamed, concise on the terminal, with table metadata."""

import contextlib
import os
import time
from collections.abc import Iterator
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliInvocation
from dagster_dbt.core.dbt_cli_event import DbtCliEventMessage

from dagster_project.analytics.table_profiles import TableProfile, profile_in_log_event

# Set by `make run` (dagster_project.defs.launch): concise dbt output on the terminal.
CONCISE_DBT_ENV = "DBT_CONCISE_OUTPUT"


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
