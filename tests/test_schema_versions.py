"""Events written by an earlier parser (schema version 1) still project correctly."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from dagster_project.event_log import SCHEMA_VERSION, ensure_schema, upcast_payload
from tests.conftest import materialize_all

FIXTURE = Path(__file__).parent / "fixtures" / "article_events_v1.jsonl"


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
