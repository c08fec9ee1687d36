"""Events written by earlier parsers still project correctly: schema version 1 named the outlet `source`;
versions 1 and 2 keyed article streams by bare keys (a file path, a feed id or a url), which version 3
namespaces (`file:`, `feed:`, `url:`). Old events keep their bare keys in the log; the writer continues
their streams and the projections read them with their namespaced keys."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.defs.resources import build_resources
from dagster_project.ingest.event_log import RETRACTED, SCHEMA_VERSION, ensure_schema, event_id_for, upcast_payload
from dagster_project.ingest.event_schema import UPCASTS, upcast_article_key
from dagster_project.ingest.pipeline import ingest_raw_folder
from tests.conftest import RAW_SAMPLE, mart_fingerprints, materialize_all, rebuild_config

FIXTURE = Path(__file__).parents[1] / "fixtures" / "article_events_v1.jsonl"


def test_upcast_renames_the_outlet_field() -> None:
    upcast = upcast_payload({"schema_version": 1, "source": "Legacy Wire", "body": "b"})
    assert upcast == {"schema_version": SCHEMA_VERSION, "source_name": "Legacy Wire", "body": "b"}
    current = {"schema_version": SCHEMA_VERSION, "source_name": "Now", "body": "b"}
    assert upcast_payload(current) == current


def test_version_1_events_project_into_the_marts(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    con = duckdb.connect(str(warehouse))
    ensure_schema(con)
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        con.execute(
            "insert into events.article_events by name select * from (select ?::bigint as position, ? as event_id, "
            "? as article_key, ?::int as stream_version, ? as event_type, ?::int as schema_version, "
            "?::timestamptz as recorded_at, ? as source_uri, ? as source_path, ? as content_hash, ? as payload)",
            [row[k] for k in ("position", "event_id", "article_key", "stream_version", "event_type", "schema_version",
                              "recorded_at", "source_uri", "source_path", "content_hash", "payload")],
        )  # fmt: skip
    con.close()
    empty_raw = tmp_path / "raw"
    empty_raw.mkdir()
    materialize_all(empty_raw, warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        articles = con.execute("select source_uri, source, published_date from marts.dim_article order by 1").fetchall()
        calls = con.execute(
            "select list(distinct p.country_code order by p.country_code) from marts.fct_engagements e "
            "join marts.fct_engagement_participants p using (engagement_id) where e.engagement_type = 'phone_call' "
            "group by e.engagement_id"
        ).fetchall()
    finally:
        con.close()
    assert [(uri, source) for uri, source, _ in articles] == [
        ("legacy/wire.jsonl#1", "Legacy Wire"),
        ("legacy/wire.jsonl#2", "Legacy Wire"),
    ]
    assert calls == [(["DEU", "FRA"],)]


# Version 3: keys namespaced by source ------------------------------------------------------------------


def v2(**fields: object) -> dict[str, object]:
    return {"schema_version": 2, "source_format": "jsonl", "external_id": None, "url": None, "source_name": None,
            **fields}  # fmt: skip


@pytest.mark.parametrize(
    ("bare_key", "source_uri", "source_path", "payload", "expected"),
    [
        ("text/a.txt", "text/a.txt", "text/a.txt", v2(source_format="text"), "file:text/a.txt"),
        ("p.html", "p.html", "p.html", v2(source_format="html", url="https://n.test/p"), "file:p.html"),
        ("j1", "one.json", "one.json", v2(source_format="json", external_id="j1"), "file:one.json"),
        ("7", "feeds/d.jsonl#1", "feeds/d.jsonl", v2(external_id="7", source_name="Wire"), "feed:Wire:7"),
        ("7", "feeds/d.jsonl#1", "feeds/d.jsonl", v2(external_id="7", url="https://n.test/7"), "feed:feeds:7"),
        ("7", "d.jsonl#2", "d.jsonl", v2(external_id="7"), "feed:.:7"),
        ("7", "l.json#3", "l.json", v2(source_format="json", external_id="7", source_name="A:B"), "feed:A%3AB:7"),
        ("https://n.test/u", "f/d.jsonl#4", "f/d.jsonl", v2(url="https://n.test/u"), "url:https://n.test/u"),
        ("f/d.jsonl#5", "f/d.jsonl#5", "f/d.jsonl", v2(), "file:f/d.jsonl#5"),
        ("x", "w.jsonl#1", "w.jsonl", {"schema_version": 1, "external_id": "x", "source": "Legacy"}, "feed:Legacy:x"),
    ],
)
def test_upcast_namespaces_the_key_of_an_old_content_event(
    bare_key: str, source_uri: str, source_path: str, payload: dict[str, object], expected: str
) -> None:
    assert upcast_article_key(bare_key, "ArticlePublished", source_uri, source_path, payload) == expected


def test_upcast_puts_an_old_retraction_in_its_stream() -> None:
    note = {"schema_version": 2, "note": None}
    assert upcast_article_key("text/a.txt", RETRACTED, "text/a.txt.retract", "text/a.txt.retract", note) == (
        "file:text/a.txt"
    )
    assert upcast_article_key("7", RETRACTED, "r.jsonl#1", "r.jsonl", note, "feed:Wire:7") == "feed:Wire:7"


def bare(key: str) -> str:
    """The key the parsers before version 3 gave: the path, the feed's id or the url."""
    namespace, _, rest = key.partition(":")
    return rest.partition(":")[2] if namespace == "feed" else rest


