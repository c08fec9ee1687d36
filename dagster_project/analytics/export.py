"""Export the published tables to CSV and Parquet files (`make export`), for tools that do not read DuckDB.

Reads the read-only `analytics.duckdb` (never the warehouse, so it never waits for a refresh) and
writes each of its tables (the marts and the reference dimensions listed in `meta.tables`) with
DuckDB's `COPY ... TO` as `<schema>.<table>.csv` (header, comma-separated, UTF-8) and
`<schema>.<table>.parquet` (zstd), plus `build.json` naming the build. Table names and paths are
data: they are quoted, and file names keep only safe characters. Each file is written under a
temporary name and renamed, so a reader never sees half a file. No Dagster here.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project import settings
from dagster_project.analytics.duckdb_sql import quote_literal, relation
from dagster_project.analytics.publish import analytics_db_path, open_published

FORMATS = {"csv": "(format csv, header true, delimiter ',')", "parquet": "(format parquet, compression zstd)"}
UNSAFE_FILE_CHARACTERS = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class ExportedTable:
    """One table written: its name, rows and files."""

    table: str
    rows: int
    files: tuple[Path, ...]


def default_export_dir(analytics_db: Path) -> Path:
    """`EXPORT_DIR` when set, else `exports/` beside the analytics database."""
    override = os.environ.get("EXPORT_DIR")
    return Path(override).expanduser().resolve() if override else analytics_db.parent / "exports"


def file_stem(schema: str, table: str) -> str:
    """A file name for a table that is safe on any file system (unsafe characters become `_`)."""
    return UNSAFE_FILE_CHARACTERS.sub("_", f"{schema}.{table}").strip(".") or "table"


def published_tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int]]:
    """(schema, table, rows) of every table the build published, in name order."""
    return [
        (schema, table, int(rows))
        for schema, table, rows in con.execute(
            "select table_schema, table_name, row_count from meta.tables order by table_schema, table_name"
        ).fetchall()
    ]


def export_tables(
    analytics_db: Path, out_dir: Path, formats: Sequence[str] = tuple(FORMATS), only: Sequence[str] = ()
) -> list[ExportedTable]:
    """Write the published tables (all, or those named in `only` as `table` or `schema.table`)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)}: use {' or '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    con = open_published(analytics_db)
    try:
        tables = _selected(published_tables(con), only)
        exported = [_export_table(con, out_dir, schema, table, rows, formats) for schema, table, rows in tables]
        _write_build_json(con, out_dir, exported)
    finally:
        con.close()
    return exported


def _selected(tables: list[tuple[str, str, int]], only: Sequence[str]) -> list[tuple[str, str, int]]:
    if not only:
        return tables
    wanted = set(only)
    chosen = [t for t in tables if t[1] in wanted or f"{t[0]}.{t[1]}" in wanted]
    missing = wanted - {t[1] for t in chosen} - {f"{t[0]}.{t[1]}" for t in chosen}
    if missing:
        raise ValueError(f"no published table {', '.join(sorted(missing))}")
    return chosen


def _export_table(
    con: duckdb.DuckDBPyConnection, out_dir: Path, schema: str, table: str, rows: int, formats: Sequence[str]
) -> ExportedTable:
    files = []
    for fmt in formats:
        target = out_dir / f"{file_stem(schema, table)}.{fmt}"
        temp = target.with_name(f".{target.name}.tmp")
        try:
            con.execute(f"copy (select * from {relation(schema, table)}) to {quote_literal(temp)} {FORMATS[fmt]}")
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)
        files.append(target)
    return ExportedTable(f"{schema}.{table}", rows, tuple(files))


def _write_build_json(con: duckdb.DuckDBPyConnection, out_dir: Path, exported: list[ExportedTable]) -> None:
    ((build_id, published_at, log_position),) = con.execute(
        "select build_id, published_at, log_position from meta.build"
    ).fetchall()
    document = {
        "build_id": build_id,
        "published_at": str(published_at),
        "log_position": log_position,
        "tables": {t.table: {"rows": t.rows, "files": [f.name for f in t.files]} for t in exported},
    }
    temp = out_dir / ".build.json.tmp"
    temp.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    os.replace(temp, out_dir / "build.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="analytics database (default: ANALYTICS_DB or beside the warehouse)")
    parser.add_argument("--out", type=Path, help="output folder (default: EXPORT_DIR or exports/ beside the database)")
    parser.add_argument(
        "--formats",
        default=os.environ.get("EXPORT_FORMATS") or ",".join(FORMATS),
        help="csv, parquet or csv,parquet (default: EXPORT_FORMATS or both)",
    )
    parser.add_argument("tables", nargs="*", help="tables to export (default: every published table)")
    args = parser.parse_args(argv)
    path = args.db or analytics_db_path(settings.warehouse_db())
    if not path.exists():
        print(f"No analytics database at {path} yet: build the warehouse first (`make run`).", file=sys.stderr)
        return 2
    out_dir = args.out.expanduser().resolve() if args.out else default_export_dir(path)
    formats = [f.strip() for f in args.formats.replace(" ", ",").split(",") if f.strip()]
    try:
        exported = export_tables(path, out_dir, formats, args.tables)
    except (ValueError, duckdb.Error, OSError) as error:
        print(f"export failed: {error}", file=sys.stderr)
        return 1
    for table in exported:
        print(f"  {table.table:<50} {table.rows:>9,} rows  {' '.join(f.name for f in table.files)}")
    print(f"Exported {len(exported)} tables ({', '.join(formats)}) to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
