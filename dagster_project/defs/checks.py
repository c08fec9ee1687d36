"""Asset checks on the extraction tables, run after the extraction step (read-only, in the writer pool)."""

from __future__ import annotations

import dagster as dg

from dagster_project.defs.resources import WarehouseResource

PROCESSED_EVENTS = dg.AssetKey(["extraction", "processed_events"])
MENTION_PARTICIPANTS = dg.AssetKey(["extraction", "mention_participants"])


@dg.asset_check(
    asset=PROCESSED_EVENTS,
    name="every_article_event_processed",
    description="Every ArticlePublished and ArticleRevised event of the log has its processed_events row: "
    "the extractor has read every article version the log holds.",
    pool="duckdb_writer",
)
def every_article_event_processed(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect_read_only() as con:
        missing, first = con.execute(
            """
            select count(*), min(e.position) from events.article_events as e
            anti join extraction.processed_events as p on p.event_id = e.event_id
            where e.event_type in ('ArticlePublished', 'ArticleRevised')
            """
        ).fetchone()
    return dg.AssetCheckResult(
        passed=missing == 0, metadata={"unprocessed_events": int(missing), "first_unprocessed_position": first}
    )


@dg.asset_check(
    asset=MENTION_PARTICIPANTS,
    name="participants_have_a_country",
    description="Every participant of an extracted engagement has a country code: one that cannot be placed "
    "in a country is left out of the participants (and recorded with its reason), never kept without one.",
    pool="duckdb_writer",
)
def participants_have_a_country(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect_read_only() as con:
        (without,) = con.execute(
            "select count(*) from extraction.mention_participants where coalesce(trim(country_code), '') = ''"
        ).fetchone()
    return dg.AssetCheckResult(passed=without == 0, metadata={"participants_without_country": int(without)})


EXTRACTION_CHECKS = [every_article_event_processed, participants_have_a_country]
