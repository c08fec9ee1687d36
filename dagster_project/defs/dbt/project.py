"""The one dbt project of the code location, built with the target DBT_TARGET names.

On a Spark target the manifest lives in its own folder (`dbt/target-spark`, or DBT_TARGET_PATH as dbt
reads it; parsed with `DBT_TARGET=spark DBT_TARGET_PATH=target-spark dbt parse`), so the DuckDB manifest
is never overwritten.
"""

import os
from pathlib import Path

from dagster_dbt import DbtProject

from dagster_project.settings import DBT_PROJECT_DIR, dbt_target, on_spark

SPARK_TARGET_PATH = Path(os.environ.get("DBT_TARGET_PATH") or "target-spark")

dbt_project = (
    DbtProject(
        project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target=dbt_target(), target_path=SPARK_TARGET_PATH
    )
    if on_spark()
    else DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
)
