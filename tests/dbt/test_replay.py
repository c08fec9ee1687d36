"""Replay and time travel: a full rebuild equals the incremental path; "as of N" equals a log of N events."""

from __future__ import annotations

import itertools
import json
import shutil
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.defs.resources import build_resources
from dagster_project.ingest.event_log import ensure_schema
from tests.conftest import RAW_SAMPLE, mart_fingerprints, materialize_all, rebuild_config


@pytest.fixture(scope="module")
def evolving_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    """A warehouse fed in two refreshes: half the sample, then the rest with a revision and a retraction.
    Returns the raw folder, the warehouse and the last log position of the first refresh."""
    root = tmp_path_factory.mktemp("replay")
    raw, warehouse = root / "raw", root / "warehouse.duckdb"
    texts = sorted((RAW_SAMPLE / "text").glob("*.txt"))
    (raw / "text").mkdir(parents=True)
    for path in texts[: len(texts) // 2]:
        shutil.copy(path, raw / "text" / path.name)
    materialize_all(raw, warehouse)
    first_refresh_end = log_size(warehouse)

    shutil.copytree(RAW_SAMPLE, raw, dirs_exist_ok=True)
    revised = raw / "text" / texts[0].name
    revised.write_text(revised.read_text(encoding="utf-8") + "\n\nThis article was updated with a correction.\n")
    (raw / "text" / (texts[1].name + ".retract")).write_text("withdrawn by the editor\n", encoding="utf-8")
    feed = sorted((raw / "feeds").glob("*.jsonl"))[0]
    first = json.loads(feed.read_text(encoding="utf-8").splitlines()[0])
    retraction = {"id": first["id"], "source": first["source"], "retracted": True}
    (raw / "feeds" / "retractions.jsonl").write_text(json.dumps(retraction) + "\n")
    materialize_all(raw, warehouse)
    return raw, warehouse, first_refresh_end


def log_size(warehouse: Path) -> int:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("select count(*) from events.article_events").fetchone()[0]
    finally:
        con.close()


def test_the_log_holds_revisions_and_retractions(evolving_warehouse: tuple[Path, Path, int]) -> None:
    _, warehouse, _ = evolving_warehouse
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        types = dict(con.execute("select event_type, count(*) from events.article_events group by 1").fetchall())
        retracted = con.execute("select count(*) from marts.dim_article where is_retracted").fetchone()[0]
        revised = con.execute("select count(*) from marts.dim_article where current_version = 2").fetchone()[0]
    finally:
        con.close()
    assert types["ArticleRevised"] == 1 and types["ArticleRetracted"] == 2
    assert retracted == 2 and revised == 1


def test_full_refresh_equals_the_incremental_path(evolving_warehouse: tuple[Path, Path, int]) -> None:
    raw, warehouse, _ = evolving_warehouse
    incremental = mart_fingerprints(warehouse)
    materialize_all(raw, warehouse, rebuild_config(full_refresh=True))
    assert mart_fingerprints(warehouse) == incremental


def test_refresh_drops_the_topic_periods_past_the_new_end_of_the_range(tmp_path: Path) -> None:
    """Retracting every report of the engagements after the last empty month moves the end of the topic
    mart's range back over periods no changed engagement covered: the refresh deletes them, as a full
    rebuild leaves them out."""
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    shutil.copytree(RAW_SAMPLE, raw)
    materialize_all(raw, warehouse)
    keys, first_retracted_month = reports_after_last_empty_month(warehouse)
    retract(raw, keys)
    materialize_all(raw, warehouse)
    assert last_topic_month(warehouse) < first_retracted_month
    incremental = mart_fingerprints(warehouse)
    materialize_all(raw, warehouse, rebuild_config(full_refresh=True))
    assert mart_fingerprints(warehouse) == incremental


def retract(raw: Path, keys: list[str]) -> None:
    """Retract the articles of these keys: a file article by a `.retract` file beside it, a feed
    article (`feed:<source>:<id>`) by a retraction record of the same source."""
    records = []
    for key in keys:
        namespace, _, rest = key.partition(":")
        if namespace == "file":
            (raw / (rest + ".retract")).write_text("withdrawn\n", encoding="utf-8")
        else:
            source, _, external_id = rest.partition(":")
            records.append(json.dumps({"id": external_id, "source": source, "retracted": True}) + "\n")
    (raw / "feeds" / "retractions.jsonl").write_text("".join(records), encoding="utf-8")


def reports_after_last_empty_month(warehouse: Path) -> tuple[list[str], date]:
    """The articles reporting an occurred engagement after the last month without any (the sample has
    such a month), and the first month with engagements after it."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        months = [
            month
            for (month,) in con.execute(
                "select distinct cast(date_trunc('month', engagement_date) as date) from marts.fct_engagements "
                "where status = 'occurred' and engagement_date is not null order by 1"
            ).fetchall()
        ]
        gaps = [
            later for earlier, later in itertools.pairwise(months) if _month_number(later) - _month_number(earlier) > 1
        ]
        assert gaps, f"the sample's engagements fill every month from {months[0]} to {months[-1]}"
        keys = con.execute(
            """
            select distinct articles.article_key
            from marts.fct_engagements as engagements
            inner join marts.fct_engagement_mentions as mentions on engagements.engagement_id = mentions.engagement_id
            inner join marts.dim_article as articles on mentions.article_id = articles.article_id
            where engagements.status = 'occurred' and engagements.engagement_date >= ?
            order by 1
            """,
            [gaps[-1]],
        ).fetchall()
    finally:
        con.close()
    return [key for (key,) in keys], gaps[-1]


def last_topic_month(warehouse: Path) -> date:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(
            "select max(period_start) from marts.mart_engagement_frequency_by_topic where grain = 'month'"
        ).fetchone()[0]
    finally:
        con.close()


def _month_number(month: date) -> int:
    return month.year * 12 + month.month


def test_as_of_position_equals_a_log_of_that_many_events(
    evolving_warehouse: tuple[Path, Path, int], tmp_path: Path
) -> None:
    raw, warehouse, first_refresh_end = evolving_warehouse
    present = mart_fingerprints(warehouse)
    as_of = first_refresh_end + 3
    materialize_all(raw, warehouse, rebuild_config(as_of_position=as_of))
    past = mart_fingerprints(warehouse)

    truncated = tmp_path / "truncated.duckdb"
    copy_log_prefix(warehouse, truncated, as_of)
    empty_raw = tmp_path / "empty_raw"
    empty_raw.mkdir()
    materialize_all(empty_raw, truncated)
    assert mart_fingerprints(truncated) == past
    assert past != present

    materialize_all(raw, warehouse)
    assert mart_fingerprints(warehouse) == present


def test_as_of_timestamp_sees_only_the_first_refresh(evolving_warehouse: tuple[Path, Path, int]) -> None:
    raw, warehouse, first_refresh_end = evolving_warehouse
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        (moment,) = con.execute(
            "select cast(max(recorded_at) as varchar) from events.article_events where position <= ?",
            [first_refresh_end],
        ).fetchone()
    finally:
        con.close()
    materialize_all(raw, warehouse, rebuild_config(as_of=moment))
    by_time = mart_fingerprints(warehouse)
    materialize_all(raw, warehouse, rebuild_config(as_of_position=first_refresh_end))
    assert mart_fingerprints(warehouse) == by_time
    materialize_all(raw, warehouse)


def copy_log_prefix(source: Path, target: Path, last_position: int) -> None:
    """A new warehouse whose log holds the first `last_position` events of another one."""
    con = duckdb.connect(str(target))
    try:
        ensure_schema(con)
        con.execute("attach ? as source_db (read_only)", [str(source)])
        con.execute(
            "insert into events.article_events select * from source_db.events.article_events where position <= ?",
            [last_position],
        )
        con.execute("detach source_db")
    finally:
        con.close()


def test_projections_of_an_older_model_version_ask_for_a_replay(built_warehouse: Path, tmp_path: Path) -> None:
    """An incremental model without its watermark columns (built by older models) stops the build with
    what to do, instead of a binder error; `make replay` (full refresh) rebuilds it."""
    from dagster_project.definitions import defs

    warehouse = tmp_path / "old.duckdb"
    shutil.copy(built_warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("alter table intermediate.int_article_versions drop column last_position")
    job = defs.resolve_implicit_global_asset_job_def()
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(
            instance=instance, resources=build_resources(RAW_SAMPLE, warehouse), raise_on_error=False
        )
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "older version of the models" in str(failure.step_failure_data.error)
    assert "make replay" in str(failure.step_failure_data.error)
    materialize_all(RAW_SAMPLE, warehouse, rebuild_config(full_refresh=True))
