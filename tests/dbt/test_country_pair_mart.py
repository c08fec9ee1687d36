"""`mart_engagement_frequency_by_country_pair`, recomputed in Python from the facts of a real build."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

import duckdb

from dagster_project.analytics.publish import analytics_db_path, open_published

MART = "marts.mart_engagement_frequency_by_country_pair"
TYPES = ("phone_call", "visit", "meeting", "multilateral_meeting", "letter")
Key = tuple[str, str, str, date]


def period(grain: str, day: date) -> date:
    return day - timedelta(days=day.weekday()) if grain == "week" else day.replace(day=1)


def shift(grain: str, start: date, step: int) -> date:
    if grain == "week":
        return start + timedelta(weeks=step)
    month = start.month - 1 + step
    return date(start.year + month // 12, month % 12 + 1, 1)


def expected_rows(con: duckdb.DuckDBPyConnection) -> dict[Key, dict]:
    """The mart as its description reads, from fct_engagements, participants, topics and mentions."""
    engagements = con.execute(
        "select engagement_id, engagement_type, status, engagement_date from marts.fct_engagements "
        "where engagement_date is not null"
    ).fetchall()
    codes: dict[str, set[str]] = defaultdict(set)
    for engagement, code in con.execute(
        "select engagement_id, country_code from marts.fct_engagement_participants"
    ).fetchall():
        codes[engagement].add(code)
    topics: dict[str, set[str]] = defaultdict(set)
    for engagement, topic in con.execute("select engagement_id, topic from marts.fct_engagement_topics").fetchall():
        topics[engagement].add(topic)
    articles: dict[str, set[str]] = defaultdict(set)
    for engagement, article in con.execute(
        "select engagement_id, article_id from marts.fct_engagement_mentions"
    ).fetchall():
        articles[engagement].add(article)
    cells: dict[Key, dict] = defaultdict(lambda: {"ids": set(), "planned": set(), "types": defaultdict(set)})
    occurred_periods: dict[str, set[date]] = defaultdict(set)
    for engagement, kind, status, day in engagements:
        for grain in ("week", "month"):
            start = period(grain, day)
            if status == "occurred":
                occurred_periods[grain].add(start)
            for first, second in combinations(sorted(codes[engagement]), 2):
                cell = cells[(first, second, grain, start)]
                if status == "occurred":
                    cell["ids"].add(engagement)
                    cell["types"][kind].add(engagement)
                else:
                    cell["planned"].add(engagement)
    for (first, second, grain, start), cell in list(cells.items()):
        after = shift(grain, start, 1)
        if cell["ids"] and after <= max(occurred_periods[grain]):
            _ = cells[(first, second, grain, after)]
    rows = {}
    for (first, second, grain, start), cell in cells.items():
        previous_start = shift(grain, start, -1)
        previous = cells.get((first, second, grain, previous_start))
        before_range = previous_start < min(occurred_periods[grain])
        prior = None if before_range else len(previous["ids"]) if previous else 0
        rows[(first, second, grain, start)] = {
            "engagements": len(cell["ids"]),
            "by_type": tuple(len(cell["types"][t]) for t in TYPES),
            "planned": len(cell["planned"]),
            "articles": len(set().union(*(articles[e] for e in cell["ids"]))),
            "topics": sorted(set().union(*(topics[e] for e in cell["ids"]))),
            "previous": prior,
            "change": None if prior is None else len(cell["ids"]) - prior,
        }
    return rows


def test_country_pair_mart_counts_what_its_description_says(warehouse_con: duckdb.DuckDBPyConnection) -> None:
    expected = expected_rows(warehouse_con)
    actual = {}
    for row in warehouse_con.execute(
        f"select first_code, second_code, grain, period_start, engagements, phone_calls, visits, meetings, "
        f"multilateral_meetings, letters, planned_engagements, articles, topics, previous_period_engagements, "
        f"change_vs_previous_period from {MART}"
    ).fetchall():
        actual[row[:4]] = {
            "engagements": row[4],
            "by_type": tuple(row[5:10]),
            "planned": row[10],
            "articles": row[11],
            "topics": row[12],
            "previous": row[13],
            "change": row[14],
        }
    assert any(v["engagements"] >= 2 for v in expected.values()), "the sample has pairs engaging more than once"
    assert any(v["engagements"] == 0 and v["change"] < 0 for v in expected.values()), "a pair falls to none"
    assert actual == expected


def test_country_pair_mart_separates_countries_from_organisations(warehouse_con: duckdb.DuckDBPyConnection) -> None:
    kinds = dict(warehouse_con.execute("select country_code, kind from marts.dim_country").fetchall())
    rows = warehouse_con.execute(f"select first_code, second_code, pair_kind, pair_name from {MART}").fetchall()
    seen = set()
    for first, second, pair_kind, name in rows:
        organisations = [kinds[first], kinds[second]].count("organisation")
        assert pair_kind == ("country_country", "country_organisation", "organisation_organisation")[organisations]
        assert " – " in name
        seen.add(pair_kind)
    assert {"country_country", "country_organisation"} <= seen


def test_country_pair_mart_is_published(built_warehouse: Path) -> None:
    con = open_published(analytics_db_path(built_warehouse))
    try:
        (rows,) = con.execute(f"select count(*) from {MART}").fetchone()
        (recorded,) = con.execute(
            "select row_count from meta.tables where table_name = 'mart_engagement_frequency_by_country_pair'"
        ).fetchone()
    finally:
        con.close()
    assert rows == recorded > 0
