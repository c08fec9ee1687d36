"""Print a short summary of the warehouse: the log, the engagements and the topic mart."""

from __future__ import annotations

import duckdb

from dagster_project import settings


def main() -> None:
    path = settings.warehouse_db()
    con = duckdb.connect(str(path), read_only=True)
    try:
        events, rejected = con.execute(
            "select (select count(*) from events.article_events), (select count(*) from events.rejections)"
        ).fetchone()
        articles, engagements = con.execute(
            "select (select count(*) from marts.dim_article), (select count(*) from marts.fct_engagements)"
        ).fetchone()
        print(f"\nWarehouse {path}")
        print(
            f"  event log: {events} events, {rejected} rejected records; "
            f"{articles} articles, {engagements} engagements\n"
        )
        print("Engagements by topic and month (occurred, most recent months first):")
        rows = con.execute(
            """
            select strftime(period_start, '%Y-%m') as month, topic, engagements, articles,
                   distinct_country_pairs, share_of_period, change_vs_previous_period
            from marts.mart_engagement_frequency_by_topic
            where grain = 'month' and engagements > 0
            order by period_start desc, engagements desc, topic
            limit 25
            """
        ).fetchall()
        print(
            f"  {'month':<8} {'topic':<13} {'engagements':>11} {'articles':>8} {'pairs':>5} {'share':>6} {'change':>6}"
        )
        for month, topic, n, a, pairs, share, change in rows:
            change_text = "" if change is None else f"{change:+d}"
            print(f"  {month:<8} {topic:<13} {n:>11} {a:>8} {pairs:>5} {float(share):>6.2f} {change_text:>6}")
    finally:
        con.close()


if __name__ == "__main__":
    main()
