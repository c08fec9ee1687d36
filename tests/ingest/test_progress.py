"""Ingest progress: a line every few seconds of work, and always a final one."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dagster_project.ingest.pipeline import ingest_raw_folder
from dagster_project.ingest.progress import IngestProgress, ProgressReporter


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_reporter_emits_at_most_once_per_interval_and_always_at_the_end() -> None:
    clock, lines = FakeClock(), []
    reporter = ProgressReporter([lines.append], interval_s=2.0, clock=clock)
    for record in range(1, 41):
        clock.now += 0.25  # 40 records over 10 s, 4 per file
        reporter(IngestProgress(files_done=record // 4, files_total=10, records_read=record, records_appended=0))
    reporter(IngestProgress(10, 10, 40, 40, finished=True, rejected=3))
    assert len(lines) == 6  # at 2, 4, 6, 8 and 10 s, then the final line
    assert lines[0] == (
        "ingest running: 2/10 files (1.0 files/s), 8 articles read (4 articles/s), 0 rejected, 0 appended, 2.0 s"
    )
    assert lines[-1] == (
        "ingest done: 10/10 files (1.0 files/s), 40 articles read (4 articles/s), 3 rejected, 40 appended, 10.0 s"
    )


def test_ingest_reports_every_record_and_finishes(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for day in range(1, 6):
        (raw / f"a{day}.txt").write_text(f"date 2025-01-0{day}\n\nArticle {day} text.", encoding="utf-8")
    seen: list[IngestProgress] = []
    con = duckdb.connect()
    try:
        report = ingest_raw_folder(con, raw, batch_size=2, progress=seen.append)
    finally:
        con.close()
    assert report.appended == 5
    assert [p.records_read for p in seen[:-1]] == [1, 2, 3, 4, 5]
    # reported as each file is read, before the batch holding it commits
    assert [p.records_appended for p in seen[:-1]] == [0, 0, 2, 2, 4]
    assert seen[-1] == IngestProgress(5, 5, 5, 5, finished=True, rejected=0)


def test_rejected_records_are_not_counted_as_articles_read(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    good = '{"id": "g%d", "published_at": "2025-01-02", "body": "Text %d."}'
    lines = [good % (1, 1), "{broken", '{"id": "x"}', good % (2, 2)]
    (raw / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (raw / "no-date.txt").write_text("Leaders met.", encoding="utf-8")
    (raw / "ok.txt").write_text("date 2025-01-03\n\nLeaders met.", encoding="utf-8")
    seen: list[IngestProgress] = []
    con = duckdb.connect()
    try:
        report = ingest_raw_folder(con, raw, progress=seen.append)
    finally:
        con.close()
    assert (report.appended, report.rejected) == (3, 3)
    assert [(p.records_read, p.rejected) for p in seen[:-1]] == [(2, 2), (2, 3), (3, 3)]
    assert seen[-1] == IngestProgress(3, 3, 3, 3, finished=True, rejected=3)
