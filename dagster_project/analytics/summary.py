"""Print a short summary of the warehouse (the log, the engagements, the topic mart) and where to
find what a build publishes for analysts: `analytics.duckdb`, the report, and how to query them."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import duckdb

from dagster_project import settings
from dagster_project.analytics.publish import analytics_db_path
from dagster_project.analytics.report import report_dir


def main() -> None:
    path = settings.warehouse_db()
    con = duckdb.connect(str(path), read_only=True)
    try:
        events, rejected = con.execute(
            "select (select count(*) from events.article_events), (select count(*) from events.rejections)"
        ).fetchone()
        articles, engagements = con.execute(
            "select (select count(*) from marts.dim_article), (select count(*) from marts.fct_engagements)"
        ).fetchone()
        print(f"\nWarehouse {path}")
        print(
            f"  event log: {events} events, {rejected} rejected records; "
            f"{articles} articles, {engagements} engagements\n"
        )
        print("Engagements by topic and month (occurred, most recent months first):")
        rows = con.execute(
            """
            select strftime(period_start, '%Y-%m') as month, topic, engagements, articles,
                   distinct_country_pairs, share_of_period, change_vs_previous_period
            from marts.mart_engagement_frequency_by_topic
            where grain = 'month' and engagements > 0
            order by period_start desc, engagements desc, topic
            limit 25
            """
        ).fetchall()
        print(
            f"  {'month':<8} {'topic':<13} {'engagements':>11} {'articles':>8} {'pairs':>5} {'share':>6} {'change':>6}"
        )
        for month, topic, n, a, pairs, share, change in rows:
            change_text = "" if change is None else f"{change:+d}"
            print(f"  {month:<8} {topic:<13} {n:>11} {a:>8} {pairs:>5} {float(share):>6.2f} {change_text:>6}")
    finally:
        con.close()
    print_published(path)


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
