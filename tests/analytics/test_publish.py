"""The analytics database: published whole and atomically, so readers are never blocked nor see half a build."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.analytics.duckdb_sql import relation
from dagster_project.analytics.publish import (
    RelationDocs,
    analytics_db_path,
    open_published,
    publish_analytics,
)
from dagster_project.defs.resources import build_resources
from tests.conftest import PROJECT_ROOT, RAW_SAMPLE

READER = Path(__file__).parents[1] / "analytics_reader.py"
ODD_NAME = 'odd "name"; drop table x'

EXTRA_ARTICLE = RAW_SAMPLE / "text" / "modi_trump_call_jan2025.txt"


def materialize_with_logs(raw: Path, warehouse: Path) -> tuple[dg.ExecuteInProcessResult, list[str]]:
    """Every asset through Dagster, with the run's log messages."""
    from dagster_project.definitions import defs

    job = defs.resolve_implicit_global_asset_job_def()
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(instance=instance, resources=build_resources(raw, warehouse))
        logs = [entry.user_message for entry in instance.all_logs(result.run_id)]
    assert result.success
    return result, logs


def build_id_of(path: Path) -> str:
    con = open_published(path)
    try:
        return con.execute("select build_id from meta.build").fetchone()[0]
    finally:
        con.close()


@dataclass
class RefreshStory:
    """A warehouse built once, then refreshed with one more article while an analyst reads."""

    warehouse: Path
    analytics: Path
    first_build: str
    second_build: str
    first_logs: list[str]
    second: dg.ExecuteInProcessResult
    observations: list[dict]
    reader_stderr: str


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> RefreshStory:
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(RAW_SAMPLE, raw, dirs_exist_ok=True)
    warehouse = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    analytics = analytics_db_path(warehouse)
    _, first_logs = materialize_with_logs(raw, warehouse)
    first_build = build_id_of(analytics)

    stop = tmp_path_factory.mktemp("reader") / "stop"
    reader = subprocess.Popen(
        [sys.executable, str(READER), str(analytics), str(stop)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready = json.loads(reader.stdout.readline() or "{}")
        assert ready.get("ready"), reader.stderr.read()
        (raw / "extra").mkdir()
        shutil.copy(EXTRA_ARTICLE, raw / "extra" / "second_delivery.txt")
        second, _ = materialize_with_logs(raw, warehouse)
        time.sleep(1.0)  # let the reader open the new build at least once
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=60)
    observations = [ready] + [json.loads(line) for line in out.splitlines() if line.strip()]
    return RefreshStory(
        warehouse, analytics, first_build, build_id_of(analytics), first_logs, second, observations, err
    )


def test_reader_kept_reading_whole_builds_through_a_refresh(story: RefreshStory) -> None:
    assert story.first_build != story.second_build
    errors = [o for o in story.observations if "error" in o]
    assert not errors, errors[:3]
    assert len(story.observations) > 50, "the reader should have been reading during the whole refresh"
    assert all(not o["mismatches"] for o in story.observations), "a reader saw part of a build"
    held = {o["build_id"] for o in story.observations if o["connection"] == "held"}
    assert held == {story.first_build}, "the open connection keeps reading the build it opened"
    fresh = [o["build_id"] for o in story.observations if o["connection"] == "fresh"]
    assert set(fresh) == {story.first_build, story.second_build}
    switch = fresh.index(story.second_build)
    assert all(b == story.second_build for b in fresh[switch:]), "once swapped in, the new build stays"


def test_published_file_is_the_latest_build_and_nothing_is_left_behind(story: RefreshStory) -> None:
    warehouse = duckdb.connect(str(story.warehouse), read_only=True)
    try:
        articles = warehouse.execute("select count(*) from marts.dim_article").fetchone()[0]
        events = warehouse.execute("select count(*) from events.article_events").fetchone()[0]
    finally:
        warehouse.close()
    con = open_published(story.analytics)
    try:
        assert con.execute("select count(*) from marts.dim_article").fetchone()[0] == articles
        assert con.execute("select log_events from meta.build").fetchone()[0] == events
        tables = {r[0] for r in con.execute("select table_schema || '.' || table_name from meta.tables").fetchall()}
    finally:
        con.close()
    assert {"marts.fct_engagements", "marts.mart_engagement_frequency_by_topic", "reference.countries"} <= tables
    assert sorted(p.name for p in story.analytics.parent.iterdir() if p.name.startswith(".")) == []
    assert not Path(f"{story.analytics}.wal").exists()


def test_dbt_materializations_carry_row_counts_and_column_types(story: RefreshStory) -> None:
    events = story.second.get_asset_materialization_events()
    by_key = {e.asset_key: e.step_materialization_data.materialization.metadata for e in events}
    con = duckdb.connect(str(story.warehouse), read_only=True)
    try:
        for key in (
            ("marts", "fct_engagements"),
            ("reference", "countries"),
            ("staging", "stg_events__article_events"),
        ):
            metadata = by_key[dg.AssetKey(list(key))]
            (rows,) = con.execute(f'select count(*) from "{key[0]}"."{key[1]}"').fetchone()
            assert metadata["dagster/row_count"].value == rows > 0, key
            columns = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position",
                list(key),
            ).fetchall()
            schema = metadata["dagster/column_schema"].schema
            assert [(c.name, c.type) for c in schema.columns] == columns, key
    finally:
        con.close()
    documented = by_key[dg.AssetKey(["marts", "fct_engagements"])]["dagster/column_schema"].schema
    assert {c.name: c.description for c in documented.columns}["engagement_id"] == "The engagement."


