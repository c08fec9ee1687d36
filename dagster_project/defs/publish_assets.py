"""The publish layer: the read-only analytics database and the charts report, after every build."""

import json
from functools import cache
from pathlib import Path

import dagster as dg

from dagster_project.analytics.publish import (
    REFERENCE_TABLES,
    RelationDocs,
    analytics_db_path,
    docs_from_manifest,
    publish_analytics,
)
from dagster_project.analytics.report import build_report, report_dir
from dagster_project.defs.dbt.assets import warehouse_dbt_assets
from dagster_project.defs.dbt.project import dbt_project
from dagster_project.defs.dbt.translator import MARTS_FRESHNESS
from dagster_project.defs.resources import WarehouseResource

ANALYTICS_DB = dg.AssetKey(["publish", "analytics_db"])
ENGAGEMENT_REPORT = dg.AssetKey(["publish", "engagement_report"])
PUBLISHED_DBT_KEYS = sorted(
    (
        key
        for key in warehouse_dbt_assets.keys
        if key.path[0] == "marts" or (key.path[0] == "reference" and key.path[-1] in REFERENCE_TABLES)
    ),
    key=lambda key: key.to_user_string(),
)


@cache
def dbt_docs() -> dict[tuple[str, str], RelationDocs]:
    return docs_from_manifest(json.loads(Path(dbt_project.manifest_path).read_text(encoding="utf-8")))


@dg.asset(
    key=ANALYTICS_DB,
    deps=PUBLISHED_DBT_KEYS,
    group_name="publish",
    kinds={"python", "duckdb"},
    pool="duckdb_writer",
    freshness_policy=MARTS_FRESHNESS,
    description=(
        "Read-only analytics database for analysts (`make sql`): every marts table and the reference "
        "dimensions, with the dbt descriptions as comments and `meta.build` / `meta.tables` describing the "
        "build. Written to a new file beside the warehouse, then swapped in atomically as analytics.duckdb "
        "(ANALYTICS_DB overrides), so readers see one complete build and never block a refresh."
    ),
)
def analytics_db(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    source = Path(warehouse.path)
    context.log.info(f"publish: copying the marts into a new analytics file beside {source}")
    report = publish_analytics(
        source,
        analytics_db_path(source),
        docs=dbt_docs(),
        duckdb_config={"threads": warehouse.threads, "memory_limit": warehouse.memory_limit},
    )
    context.log.info(f"published build {report.build_id} to {report.path} in {report.seconds:.1f} s")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(report.path)),
            "build_id": report.build_id,
            "log_position": report.log_position,
            "tables": dg.MetadataValue.json(report.row_counts),
            "dagster/row_count": sum(report.row_counts.values()),
            "size_bytes": report.size_bytes,
            "publish_seconds": round(report.seconds, 2),
        }
    )


@dg.asset(
    key=ENGAGEMENT_REPORT,
    deps=[ANALYTICS_DB],
    group_name="publish",
    kinds={"python", "html"},
    description=(
        "Charts of engagement frequency by topic per month and of the top country pairs, shown here and "
        "written as a static HTML report (report/index.html beside the warehouse, images embedded)."
    ),
)
def engagement_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    source = Path(warehouse.path)
    report = build_report(analytics_db_path(source), report_dir(source))
    context.log.info(f"report written to {report.html_path}")
    charts = "\n\n".join(f"**{chart.title}**\n\n![{chart.title}]({chart.data_uri()})" for chart in report.charts)
    return dg.MaterializeResult(
        metadata={
            "charts": dg.MetadataValue.md(charts),
            "report": dg.MetadataValue.path(str(report.html_path)),
            "build_id": report.build_id,
            "months": report.months,
            "top_country_pairs": dg.MetadataValue.md(
                "\n".join(f"1. {pair}: {n}" for pair, n in report.top_pairs) or "none yet"
            ),
        }
    )
