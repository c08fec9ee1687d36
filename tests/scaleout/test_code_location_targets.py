"""One code location, either target: on DuckDB nothing changes and pyspark is never imported; on Spark the
log's Parquet mirror and the Spark extraction feed the dbt assets, still without importing pyspark."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT

PROBE = """
import json, sys
from dagster_project.definitions import defs
graph = defs.resolve_asset_graph()
print(json.dumps({
    "pyspark": sorted(name for name in sys.modules if name.split(".")[0] == "pyspark"),
    "parents": {key.to_user_string(): sorted(p.to_user_string() for p in graph.get(key).parent_keys)
                for key in graph.get_all_asset_keys()},
    "groups": sorted({graph.get(key).group_name for key in graph.get_all_asset_keys()}),
    "ops": sorted(node.name for node in defs.resolve_implicit_global_asset_job_def().graph.node_defs),
}))
"""


def load_code_location(env: dict[str, str]) -> dict:
    """Import the code location in a fresh interpreter; what it loaded and its asset graph."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_default_target_never_imports_pyspark() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DBT_TARGET", "SPARK_VENV")}
    loaded = load_code_location(env)
    assert loaded["pyspark"] == []
    assert "engagement_extraction" in loaded["ops"] and "spark_extraction" not in loaded["ops"]
    assert "scaleout" not in loaded["groups"]
    assert loaded["parents"]["staging/stg_events__article_events"] == ["events/article_events"]


def test_the_spark_target_mirrors_the_log_and_extracts_on_spark(tmp_path: Path) -> None:
    """With DBT_TARGET=spark, on a manifest parsed into its own target path."""
    target = tmp_path / "target-spark"
    target.mkdir()
    shutil.copy(PROJECT_ROOT / "dbt" / "target" / "manifest.json", target / "manifest.json")
    env = {
        **os.environ,
        "DBT_TARGET": "spark",
        "DBT_TARGET_PATH": str(target),
        "SPARK_VENV": str(Path(sys.executable).parent.parent),  # any environment with a dbt: only loaded here
    }
    loaded = load_code_location(env)
    parents = loaded["parents"]
    assert loaded["pyspark"] == [], "the Spark extraction runs as a process of the Spark environment"
    assert parents["parquet/events/article_events"] == ["events/article_events"]
    assert parents["extraction/processed_events"] == [
        "parquet/events/article_events",
        "parquet/events/legacy_article_keys",
    ]
    assert parents["staging/stg_events__article_events"] == ["parquet/events/article_events"]
    assert parents["staging/stg_extraction__processed_events"] == ["extraction/processed_events"]
    assert loaded["ops"] == ["events__article_events", "parquet_mirror", "spark_extraction", "warehouse_dbt_assets"]
    assert "publish" not in loaded["groups"], "analytics.duckdb is published from the DuckDB build only"
