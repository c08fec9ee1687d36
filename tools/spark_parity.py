"""Compare the dbt relations Spark builds with DuckDB's: export sources, read Spark tables out, diff."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import duckdb

from dagster_project.scaleout.spark_env import warehouse_spark_conf

# The source tables Spark reads from the Parquet mirror (schema, table), as the contract lays them out.
SOURCE_TABLES: tuple[tuple[str, str], ...] = (
    ("events", "article_events"),
    ("events", "legacy_article_keys"),
    ("extraction", "processed_events"),
    ("extraction", "engagement_mentions"),
    ("extraction", "mention_participants"),
    ("extraction", "mention_topics"),
    ("extraction", "article_topics"),
    ("extraction", "diagnostics"),
)

# The schemas dbt builds; every relation in them is compared.
MODEL_SCHEMAS: tuple[str, ...] = ("staging", "intermediate", "marts", "reference")

# Rows per log segment of a partitioned source table (the contract's `position div 100000`).
SEGMENT_SIZE = 100_000


def export_sources_to_parquet(duckdb_path: str | Path, root: str | Path) -> list[Path]:
    """Write every source table of the DuckDB warehouse as a Parquet folder `<root>/<schema>/<table>`.

    Tables with a `position` column are Hive-partitioned by `log_segment` (an extra column), as the mirror
    does; an empty table is one file without partitions, so that Spark still finds its schema. This
    stands in for the real mirror in tests. Returns the folders written.
    """
    root = Path(root)
    written = []
    with duckdb.connect(str(duckdb_path), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        for schema, table in SOURCE_TABLES:
            folder = root / schema / table
            shutil.rmtree(folder, ignore_errors=True)
            folder.parent.mkdir(parents=True, exist_ok=True)
            columns = [row[0] for row in con.execute(f"describe {schema}.{table}").fetchall()]
            empty = con.execute(f"select count(*) = 0 from {schema}.{table}").fetchone()[0]
            if "position" in columns and not empty:
                select = f"select *, position // {SEGMENT_SIZE} as log_segment from {schema}.{table}"
                options = "format parquet, partition_by (log_segment)"
            else:
                select = f"select * from {schema}.{table}"
                folder.mkdir()
                folder = folder / "part-0.parquet"
                options = "format parquet"
            con.execute(f"copy ({select}) to '{folder}' ({options})")
            written.append(root / schema / table)
    return written


def spark_relations_to_parquet(work_dir: str | Path, out_dir: str | Path, master: str = "local[2]") -> list[str]:
    """Write every model and seed relation Spark built to `<out_dir>/<schema>/<table>/` (run in the Spark env).

    `work_dir` is the Spark scratch of the dbt profile (SPARK_WORK_DIR, by default `<dir of WAREHOUSE_DB>/spark`):
    its Derby metastore knows the tables. Returns the relations written, as `schema.table`.
    """
    from pyspark.sql import SparkSession  # the Spark env only: the default env has no pyspark

    builder = SparkSession.builder
    for key, value in warehouse_spark_conf(Path(work_dir), master).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    written = []
    try:
        for schema in MODEL_SCHEMAS:
            for row in session.sql(f"show tables in {schema}").collect():
                if row.isTemporary:
                    continue
                name = f"{schema}.{row.tableName}"
                session.table(name).write.mode("overwrite").parquet(str(Path(out_dir) / schema / row.tableName))
                written.append(name)
    finally:
        session.stop()
    return written


def _relations(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """The (schema, name) of every model and seed relation of an attached catalog, with its columns and types."""
    rows = con.execute(
        "select table_schema, table_name, column_name, data_type from information_schema.columns"
        " where table_catalog = ? and table_schema in (select unnest(?)) order by table_schema, table_name,"
        " ordinal_position",
        [catalog, list(MODEL_SCHEMAS)],
    ).fetchall()
    relations: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for schema, table, column, data_type in rows:
        relations.setdefault((schema, table), []).append((column, data_type))
    return relations


def _portable_type(data_type: str) -> str:
    """A column type as both engines can hold it: Spark's timestamp is DuckDB's timestamp with time zone."""
    return "TIMESTAMP" if data_type == "TIMESTAMP WITH TIME ZONE" else data_type


def _comparable(column: str, data_type: str) -> str:
    """A column as text that is equal on both sides when the values are (numbers, timestamps, lists)."""
    quoted = f'"{column}"'
    if data_type.endswith("[]"):
        return f"array_to_string({quoted}, '\x1f')"
    if data_type.startswith("TIMESTAMP"):
        return f"strftime({quoted}::timestamp, '%Y-%m-%d %H:%M:%S.%f')"
    if data_type in ("DOUBLE", "FLOAT") or data_type.startswith("DECIMAL"):
        return f"cast(round({quoted}::double, 9) as varchar)"
    return f"cast({quoted} as varchar)"


def compare_relation(
    con: duckdb.DuckDBPyConnection, left: str, right: str, columns: list[tuple[str, str]]
) -> list[str]:
    """Differences between two relations with the same columns: rows in one only (EXCEPT ALL, both ways)."""
    select = ", ".join(f'{_comparable(name, kind)} as "{name}"' for name, kind in columns)
    differences = []
    for first, second, label in ((left, right, "only in DuckDB"), (right, left, "only on the other side")):
        count = con.execute(
            f"select count(*) from (select {select} from {first} except all select {select} from {second})"
        ).fetchone()[0]
        if count:
            differences.append(f"{left.removeprefix('duck.')}: {count} row(s) {label}")
    return differences


def compare(duckdb_path: str | Path, spark_parquet_dir: str | Path) -> list[str]:
    """Every difference between the DuckDB warehouse's model relations and Spark's, read from Parquet folders.

    `spark_parquet_dir` holds `<schema>/<table>/` per relation (spark_relations_to_parquet); also accepts a
    second DuckDB file. Column names and types must match (a timestamp with time zone is Spark's timestamp);
    values are compared after casting both sides to text. An empty list: equal.
    """
    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        con.execute(f"attach '{duckdb_path}' as duck (read_only)")
        return _compare_catalogs(con, Path(spark_parquet_dir))


def _compare_catalogs(con: duckdb.DuckDBPyConnection, other: Path) -> list[str]:
    """The differences between the attached `duck` catalog and `other` (a Parquet dump or a DuckDB file)."""
    expected = _relations(con, "duck")
    if other.suffix == ".duckdb":
        con.execute(f"attach '{other}' as other (read_only)")
        actual = {key: [] for key in _relations(con, "other")}
    else:
        actual = {(p.parent.name, p.name): [] for p in other.glob("*/*") if p.is_dir()}
    differences = [f"{s}.{t}: missing on the other side" for s, t in sorted(set(expected) - set(actual))]
    differences += [f"{s}.{t}: not in DuckDB" for s, t in sorted(set(actual) - set(expected))]
    for schema, table in sorted(set(expected) & set(actual)):
        columns = expected[(schema, table)]
        if other.suffix == ".duckdb":
            right = f"other.{schema}.{table}"
        else:
            right = f"read_parquet('{other / schema / table}/*.parquet')"
        found = {row[0]: row[1] for row in con.execute(f"describe select * from {right}").fetchall()}
        wanted = {name: _portable_type(kind) for name, kind in columns}
        if {name: _portable_type(kind) for name, kind in found.items()} != wanted:
            differences.append(f"{schema}.{table}: columns differ ({found} against {dict(columns)})")
            continue
        differences += compare_relation(con, f"duck.{schema}.{table}", right, columns)
    return differences


def main(argv: list[str] | None = None) -> int:
    """`export DUCKDB ROOT`, `spark-dump WORK_DIR OUT` (Spark env) or `compare DUCKDB SPARK_OUT` (exit 1 if unequal)."""
    parser = argparse.ArgumentParser(prog="python -m tools.spark_parity", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write the DuckDB sources as the Parquet mirror")
    export.add_argument("duckdb_path")
    export.add_argument("root")
    dump = commands.add_parser("spark-dump", help="write Spark's relations to Parquet (Spark env)")
    dump.add_argument("work_dir")
    dump.add_argument("out_dir")
    dump.add_argument("--master", default="local[2]")
    check = commands.add_parser("compare", help="compare DuckDB's relations with Spark's Parquet dump")
    check.add_argument("duckdb_path")
    check.add_argument("spark_out")
    args = parser.parse_args(argv)
    if args.command == "export":
        print(*export_sources_to_parquet(args.duckdb_path, args.root), sep="\n")
        return 0
    if args.command == "spark-dump":
        print(*spark_relations_to_parquet(args.work_dir, args.out_dir, args.master), sep="\n")
        return 0
    differences = compare(args.duckdb_path, args.spark_out)
    print(*differences, sep="\n") if differences else print("all relations equal")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
