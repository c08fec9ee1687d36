"""Charts of the published marts and a static HTML report that opens offline.

Two charts: engagements by topic per month (stacked bars) and the country pairs that engage most.
They are rendered to PNG with matplotlib (Agg, no display) from the read-only analytics database,
written beside each other under `report/` next to the warehouse file, and embedded in
`report/index.html` as data URIs so the page needs no network and no other file. No Dagster here.
"""

from __future__ import annotations

import base64
import html
import io
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from dagster_project.publish import open_published

REPORT_DIR = "report"
TOP_PAIRS = 15
TOPIC_CHART = "engagements_by_topic.png"
PAIRS_CHART = "top_country_pairs.png"

TOPIC_MONTHS_SQL = """
select period_start, topic, engagements
from marts.mart_engagement_frequency_by_topic
where grain = 'month'
order by period_start, topic
"""
TOP_PAIRS_SQL = """
with pairs as (
    select a.engagement_id, a.country_code as first_code, b.country_code as second_code
    from marts.fct_engagement_participants a
    join marts.fct_engagement_participants b
      on a.engagement_id = b.engagement_id and a.country_code < b.country_code
    join marts.fct_engagements e on e.engagement_id = a.engagement_id
    where e.status = 'occurred'
)
select coalesce(c1.name, first_code) || ' – ' || coalesce(c2.name, second_code) as pair,
       count(distinct engagement_id) as engagements
from pairs
left join marts.dim_country c1 on c1.country_code = first_code
left join marts.dim_country c2 on c2.country_code = second_code
group by all
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


@dataclass(frozen=True)
class Report:
    """The written report: the HTML page, the charts and what they show."""

    html_path: Path
    charts: tuple[Chart, ...]
    build_id: str
    top_pairs: list[tuple[str, int]]
    months: int


def topic_months(con: duckdb.DuckDBPyConnection) -> dict[str, dict[date, int]]:
    """Engagements per top-level topic and month (months without any stay as zeros)."""
    series: dict[str, dict[date, int]] = {}
    for period_start, topic, engagements in con.execute(TOPIC_MONTHS_SQL).fetchall():
        series.setdefault(topic, {})[period_start] = int(engagements)
    return series


def top_country_pairs(con: duckdb.DuckDBPyConnection, limit: int = TOP_PAIRS) -> list[tuple[str, int]]:
    """The country (or organisation) pairs with the most occurred engagements."""
    return [(pair, int(n)) for pair, n in con.execute(TOP_PAIRS_SQL, [limit]).fetchall()]


def render_topic_chart(series: dict[str, dict[date, int]]) -> bytes:
    """Stacked monthly bars, one colour per topic: one filled step outline per topic (a bar per month
    and topic would be thousands of shapes over a decade of news)."""
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
    axes.xaxis_date()
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("engagements (occurred)")
    axes.set_title("Engagements by topic per month")
    if months:
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    else:
        axes.text(0.5, 0.5, "no engagements yet", ha="center", va="center", transform=axes.transAxes)
    return _png(figure)


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


def render_pairs_chart(pairs: list[tuple[str, int]]) -> bytes:
    """Horizontal bars, the busiest pair on top."""
    figure = Figure(figsize=(9, 0.4 * max(len(pairs), 3) + 1.2), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    labels = [pair for pair, _ in reversed(pairs)]
    values = [n for _, n in reversed(pairs)]
    axes.barh(labels, values, color="#3b6ea8")
    for y, value in enumerate(values):
        axes.annotate(str(value), (value, y), xytext=(3, 0), textcoords="offset points", va="center")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("engagements (occurred)")
    axes.set_title(f"Top {len(pairs)} country pairs")
    if not pairs:
        axes.text(0.5, 0.5, "no engagements yet", ha="center", va="center", transform=axes.transAxes)
    return _png(figure)


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
    finally:
        con.close()
    charts = (
        Chart(TOPIC_CHART, "Engagements by topic per month", render_topic_chart(series)),
        Chart(PAIRS_CHART, "Top country pairs", render_pairs_chart(pairs)),
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    for chart in charts:
        _write_atomically(out_dir / chart.name, chart.png)
    page = render_html(charts, pairs, build_id, str(published_at))
    html_path = out_dir / "index.html"
    _write_atomically(html_path, page.encode("utf-8"))
    months = len({month for counts in series.values() for month in counts})
    return Report(html_path, charts, build_id, pairs, months)


def render_html(charts: tuple[Chart, ...], pairs: list[tuple[str, int]], build_id: str, published_at: str) -> str:
    """A self-contained page: the charts as data URIs and the top pairs as a table."""
    figures = "\n".join(
        f'<figure><img alt="{html.escape(c.title)}" src="{c.data_uri()}"><figcaption>{html.escape(c.title)}'
        "</figcaption></figure>"
        for c in charts
    )
    rows = "\n".join(f"<tr><td>{html.escape(pair)}</td><td>{n}</td></tr>" for pair, n in pairs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>News warehouse report</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:1100px}}img{{max-width:100%}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:2px 8px}}td:last-child{{text-align:right}}</style>
</head><body>
<h1>Diplomatic engagements</h1>
<p>Build {html.escape(build_id)}, published {html.escape(published_at)}.</p>
{figures}
<h2>Top country pairs (occurred engagements)</h2>
<table><tr><th>pair</th><th>engagements</th></tr>
{rows}
</table>
</body></html>
"""


def _write_atomically(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)
