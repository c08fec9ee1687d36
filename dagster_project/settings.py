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


# DBT_TARGET: `dev` (DuckDB, the default) or a Spark target (dbt-spark; the scale-out path of issue #15).
SPARK_TARGETS = ("spark", "spark_connect")


def dbt_target() -> str:
    """The dbt target the code location builds with (`DBT_TARGET`, default `dev`)."""
    return os.environ.get("DBT_TARGET") or "dev"


def on_spark() -> bool:
    """Whether the projections build on Spark (`DBT_TARGET` is a Spark target)."""
    return dbt_target() in SPARK_TARGETS


def parquet_mirror_dir(warehouse: Path | None = None) -> Path:
    """The Parquet mirror of the log that Spark reads (`PARQUET_MIRROR_DIR`, default `<warehouse dir>/parquet`)."""
    return _path_from_env("PARQUET_MIRROR_DIR", str((warehouse or warehouse_db()).parent / "parquet"))


def spark_scratch_dir(warehouse: Path | None = None) -> Path:
    """Spark's scratch folders (`SPARK_WORK_DIR`, default `<warehouse dir>/spark`)."""
    return _path_from_env("SPARK_WORK_DIR", str((warehouse or warehouse_db()).parent / "spark"))
