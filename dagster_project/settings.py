"""Paths and settings of the project, read from environment variables with sensible defaults."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt"
SEEDS_DIR = PROJECT_ROOT / "seeds"


def _path_from_env(name: str, default: str) -> Path:
    value = os.environ.get(name) or default
    path = Path(value).expanduser()
    return path if path.is_absolute() else (Path.cwd() / path).resolve()


def raw_dir() -> Path:
    """Folder that raw articles land in (`RAW_DIR`, default `raw/`)."""
    return _path_from_env("RAW_DIR", str(PROJECT_ROOT / "raw"))


def warehouse_db() -> Path:
    """The DuckDB warehouse file (`WAREHOUSE_DB`, default `warehouse/warehouse.duckdb`)."""
    return _path_from_env("WAREHOUSE_DB", str(PROJECT_ROOT / "warehouse" / "warehouse.duckdb"))
