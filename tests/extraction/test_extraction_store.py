"""The extraction store: every content event is extracted once, in batches, and a full refresh redoes all."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dagster_project.extraction.extractor import Extractor
from dagster_project.extraction.gazetteer import Gazetteer
from dagster_project.extraction.store import ensure_schema, extract_new_events
from dagster_project.ingest.pipeline import ingest_raw_folder
from dagster_project.settings import SEEDS_DIR
from tests.conftest import RAW_SAMPLE


def test_every_event_is_extracted_once_across_batches(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ingest_raw_folder(con, RAW_SAMPLE)
    events = con.execute("select count(*) from events.article_events").fetchone()[0]
    extractor = Extractor(Gazetteer.from_seeds(SEEDS_DIR))
    first = extract_new_events(con, extractor, batch_size=4, write_events=8)
    assert first.events == events > 16
    processed = con.execute(
        "select count(*), count(distinct event_id), count(distinct extraction_seq) from extraction.processed_events"
    ).fetchone()
    # batches of 4 events written two by two: one extraction sequence number per write
    assert processed == (events, events, -(-events // 8))
    mentions = con.execute("select count(*), count(distinct mention_id) from extraction.engagement_mentions").fetchone()
    assert mentions[0] == mentions[1] > 0
    assert extract_new_events(con, extractor, batch_size=4).events == 0
    mentions = con.execute("select count(*) from extraction.engagement_mentions").fetchone()[0]
    redo = extract_new_events(con, extractor, batch_size=7, full_refresh=True)
    assert redo.events == events and redo.reextracted
    assert con.execute("select count(*) from extraction.engagement_mentions").fetchone()[0] == mentions


def test_extraction_tables_of_an_older_version_lose_their_primary_keys_and_keep_their_rows(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ingest_raw_folder(con, RAW_SAMPLE)
    con.execute("create schema extraction")
    con.execute(
        "create table extraction.processed_events (event_id varchar not null primary key, position bigint not null, "
        "extractor_version varchar not null, n_engagements integer not null)"
    )
    con.execute("insert into extraction.processed_events values ('e1', 1, 'old', 0), ('e2', 2, 'old', 3)")
    ensure_schema(con)
    keys = con.execute(
        "select count(*) from duckdb_constraints() where schema_name = 'extraction' and constraint_type = 'PRIMARY KEY'"
    ).fetchone()[0]
    assert keys == 0
    rows = con.execute("select event_id, n_engagements, extraction_seq from extraction.processed_events order by 1")
    assert rows.fetchall() == [("e1", 0, None), ("e2", 3, None)]
    not_null = con.execute(
        "select count(*) from duckdb_constraints() where schema_name = 'extraction' "
        "and table_name = 'processed_events' and constraint_type = 'NOT NULL'"
    ).fetchone()[0]
    assert not_null == 4
    extract_new_events(con, Extractor(Gazetteer.from_seeds(SEEDS_DIR)))  # the old version's rows are re-extracted
    old = con.execute("select count(*) from extraction.processed_events where extractor_version = 'old'")
    assert old.fetchone()[0] == 0
