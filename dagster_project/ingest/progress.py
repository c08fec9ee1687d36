"""Time-based progress reports for long loops: one line every few seconds, plus a final line.

The reporter is called as often as the caller likes (every record is fine); it only formats and emits
a line when `interval_s` has passed since the last one, or when told the work is done. Emitted lines
go to every sink (the Dagster run log, the terminal's stderr, a list in tests). No Dagster here.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Sink = Callable[[str], None]


@dataclass(frozen=True)
class IngestProgress:
    """Where an ingest stands: files read, records read (articles and retractions: rejected records
    not among them), records rejected, and records committed to the log."""

    files_done: int
    files_total: int
    records_read: int
    records_appended: int
    finished: bool = False
    rejected: int = 0


def stderr_sink(line: str) -> None:
    """Print a progress line on the terminal (stderr), unbuffered."""
    print(line, file=sys.stderr, flush=True)


class ProgressReporter:
    """Emits a progress line at most every `interval_s` seconds, and always when finished."""

    def __init__(
        self,
        sinks: Sequence[Sink],
        interval_s: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sinks = list(sinks)
        self.interval_s = interval_s
        self.clock = clock
        self.started = clock()
        self.last_emit = self.started
        self.lines: list[str] = []

    def __call__(self, progress: IngestProgress) -> None:
        now = self.clock()
        if not progress.finished and now - self.last_emit < self.interval_s:
            return
        self.last_emit = now
        line = format_ingest_progress(progress, now - self.started)
        self.lines.append(line)
        for sink in self.sinks:
            sink(line)


def format_ingest_progress(progress: IngestProgress, elapsed_s: float) -> str:
    """One line: files done of total, articles read, rejected and appended, and rates per second."""
    elapsed = max(elapsed_s, 1e-6)
    state = "done" if progress.finished else "running"
    return (
        f"ingest {state}: {progress.files_done}/{progress.files_total} files "
        f"({progress.files_done / elapsed:.1f} files/s), {progress.records_read} articles read "
        f"({progress.records_read / elapsed:.0f} articles/s), {progress.rejected} rejected, "
        f"{progress.records_appended} appended, "
        f"{elapsed:.1f} s"
    )
