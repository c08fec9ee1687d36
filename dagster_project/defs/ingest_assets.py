"""The ingest asset: append new raw articles to the event log, with checks on the log it leaves."""

import dagster as dg
import duckdb

from dagster_project.defs.resources import RawFolderResource, WarehouseResource, worker_count
from dagster_project.ingest.build_inputs import inputs_fingerprint
from dagster_project.ingest.pipeline import IngestReport, ingest_raw_folder
from dagster_project.ingest.progress import ProgressReporter, stderr_sink
from dagster_project.ingest.raw_listing import list_raw_folder

ARTICLE_EVENTS = dg.AssetKey(["events", "article_events"])
PROGRESS_INTERVAL_S = 2.0
# Metadata key: the raw folder and seeds this ingest started from (the sensor compares against it).
INPUTS_FINGERPRINT = "inputs_fingerprint"
LOG_CHECKS = [
    dg.AssetCheckSpec(
        "log_positions_gap_free",
        asset=ARTICLE_EVENTS,
        description="Log positions run 1, 2, 3, ... with no gap and no duplicate: every committed event is "
        "in the log exactly once, in commit order.",
    ),
    dg.AssetCheckSpec(
        "ingest_accounting",
        asset=ARTICLE_EVENTS,
        description="This run's ingest accounts for every record it read (seen = appended + duplicates + "
        "rejected), and the log grew by exactly the events it appended.",
    ),
    dg.AssetCheckSpec(
        "no_rejections_in_this_run",
        asset=ARTICLE_EVENTS,
        description="Warns when this run recorded rejected files or records in events.rejections (with the "
        "count by reason); the build goes on with the valid records.",
    ),
]


@dg.asset(
    key=ARTICLE_EVENTS,
    group_name="ingest",
    pool="duckdb_writer",
    kinds={"python", "duckdb"},
    check_specs=LOG_CHECKS,
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
    context.log.info(f"ingest: reading new and changed files under {raw_folder.directory}")
    # Listed once, before reading: the fingerprint and the ingest see the same files, and a file landing
    # meanwhile counts as new at the next run.
    listing = list_raw_folder(raw_folder.directory) if raw_folder.directory.is_dir() else None
    fingerprint = inputs_fingerprint(raw_folder.directory, listing=listing)
    progress = ProgressReporter(sinks=[context.log.info, stderr_sink], interval_s=PROGRESS_INTERVAL_S)
    with warehouse.connect() as con:
        size_before = log_shape(con)[0]
        report = ingest_raw_folder(
            con, raw_folder.directory, progress=progress, workers=worker_count(), listing=listing
        )
        log_size, last_position, distinct_positions = log_shape(con)
    context.log.info(
        f"ingest accounting: seen {report.seen} = appended {report.appended} + duplicates "
        f"{report.duplicates} + rejected {report.rejected}"
    )
    checks = [
        dg.AssetCheckResult(
            check_name="log_positions_gap_free",
            passed=log_size == last_position == distinct_positions,
            metadata={"events": log_size, "last_position": last_position, "distinct_positions": distinct_positions},
        ),
        accounting_check(report, size_before, log_size),
        rejections_check(report),
    ]
    return dg.MaterializeResult(
        check_results=checks,
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
            INPUTS_FINGERPRINT: fingerprint,
        },
    )


def log_shape(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int]:
    """Events in the log, its last position, and its distinct positions (0s before the first ingest)."""
    exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'events' and table_name = 'article_events'"
    ).fetchone()[0]
    if not exists:
        return 0, 0, 0
    events, last, distinct = con.execute(
        "select count(*), coalesce(max(position), 0), count(distinct position) from events.article_events"
    ).fetchone()
    return int(events), int(last), int(distinct)


def accounting_check(report: IngestReport, size_before: int, size_after: int) -> dg.AssetCheckResult:
    grew = size_after - size_before
    return dg.AssetCheckResult(
        check_name="ingest_accounting",
        passed=report.balanced and grew == report.appended,
        metadata={
            "records_seen": report.seen,
            "appended": report.appended,
            "duplicates": report.duplicates,
            "rejected": report.rejected,
            "log_grew_by": grew,
        },
    )


def rejections_check(report: IngestReport) -> dg.AssetCheckResult:
    reasons = ", ".join(f"{reason}: {n}" for reason, n in sorted(report.rejection_reasons.items()))
    return dg.AssetCheckResult(
        check_name="no_rejections_in_this_run",
        passed=report.new_rejections == 0,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"{report.new_rejections} rejected ({reasons}): see events.rejections" if reasons else None,
        metadata={"new_rejections": report.new_rejections, "rejection_reasons": dict(report.rejection_reasons)},
    )
