"""Dagster resources: the DuckDB warehouse, the raw folder and the dbt CLI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource

from dagster_project import settings
from dagster_project.project import dbt_project


class WarehouseResource(dg.ConfigurableResource):
    """The embedded DuckDB warehouse file; one writing connection at a time."""

    path: str
    threads: int = 2
    memory_limit: str = "4GB"

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(self.path, config={"threads": self.threads, "memory_limit": self.memory_limit})
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


def build_resources() -> dict[str, object]:
    return {
        "warehouse": WarehouseResource(
            path=str(settings.warehouse_db()),
            threads=int(os.environ.get("DUCKDB_THREADS", "2")),
            memory_limit=os.environ.get("DUCKDB_MEMORY_LIMIT", "4GB"),
        ),
        "raw_folder": RawFolderResource(path=str(settings.raw_dir())),
        "dbt": DbtCliResource(project_dir=dbt_project),
    }
