"""Print a short summary of the warehouse (the log, the engagements, the topic mart) and where to
find what a build publishes for analysts: `analytics.duckdb`, the report, and how to query them."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

import duckdb

from dagster_project import settings
from dagster_project.analytics.publish import analytics_db_path
from dagster_project.analytics.report import report_dir
from dagster_project.scaleout.spark_env import spark_env_bin, spark_process_env
from dagster_project.settings import spark_scratch_dir

MART_COUNTS = "select (select count(*) from marts.dim_article), (select count(*) from marts.fct_engagements)"
TOPIC_MONTHS = """
    select period_start, topic, engagements, articles, distinct_country_pairs, share_of_period,
           change_vs_previous_period
    from marts.mart_engagement_frequency_by_topic
    where grain = 'month' and engagements > 0
    order by period_start desc, engagements desc, topic
    limit 25
"""


def main() -> None:
    path = settings.warehouse_db()
    events, rejected, (articles, engagements), rows = figures(path)
    where = f" (marts built on Spark, target {settings.dbt_target()})" if settings.on_spark() else ""
    print(f"\nWarehouse {path}{where}")
    print(f"  event log: {events} events, {rejected} rejected records; {articles} articles, {engagements} engagements")
    print("\nEngagements by topic and month (occurred, most recent months first):")
    print(f"  {'month':<8} {'topic':<13} {'engagements':>11} {'articles':>8} {'pairs':>5} {'share':>6} {'change':>6}")
    for period_start, topic, n, a, pairs, share, change in rows:
        change_text = "" if change is None else f"{change:+d}"
        month = str(period_start)[:7]
        print(f"  {month:<8} {topic:<13} {n:>11} {a:>8} {pairs:>5} {float(share):>6.2f} {change_text:>6}")
    if settings.on_spark():
        print_spark_access(path)
    else:
        print_published(path)


def figures(path: Path) -> tuple[int, int, tuple[int, int], list]:
    """The log's events and rejections (DuckDB's log on either engine), the marts' articles and engagements,
    and the topic mart's latest months (from DuckDB or from the marts dbt built on Spark)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        events, rejected = con.execute(
            "select (select count(*) from events.article_events), (select count(*) from events.rejections)"
        ).fetchone()
        if settings.on_spark():
            counts, rows = spark_answers(path, [MART_COUNTS, TOPIC_MONTHS])
            return events, rejected, tuple(counts[0]), rows
        return events, rejected, con.execute(MART_COUNTS).fetchone(), con.execute(TOPIC_MONTHS).fetchall()
    finally:
        con.close()


def spark_answers(warehouse: Path, queries: list[str]) -> list[list[list[object]]]:
    """The rows of each query on the marts dbt built on Spark (a process of the Spark environment)."""
    command = [str(spark_env_bin() / "python"), "-m", "dagster_project.scaleout.spark_sql", "query"]
    env = {**os.environ, **spark_process_env(warehouse)}
    done = subprocess.run(command, input=json.dumps(queries), env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"querying the Spark warehouse failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_spark_access(warehouse: Path) -> None:
    """How to query the marts built on Spark."""
    print("\nFor analysts: the marts are tables and views of Spark's metastore (schemas staging, intermediate,")
    print(f"marts, reference) under {spark_scratch_dir(warehouse)}:")
    print(f"  SQL prompt          make sql DBT_TARGET=spark{_make_arguments(warehouse)}   (Spark's spark-sql)")
    print("  Dagster UI          make dev DBT_TARGET=spark   (http://127.0.0.1:3000)")


def print_published(warehouse: Path) -> None:
    """Where the analytics database and the report are, and how to query them."""
    analytics = analytics_db_path(warehouse)
    report = report_dir(warehouse) / "index.html"
    where = _make_arguments(warehouse)
    print("\nFor analysts (read-only; never open the warehouse itself, which a refresh locks):")
    if analytics.exists():
        print(f"  analytics database  {analytics}")
        print(f"    query it:         make sql{where}   (a read-only SQL prompt; .help lists its commands)")
        print(f"    from Python:      dagster_project.analytics.publish.open_published(Path({str(analytics)!r}))")
        print(f"    export:           make export{where}   (every table as CSV and Parquet)")
    else:
        print(f"  no analytics database at {analytics}: the publish step did not run")
    if report.exists():
        print(f"  report              {report}   (charts, opens offline)")
    print("  Dagster UI          make dev   (http://127.0.0.1:3000)")


def _make_arguments(warehouse: Path) -> str:
    """The variables `make sql` needs to find this build (none for the default warehouse)."""
    arguments = ""
    if warehouse != settings.PROJECT_ROOT / "warehouse" / "warehouse.duckdb":
        arguments += f" WAREHOUSE_DB={shlex.quote(str(warehouse))}"
    if os.environ.get("ANALYTICS_DB"):
        arguments += f" ANALYTICS_DB={shlex.quote(str(analytics_db_path(warehouse)))}"
    return arguments


if __name__ == "__main__":
    main()
