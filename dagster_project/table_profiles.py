"""Row counts and column types of warehouse relations, measured after the writer has finished.

dbt holds DuckDB's write lock for the whole `dbt build`, so the dbt asset measures its tables here,
from the Dagster process, once the dbt CLI has exited. No Dagster here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.duckdb_sql import relation


@dataclass(frozen=True)
class TableProfile:
    """A relation's row count and its columns (name, DuckDB type) in order."""

    row_count: int
    columns: tuple[tuple[str, str], ...]


def profile_relations(
    con: duckdb.DuckDBPyConnection, relations: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], TableProfile]:
    """Profiles of the given (schema, name) relations that exist; missing ones are left out."""
    profiles: dict[tuple[str, str], TableProfile] = {}
    for schema, name in relations:
        columns = con.execute(
            """
            select column_name, data_type from information_schema.columns
            where table_catalog = current_database() and table_schema = ? and table_name = ?
            order by ordinal_position
            """,
            [schema, name],
        ).fetchall()
        if columns:
            (rows,) = con.execute(f"select count(*) from {relation(schema, name)}").fetchone()
            profiles[(schema, name)] = TableProfile(int(rows), tuple((c, t) for c, t in columns))
    return profiles


def profile_warehouse(path: Path, relations: Iterable[tuple[str, str]]) -> dict[tuple[str, str], TableProfile]:
    """Open the warehouse read-only and profile the relations (empty when the file does not exist)."""
    if not path.exists():
        return {}
    con = duckdb.connect(str(path), read_only=True)
    try:
        return profile_relations(con, relations)
    finally:
        con.close()
