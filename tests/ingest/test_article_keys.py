"""Article keys are namespaced by source: a feed's records cannot touch a file's article or another feed's,
a producer's daily files revise each other's records, and a run's retractions find its articles in any order."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dagster_project.ingest.articles import RawArticle, Retraction, parse_raw_file
from dagster_project.ingest.pipeline import IngestReport, ingest_raw_folder
from dagster_project.ingest.progress import IngestProgress

TEXT = "date 2025-01-28\nTalks\n\nIndia and Japan held talks on trade.\n"


def record(**fields: object) -> dict[str, object]:
    return {"published_at": "2025-01-02T10:00:00Z", "title": "T", "body": "Leaders met in Paris.", **fields}


def write_feed(raw: Path, relative: str, *records: dict[str, object]) -> None:
    path = raw / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(item) + "\n" for item in records), encoding="utf-8")


def write_text(raw: Path, relative: str, text: str = TEXT) -> None:
    path = raw / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def ingest(raw: Path, con: duckdb.DuckDBPyConnection, batch_size: int = 5000) -> IngestReport:
    report = ingest_raw_folder(con, raw, batch_size=batch_size)
    assert report.balanced
    return report


def streams(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[int, str]]]:
    """Every stream of the log: its (version, event type) in log order."""
    found: dict[str, list[tuple[int, str]]] = {}
    rows = con.execute("select article_key, stream_version, event_type from events.article_events order by position")
    for key, version, event_type in rows.fetchall():
        found.setdefault(key, []).append((version, event_type))
    return found


def rejection_reasons(con: duckdb.DuckDBPyConnection) -> list[str]:
    return sorted(reason for (reason,) in con.execute("select reason from events.rejections").fetchall())


@pytest.fixture
def con(tmp_path: Path):
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    yield connection
    connection.close()


def test_each_kind_of_article_has_its_namespace(tmp_path: Path) -> None:
    write_text(tmp_path, "text/a.txt")
    write_feed(tmp_path, "one.json", record(id="j1", source="S"))  # a file holding one article: a file article
    write_feed(
        tmp_path,
        "feeds/day.jsonl",
        record(id="7", source="Wire: Asia"),
        record(id="8"),
        record(url="https://n.test/x"),
        record(),
        {"id": "7", "source": "Wire: Asia", "retracted": True},
        {"url": "https://n.test/x", "retracted": True},
    )
    parsed = [
        r for path in ("text/a.txt", "one.json", "feeds/day.jsonl") for r in parse_raw_file(tmp_path / path, tmp_path)
    ]
    assert [type(r) for r in parsed] == [RawArticle] * 6 + [Retraction] * 2
    assert [r.article_key for r in parsed] == [
        "file:text/a.txt",
        "file:one.json",
        "feed:Wire%3A Asia:7",  # the feed name ends at the first colon
        "feed:feeds:8",  # no source: the folder of the feed file
        "url:https://n.test/x",
        "file:feeds/day.jsonl#4",  # neither id nor url: its place in its file
        "feed:Wire%3A Asia:7",
        "url:https://n.test/x",
    ]


def test_a_feed_record_whose_id_is_a_file_path_cannot_revise_or_retract_that_article(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    raw = tmp_path / "raw"
    write_text(raw, "text/story.txt")
    write_feed(raw, "feeds/a.jsonl", record(id="text/story.txt"))
    ingest(raw, con)
    write_feed(
        raw,
        "feeds/b.jsonl",
        record(id="text/story.txt", body="Corrected."),
        {"id": "text/story.txt", "retracted": True},
    )
    (raw / "feeds" / "c.jsonl").write_text(json.dumps({"url": "text/story.txt", "retracted": True}) + "\n")
    ingest(raw, con)
    assert streams(con) == {
        "file:text/story.txt": [(1, "ArticlePublished")],
        "feed:feeds:text/story.txt": [(1, "ArticlePublished"), (2, "ArticleRevised"), (3, "ArticleRetracted")],
    }
    assert rejection_reasons(con) == ["unknown_article"]  # the retraction by url names no article


def test_two_feeds_numbering_from_one_keep_two_articles(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    raw = tmp_path / "raw"
    write_feed(raw, "feeds/alpha.jsonl", record(id="1", source="Alpha", body="Alpha's first story."))
    write_feed(raw, "feeds/beta.jsonl", record(id="1", source="Beta", body="Beta's first story."))
    write_feed(raw, "east/feed.jsonl", record(id="1", body="East's first story."))  # no source: by folder
    write_feed(raw, "west/feed.jsonl", record(id="1", body="West's first story."))
    ingest(raw, con)
    assert streams(con) == {
        "feed:Alpha:1": [(1, "ArticlePublished")],
        "feed:Beta:1": [(1, "ArticlePublished")],
        "feed:east:1": [(1, "ArticlePublished")],
        "feed:west:1": [(1, "ArticlePublished")],
    }


def test_the_same_producer_redelivering_in_a_later_daily_file_revises(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    raw = tmp_path / "raw"
    write_feed(raw, "feeds/wire_2025-01-01.jsonl", record(id="1", source="Wire"), record(id="2", source="Other"))
    write_feed(raw, "daily/2025-01-01.jsonl", record(id="1"))
    ingest(raw, con)
    write_feed(raw, "feeds/wire_2025-01-02.jsonl", record(id="1", source="Wire", body="Corrected."))
    write_feed(raw, "daily/2025-01-02.jsonl", record(id="1", body="Corrected."), record(id="1"))
    report = ingest(raw, con)
    assert (report.appended, report.duplicates) == (2, 1)  # the unchanged redelivery appends nothing
    assert streams(con) == {
        "feed:Wire:1": [(1, "ArticlePublished"), (2, "ArticleRevised")],
        "feed:Other:2": [(1, "ArticlePublished")],
        "feed:daily:1": [(1, "ArticlePublished"), (2, "ArticleRevised")],
    }


@pytest.mark.parametrize("batch_size", [1, 5000])
@pytest.mark.parametrize("retraction_first", [True, False])
def test_a_retraction_finds_its_article_in_the_same_run_in_any_file_order(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, retraction_first: bool, batch_size: int
) -> None:
    raw = tmp_path / "raw"
    retraction_file, article_file = ("feeds/a.jsonl", "feeds/b.jsonl")[:: 1 if retraction_first else -1]
    write_feed(raw, retraction_file, {"id": "9", "source": "Wire", "retracted": True, "note": "withdrawn"})
    write_feed(raw, article_file, record(id="9", source="Wire"))
    write_text(raw, "text/story.txt")
    (raw / "text" / "story.txt.retract").write_text("withdrawn\n", encoding="utf-8")
    report = ingest(raw, con, batch_size)
    assert (report.appended, report.rejected) == (4, 0)
    assert streams(con) == {
        "feed:Wire:9": [(1, "ArticlePublished"), (2, "ArticleRetracted")],
        "file:text/story.txt": [(1, "ArticlePublished"), (2, "ArticleRetracted")],
    }
    assert ingest(raw, con).seen == 0  # every file is in the manifest


class Stop(Exception):
    """Stands for the process dying at that point."""


def test_a_run_stopped_before_its_retractions_reads_their_file_again(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    """A file's retractions are appended after the run's articles: the file enters the manifest with them,
    never before, so a run stopped in between leaves it to be read again."""
    raw = tmp_path / "raw"
    write_feed(raw, "feeds/a.jsonl", {"id": "1", "source": "Wire", "retracted": True})
    write_feed(raw, "feeds/b.jsonl", record(id="1", source="Wire"))
    write_feed(raw, "feeds/c.jsonl", record(id="2", source="Wire"))

    def stop_at_the_third_file(progress: IngestProgress) -> None:
        if progress.files_done == 3 and not progress.finished:
            raise Stop

    with pytest.raises(Stop):
        ingest_raw_folder(con, raw, batch_size=1, progress=stop_at_the_third_file)
    manifest = {path for (path,) in con.execute("select source_path from events.ingested_files").fetchall()}
    assert manifest == {"feeds/b.jsonl"}
    assert streams(con) == {"feed:Wire:1": [(1, "ArticlePublished")]}
    report = ingest(raw, con, batch_size=1)
    assert (report.seen, report.appended, report.rejected) == (2, 2, 0)
    assert streams(con) == {
        "feed:Wire:1": [(1, "ArticlePublished"), (2, "ArticleRetracted")],
        "feed:Wire:2": [(1, "ArticlePublished")],
    }
