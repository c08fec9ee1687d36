"""The analyst's path through the README and the `make run` summary, checked against a real build:
the README leads with what matters, its Python and SQL run on the published file, and the summary
says where the analytics database and the report are and how to query them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from dagster_project.analytics.publish import analytics_db_path, open_published
from dagster_project.analytics.report import report_dir
from tests.conftest import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
BENCHMARKS = PROJECT_ROOT / "docs" / "BENCHMARKS.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README.read_text(encoding="utf-8"), flags=re.M | re.S)


def heading_line(title: str) -> int:
    for number, line in enumerate(README.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#") and title.lower() in line.lower():
            return number
    raise AssertionError(f"no heading with {title!r}")


def test_readme_leads_with_the_commands_then_how_to_query() -> None:
    order = ["Two commands", "Query the data", "make sql", "From Python", "Trace a number", "The UI", "Operations"]
    lines = [heading_line(title) for title in order]
    assert lines == sorted(lines), dict(zip(order, lines, strict=True))
    assert heading_line("make sql") < 50, "`make sql` is explained near the top"
    assert lines[-1] < heading_line("guarantees") < heading_line("Layout")


def test_readme_python_snippet_runs_on_the_published_file(built_warehouse: Path, tmp_path: Path) -> None:
    (snippet,) = blocks("python")
    assert "analytics.duckdb" in snippet and "warehouse.duckdb" not in snippet, "analysts never open the warehouse"
    (tmp_path / "warehouse").mkdir()
    shutil.copy(analytics_db_path(built_warehouse), tmp_path / "warehouse" / "analytics.duckdb")
    done = subprocess.run([sys.executable, "-c", snippet], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "period_start" in done.stdout and "engagements" in done.stdout
    assert re.search(r"│\s*(trade|defence|security|technology|energy|economy)\s*│", done.stdout), done.stdout


def test_readme_sql_runs_and_the_trace_adds_up_to_the_mart(built_warehouse: Path) -> None:
    sql = blocks("sql")
    assert sql, "the README shows how to trace a number in SQL"
    con = open_published(analytics_db_path(built_warehouse))
    try:
        results = [con.execute(statement).fetchall() for statement in sql]
        traced = zip(sql, results, strict=True)
        (trace,) = [rows for statement, rows in traced if "fct_engagement_mentions" in statement]
        (number,) = con.execute(
            "select engagements from marts.mart_engagement_frequency_by_topic "
            "where topic = 'trade' and grain = 'month' and period_start = date '2025-02-01'"
        ).fetchone()
    finally:
        con.close()
    assert number > 0
    assert len({row[0] for row in trace}) == number, "the sentences add up to the mart's number"
    assert all(row[-1] for row in trace), "every row carries its sentence"


def test_benchmarks_moved_to_docs_not_lost() -> None:
    readme = README.read_text(encoding="utf-8")
    moved = BENCHMARKS.read_text(encoding="utf-8")
    assert "docs/BENCHMARKS.md" in readme
    for text in ("**Reading the output.**", "Where the 100k time goes", "| 1,000,000 | 80.2 | 323.7 |"):
        assert text in moved and text not in readme, text


def test_make_run_summary_names_the_analytics_file_the_report_and_make_sql(built_warehouse: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ANALYTICS_DB"}
    done = subprocess.run(
        [sys.executable, "-m", "dagster_project.analytics.summary"],
        cwd=PROJECT_ROOT,
        env={**env, "WAREHOUSE_DB": str(built_warehouse)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert str(analytics_db_path(built_warehouse)) in done.stdout
    assert str(report_dir(built_warehouse) / "index.html") in done.stdout
    assert f"make sql WAREHOUSE_DB={built_warehouse}" in done.stdout
    assert "make export" in done.stdout
