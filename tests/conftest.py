"""Shared fixtures: paths, the labelled corpus, and a warehouse built once through Dagster."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from dagster_project.defs.resources import build_resources

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RAW_SAMPLE = PROJECT_ROOT / "raw"
SHARED_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
SEED_ARTICLE = SHARED_CORPUS / "seed" / "000_9c9e8ef1097f156a.txt"


def require_shared_seed() -> Path:
    if not SEED_ARTICLE.exists():
        pytest.skip(f"the labelled sample article is not present at {SEED_ARTICLE} (../shared is absent)")
    return SEED_ARTICLE


def materialize_all(
    raw_dir: Path, warehouse: Path, run_config: dict[str, Any] | None = None
) -> dg.ExecuteInProcessResult:
    """Materialize every asset of the code location through Dagster, as `make run` does."""
    from dagster_project.definitions import defs

    job = defs.resolve_implicit_global_asset_job_def()
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(
            instance=instance, resources=build_resources(raw_dir, warehouse), run_config=run_config or {}
        )
    assert result.success
    return result


@pytest.fixture(scope="session")
def pipeline_raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped sample corpus, plus the labelled sample article when ../shared is present."""
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(RAW_SAMPLE, raw, dirs_exist_ok=True)
    if SEED_ARTICLE.exists():
        (raw / "labelled").mkdir()
        shutil.copy(SEED_ARTICLE, raw / "labelled" / SEED_ARTICLE.name)
    return raw


@pytest.fixture(scope="session")
def built_warehouse(pipeline_raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    warehouse = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    materialize_all(pipeline_raw_dir, warehouse)
    yield warehouse


@pytest.fixture
def warehouse_con(built_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(built_warehouse), read_only=True)
    try:
        yield con
    finally:
        con.close()


def rebuild_config(full_refresh: bool = False, as_of_position: int | None = None, as_of: str | None = None) -> dict:
    """Run config for a full rebuild of the projections, or a build as of a past point of the log."""
    dbt = {"full_refresh": full_refresh, "as_of_position": as_of_position, "as_of": as_of}
    return {
        "ops": {
            "warehouse_dbt_assets": {"config": dbt},
            "engagement_extraction": {"config": {"full_refresh": full_refresh}},
        }
    }


def mart_fingerprints(warehouse: Path) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent digest of every table in the marts schema."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        prints = {}
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            prints[table] = con.execute(
                f"select count(*), coalesce(md5(string_agg(row_text, chr(10) order by row_text)), '') "
                f"from (select cast(t as varchar) as row_text from marts.{quoted} as t)"
            ).fetchone()
        return prints
    finally:
        con.close()
