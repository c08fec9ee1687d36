"""One measured benchmark stage or floor, run in its own process so its peak memory is its own.

`python -m tools.bench.child KIND --raw DIR --warehouse FILE --result FILE` runs one of
`ingest`, `build`, `refresh` (through Dagster) or the floors `read`, `dbt-noop`, `scan`, then writes
its figures to the result file as JSON, with the peak resident memory of this process and of its
waited-for children (dbt runs as a subprocess) from `resource.getrusage`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

STARTED = time.perf_counter()
Figures = dict[str, object]


def rusage_figures() -> Figures:
    """Peak RSS (MB) and CPU seconds of this process and of its terminated children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own_mb, children_mb = own.ru_maxrss / 1024, children.ru_maxrss / 1024  # KiB on Linux
    return {
        "peak_rss_mb": round(max(own_mb, children_mb), 1),
        "rss_self_mb": round(own_mb, 1),
        "rss_children_mb": round(children_mb, 1),
        "rss_sum_mb": round(own_mb + children_mb, 1),
        "cpu_s": round(own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime, 3),
    }


def run_stage(kind: str, raw: Path, warehouse: Path, workdir: Path) -> Figures:
    """Dispatch to the stage or floor `kind`; the imports stay inside so each child loads only its own."""
    if kind in ("ingest", "build", "refresh"):
        from tools.bench.dagster_stage import materialize

        return materialize(kind, raw, warehouse, workdir)
    if kind == "read":
        from tools.bench.floors import read_raw_files

        return read_raw_files(raw)
    if kind == "dbt-noop":
        from tools.bench.floors import dbt_noop

        return dbt_noop(warehouse, workdir)
    if kind == "scan":
        from tools.bench.floors import dictionary_scan

        return dictionary_scan(warehouse)
    raise ValueError(f"unknown stage {kind!r}")


def main(argv: list[str] | None = None, run: Callable[..., Figures] = run_stage) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind")
    parser.add_argument("--raw", type=Path, required=True)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--result", type=Path, required=True)
    args = parser.parse_args(argv)
    figures = run(args.kind, args.raw, args.warehouse, args.workdir)
    in_process = time.perf_counter() - STARTED
    figures["in_process_s"] = round(in_process, 3)
    figures["startup_s"] = round(in_process - float(figures["wall_s"]), 3)
    figures["loadavg_1m"] = round(os.getloadavg()[0], 2)
    figures.update(rusage_figures())
    args.result.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