def downgrade_to_version_2(con: duckdb.DuckDBPyConnection) -> None:
    """Make the log what the version-2 writer wrote for the same files: bare keys, the event ids derived
    from them, schema version 2 (in the column and the payload); no mapped keys yet."""
    rows = con.execute(
        "select position, article_key, stream_version, content_hash, payload from events.article_events"
    ).fetchall()
    for position, key, version, content_hash, payload in rows:
        old_key = bare(key)
        event_id = event_id_for(old_key, "content", content_hash) if content_hash else (
            event_id_for(old_key, RETRACTED, str(version - 1))
        )
        old_payload = payload.replace(f'"schema_version": {SCHEMA_VERSION}', '"schema_version": 2', 1)
        con.execute(
            "update events.article_events set article_key = ?, event_id = ?, schema_version = 2, payload = ? "
            "where position = ?",
            [old_key, event_id, old_payload, position],
        )
    con.execute("delete from events.legacy_article_keys")


def old_warehouse(raw: Path, warehouse: Path) -> None:
    """A log of the files under `raw` as the version-2 writer left it."""
    with duckdb.connect(str(warehouse)) as con:
        ingest_raw_folder(con, raw)
        downgrade_to_version_2(con)


def streams(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, str, int]]:
    """Every event as (namespaced key, stream version, type, schema version), in log order."""
    return con.execute(
        "select coalesce(legacy.article_key, events.article_key), stream_version, event_type, schema_version "
        "from events.article_events as events left join events.legacy_article_keys as legacy using (position) "
        "order by position"
    ).fetchall()


def touch(path: Path) -> None:
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))


