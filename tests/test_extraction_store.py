"""The extraction store: every content event is extracted once, in batches, and a full refresh redoes all."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dagster_project.extraction.extractor import Extractor
from dagster_project.extraction.gazetteer import Gazetteer
from dagster_project.extraction.store import extract_new_events
from dagster_project.ingest import ingest_raw_folder
from dagster_project.settings import SEEDS_DIR
from tests.conftest import RAW_SAMPLE


def test_every_event_is_extracted_once_across_batches(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ingest_raw_folder(con, RAW_SAMPLE)
    events = con.execute("select count(*) from events.article_events").fetchone()[0]
    extractor = Extractor(Gazetteer.from_seeds(SEEDS_DIR))
    first = extract_new_events(con, extractor, batch_size=4)
    assert first.events == events > 8
    processed = con.execute("select count(*), count(distinct event_id) from extraction.processed_events").fetchone()
    assert processed == (events, events)
    assert extract_new_events(con, extractor, batch_size=4).events == 0
    mentions = con.execute("select count(*) from extraction.engagement_mentions").fetchone()[0]
    redo = extract_new_events(con, extractor, batch_size=7, full_refresh=True)
    assert redo.events == events and redo.reextracted
    assert con.execute("select count(*) from extraction.engagement_mentions").fetchone()[0] == mentions
