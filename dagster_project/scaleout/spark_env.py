"""Where the Spark environment is, and how its processes are called, without importing pyspark here.

The default environment never holds pyspark. The Spark extraction and dbt on Spark run as processes
of the Spark environment: `SPARK_VENV` if set, else this interpreter's when it has pyspark, else
`<project>/.venv-spark` (`make` builds it from the same lock).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from dagster_project.settings import PROJECT_ROOT, parquet_mirror_dir, spark_scratch_dir


def spark_env_bin() -> Path:
    """The `bin/` folder of the Spark environment."""
    explicit = os.environ.get("SPARK_VENV")
    if explicit:
        return Path(explicit).expanduser().resolve() / "bin"
    if importlib.util.find_spec("pyspark") is not None:  # finds, never imports
        return Path(sys.executable).parent
    return PROJECT_ROOT / ".venv-spark" / "bin"


def spark_process_env(warehouse: Path) -> dict[str, str]:
    """Environment variables of a Spark-side process: this checkout's code first on the path, and the
    mirror and scratch folders of this warehouse, always explicit."""
    path = os.environ.get("PYTHONPATH")
    return {
        "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), *([path] if path else [])]),
        "WAREHOUSE_DB": str(warehouse.resolve()),
        "PARQUET_MIRROR_DIR": str(parquet_mirror_dir(warehouse)),
        "SPARK_WORK_DIR": str(spark_scratch_dir(warehouse)),
    }


def warehouse_spark_conf(work_dir: Path, master: str | None = None) -> dict[str, str]:
    """The settings of a Spark session that reads the tables dbt built on the `spark` target: the same
    warehouse folder and Derby metastore under `work_dir` as dbt/profiles.yml gives dbt, in UTC."""
    work_dir = work_dir.resolve()
    return {
        "spark.master": master or os.environ.get("SPARK_MASTER") or "local[2]",
        "spark.sql.catalogImplementation": "hive",
        "spark.sql.warehouse.dir": str(work_dir / "spark-warehouse"),
        "spark.local.dir": str(work_dir / "tmp"),
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={work_dir} "
        f"-Dderby.stream.error.file={work_dir}/derby.log",
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
    }
