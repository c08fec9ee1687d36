"""Know whether the seed dictionaries changed: their digest decides re-extraction and re-seeding."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

DIGEST_TABLE = "reference.seed_digest"


def seeds_digest(seeds_dir: Path) -> str:
    """Digest of every seed CSV's name and bytes."""
    digest = hashlib.sha256()
    for path in sorted(seeds_dir.glob("*.csv")):
        digest.update(path.name.encode() + b"\x1f" + path.read_bytes() + b"\x1e")
    return digest.hexdigest()


def seeds_loaded(con: duckdb.DuckDBPyConnection, digest: str, seed_names: list[str]) -> bool:
    """True when the warehouse holds every seed table, loaded from seeds with this digest."""
    tables = {
        row[0]
        for row in con.execute(
            "select table_name from information_schema.tables where table_schema = 'reference'"
        ).fetchall()
    }
    if "seed_digest" not in tables or not set(seed_names) <= tables:
        return False
    row = con.execute(f"select digest from {DIGEST_TABLE}").fetchone()
    return row is not None and row[0] == digest


def record_seeds(con: duckdb.DuckDBPyConnection, digest: str) -> None:
    con.execute("create schema if not exists reference")
    con.execute(f"create or replace table {DIGEST_TABLE} as select ? as digest", [digest])