def test_the_writer_continues_the_streams_of_old_events(tmp_path: Path) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    (raw / "text").mkdir(parents=True)
    (raw / "text" / "a.txt").write_text("date 2025-01-02\nT\n\nLeaders met.\n", encoding="utf-8")
    record = {"id": "1", "source": "Wire", "published_at": "2025-01-02", "body": "Talks."}
    (raw / "feed.jsonl").write_text(json.dumps(record) + "\n" + json.dumps({**record, "id": "2"}) + "\n")
    (raw / "retract.jsonl").write_text(json.dumps({"id": "2", "source": "Wire", "retracted": True}) + "\n")
    old_warehouse(raw, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        assert {key for (key,) in con.execute("select article_key from events.article_events").fetchall()} == {
            "text/a.txt", "1", "2"
        }  # fmt: skip
        for path in raw.rglob("*.*"):
            touch(path)  # redelivered unchanged
        again = ingest_raw_folder(con, raw)
        assert (again.seen, again.appended, again.duplicates) == (4, 0, 4)
        (raw / "text" / "a.txt").write_text("date 2025-01-02\nT\n\nLeaders met again.\n", encoding="utf-8")
        (raw / "retract.jsonl").write_text(json.dumps({"id": "1", "source": "Wire", "retracted": True}) + "\n")
        revised = ingest_raw_folder(con, raw)
        assert (revised.appended, revised.rejected) == (2, 0)
        assert streams(con) == [
            ("feed:Wire:1", 1, "ArticlePublished", 2),
            ("feed:Wire:2", 1, "ArticlePublished", 2),
            ("file:text/a.txt", 1, "ArticlePublished", 2),
            ("feed:Wire:2", 2, "ArticleRetracted", 2),
            ("file:text/a.txt", 2, "ArticleRevised", SCHEMA_VERSION),
            ("feed:Wire:1", 2, "ArticleRetracted", SCHEMA_VERSION),
        ]


ARTICLE_EVENTS = dg.AssetKey(["events", "article_events"])
KEY_COLUMNS = ("article_key", "article_id")  # the key, and the id hashed from it


def project_without_ingest(raw: Path, warehouse: Path) -> None:
    """Every asset but the ingest (which maps old keys): the projections the version-2 code built, by bare keys."""
    from dagster_project.definitions import defs

    selection = dg.AssetSelection.all() - dg.AssetSelection.assets(ARTICLE_EVENTS)
    with dg.instance_for_test() as instance:
        result = dg.materialize(
            list(defs.assets or []), selection=selection, instance=instance, resources=build_resources(raw, warehouse)
        )
    assert result.success


def marts_but_keys(warehouse: Path) -> dict[str, tuple[int, str]]:
    """Row count and digest of every mart, without the article keys and the ids hashed from them."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns: dict[str, list[str]] = {}
        for table, column in con.execute(
            "select table_name, column_name from information_schema.columns where table_schema = 'marts' "
            "order by table_name, ordinal_position"
        ).fetchall():
            columns.setdefault(table, []).append(column)
        prints = {}
        for table, names in columns.items():
            kept = ", ".join(f'"{name}"' for name in names if name not in KEY_COLUMNS)
            prints[table] = con.execute(
                f"select count(*), coalesce(md5(string_agg(row_text, chr(10) order by row_text)), '') "
                f'from (select cast(row({kept}) as varchar) as row_text from marts."{table}")'
            ).fetchone()
        return prints


def article_keys(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [key for (key,) in con.execute("select article_key from marts.dim_article order by 1").fetchall()]


def log_events(warehouse: Path, after: int = 0) -> list[tuple[str, int, str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select article_key, stream_version, event_type from events.article_events where position > ? "
            "order by position",
            [after],
        ).fetchall()


def test_a_warehouse_built_before_namespaced_keys_keeps_working(tmp_path: Path) -> None:
    """`make run` on a warehouse of the version-2 code appends nothing and leaves the marts as they were but
    for the keys, now namespaced (the projections built by bare keys are rebuilt once); a revision continues
    its old stream, a redelivery appends nothing, a retraction finds its old article; and the incremental
    path equals a full rebuild."""
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    shutil.copytree(RAW_SAMPLE, raw)
    old_warehouse(raw, warehouse)
    project_without_ingest(raw, warehouse)
    old_keys = article_keys(warehouse)
    assert old_keys and not any(key.startswith(("file:", "feed:", "url:")) for key in old_keys)
    before, logged = marts_but_keys(warehouse), len(log_events(warehouse))

    materialize_all(raw, warehouse)
    assert len(log_events(warehouse)) == logged
    assert len(article_keys(warehouse)) == len(old_keys)
    assert all(key.startswith(("file:", "feed:")) for key in article_keys(warehouse))
    assert marts_but_keys(warehouse) == before

    text = sorted((raw / "text").glob("*.txt"))[0]
    text.write_text(text.read_text(encoding="utf-8") + "\n\nThis article was updated with a correction.\n")
    feeds = sorted((raw / "feeds").glob("*.jsonl"))
    first = json.loads(feeds[0].read_text(encoding="utf-8").splitlines()[0])
    retraction = {"id": first["id"], "source": first["source"], "retracted": True}
    (raw / "feeds" / "retractions.jsonl").write_text(json.dumps(retraction) + "\n", encoding="utf-8")
    touch(feeds[1])  # redelivered unchanged
    materialize_all(raw, warehouse)
    assert log_events(warehouse, logged) == [
        (f"file:text/{text.name}", 2, "ArticleRevised"),
        (f"feed:{first['source']}:{first['id']}", 2, "ArticleRetracted"),
    ]
    assert len(article_keys(warehouse)) == len(old_keys)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        changed = con.execute(
            "select article_key, current_version, is_retracted from marts.dim_article "
            "where current_version > 1 or is_retracted order by 1"
        ).fetchall()
    assert changed == [
        (f"feed:{first['source']}:{first['id']}", 1, True),
        (f"file:text/{text.name}", 2, False),
    ]
    incremental = mart_fingerprints(warehouse)
    materialize_all(raw, warehouse, rebuild_config(full_refresh=True))
    assert mart_fingerprints(warehouse) == incremental


def test_events_upcast_by_older_rules_are_upcast_again(tmp_path: Path) -> None:
    """The upcast fields of old events are kept with the version of the rules that derived them: rows an
    older version derived (or none yet) are derived again, once."""
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    raw.mkdir()
    record = {"id": "1", "source": "Wire", "published_at": "2025-01-02", "body": "Talks."}
    (raw / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    old_warehouse(raw, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        ensure_schema(con)
        mapped = "select article_key, source_name, upcasts from events.legacy_article_keys"
        assert con.execute(mapped).fetchall() == [("feed:Wire:1", "Wire", UPCASTS)]
        con.execute("update events.legacy_article_keys set source_name = null, upcasts = ?", [UPCASTS - 1])
        ensure_schema(con)
        assert con.execute(mapped).fetchall() == [("feed:Wire:1", "Wire", UPCASTS)]
