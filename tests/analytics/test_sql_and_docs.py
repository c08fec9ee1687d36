"""The analyst's tools on a built warehouse: the SQL prompt, the example analyses and the dbt docs site."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dagster_project.analytics.publish import analytics_db_path, publish_analytics
from dagster_project.analytics.sql_prompt import COMPILED_ANALYSES, AnalyticsSession, run_statement
from tests.conftest import PROJECT_ROOT
from tests.processes import free_port, stop_group


@pytest.fixture(scope="module")
def analytics(built_warehouse: Path) -> Path:
    path = analytics_db_path(built_warehouse)
    assert path.exists(), "the build publishes the analytics database"
    return path


@pytest.fixture(scope="module")
def compiled_analyses(built_warehouse: Path) -> Path:
    """`make analyses`, as an analyst runs it."""
    env = {**os.environ, "WAREHOUSE_DB": str(built_warehouse)}
    done = subprocess.run(["make", "-s", "analyses"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return COMPILED_ANALYSES


@pytest.fixture
def session(analytics: Path) -> Iterator[AnalyticsSession]:
    s = AnalyticsSession(analytics, catalog="warehouse")
    try:
        yield s
    finally:
        s.close()


def run_analysis(session: AnalyticsSession, folder: Path, name: str) -> list[dict]:
    relation = session.connection().sql((folder / f"{name}.sql").read_text(encoding="utf-8"))
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def prompt(analytics: Path, built_warehouse: Path, text: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "WAREHOUSE_DB": str(built_warehouse)}
    return subprocess.run(
        [sys.executable, "-m", "dagster_project.analytics.sql_prompt", "--db", str(analytics)],
        input=text,
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_sql_prompt_answers_and_reports_errors(analytics: Path, built_warehouse: Path) -> None:
    con = duckdb.connect(str(built_warehouse), read_only=True)
    engagements = con.execute("select count(*) from marts.fct_engagements").fetchone()[0]
    con.close()
    done = prompt(analytics, built_warehouse, "select count(*) as n\n  from marts.fct_engagements;\n.tables\n")
    assert done.returncode == 0, done.stderr
    assert re.search(rf"│\s+{engagements}\s+│", done.stdout), done.stdout
    assert "marts.fct_engagement_mentions" in done.stdout and "reference.countries" in done.stdout
    failed = prompt(
        analytics, built_warehouse, "select no_such_column from marts.dim_topic;\nselect 41 + 1 as answer;\n"
    )
    assert failed.returncode == 1
    assert "Error:" in failed.stdout and "42" in failed.stdout, "an error does not end the session"


def test_sql_prompt_never_writes(analytics: Path, built_warehouse: Path) -> None:
    done = prompt(analytics, built_warehouse, "create table marts.scratch as select 1;\n")
    assert done.returncode == 1 and "read-only" in done.stdout.lower()


def test_session_follows_a_new_build(built_warehouse: Path, tmp_path: Path) -> None:
    target = tmp_path / "analytics.duckdb"
    first = publish_analytics(built_warehouse, target)
    session = AnalyticsSession(target, catalog="warehouse")
    try:
        assert session.build()[0] == first.build_id
        second = publish_analytics(built_warehouse, target)
        assert session.build()[0] == second.build_id != first.build_id
        out = io.StringIO()
        assert run_statement(session, "select build_id from meta.build;", out)
        assert second.build_id in out.getvalue()
    finally:
        session.close()


def test_topics_rising_and_falling(session: AnalyticsSession, compiled_analyses: Path) -> None:
    rows = run_analysis(session, compiled_analyses, "topics_rising_and_falling")
    con = session.connection()
    latest = con.execute(
        "select max(period_start) from marts.mart_engagement_frequency_by_topic "
        "where grain = 'month' and engagements > 0"
    ).fetchone()[0]
    mart = dict(
        con.execute(
            "select topic, engagements from marts.mart_engagement_frequency_by_topic "
            "where grain = 'month' and period_start = ?",
            [latest],
        ).fetchall()
    )
    assert len(rows) == 10 and {r["this_month"] for r in rows} == {latest}
    for row in rows:
        assert row["engagements_this_month"] == mart[row["topic"]]
        assert row["change"] == row["engagements_this_month"] - row["engagements_last_month"]
        expected = "rose" if row["change"] > 0 else "fell" if row["change"] < 0 else "steady"
        assert row["direction"] == expected
    assert [abs(r["change"]) for r in rows] == sorted((abs(r["change"]) for r in rows), reverse=True)
    assert any(r["change"] != 0 for r in rows)


def test_country_pairs_on_defence(session: AnalyticsSession, compiled_analyses: Path) -> None:
    rows = run_analysis(session, compiled_analyses, "country_pairs_on_defence")
    participants = (
        session.connection()
        .execute(
            """
        select p.engagement_id, p.country_code from marts.fct_engagement_participants p
        join marts.fct_engagements e using (engagement_id)
        join marts.fct_engagement_topics t using (engagement_id)
        where t.topic = 'defence' and e.status = 'occurred'
        """
        )
        .fetchall()
    )
    by_engagement: dict[str, set[str]] = defaultdict(set)
    for engagement, code in participants:
        by_engagement[engagement].add(code)
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for engagement, codes in by_engagement.items():
        for a in codes:
            for b in codes:
                if a < b:
                    pairs[(a, b)].add(engagement)
    assert rows, "the sample corpus has defence engagements between countries"
    assert {(r["first_code"], r["second_code"]): r["engagements"] for r in rows} == {
        pair: len(engagements) for pair, engagements in pairs.items()
    }
    assert [r["engagements"] for r in rows] == sorted((r["engagements"] for r in rows), reverse=True)


def test_most_active_actors(session: AnalyticsSession, compiled_analyses: Path) -> None:
    rows = run_analysis(session, compiled_analyses, "most_active_actors")
    counts: dict[str, set[str]] = defaultdict(set)
    for engagement, code, actor in (
        session.connection()
        .execute("select engagement_id, country_code, actor_id from marts.fct_engagement_participants")
        .fetchall()
    ):
        counts[actor or f"gov_{code.lower()}"].add(engagement)
    assert 0 < len(rows) <= 25
    for row in rows:
        assert row["engagements"] == len(counts[row["actor_id"]]), row["actor_id"]
    assert rows[0]["engagements"] == max(len(v) for v in counts.values())
    assert all(row["actor"] for row in rows)


def test_evidence_behind_a_number(session: AnalyticsSession, compiled_analyses: Path) -> None:
    rows = run_analysis(session, compiled_analyses, "evidence_behind_a_number")
    largest = (
        session.connection()
        .execute("select max(engagements) from marts.mart_engagement_frequency_by_topic where grain = 'month'")
        .fetchone()[0]
    )
    assert rows and {r["mart_engagements"] for r in rows} == {largest}
    assert len({r["engagement_id"] for r in rows}) == largest, "the sentences add up to the number"
    assert all(r["evidence"] and r["source_uri"] for r in rows)


def test_analysis_command_in_the_prompt(analytics: Path, built_warehouse: Path, compiled_analyses: Path) -> None:
    done = prompt(analytics, built_warehouse, ".analysis most_active_actors\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "actor_id" in done.stdout and "engagements" in done.stdout


def fetch(url: str, timeout_s: float) -> bytes:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_make_docs_generates_and_serves_the_dbt_site(built_warehouse: Path) -> None:
    port = free_port()
    env = {**os.environ, "WAREHOUSE_DB": str(built_warehouse), "DOCS_PORT": str(port)}
    server = subprocess.Popen(
        ["make", "-s", "docs"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        page = fetch(f"http://127.0.0.1:{port}/", timeout_s=120)
        catalog = json.loads(fetch(f"http://127.0.0.1:{port}/catalog.json", timeout_s=10))
    finally:
        stop_group(server)
    assert b"dbt" in page.lower()
    model = catalog["nodes"]["model.news_warehouse.fct_engagements"]
    assert model["metadata"]["schema"] == "marts"
    assert "engagement_id" in {c.lower() for c in model["columns"]}
