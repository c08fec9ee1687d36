"""The whole pipeline materialized through Dagster into a temporary warehouse."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.conftest import PROJECT_ROOT, SEED_ARTICLE, materialize_all, require_shared_seed
from tests.engagement_expectations import SAMPLE_ARTICLE_ENGAGEMENTS

CONTRACT = {
    "dim_article": {"article_id", "source_uri", "published_date", "title", "source", "current_version", "is_retracted"},
    "dim_country": {"country_code", "name", "region", "kind"},
    "dim_actor": {"actor_id", "name", "kind", "country_code", "title"},
    "dim_topic": {"topic", "plover_context"},
    "dim_engagement_type": {"engagement_type", "cameo_code", "plover_mode"},
    "dim_date": {"date_day"},
    "fct_engagements": {
        "engagement_id",
        "engagement_type",
        "status",
        "engagement_date",
        "date_precision",
        "n_articles",
        "first_reported_date",
    },
    "fct_engagement_participants": {"engagement_id", "country_code", "actor_id", "role"},
    "fct_engagement_topics": {"engagement_id", "topic"},
    "fct_engagement_mentions": {"engagement_id", "article_id", "sentence_index", "char_start", "char_end", "evidence"},
    "mart_engagement_frequency_by_topic": {
        "topic",
        "grain",
        "period_start",
        "engagements",
        "articles",
        "distinct_country_pairs",
        "share_of_period",
        "change_vs_previous_period",
    },
}
TOP_LEVEL_TOPICS = {
    "trade",
    "economy",
    "energy",
    "defence",
    "security",
    "migration",
    "technology",
    "climate",
    "health",
    "humanitarian",
}


def columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ?", [table]
    ).fetchall()
    return {r[0] for r in rows}


def test_output_contract(warehouse_con: duckdb.DuckDBPyConnection) -> None:
    for table, required in CONTRACT.items():
        assert required <= columns(warehouse_con, table), table
    schemas = {r[0] for r in warehouse_con.execute("select schema_name from information_schema.schemata").fetchall()}
    assert {"events", "staging", "intermediate", "marts"} <= schemas


def test_reference_dimensions(warehouse_con: duckdb.DuckDBPyConnection) -> None:
    top = {r[0] for r in warehouse_con.execute("select topic from marts.dim_topic where is_top_level").fetchall()}
    assert top == TOP_LEVEL_TOPICS
    types = dict(warehouse_con.execute("select engagement_type, cameo_code from marts.dim_engagement_type").fetchall())
    assert types["phone_call"] == "041" and types["visit"] == "042" and types["meeting"] == "044"
    kinds = dict(warehouse_con.execute("select kind, count(*) from marts.dim_country group by kind").fetchall())
    assert kinds["country"] >= 249
    orgs = {
        r[0]
        for r in warehouse_con.execute(
            "select country_code from marts.dim_country where kind = 'organisation'"
        ).fetchall()
    }
    assert {"UN", "EU", "NATO", "ASEAN", "AU", "G7", "G20", "QUAD", "COMMONWEALTH", "OAS", "CARICOM"} <= orgs


def engagements_of_article(con: duckdb.DuckDBPyConnection, source_uri: str) -> list[tuple]:
    return con.execute(
        """
        select e.engagement_type, e.status, list(distinct p.country_code), e.engagement_date,
               coalesce((select list(t.topic) from marts.fct_engagement_topics t
                         where t.engagement_id = e.engagement_id), [])
        from marts.fct_engagements e
        join marts.fct_engagement_mentions m on m.engagement_id = e.engagement_id
        join marts.dim_article a on a.article_id = m.article_id
        join marts.fct_engagement_participants p on p.engagement_id = e.engagement_id
        where a.source_uri = ?
        group by e.engagement_id, e.engagement_type, e.status, e.engagement_date
        """,
        [source_uri],
    ).fetchall()


def assert_article_engagements(con: duckdb.DuckDBPyConnection, source_uri: str) -> None:
    rows = [(t, s, set(codes), d, set(topics)) for t, s, codes, d, topics in engagements_of_article(con, source_uri)]
    assert rows, f"no engagements for {source_uri}"
    for expected in SAMPLE_ARTICLE_ENGAGEMENTS:
        assert any(expected.matches(*row) for row in rows), f"{expected.label} missing from {source_uri}: {rows}"
    assert not [r for r in rows if r[1] == "planned"], rows


def test_own_words_sample_article_in_the_marts(warehouse_con: duckdb.DuckDBPyConnection) -> None:
    assert_article_engagements(warehouse_con, "text/modi_trump_call_jan2025.txt")


def test_labelled_sample_article_in_the_marts(warehouse_con: duckdb.DuckDBPyConnection) -> None:
    require_shared_seed()
    assert_article_engagements(warehouse_con, f"labelled/{SEED_ARTICLE.name}")


def test_one_engagement_reported_by_several_articles(warehouse_con: duckdb.DuckDBPyConnection) -> None:
    multi = warehouse_con.execute(
        """
        select e.engagement_id, e.n_articles, count(distinct m.article_id)
        from marts.fct_engagements e join marts.fct_engagement_mentions m using (engagement_id)
        group by all having e.n_articles > 1
        """
    ).fetchall()
    assert multi, "the sample corpus reports some engagements in several articles"
    assert all(n == distinct for _, n, distinct in multi)


def test_jsonl_source_uri_has_line_number(warehouse_con: duckdb.DuckDBPyConnection) -> None:
    uris = [r[0] for r in warehouse_con.execute("select source_uri from marts.dim_article").fetchall()]
    assert any(u.startswith("feeds/") and "#" in u for u in uris)
    assert all(not u.startswith("/") for u in uris)


def test_mentions_point_at_their_evidence(warehouse_con: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse_con.execute(
        """
        select m.evidence, m.char_start, m.char_end, m.sentence_index,
               json_extract_string(ev.payload, '$.body'), json_extract_string(ev.payload, '$.title')
        from marts.fct_engagement_mentions m
        join events.article_events ev on ev.event_id = m.event_id
        """
    ).fetchall()
    assert rows
    for evidence, start, end, sentence_index, body, title in rows:
        text = title if sentence_index == -1 else body  # -1: the headline states the engagement
        assert text[start:end] == evidence


def test_topic_mart_counts_match_facts(warehouse_con: duckdb.DuckDBPyConnection) -> None:
    mart_total = warehouse_con.execute(
        "select sum(engagements) from marts.mart_engagement_frequency_by_topic where grain = 'month'"
    ).fetchone()[0]
    fact_total = warehouse_con.execute(
        """
        select count(*) from marts.fct_engagement_topics t
        join marts.fct_engagements e using (engagement_id)
        where e.status = 'occurred' and e.engagement_date is not null
        """
    ).fetchone()[0]
    assert mart_total == fact_total > 0


@pytest.mark.usefixtures("built_warehouse")
def test_rematerializing_appends_nothing_and_changes_nothing(
    pipeline_raw_dir: Path, built_warehouse: Path, tmp_path: Path
) -> None:
    def snapshot() -> tuple:
        con = duckdb.connect(str(built_warehouse), read_only=True)
        try:
            events = con.execute("select count(*), max(position) from events.article_events").fetchone()
            facts = con.execute(
                "select count(*), sum(hash(engagement_id, engagement_type, status, engagement_date, n_articles)) "
                "from marts.fct_engagements"
            ).fetchone()
            return events, facts
        finally:
            con.close()

    before = snapshot()
    materialize_all(pipeline_raw_dir, built_warehouse)
    assert snapshot() == before


def test_dbt_unit_tests_pass_on_a_built_warehouse(built_warehouse: Path, tmp_path: Path) -> None:
    """Builds leave dbt's unit tests out; `make dbt-unit-tests` runs every one of them."""
    copy = tmp_path / built_warehouse.name
    shutil.copy(built_warehouse, copy)
    done = subprocess.run(
        ["make", "-s", "dbt-unit-tests", f"WAREHOUSE_DB={copy}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((PROJECT_ROOT / "dbt" / "target" / "unit-tests" / "run_results.json").read_text())
    unit_tests = [r for r in results["results"] if r["unique_id"].startswith("unit_test.")]
    assert len(unit_tests) >= 4
    assert all(r["status"] == "pass" for r in unit_tests)