def test_report_asset_shows_charts_and_writes_an_offline_page(story: RefreshStory) -> None:
    events = story.second.get_asset_materialization_events()
    by_key = {e.asset_key: e.step_materialization_data.materialization.metadata for e in events}
    report = by_key[dg.AssetKey(["publish", "engagement_report"])]
    images = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", report["charts"].value)
    assert len(images) == 2
    assert all(base64.b64decode(image).startswith(b"\x89PNG\r\n\x1a\n") for image in images)
    page = Path(report["report"].value)
    assert page == story.warehouse.parent / "report" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert text.count("data:image/png;base64,") == 2
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), "the page must not fetch anything"
    published = by_key[dg.AssetKey(["publish", "analytics_db"])]
    assert published["build_id"].value == story.second_build


def test_ingest_progress_is_in_the_run_log(story: RefreshStory) -> None:
    lines = [m for m in story.first_logs if re.match(r"ingest (running|done):", m)]
    assert lines, "no progress line in the run log"
    assert re.match(r"ingest done: (\d+)/\1 files \([\d.]+ files/s\), 33 articles read \(\d+ articles/s\)", lines[-1])


def small_warehouse(path: Path) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema marts; create schema reference; create schema staging")
        odd = relation("marts", ODD_NAME)
        con.execute(f"create table {odd} as select range as n, 'it''s' as note from range(5)")
        con.execute(f'create view marts.recent as select n from "{path.stem}".{odd} where n > 2')  # as dbt writes views
        con.execute("create table reference.countries as select 'FRA' as country_code, 'France' as name")
        con.execute("create table reference.topic_keywords as select 'trade' as keyword")
        con.execute("create table staging.hidden as select 1 as x")
    finally:
        con.close()


