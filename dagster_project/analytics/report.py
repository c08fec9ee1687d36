"""Charts of the published marts and a static HTML report that opens offline.

Two charts. Occurred engagements per month by topic: the stacked areas count topic labels (an
engagement about two topics counts once in each), and a line counts the engagements themselves, each
once; the labels say which is which. And the pairs that engage most, country pairs apart from pairs
with an organisation (G20, NATO, EU are organisations, not countries). They are rendered to PNG
with matplotlib (Agg, no display) from the read-only analytics database, written beside each other
under `report/` next to the warehouse file, and embedded in `report/index.html` as data URIs so the
page needs no network and no other file. No Dagster here.
"""

from __future__ import annotations

import base64
import html
import io
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

import duckdb
from matplotlib.axes import Axes
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from dagster_project.analytics.publish import open_published

REPORT_DIR = "report"
TOP_PAIRS = 15
TOPIC_CHART = "engagements_by_topic.png"
PAIRS_CHART = "top_country_pairs.png"

TOPIC_LABELS_AXIS = "topic labels of occurred engagements\n(an engagement counts once per topic)"
ENGAGEMENTS_LINE = "occurred engagements (each counted once)"
TOPIC_MONTHS_SQL = """
select period_start, topic, engagements, period_engagements
from marts.mart_engagement_frequency_by_topic
where grain = 'month'
order by period_start, topic
"""
# Pairs of participants of occurred engagements (marts.fct_engagement_country_pairs, the pairs the
# country-pair mart counts); `with_organisation` when either is an organisation.
TOP_PAIRS_SQL = """
with ranked as (
    select pairs.pair_name as pair, pairs.pair_kind <> 'country_country' as with_organisation,
           count(distinct pairs.engagement_id) as engagements
    from marts.fct_engagement_country_pairs pairs
    join marts.fct_engagements e on e.engagement_id = pairs.engagement_id
    where e.status = 'occurred'
    group by pairs.first_code, pairs.second_code, pairs.pair_name, pairs.pair_kind
)
select pair, engagements from ranked
where with_organisation = ?
order by engagements desc, pair
limit ?
"""


@dataclass(frozen=True)
class Chart:
    """A rendered chart: file name, title, PNG bytes."""

    name: str
    title: str
    png: bytes

    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


class Pair(NamedTuple):
    """Two participants (`A - B`, named) and their occurred engagements."""

    pair: str
    engagements: int


@dataclass(frozen=True)
class TopicMonths:
    """Per top-level topic, its occurred engagements by month; and all occurred engagements by month."""

    by_topic: dict[str, dict[date, int]]
    engagements: dict[date, int]


@dataclass(frozen=True)
class Report:
    """The written report: the HTML page, the charts and what they show."""

    html_path: Path
    charts: tuple[Chart, ...]
    build_id: str
    top_pairs: list[Pair]  # country pairs only
    top_organisation_pairs: list[Pair]  # a country (or organisation) and an organisation
    months: int


def topic_months(con: duckdb.DuckDBPyConnection) -> TopicMonths:
    """Occurred engagements per top-level topic and month (months without any stay as zeros), and the
    month's occurred engagements each counted once."""
    by_topic: dict[str, dict[date, int]] = {}
    engagements: dict[date, int] = {}
    for period_start, topic, count, period_engagements in con.execute(TOPIC_MONTHS_SQL).fetchall():
        by_topic.setdefault(topic, {})[period_start] = int(count)
        engagements[period_start] = int(period_engagements)
    return TopicMonths(by_topic, engagements)


def top_country_pairs(con: duckdb.DuckDBPyConnection, limit: int = TOP_PAIRS) -> list[Pair]:
    """The pairs of two countries with the most occurred engagements."""
    return [Pair(pair, int(n)) for pair, n in con.execute(TOP_PAIRS_SQL, [False, limit]).fetchall()]


def top_organisation_pairs(con: duckdb.DuckDBPyConnection, limit: int = TOP_PAIRS) -> list[Pair]:
    """The pairs with an organisation (a country and the EU, NATO, the G20...) with the most occurred engagements."""
    return [Pair(pair, int(n)) for pair, n in con.execute(TOP_PAIRS_SQL, [True, limit]).fetchall()]


def render_topic_chart(data: TopicMonths) -> bytes:
    """The topic chart as PNG."""
    return _png(topic_figure(data))


