"""The ingest asset: append new raw articles to the event log."""

import time

import dagster as dg

from dagster_project.event_log import AppendReport
from dagster_project.ingest import ingest_raw_folder
from dagster_project.resources import RawFolderResource, WarehouseResource, worker_count

ARTICLE_EVENTS = dg.AssetKey(["events", "article_events"])


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
    started = time.monotonic()

    def progress(files_done: int, files_total: int, report: AppendReport) -> None:
        elapsed = max(time.monotonic() - started, 1e-6)
        context.log.info(
            f"ingest: {files_done}/{files_total} files, {report.seen} records seen, "
            f"{report.appended} appended, {report.seen / elapsed:.0f} records/s"
        )

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