def test_publish_copies_marts_and_dimensions_with_names_as_data(tmp_path: Path) -> None:
    folder = tmp_path / 'it\'s a "folder"'
    folder.mkdir()
    warehouse = folder / "warehouse.duckdb"
    small_warehouse(warehouse)
    docs = {("marts", ODD_NAME): RelationDocs("Numbers; don't drop tables", {"note": "a note's text"})}
    report = publish_analytics(warehouse, analytics_db_path(warehouse), docs=docs)
    assert report.path == folder / "analytics.duckdb"
    assert report.row_counts == {f"marts.{ODD_NAME}": 5, "marts.recent": 2, "reference.countries": 1}
    con = open_published(report.path)
    try:
        assert con.execute(f"select sum(n) from {relation('marts', ODD_NAME)}").fetchone()[0] == 10
        comment = con.execute("select comment from duckdb_tables() where table_name = ?", [ODD_NAME]).fetchone()[0]
        assert comment == "Numbers; don't drop tables"
        note = con.execute("select comment from duckdb_columns() where column_name = 'note'").fetchone()[0]
        assert note == "a note's text"
        schemas = {r[0] for r in con.execute("select distinct schema_name from duckdb_tables()").fetchall()}
        assert schemas == {"marts", "reference", "meta"}
    finally:
        con.close()
    assert sorted(p.name for p in folder.iterdir()) == ["analytics.duckdb", "warehouse.duckdb"]


def test_a_failed_publish_keeps_the_previous_build(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    small_warehouse(warehouse)
    first = publish_analytics(warehouse, tmp_path / "analytics.duckdb")
    con = duckdb.connect(str(warehouse))
    con.execute("drop schema marts cascade")
    con.close()
    with pytest.raises(RuntimeError, match="no marts"):
        publish_analytics(warehouse, tmp_path / "analytics.duckdb")
    assert build_id_of(tmp_path / "analytics.duckdb") == first.build_id
    assert sorted(p.name for p in tmp_path.iterdir()) == ["analytics.duckdb", "warehouse.duckdb"]


def test_open_published_follows_a_replaced_file_in_the_same_process(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    small_warehouse(warehouse)
    target = tmp_path / "analytics.duckdb"
    first = publish_analytics(warehouse, target)
    held = open_published(target)
    try:
        second = publish_analytics(warehouse, target)
        assert held.execute("select build_id from meta.build").fetchone()[0] == first.build_id
        assert build_id_of(target) == second.build_id != first.build_id
    finally:
        held.close()


def test_analytics_path_beside_the_warehouse_unless_overridden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANALYTICS_DB", raising=False)
    assert analytics_db_path(tmp_path / "w.duckdb") == tmp_path / "analytics.duckdb"
    monkeypatch.setenv("ANALYTICS_DB", str(tmp_path / "elsewhere" / "a.duckdb"))
    assert analytics_db_path(tmp_path / "w.duckdb") == tmp_path / "elsewhere" / "a.duckdb"


HALF_PUBLISH = """
import os, sys, duckdb
con = duckdb.connect(config={"wal_autocheckpoint": "1GB"})
con.execute(f"attach '{sys.argv[1]}' as build")
con.execute("create table build.t as select range as n from range(100000)")
print("written", flush=True)
sys.stdin.readline() if sys.argv[2] == "live" else os.kill(os.getpid(), 9)
"""


def test_a_publish_removes_the_files_of_dead_publishes_only(tmp_path: Path) -> None:
    """A SIGKILLed publish leaves `.analytics.duckdb.*.tmp` and its `.wal`; a publish still writing keeps its."""
    warehouse = tmp_path / "warehouse.duckdb"
    small_warehouse(warehouse)
    dead, live = (tmp_path / f".analytics.duckdb.{name}.tmp" for name in ("dead", "live"))
    killed = subprocess.run([sys.executable, "-c", HALF_PUBLISH, str(dead), "dead"], capture_output=True, text=True)
    assert killed.returncode == -9 and killed.stdout == "written\n"
    assert Path(f"{dead}.wal").exists(), "the killed publish left its write-ahead log"
    orphan_wal = tmp_path / ".analytics.duckdb.gone.tmp.wal"
    orphan_wal.write_bytes(b"x")
    command = [sys.executable, "-c", HALF_PUBLISH, str(live), "live"]
    writer = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "written\n"
        publish_analytics(warehouse, tmp_path / "analytics.duckdb")
        left = sorted(p.name for p in tmp_path.iterdir())
        assert left == sorted(["analytics.duckdb", "warehouse.duckdb", live.name, f"{live.name}.wal"])
    finally:
        writer.communicate("done\n", timeout=30)
