"""Dagster resources: the DuckDB warehouse, the raw folder and the dbt CLI."""

from __future__ import annotations

import importlib.metadata
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource
from packaging import version

from dagster_project import settings
from dagster_project.defs.dbt.project import dbt_project
from dagster_project.scaleout.spark_env import spark_env_bin


class WarehouseResource(dg.ConfigurableResource):
    """The embedded DuckDB warehouse file; one writing connection at a time."""

    path: str
    threads: int = 2
    memory_limit: str = "2GB"
    # Checkpoint once per large ingest rather than after every batch (the WAL keeps commits durable).
    wal_autocheckpoint: str = "1GB"

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        config = {
            "threads": self.threads,
            "memory_limit": self.memory_limit,
            "wal_autocheckpoint": self.wal_autocheckpoint,
        }
        con = duckdb.connect(self.path, config=config)
        try:
            yield con
            con.execute("checkpoint")
        finally:
            con.close()

    @contextmanager
    def connect_read_only(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection (checks): opens while no other process writes the file."""
        con = duckdb.connect(self.path, read_only=True, config={"threads": self.threads})
        try:
            yield con
        finally:
            con.close()

    def export_for_dbt(self) -> None:
        """dbt's profile reads the warehouse path from the environment: point it at this file."""
        os.environ["WAREHOUSE_DB"] = str(Path(self.path).resolve())


class RawFolderResource(dg.ConfigurableResource):
    """The landing folder for raw article files."""

    path: str

    @property
    def directory(self) -> Path:
        return Path(self.path)


def worker_count() -> int:
    """Processes for parsing and extraction (`WORKERS`, default: the machine's cores)."""
    return max(1, int(os.environ.get("WORKERS") or os.cpu_count() or 1))


def dbt_executable() -> str:
    """The dbt of this environment, so the code location works without an activated virtualenv; on a Spark
    target, the Spark environment's (dbt-spark lives there only)."""
    beside_python = (spark_env_bin() if settings.on_spark() else Path(sys.executable).parent) / "dbt"
    return str(beside_python) if beside_python.exists() else "dbt"


class WarehouseDbtResource(DbtCliResource):
    """dbt's CLI, with less fixed cost per invocation than dagster-dbt's default (about 3.5 s less):

    - no in-process dbt adapter: it only serves `fetch_row_counts` and `fetch_column_metadata`,
      which cannot read a DuckDB file while the dbt process holds its write lock (the dbt asset
      measures the tables after dbt exits instead);
    - the version of the dbt-core installed beside this Python, instead of running `dbt --version`
      in a subprocess for each invocation."""

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        return None

    @property
    def _cli_version(self) -> version.Version:  # type: ignore[override]
        if Path(self.dbt_executable).parent == Path(sys.executable).parent:
            return version.parse(importlib.metadata.version("dbt-core"))
        return super()._cli_version


def build_resources(raw_dir: Path | None = None, warehouse_db: Path | None = None) -> dict[str, object]:
    """Resources of the code location; the defaults come from RAW_DIR and WAREHOUSE_DB."""
    return {
        "warehouse": WarehouseResource(
            path=str(warehouse_db or settings.warehouse_db()),
            threads=int(os.environ.get("DUCKDB_THREADS", "2")),
            memory_limit=os.environ.get("DUCKDB_MEMORY_LIMIT", "2GB"),
        ),
        "raw_folder": RawFolderResource(path=str(raw_dir or settings.raw_dir())),
        "dbt": WarehouseDbtResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    }
