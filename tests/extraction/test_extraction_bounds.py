"""What the extractor leaves out is said, not lost: officials it cannot place in a country, text
past its length bound; and date finding stays linear in the length of the text."""

from __future__ import annotations

import itertools
import json
from datetime import date

import duckdb

from dagster_project.extraction import extractor as extractor_module
from dagster_project.extraction.dates import find_dates
from dagster_project.extraction.extractor import MAX_BODY_CHARS, Extractor
from dagster_project.extraction.gazetteer import Gazetteer
from dagster_project.extraction.store import extract_new_events
from dagster_project.settings import SEEDS_DIR
from tests.corpus_scoring import extractor

DAY = date(2024, 3, 6)
UNPLACED = "Ambassador John Ellery met President William Ruto of Kenya on Monday."


def test_an_official_without_a_country_is_never_a_participant() -> None:
    result = extractor().extract(UNPLACED, DAY)
    assert all(p.country_code for e in result.engagements for p in e.participants)
    (diagnostic,) = result.diagnostics
    assert (diagnostic.reason, diagnostic.actor_name, diagnostic.actor_title) == (
        "no_country",
        "John Ellery",
        "Ambassador",
    )
    assert diagnostic.evidence == UNPLACED


def test_placed_sides_of_the_same_text_stay_engagements() -> None:
    body = UNPLACED + " President Emmanuel Macron of France met President William Ruto of Kenya on Tuesday."
    result = extractor().extract(body, DAY)
    assert [e.codes for e in result.engagements] == [frozenset({"FRA", "KEN"})]
    assert [d.reason for d in result.diagnostics] == ["no_country"]


def test_a_body_past_the_bound_is_cut_and_said_to_be(monkeypatch) -> None:
    monkeypatch.setattr(extractor_module, "MAX_BODY_CHARS", 2_000)
    call = "President Emmanuel Macron of France spoke with President William Ruto of Kenya on Monday.\n"
    filler = "The weather was mild and markets were calm that week in most of the region.\n"
    body = call + filler * 100 + call.replace("Kenya", "Ghana").replace("William Ruto", "John Mahama")
    result = Extractor(Gazetteer.from_seeds(SEEDS_DIR)).extract(body, DAY)
    assert [e.codes for e in result.engagements] == [frozenset({"FRA", "KEN"})]  # Ghana is past the cut
    (diagnostic,) = result.diagnostics
    assert diagnostic.reason == "truncated"
    assert diagnostic.evidence.endswith(f"of {len(body)} characters")
    assert MAX_BODY_CHARS >= 100_000  # the real bound leaves every news article whole


def test_dates_of_a_long_text_are_those_of_its_parts() -> None:
    piece = "On March 3 the ministers met, and on Monday, 4 March 2024, they spoke again; next week too. "
    long_text = piece * 3_000
    found = find_dates(long_text)
    per_piece = find_dates(piece)
    assert len(found) == len(per_piece) * 3_000
    assert [(d.start, d.end, d.kind) for d in found[: len(per_piece)]] == [(d.start, d.end, d.kind) for d in per_piece]
    starts = [d.start for d in found]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found)), "overlapping expressions"
    assert starts == sorted(starts)


def test_diagnostics_are_stored_with_their_event(tmp_path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create schema events")
    con.execute(
        "create table events.article_events (event_id varchar, position bigint, event_type varchar, payload varchar)"
    )
    payload = json.dumps({"body": UNPLACED, "published_date": "2024-03-06", "title": None})
    con.execute("insert into events.article_events values ('e1', 1, 'ArticlePublished', ?)", [payload])
    extract_new_events(con, extractor())
    rows = con.execute("select event_id, position, reason, actor_name from extraction.diagnostics").fetchall()
    assert rows == [("e1", 1, "no_country", "John Ellery")]
    assert con.execute("select count(*) from extraction.mention_participants where country_code = ''").fetchone() == (
        0,
    )
