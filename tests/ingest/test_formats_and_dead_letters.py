"""HTML and JSON articles, plain-text retractions, and the dead-letter store on a corpus of bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb

from dagster_project.ingest.articles import RawArticle, Rejection, Retraction, parse_raw_file
from dagster_project.ingest.pipeline import ingest_raw_folder

HTML_PAGE = """<!doctype html><html><head><title>Site | Leaders talk</title>
<meta property="og:title" content="Leaders talk trade">
<meta property="article:published_time" content="2024-05-02T08:00:00+02:00">
<meta property="og:site_name" content="Example Wire"><link rel="canonical" href="https://news.test/a">
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body><nav><p>Home | World</p></nav><header><p>Subscribe now</p></header>
<article><h1>Leaders talk trade</h1><p>PARIS — The two presidents met on Tuesday &amp; agreed to talk.</p>
<p>They discussed <b>energy</b> and trade.</p></article><footer><p>Copyright</p></footer></body></html>"""


def one(path: Path, root: Path):
    (record,) = list(parse_raw_file(path, root))
    return record


def test_html_article_keeps_paragraphs_and_drops_chrome(tmp_path: Path) -> None:
    page = tmp_path / "site" / "a.html"
    page.parent.mkdir()
    page.write_text(HTML_PAGE, encoding="utf-8")
    article = one(page, tmp_path)
    assert isinstance(article, RawArticle)
    assert article.title == "Leaders talk trade"
    assert article.published_date == date(2024, 5, 2)
    assert article.dateline == "PARIS"
    assert article.body == "The two presidents met on Tuesday & agreed to talk.\n\nThey discussed energy and trade."
    assert article.source == "Example Wire" and article.url == "https://news.test/a"


def test_json_file_with_one_article_or_a_list(tmp_path: Path) -> None:
    item = {"id": "j1", "url": "https://n.test/j1", "source": "S", "published_at": "2023-03-03", "title": "T",
            "body": "Body text."}  # fmt: skip
    single = tmp_path / "one.json"
    single.write_text(json.dumps(item), encoding="utf-8")
    assert isinstance(one(single, tmp_path), RawArticle)
    many = tmp_path / "many.json"
    many.write_text(json.dumps([item, {**item, "id": "j2"}, 5]), encoding="utf-8")
    records = list(parse_raw_file(many, tmp_path))
    assert [r.source_uri for r in records] == ["many.json#1", "many.json#2", "many.json#3"]
    assert isinstance(records[2], Rejection) and records[2].reason == "malformed_json"


def test_a_retract_file_retracts_the_article_beside_it(tmp_path: Path) -> None:
    notice = tmp_path / "text" / "story.txt.retract"
    notice.parent.mkdir()
    notice.write_text("Withdrawn: the call did not take place.\n", encoding="utf-8")
    retraction = one(notice, tmp_path)
    assert isinstance(retraction, Retraction)
    assert retraction.article_key == "file:text/story.txt"
    assert retraction.note == "Withdrawn: the call did not take place."


def test_every_kind_of_bad_input_is_accounted_for(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "deep" / "er").mkdir(parents=True)
    good_text = "date 2025-01-28\nTitle\n\nIndia and Japan held talks.\n"
    (raw / "good.txt").write_text(good_text, encoding="utf-8")
    (raw / "deep" / "er" / "good 'quoted' é.html").write_text(HTML_PAGE, encoding="utf-8")
    bad = {
        "binary.txt": b"\x00\x01\x02",
        "undecodable.txt": b"date 2025-01-01\n\n\x81\x8d\x8f\x90\x9d",
        "no-date.txt": b"Leaders met.",
        "impossible-date.txt": b"date 2025-02-30\n\nText.",
        "future-date.txt": b"date 2999-01-01\n\nText.",
        "empty-body.txt": b"date 2025-01-01\n\n  \n",
        "no-date.html": b"<html><body><p>Text without a date.</p></body></html>",
        "empty.html": b'<html><head><meta name="date" content="2024-01-01"></head><body></body></html>',
        "broken.json": b"{not json",
        "scalar.json": b"42",
        "orphan.txt.retract": b"",
        "image.png": b"\x89PNG\r\n",
    }
    for name, data in bad.items():
        (raw / name).write_bytes(data)
    feed_lines = [
        json.dumps({"id": "f1", "published_at": "2025-01-01", "body": "Fine."}),
        "{broken",
        json.dumps({"id": "f2", "body": "no date"}),
        json.dumps({"id": "f3", "published_at": "yesterday", "body": "x"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"retracted": True}),
    ]
    (raw / "feed.jsonl").write_bytes("\n".join(feed_lines).encode() + b"\n\xff\xfe\x00\n")
    before = snapshot_files(raw)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    report = ingest_raw_folder(con, raw)
    assert snapshot_files(raw) == before, "ingest never modifies or deletes raw files"
    assert report.balanced
    assert report.appended == 3
    assert report.rejected == len(bad) + len(feed_lines) - 1 + 1
    assert report.seen == report.appended + report.duplicates + report.rejected
    rows = con.execute(
        "select source_uri, reason, line_number, byte_offset, raw_bytes from events.rejections"
    ).fetchall()
    by_uri = {uri: (reason, line, offset, raw_bytes) for uri, reason, line, offset, raw_bytes in rows}
    assert by_uri["binary.txt"][0] == "undecodable"
    assert by_uri["impossible-date.txt"][0] == "invalid_date"
    assert by_uri["future-date.txt"][0] == "invalid_date"
    assert by_uri["no-date.html"][0] == "missing_date"
    assert by_uri["empty.html"][0] == "empty_body"
    assert by_uri["orphan.txt.retract"][0] == "unknown_article"
    assert by_uri["image.png"][0] == "unsupported_format"
    assert by_uri["feed.jsonl#2"][:3] == ("malformed_json", 2, len(feed_lines[0]) + 1)
    assert by_uri["feed.jsonl#3"][0] == "missing_field"
    assert by_uri["feed.jsonl#7"][0] == "undecodable"
    assert all(len(raw_bytes) <= 4096 for *_, raw_bytes in by_uri.values())
    again = ingest_raw_folder(con, raw)
    assert again.appended == 0 and again.new_rejections == 0 and again.balanced


def snapshot_files(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def test_every_readme_name_is_ignored_in_any_case(tmp_path: Path) -> None:
    """The README's promise: files named README* (any case, any suffix) document the folder, never articles."""
    raw = tmp_path / "raw"
    (raw / "feeds").mkdir(parents=True)
    (raw / "good.txt").write_text("date 2025-01-28\n\nIndia and Japan held talks.\n", encoding="utf-8")
    for name in ("README", "README.md", "readme.txt", "ReadMe.rst", "README-feeds.txt", "feeds/Readme.html"):
        (raw / name).write_text("This folder holds the wire feeds.\n", encoding="utf-8")
    (raw / "not-a-readme.txt").write_text("Leaders met.", encoding="utf-8")
    report = ingest_raw_folder(duckdb.connect(), raw)
    assert (report.files_found, report.appended, report.rejected) == (2, 1, 1)
    assert report.rejection_reasons == {"missing_date": 1}
