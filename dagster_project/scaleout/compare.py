"""Compare Parquet table folders with the DuckDB warehouse's tables, row for row and order-independently.

python -m dagster_project.scaleout.compare [--root DIR]   (the extraction tables; exit 1 when they differ)
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project import settings
from dagster_project.extraction.store_schema import TABLES as EXTRACTION_TABLES
from dagster_project.scaleout.parquet_mirror import PARTITION

# The partition column is the folder's, not the table's; `extraction_seq` is numbered per write batch on
# DuckDB and one value for a whole Spark run, so the extraction comparison leaves it out too.
MIRROR_IGNORED = frozenset({PARTITION})
EXTRACTION_IGNORED = frozenset({"extraction_seq", PARTITION})


@dataclass(frozen=True)
class TableDifference:
    """Rows of a table found only in DuckDB or only in the Parquet folder (as multisets)."""

    table: str
    duckdb_rows: int
    parquet_rows: int
    only_in_duckdb: int
    only_in_parquet: int

    @property
    def equal(self) -> bool:
        return self.only_in_duckdb == 0 and self.only_in_parquet == 0 and self.duckdb_rows == self.parquet_rows


def parquet_relation(folder: Path) -> str:
    """SQL reading every Parquet file of a table folder, with its Hive partition columns."""
    glob = str(folder / "**" / "*.parquet").replace("'", "''")
    return f"read_parquet('{glob}', hive_partitioning = true)"


def compare_tables(
    warehouse_db: Path, root: Path, tables: Iterable[tuple[str, str]], ignored: frozenset[str] = MIRROR_IGNORED
) -> list[TableDifference]:
    """Each `(schema, table)` of the warehouse against `<root>/<schema>/<table>`, leaving out `ignored` columns."""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{str(warehouse_db).replace(chr(39), chr(39) * 2)}' as warehouse (read_only)")
        return [_compare(con, f"warehouse.{s}.{t}", root / s / t, ignored) for s, t in tables]
    finally:
        con.close()


def compare_extraction(warehouse_db: Path, root: Path) -> list[TableDifference]:
    """The six extraction tables under `<root>/extraction/` against the warehouse's."""
    return compare_tables(warehouse_db, root, [("extraction", t) for t in EXTRACTION_TABLES], EXTRACTION_IGNORED)


def _compare(
    con: duckdb.DuckDBPyConnection, warehouse_table: str, folder: Path, ignored: frozenset[str]
) -> TableDifference:
    columns = [
        name
        for (name,) in con.execute(f"select column_name from (describe {warehouse_table})").fetchall()
        if name not in ignored
    ]
    select = ", ".join(f'"{name}"' for name in columns)
    ours, theirs = f"select {select} from {warehouse_table}", f"select {select} from {parquet_relation(folder)}"
    (duckdb_rows,) = con.execute(f"select count(*) from ({ours})").fetchone()
    (parquet_rows,) = con.execute(f"select count(*) from ({theirs})").fetchone()
    (only_duckdb,) = con.execute(f"select count(*) from ({ours} except all {theirs})").fetchone()
    (only_parquet,) = con.execute(f"select count(*) from ({theirs} except all {ours})").fetchone()
    return TableDifference(folder.name, duckdb_rows, parquet_rows, only_duckdb, only_parquet)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The extraction under ROOT/extraction against the warehouse's.")
    parser.add_argument("--root", type=Path, default=None, help="default: PARQUET_MIRROR_DIR")
    args = parser.parse_args(argv)
    warehouse = settings.warehouse_db()
    differences = compare_extraction(warehouse, args.root or settings.parquet_mirror_dir(warehouse))
    for d in differences:
        print(
            f"{d.table}: {'equal' if d.equal else 'DIFFERENT'} ({d.duckdb_rows} rows in DuckDB, "
            f"{d.parquet_rows} in Parquet; {d.only_in_duckdb} only in DuckDB, {d.only_in_parquet} only in Parquet)"
        )
    return 0 if all(d.equal for d in differences) else 1


if __name__ == "__main__":
    raise SystemExit(main())
