"""`make export`: every published table to CSV and Parquet, equal to the table, whatever its name."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from dagster_project.analytics.duckdb_sql import quote_literal, relation
from dagster_project.analytics.export import export_tables, file_stem
from dagster_project.analytics.publish import analytics_db_path, open_published, publish_analytics
from tests.conftest import PROJECT_ROOT

ODD_NAME = 'it\'s "odd"; drop table x; --/../é'


def published(analytics: Path) -> dict[str, int]:
    con = open_published(analytics)
    try:
        rows = con.execute("select table_schema || '.' || table_name, row_count from meta.tables").fetchall()
        return dict(rows)
    finally:
        con.close()


def same_rows(con: duckdb.DuckDBPyConnection, table: str, reader: str) -> bool:
    """The file holds exactly the table's rows (as a multiset), compared in DuckDB."""
    schema, name = table.split(".", 1)
    source = relation(schema, name)
    (different,) = con.execute(
        f"select count(*) from ((select * from {source} except all select * from {reader}) "
        f"union all (select * from {reader} except all select * from {source}))"
    ).fetchone()
    return different == 0


def test_make_export_writes_every_published_table_as_csv_and_parquet(built_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports dir"
    env = {**os.environ, "WAREHOUSE_DB": str(built_warehouse), "EXPORT_DIR": str(out)}
    env.pop("ANALYTICS_DB", None)
    done = subprocess.run(["make", "-s", "export"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    analytics = analytics_db_path(built_warehouse)
    tables = published(analytics)
    assert "marts.mart_engagement_frequency_by_country_pair" in tables and "reference.countries" in tables
    assert json.loads((out / "build.json").read_text())["tables"].keys() == tables.keys()
    con = open_published(analytics)
    try:
        for table, rows in tables.items():
            parquet = out / f"{table}.parquet"
            csv = out / f"{table}.csv"
            assert same_rows(con, table, f"read_parquet({quote_literal(parquet)})"), table
            (csv_rows,) = con.execute(f"select count(*) from read_csv({quote_literal(csv)}, header = true)").fetchone()
            assert csv_rows == rows, table
        header = (out / "marts.mart_engagement_frequency_by_country_pair.csv").read_text().splitlines()[0]
        assert header.startswith("country_pair,first_code,second_code,pair_name,pair_kind,grain,period_start")
    finally:
        con.close()
    assert not list(out.glob(".*.tmp")), "no temporary file is left"


def test_export_quotes_names_and_keeps_file_names_safe(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("create schema marts")
        con.execute(f"create table {relation('marts', ODD_NAME)} as select range as n, 'a,\"b\"' as t from range(7)")
    finally:
        con.close()
    analytics = publish_analytics(warehouse, tmp_path / "analytics.duckdb").path
    out = tmp_path / "out"
    (exported,) = export_tables(analytics, out, ["csv", "parquet"])
    stem = file_stem("marts", ODD_NAME)
    assert "/" not in stem and "'" not in stem and '"' not in stem and ";" not in stem
    assert exported.rows == 7 and {f.name for f in exported.files} == {f"{stem}.csv", f"{stem}.parquet"}
    assert sorted(p.name for p in out.iterdir()) == sorted(["build.json", f"{stem}.csv", f"{stem}.parquet"])
    check = duckdb.connect()
    try:
        rows = check.execute(f"select n, t from read_csv({quote_literal(out / f'{stem}.csv')}) order by n").fetchall()
        assert rows == [(n, 'a,"b"') for n in range(7)]
        parquet = check.execute(f"select count(*) from read_parquet({quote_literal(out / f'{stem}.parquet')})")
        assert parquet.fetchone() == (7,)
    finally:
        check.close()
    with pytest.raises(ValueError, match="no published table"):
        export_tables(analytics, out, ["csv"], ["missing"])
    with pytest.raises(ValueError, match="unknown format"):
        export_tables(analytics, out, ["xlsx"])
