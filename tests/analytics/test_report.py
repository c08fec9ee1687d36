"""The charts report says exactly what it counts: topic labels apart from engagements, and country
pairs apart from pairs with an organisation (G20, NATO, EU are not countries)."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from pathlib import Path

import duckdb
from matplotlib.patches import StepPatch

from dagster_project.analytics.publish import analytics_db_path, open_published
from dagster_project.analytics.report import (
    ENGAGEMENTS_LINE,
    build_report,
    pairs_figure,
    top_country_pairs,
    top_organisation_pairs,
    topic_figure,
    topic_months,
)


def occurred_by_month(con: duckdb.DuckDBPyConnection) -> dict:
    rows = con.execute(
        "select date_trunc('month', engagement_date)::date, count(*) from marts.fct_engagements "
        "where status = 'occurred' and engagement_date is not null group by 1"
    ).fetchall()
    return dict(rows)


def test_topic_chart_tells_topic_labels_from_engagements(built_warehouse: Path) -> None:
    con = open_published(analytics_db_path(built_warehouse))
    try:
        data = topic_months(con)
        expected = occurred_by_month(con)
    finally:
        con.close()
    axes = topic_figure(data).axes[0]
    assert "topic labels" in axes.get_ylabel() and "once per topic" in axes.get_ylabel()
    steps = {p.get_label(): p for p in axes.patches if isinstance(p, StepPatch)}
    line = steps[ENGAGEMENTS_LINE].get_data()
    months = sorted({m for counts in data.by_topic.values() for m in counts})
    drawn = dict(zip(months, (int(v) for v in line.values), strict=True))
    assert {m: n for m, n in drawn.items() if n} == expected, "the line counts each occurred engagement once"
    stacked = {m: sum(counts.get(m, 0) for counts in data.by_topic.values()) for m in months}
    assert any(stacked[m] > drawn[m] for m in months), "in the sample some engagements have several topics"
    assert ENGAGEMENTS_LINE in [t.get_text() for t in axes.get_legend().get_texts()]


def expected_pairs(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, int], dict[str, int]]:
    """Occurred engagements per pair label, two countries apart from pairs with an organisation."""
    names = dict(con.execute("select country_code, name from marts.dim_country").fetchall())
    kinds = dict(con.execute("select country_code, kind from marts.dim_country").fetchall())
    codes: dict[str, set[str]] = defaultdict(set)
    for engagement, code in con.execute(
        "select p.engagement_id, p.country_code from marts.fct_engagement_participants p "
        "join marts.fct_engagements e using (engagement_id) where e.status = 'occurred'"
    ).fetchall():
        codes[engagement].add(code)
    countries: dict[str, int] = defaultdict(int)
    organisations: dict[str, int] = defaultdict(int)
    for members in codes.values():
        for a, b in combinations(sorted(members), 2):
            label = f"{names[a]} – {names[b]}"
            target = organisations if "organisation" in (kinds[a], kinds[b]) else countries
            target[label] += 1
    return countries, organisations


def test_pairs_separate_countries_from_organisations(built_warehouse: Path, tmp_path: Path) -> None:
    con = open_published(analytics_db_path(built_warehouse))
    try:
        countries, organisations = expected_pairs(con)
        assert countries and organisations, "the sample has both kinds of pairs"
        top = top_country_pairs(con, limit=1000)
        top_with_organisation = top_organisation_pairs(con, limit=1000)
    finally:
        con.close()
    assert dict(top) == countries
    assert dict(top_with_organisation) == organisations
    report = build_report(analytics_db_path(built_warehouse), tmp_path / "report")
    assert report.top_pairs == top[: len(report.top_pairs)] and report.top_organisation_pairs
    page = report.html_path.read_text(encoding="utf-8")
    assert "Top country pairs" in page and "Top country–organisation pairs" in page
    assert not set(organisations) & {p.pair for p in report.top_pairs}
    left, right = pairs_figure(report.top_pairs, report.top_organisation_pairs).axes
    assert "country pairs" in left.get_title() and "country–organisation pairs" in right.get_title()
    assert {t.get_text() for t in right.get_yticklabels()} == {p.pair for p in report.top_organisation_pairs}
