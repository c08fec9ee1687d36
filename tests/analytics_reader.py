"""An analyst's process: reads the published analytics database until told to stop.

Run as `python tests/analytics_reader.py ANALYTICS_DB STOP_FILE`. It holds one read-only connection
open for its whole life and, in a loop, also opens a fresh one; each time it checks that what it
reads is one complete build (every table's row count equals the count `meta.tables` records for
that build) and prints one JSON line per observation: which connection, the build id, and any error.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb

from dagster_project.analytics.duckdb_sql import relation
from dagster_project.analytics.publish import open_published


def observe(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """The build the connection sees, and the tables whose counts disagree with its record."""
    (build_id,) = con.execute("select build_id from meta.build").fetchone()
    mismatches = []
    for schema, table, recorded in con.execute(
        "select table_schema, table_name, row_count from meta.tables"
    ).fetchall():
        (actual,) = con.execute(f"select count(*) from {relation(schema, table)}").fetchone()
        if actual != recorded:
            mismatches.append(f"{schema}.{table}: {actual} != {recorded}")
    return {"build_id": build_id, "mismatches": mismatches}


def main(path: Path, stop: Path) -> None:
    held = open_published(path)
    print(json.dumps({"connection": "held", "ready": True, **observe(held)}), flush=True)
    while not stop.exists():
        for name in ("held", "fresh"):
            try:
                con = held if name == "held" else open_published(path)
                try:
                    record = {"connection": name, **observe(con)}
                finally:
                    if con is not held:
                        con.close()
            except Exception as error:
                record = {"connection": name, "error": f"{type(error).__name__}: {error}"}
            print(json.dumps(record), flush=True)
        time.sleep(0.05)
    held.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
