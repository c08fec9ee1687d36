"""The warehouse built through Dagster on Spark equals DuckDB's build of the same log, relation for relation.

Runs under the Spark environment (`make test-spark`). A raw folder (the shipped sample and synthetic
articles) is built as `make run` builds it, first on DuckDB (`DBT_TARGET=dev`), then, on a copy of that
warehouse so that both read the same log, on Spark (`DBT_TARGET=spark`): ingest (nothing new), the Parquet
mirror, the extraction on Spark and dbt on Spark with its data tests. Then every model and seed relation
Spark built is read out and compared with DuckDB's (same columns, same types, same rows: EXCEPT ALL both
ways), the extraction on Spark with DuckDB's, and dbt's unit tests run on Spark.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip(
    "pyspark", reason="pyspark is not importable: these tests run under the Spark environment (make test-spark)"
)

from dagster_project.scaleout.compare import compare_extraction
from dagster_project.scaleout.spark_env import spark_env_bin, spark_process_env
from dagster_project.settings import DBT_PROJECT_DIR, parquet_mirror_dir, spark_scratch_dir
from tests.conftest import PROJECT_ROOT, RAW_SAMPLE
from tools.bench.corpus import generate_corpus
from tools.spark_parity import compare

SYNTHETIC_ARTICLES = 400
BUILD_TIMEOUT_S = 900
SPARK_PATHS = ("PARQUET_MIRROR_DIR", "SPARK_WORK_DIR", "SPARK_REMOTE")


def run(command: list[str], env: dict[str, str], cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess[str]:
    """A process of this (the Spark) environment, its output captured."""
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, check=False
    )


def without_spark_paths(env: dict[str, str]) -> dict[str, str]:
    """The environment with no Spark folder set: each warehouse's own (beside it) is used."""
    return {key: value for key, value in env.items() if key not in SPARK_PATHS}


def launch_run(raw: Path, warehouse: Path, home: Path, target: str) -> None:
    """`make run`'s build (`python -m dagster_project.defs.launch run`) on the dbt target `target`."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    env = without_spark_paths({**os.environ, "RAW_DIR": str(raw), "WAREHOUSE_DB": str(warehouse)})
    env.update(DAGSTER_HOME=str(home), DBT_TARGET=target, RUN_LOG_LEVEL="WARNING")
    done = run([sys.executable, "-m", "dagster_project.defs.launch", "run"], env)
    assert done.returncode == 0, f"the {target} build failed:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """DuckDB's warehouse and the Spark build's (a copy of DuckDB's log, built on Spark)."""
    root = tmp_path_factory.mktemp("spark_warehouse")
    raw = root / "raw"
    shutil.copytree(RAW_SAMPLE, raw)
    generate_corpus(raw / "synthetic", SYNTHETIC_ARTICLES)
    duckdb_warehouse = root / "duckdb" / "warehouse.duckdb"
    duckdb_warehouse.parent.mkdir()
    launch_run(raw, duckdb_warehouse, root / "home-duckdb", "dev")
    spark_warehouse = root / "spark" / "warehouse.duckdb"
    spark_warehouse.parent.mkdir()
    shutil.copy(duckdb_warehouse, spark_warehouse)
    launch_run(raw, spark_warehouse, root / "home-spark", "spark")
    return duckdb_warehouse, spark_warehouse


@pytest.fixture(scope="module")
def spark_relations(builds: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every relation Spark built, written out as Parquet by a reader of the build's metastore (a process of
    its own: Derby's metastore stays booted in the JVM of the process that opened it)."""
    _, spark_warehouse = builds
    out = tmp_path_factory.mktemp("spark_relations")
    command = [sys.executable, "-m", "tools.spark_parity", "spark-dump", str(spark_scratch_dir(spark_warehouse))]
    done = run([*command, str(out)], dict(os.environ))
    assert done.returncode == 0, done.stderr[-5000:]
    assert "marts.mart_engagement_frequency_by_topic" in done.stdout.split()
    return out


def test_every_relation_built_on_spark_equals_duckdbs(builds: tuple[Path, Path], spark_relations: Path) -> None:
    duckdb_warehouse, _ = builds
    assert compare(duckdb_warehouse, spark_relations) == []
    marts = {folder.name for folder in (spark_relations / "marts").iterdir()}
    assert {"fct_engagements", "dim_actor", "mart_engagement_frequency_by_country_pair"} <= marts


def test_the_extraction_on_spark_equals_duckdbs(builds: tuple[Path, Path]) -> None:
    duckdb_warehouse, spark_warehouse = builds
    differences = compare_extraction(duckdb_warehouse, parquet_mirror_dir(spark_warehouse))
    assert [d for d in differences if not d.equal] == []
    assert {d.table: d.duckdb_rows for d in differences}["engagement_mentions"] > SYNTHETIC_ARTICLES / 2


def test_dbt_unit_tests_pass_on_spark(builds: tuple[Path, Path], spark_relations: Path) -> None:
    _, spark_warehouse = builds
    env = {**os.environ, **spark_process_env(spark_warehouse), "DBT_TARGET": "spark"}
    target = spark_warehouse.parent / "dbt-unit-tests"
    command = [str(spark_env_bin() / "dbt"), "test", "--select", "test_type:unit", "--profiles-dir", "."]
    done = run([*command, "--target-path", str(target)], env, cwd=DBT_PROJECT_DIR)
    assert done.returncode == 0, done.stdout[-5000:]
    summary = re.search(r"PASS=(\d+) WARN=\d+ ERROR=(\d+)", done.stdout)
    assert summary and int(summary[1]) > 0 and summary[2] == "0", done.stdout[-2000:]


def summary_lines(warehouse: Path, target: str) -> list[str]:
    """What `make run` prints at its end (the log, the marts' counts, the topic mart's latest months)."""
    env = without_spark_paths({**os.environ, "WAREHOUSE_DB": str(warehouse), "DBT_TARGET": target})
    done = run([sys.executable, "-m", "dagster_project.analytics.summary"], env)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  event log:"))
    end = next(i for i, line in enumerate(lines) if line.startswith("For analysts"))
    return lines[start:end]


def test_make_runs_summary_reads_the_marts_built_on_spark(builds: tuple[Path, Path], spark_relations: Path) -> None:
    duckdb_warehouse, spark_warehouse = builds
    on_spark = summary_lines(spark_warehouse, "spark")
    assert on_spark == summary_lines(duckdb_warehouse, "dev")
    assert sum(1 for line in on_spark if line.startswith("  20")) > 5