def topic_figure(data: TopicMonths) -> Figure:
    """Stacked monthly topic labels, one colour per topic, drawn as one filled step outline per topic (a
    bar per month and topic would be thousands of shapes over a decade of news), and a line of the
    engagements themselves: an engagement about two topics is in two stacks but once on the line."""
    series = data.by_topic
    figure = Figure(figsize=(11, 5), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    months = _month_range({month for counts in series.values() for month in counts})
    edges = date2num([*months, _next_month(months[-1])]) if months else []
    bottom = [0] * len(months)
    colours = _palette(len(series))
    for colour, topic in zip(colours, sorted(series), strict=True):
        values = [series[topic].get(month, 0) for month in months]
        if any(values):
            top = [b + v for b, v in zip(bottom, values, strict=True)]
            axes.stairs(top, edges, baseline=bottom, fill=True, label=topic, color=colour)
            bottom = top
    if months:
        totals = [data.engagements.get(month, 0) for month in months]
        axes.stairs(totals, edges, color="black", linewidth=1.5, label=ENGAGEMENTS_LINE)
    axes.xaxis_date()
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel(TOPIC_LABELS_AXIS)
    axes.set_title("Occurred engagements per month, by topic")
    if months:
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    else:
        axes.text(0.5, 0.5, "no engagements yet", ha="center", va="center", transform=axes.transAxes)
    return figure


def _month_range(months: set[date]) -> list[date]:
    """Every month from the first to the last of `months` (those without engagements count zero)."""
    if not months:
        return []
    month, last = min(months), max(months)
    every = []
    while month <= last:
        every.append(month)
        month = _next_month(month)
    return every


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def render_pairs_chart(countries: list[Pair], organisations: list[Pair]) -> bytes:
    """The pairs chart as PNG."""
    return _png(pairs_figure(countries, organisations))


def pairs_figure(countries: list[Pair], organisations: list[Pair]) -> Figure:
    """Two panels of horizontal bars, the busiest pair on top: country pairs, then pairs with an organisation."""
    rows = max(len(countries), len(organisations), 3)
    figure = Figure(figsize=(14, 0.4 * rows + 1.4), dpi=100, layout="constrained")
    left, right = figure.subplots(1, 2)
    _pair_bars(left, countries, f"Top {len(countries)} country pairs", "#3b6ea8")
    _pair_bars(right, organisations, f"Top {len(organisations)} country–organisation pairs", "#a8643b")
    return figure


def _pair_bars(axes: Axes, pairs: list[Pair], title: str, colour: str) -> None:
    labels = [p.pair for p in reversed(pairs)]
    values = [p.engagements for p in reversed(pairs)]
    axes.barh(labels, values, color=colour)
    for y, value in enumerate(values):
        axes.annotate(str(value), (value, y), xytext=(3, 0), textcoords="offset points", va="center")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("occurred engagements (each counted once)")
    axes.set_title(title)
    if not pairs:
        axes.text(0.5, 0.5, "none yet", ha="center", va="center", transform=axes.transAxes)


def _palette(n: int) -> list[tuple[float, float, float, float]]:
    from matplotlib import colormaps

    cmap = colormaps["tab10" if n <= 10 else "tab20"]
    return [cmap(i % cmap.N) for i in range(n)]


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def report_dir(warehouse_db: Path) -> Path:
    """`report/` in the folder of the warehouse file."""
    return warehouse_db.parent / REPORT_DIR


def build_report(analytics_db: Path, out_dir: Path) -> Report:
    """Read the published marts, render the charts and write the PNGs and `index.html`."""
    con = open_published(analytics_db)
    try:
        build_id, published_at = con.execute("select build_id, published_at from meta.build").fetchone()
        series = topic_months(con)
        pairs = top_country_pairs(con)
        organisation_pairs = top_organisation_pairs(con)
    finally:
        con.close()
    charts = (
        Chart(TOPIC_CHART, "Occurred engagements per month, by topic", render_topic_chart(series)),
        Chart(
            PAIRS_CHART,
            "Top country pairs and country–organisation pairs",
            render_pairs_chart(pairs, organisation_pairs),
        ),
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    for chart in charts:
        _write_atomically(out_dir / chart.name, chart.png)
    page = render_html(charts, pairs, organisation_pairs, build_id, str(published_at))
    html_path = out_dir / "index.html"
    _write_atomically(html_path, page.encode("utf-8"))
    months = len({month for counts in series.by_topic.values() for month in counts})
    return Report(html_path, charts, build_id, pairs, organisation_pairs, months)


def _pairs_table(heading: str, pairs: list[Pair]) -> str:
    rows = "\n".join(f"<tr><td>{html.escape(p.pair)}</td><td>{p.engagements}</td></tr>" for p in pairs)
    return f"<h2>{html.escape(heading)}</h2>\n<table><tr><th>pair</th><th>engagements</th></tr>\n{rows}\n</table>"


def render_html(
    charts: tuple[Chart, ...], pairs: list[Pair], organisation_pairs: list[Pair], build_id: str, published_at: str
) -> str:
    """A self-contained page: the charts as data URIs and the top pairs as two tables."""
    figures = "\n".join(
        f'<figure><img alt="{html.escape(c.title)}" src="{c.data_uri()}"><figcaption>{html.escape(c.title)}'
        "</figcaption></figure>"
        for c in charts
    )
    tables = "\n".join(
        (
            _pairs_table("Top country pairs (occurred engagements, each counted once)", pairs),
            _pairs_table(
                "Top country–organisation pairs (occurred engagements, each counted once)", organisation_pairs
            ),
        )
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>News warehouse report</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:1100px}}img{{max-width:100%}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:2px 8px}}td:last-child{{text-align:right}}</style>
</head><body>
<h1>Diplomatic engagements</h1>
<p>Build {html.escape(build_id)}, published {html.escape(published_at)}. The topic chart stacks topic labels:
an engagement about two topics counts once in each; the black line counts each engagement once.</p>
{figures}
{tables}
</body></html>
"""


def _write_atomically(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)
