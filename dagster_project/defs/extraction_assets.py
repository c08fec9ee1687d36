"""The extraction asset: run the extractor over log events past its watermark."""

from functools import cache

import dagster as dg

from dagster_project.defs.ingest_assets import ARTICLE_EVENTS
from dagster_project.defs.resources import WarehouseResource, worker_count
from dagster_project.extraction.extractor import Extractor
from dagster_project.extraction.gazetteer import Gazetteer
from dagster_project.extraction.store import TABLES, extract_new_events, extraction_version
from dagster_project.settings import SEEDS_DIR

EXTRACTION_TABLE_DESCRIPTIONS = {
    "processed_events": "Log events the extractor has processed, with the extractor version and a sequence number.",
    "engagement_mentions": "Engagements as stated in each article event, with evidence sentence and offsets.",
    "mention_participants": "Countries, organisations and officials of each mentioned engagement.",
    "mention_topics": "Topics of each mentioned engagement.",
    "article_topics": "Topics of each article event.",
    "diagnostics": "What the extractor left out, with the reason: officials it could not place in a country, "
    "text past the length bound.",
}


class ExtractionConfig(dg.Config):
    """Run configuration: `full_refresh` re-extracts every event of the log."""

    full_refresh: bool = False


@cache
def load_extractor() -> Extractor:
    return Extractor(Gazetteer.from_seeds(SEEDS_DIR))


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            dg.AssetKey(["extraction", table]),
            deps=[ARTICLE_EVENTS],
            description=description,
            group_name="extraction",
            kinds={"python", "duckdb"},
        )
        for table, description in EXTRACTION_TABLE_DESCRIPTIONS.items()
    ],
    name="engagement_extraction",
    pool="duckdb_writer",
)
def engagement_extraction(context: dg.AssetExecutionContext, warehouse: WarehouseResource, config: ExtractionConfig):
    extractor = load_extractor()
    with warehouse.connect() as con:
        report = extract_new_events(
            con,
            extractor,
            progress=lambda n: context.log.info(f"extraction: {n} events extracted"),
            full_refresh=config.full_refresh,
            workers=worker_count(),
            version=extraction_version(),
        )
        counts = {t: con.execute(f"select count(*) from extraction.{t}").fetchone()[0] for t in TABLES}
    context.log.info(f"extracted {report.events} events, {report.engagements} engagement mentions")
    for table in EXTRACTION_TABLE_DESCRIPTIONS:
        yield dg.MaterializeResult(
            asset_key=dg.AssetKey(["extraction", table]),
            metadata={
                "dagster/row_count": int(counts[table]),
                "events_extracted": report.events,
                "extractor_version": extraction_version(),
                "reextracted_all": report.reextracted,
            },
        )
