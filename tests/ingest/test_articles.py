"""Parsing the raw formats: plain text and JSON Lines, and rejections of bad input."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from dagster_project.ingest.articles import RawArticle, Rejection, Retraction, normalise_paragraphs, parse_raw_file
from dagster_project.ingest.event_log import article_payload


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def parse_one(tmp_path: Path, name: str, data: bytes):
    records = list(parse_raw_file(write(tmp_path, name, data), tmp_path))
    assert len(records) == 1
    return records[0]


def test_text_with_date_and_text_on_the_same_line(tmp_path: Path) -> None:
    article = parse_one(tmp_path, "a.txt", b" date 2025-01-28 New Delhi: Prime Minister spoke.\n\nSecond paragraph.")
    assert isinstance(article, RawArticle)
    assert article.published_date == date(2025, 1, 28)
    assert article.title is None
    assert article.dateline == "New Delhi"
    assert article.body == "Prime Minister spoke.\n\nSecond paragraph."
    assert article.source_uri == "a.txt"


def test_text_with_title_line_and_crlf(tmp_path: Path) -> None:
    data = b"date 2024-11-06\r\nPM call with President-elect\r\n\r\nThe Prime Minister spoke.\r\n"
    article = parse_one(tmp_path, "nested/b.txt", data)
    assert isinstance(article, RawArticle)
    assert article.title == "PM call with President-elect"
    assert article.body == "The Prime Minister spoke."
    assert article.article_key == "file:nested/b.txt"


def test_text_windows_1252_and_bom(tmp_path: Path) -> None:
    article = parse_one(tmp_path, "c.txt", "date 2020-01-02\n\nCaf\u00e9 talks \u2013 done.".encode("cp1252"))
    assert isinstance(article, RawArticle) and "Café" in article.body
    bom = parse_one(tmp_path, "d.txt", "\ufeffdate 2020-01-02\n\nText.".encode())
    assert isinstance(bom, RawArticle) and bom.published_date == date(2020, 1, 2)


def test_text_rejections_have_reasons(tmp_path: Path) -> None:
    assert parse_one(tmp_path, "e.txt", b"no date here").reason == "missing_date"
    assert parse_one(tmp_path, "f.txt", b"date 2025-02-30\n\nText.").reason == "invalid_date"
    assert parse_one(tmp_path, "g.txt", b"date 2025-02-03\n\n   ").reason == "empty_body"
    assert parse_one(tmp_path, "h.txt", b"\x00\x01binary").reason == "undecodable"
    assert parse_one(tmp_path, "i.pdf", b"%PDF").reason == "unsupported_format"


def test_jsonl_records_and_bad_lines(tmp_path: Path) -> None:
    good = {
        "id": "x-1",
        "url": "https://n.test/1",
        "source": "Wire",
        "published_at": "2025-01-17T09:30:00Z",
        "title": "T",
        "body": "Para one.\n\nPara two.",
    }
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({"id": "x-2", "body": "b"}),
        "",
        json.dumps({"id": "x-1", "source": "Wire", "retracted": True}),
    ]
    records = list(parse_raw_file(write(tmp_path, "feed.jsonl", "\n".join(lines).encode()), tmp_path))
    assert isinstance(records[0], RawArticle)
    assert records[0].article_key == "feed:Wire:x-1"
    assert records[0].source_uri == "feed.jsonl#1"
    assert records[0].published_date == date(2025, 1, 17)
    assert isinstance(records[1], Rejection) and records[1].reason == "malformed_json"
    assert records[1].source_uri == "feed.jsonl#2"
    assert isinstance(records[2], Rejection) and records[2].reason == "missing_field"
    assert isinstance(records[3], Retraction) and records[3].article_key == "feed:Wire:x-1"
    assert records[3].source_uri == "feed.jsonl#5"


def test_a_record_may_say_where_it_was_filed(tmp_path: Path) -> None:
    record = {"id": "d-1", "published_at": "2025-01-17", "dateline": " New Delhi ", "body": "The PM spoke."}
    article = parse_one(tmp_path, "one.json", json.dumps(record).encode())
    assert isinstance(article, RawArticle) and article.dateline == "New Delhi"
    assert article.body == "The PM spoke."
    without = parse_one(tmp_path, "two.json", json.dumps(record | {"dateline": ""}).encode())
    assert isinstance(without, RawArticle) and without.dateline is None


def test_canonical_content_is_sorted_json_of_the_content() -> None:
    tricky = 'Quote " backslash \\ tab \t newline \n control \x01 line sep \u2028 é 日本 😀'
    for title, dateline in ((tricky, None), (None, "New Delhi")):
        article = RawArticle("k", "k", "k", "json", date(2024, 2, 29), title, tricky, dateline=dateline)
        assert article.canonical_content == json.dumps(article.content(), sort_keys=True, ensure_ascii=False)


def test_tidy_paragraphs_are_kept_as_they_are() -> None:
    assert all(not chr(c).isprintable() for c in range(sys.maxunicode + 1) if chr(c).isspace() and c != 32)
    samples = ["One two.", " One.", "One. ", "One  two.", "One\ttwo.", "One\u00a0two.", "É é 日本.", "", "a\u2028b"]
    for text in samples:
        assert normalise_paragraphs(text) == " ".join(text.split()), repr(text)


def test_a_stray_windows_1252_byte_in_utf8_is_read_alone_and_recorded(tmp_path: Path) -> None:
    """A curly quote pasted as cp1252 byte 0x92 into UTF-8 text: the rest stays UTF-8, not garbled."""
    data = "date 2025-01-02\n\nCafé talks in Zürich \u2014 the minister".encode() + b"\x92s view.\n"
    article = parse_one(tmp_path, "stray.txt", data)
    assert isinstance(article, RawArticle)
    assert article.body == "Café talks in Zürich \u2014 the minister\u2019s view."
    stray_at = data.index(b"\x92")
    assert article.decoding == f"1 byte(s) not valid UTF-8 read as Windows-1252, the first at byte {stray_at}"
    payload = json.loads(article_payload(article))
    assert payload["decoding"] == article.decoding and payload["body"] == article.body
    clean = parse_one(tmp_path, "clean.txt", "date 2025-01-02\n\nCafé.".encode())
    assert clean.decoding is None and "decoding" not in json.loads(article_payload(clean))


def test_stray_bytes_in_a_feed_line_are_recorded_on_that_record(tmp_path: Path) -> None:
    lines = [b'{"id": "a", "published_at": "2025-01-02", "body": "It\x92s fine."}', b'{"id": "b", "body": "x"}']
    records = list(parse_raw_file(write(tmp_path, "feed.jsonl", b"\n".join(lines)), tmp_path))
    assert isinstance(records[0], RawArticle) and records[0].body == "It\u2019s fine."
    assert records[0].decoding is not None and "1 byte(s)" in records[0].decoding
    assert isinstance(records[1], Rejection)
