"""The evaluation feeds each labelled text with the publisher its corpus's `sources.tsv` names: the
original address where the note starts with it, never a mirror's, and the note's words as the source."""

from __future__ import annotations

import json
from pathlib import Path

from dagster_project.extraction.publisher import Publisher
from dagster_project.ingest.articles import RawArticle, parse_raw_file
from tools.evaluation.__main__ import feed_record
from tools.evaluation.sources import corpus_publishers, publisher_of_note


def test_a_leading_address_is_the_publisher_s() -> None:
    note = "https://www.mofa.go.jp/press/release/x.html (Ministry of Foreign Affairs of Japan; title from slug)"
    assert publisher_of_note(note) == Publisher(
        "https://www.mofa.go.jp/press/release/x.html", "Ministry of Foreign Affairs of Japan; title from slug"
    )


def test_a_mirror_s_address_and_a_quoted_title_are_left_out() -> None:
    note = "US State Department media note 'Travel to Jamaica and Ecuador' (text via https://mirror.test/a ; note)"
    assert publisher_of_note(note) == Publisher(None, "US State Department media note")
    assert publisher_of_note("Reuters story via https://mirror.test/b") == Publisher(None, "Reuters story")


def test_rows_naming_a_shared_file_are_not_publishers(tmp_path: Path) -> None:
    (tmp_path / "shared.txt").write_text("date 2025-01-01\n\nText.", encoding="utf-8")
    rows = ["001\thttps://www.gov.uk/news/a (GOV.UK)\tOGL", "seed\tshared.txt", "002"]
    (tmp_path / "sources.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert corpus_publishers(tmp_path) == {"001": Publisher("https://www.gov.uk/news/a", "GOV.UK")}
    assert corpus_publishers(tmp_path / "missing") == {}


def test_a_labelled_text_becomes_the_feed_record_that_ingests_like_it(tmp_path: Path) -> None:
    text = tmp_path / "007.txt"
    text.write_text("date 2024-03-05\nPM call\n\nLONDON — The Prime Minister spoke.\n\nMore.", encoding="utf-8")
    record = feed_record(text, Publisher("https://www.gov.uk/x", None))
    path = tmp_path / "007.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    (from_record,) = parse_raw_file(path, tmp_path)
    (from_text,) = parse_raw_file(text, tmp_path)
    assert isinstance(from_record, RawArticle) and isinstance(from_text, RawArticle)
    fields = ("published_date", "title", "dateline", "body")
    assert [getattr(from_record, f) for f in fields] == [getattr(from_text, f) for f in fields]
    assert from_record.url == "https://www.gov.uk/x" and from_text.url is None
