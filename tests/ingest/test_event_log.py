"""The event log: gap-free positions, idempotent appends, revisions, retractions, accounting."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb

from dagster_project.ingest.pipeline import ingest_raw_folder


def write_article(raw: Path, name: str, body: str, day: str = "2025-01-28") -> None:
    path = raw / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"date {day}\nTitle\n\n{body}\n", encoding="utf-8")


def positions(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [r[0] for r in con.execute("select position from events.article_events order by position").fetchall()]


def test_second_ingest_of_the_same_files_appends_nothing(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_article(raw, "a.txt", "India and Japan held talks.")
    write_article(raw, "sub dir/it's é.txt", "A name with quotes, spaces and non-ASCII.")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    first = ingest_raw_folder(con, raw)
    assert (first.seen, first.appended, first.duplicates, first.rejected) == (2, 2, 0, 0)
    unchanged = ingest_raw_folder(con, raw)
    assert (unchanged.files_found, unchanged.files_unchanged, unchanged.seen) == (2, 2, 0)
    for path in raw.rglob("*.txt"):  # redelivered: same content, new modification time
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    second = ingest_raw_folder(con, raw)
    assert (second.seen, second.appended, second.duplicates) == (2, 0, 2)
    assert positions(con) == [1, 2]
    keys = {r[0] for r in con.execute("select source_uri from events.article_events").fetchall()}
    assert "sub dir/it's é.txt" in keys


def test_revision_and_retraction_are_new_events(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_article(raw, "a.txt", "First version.")
    feed = raw / "feed.jsonl"
    record = {"id": "k1", "url": "u", "source": "s", "published_at": "2025-01-01", "title": "t", "body": "b"}
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ingest_raw_folder(con, raw)
    write_article(raw, "a.txt", "Corrected version.")
    retraction = {"id": "k1", "source": "s", "retracted": True}
    feed.write_text(json.dumps(record) + "\n" + json.dumps(retraction) + "\n", encoding="utf-8")
    report = ingest_raw_folder(con, raw)
    assert report.appended == 2 and report.duplicates == 1
    rows = con.execute(
        "select article_key, stream_version, event_type from events.article_events order by position"
    ).fetchall()
    assert rows == [
        ("file:a.txt", 1, "ArticlePublished"),
        ("feed:s:k1", 1, "ArticlePublished"),
        ("file:a.txt", 2, "ArticleRevised"),
        ("feed:s:k1", 2, "ArticleRetracted"),
    ]
    assert positions(con) == [1, 2, 3, 4]
    again = ingest_raw_folder(con, raw)
    assert again.appended == 0 and again.balanced


def test_bad_input_is_rejected_with_reason_and_accounted(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    write_article(raw, "good.txt", "Fine.")
    (raw / "nodate.txt").write_text("no date line", encoding="utf-8")
    (raw / "bin.txt").write_bytes(b"\x00\xff\x00")
    (raw / "feed.jsonl").write_text('{"id": 1}\n{oops\n', encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    report = ingest_raw_folder(con, raw)
    assert report.seen == 5 and report.appended == 1 and report.rejected == 4 and report.balanced
    reasons = sorted(r[0] for r in con.execute("select reason from events.rejections").fetchall())
    assert reasons == ["malformed_json", "missing_date", "missing_field", "undecodable"]
    again = ingest_raw_folder(con, raw)
    assert again.files_unchanged == 4 and again.seen == 0
    for path in raw.iterdir():
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    redelivered = ingest_raw_folder(con, raw)
    assert redelivered.rejected == 4 and redelivered.new_rejections == 0 and redelivered.balanced
    assert con.execute("select count(*) from events.rejections").fetchone()[0] == 4


def test_event_ids_stay_unique_through_revisions_retractions_and_redelivery(tmp_path: Path) -> None:
    """The writer never appends an event id twice (the log has no unique index on it: the ids follow
    from each stream's content hashes and versions, which the writer checks)."""
    raw = tmp_path / "raw"
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    for round_number, body in enumerate(["One.", "Two.", "One.", "Three.", "Two."]):
        write_article(raw, "a.txt", body)
        write_article(raw, f"copy {round_number}/a.txt", "One.")
        (raw / "a.txt.retract").write_text(f"note {round_number}", encoding="utf-8")
        ingest_raw_folder(con, raw, batch_size=1)
        (raw / "a.txt.retract").unlink()
        ingest_raw_folder(con, raw)
        for path in raw.rglob("*.txt"):  # redelivered unchanged
            os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
        assert ingest_raw_folder(con, raw).appended == 0
    total, distinct = con.execute("select count(*), count(distinct event_id) from events.article_events").fetchone()
    assert total == distinct > 10
    assert positions(con) == list(range(1, total + 1))
