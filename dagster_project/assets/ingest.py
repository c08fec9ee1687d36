"""The ingest asset: append new raw articles to the event log."""

import dagster as dg

from dagster_project.ingest import ingest_raw_folder
from dagster_project.progress import ProgressReporter, stderr_sink
from dagster_project.resources import RawFolderResource, WarehouseResource, worker_count

ARTICLE_EVENTS = dg.AssetKey(["events", "article_events"])
PROGRESS_INTERVAL_S = 2.0


@dg.asset(
    key=ARTICLE_EVENTS,
    group_name="ingest",
    pool="duckdb_writer",
    kinds={"python", "duckdb"},
    description=(
        "Append-only event log of articles (events.article_events). Parses every file under RAW_DIR, "
        "appends ArticlePublished / ArticleRevised / ArticleRetracted events, and records files or "
        "records that cannot become events in events.rejections."
    ),
)
def article_events(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, raw_folder: RawFolderResource
) -> dg.MaterializeResult:
    # Every 2 s: a line in the run log (the UI, and the terminal of `make run`) and on stderr.
    progress = ProgressReporter(sinks=[context.log.info, stderr_sink], interval_s=PROGRESS_INTERVAL_S)
    with warehouse.connect() as con:
        report = ingest_raw_folder(con, raw_folder.directory, progress=progress, workers=worker_count())
        log_size = con.execute("select count(*) from events.article_events").fetchone()[0]
    context.log.info(
        f"ingest accounting: seen {report.seen} = appended {report.appended} + duplicates "
        f"{report.duplicates} + rejected {report.rejected}"
    )
    return dg.MaterializeResult(
        metadata={
            "files_found": report.files_found,
            "files_unchanged": report.files_unchanged,
            "records_seen": report.seen,
            "appended": report.appended,
            "duplicates": report.duplicates,
            "rejected": report.rejected,
            "new_rejections": report.new_rejections,
            "rejection_reasons": dict(report.rejection_reasons),
            "accounting_balanced": report.balanced,
            "log_events": int(log_size),
            "last_position": report.last_position,
        }
    )
