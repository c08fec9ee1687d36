"""SQL on the warehouse dbt built on Spark: queries answered as JSON, or Spark's own interactive SQL prompt.

A Spark job (it imports pyspark), run as a process of the Spark environment. Both modes open the
metastore and warehouse folder of `SPARK_WORK_DIR` (default `<dir of WAREHOUSE_DB>/spark`) with the
settings dbt's `spark` target uses (`spark_env.warehouse_spark_conf`). Derby's metastore admits one
process at a time: neither runs while a build does.

    python -m dagster_project.scaleout.spark_sql query < queries.json   (a JSON list of SQL texts)
    python -m dagster_project.scaleout.spark_sql shell                  (`make sql` on a Spark target)
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
import sys
from pathlib import Path

from pyspark.sql import SparkSession

from dagster_project import settings
from dagster_project.scaleout.spark_env import warehouse_spark_conf


def warehouse_session(work_dir: Path) -> SparkSession:
    builder = SparkSession.builder.appName("news-warehouse-sql")
    for key, value in warehouse_spark_conf(work_dir).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def answer(session: SparkSession, queries: list[str]) -> list[list[list[object]]]:
    """The rows of each query, with dates and decimals as JSON can hold them."""
    return [[[_plain(value) for value in row] for row in session.sql(query).collect()] for query in queries]


def _plain(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def shell_command(work_dir: Path) -> list[str]:
    """Spark's `spark-sql` prompt (from pyspark's own distribution) on the warehouse's metastore."""
    import pyspark

    spark_sql = Path(pyspark.__file__).parent / "bin" / "spark-sql"
    conf = warehouse_spark_conf(work_dir)
    command = [str(spark_sql), "--master", conf.pop("spark.master"), "--database", "marts"]
    command += ["--driver-java-options", conf.pop("spark.driver.extraJavaOptions")]
    for key, value in conf.items():
        command += ["--conf", f"{key}={value}"]
    return command


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    work_dir = settings.spark_scratch_dir()
    if args == ["shell"]:
        command = shell_command(work_dir)
        os.execv(command[0], command)
    if args != ["query"]:
        print("usage: python -m dagster_project.scaleout.spark_sql query|shell", file=sys.stderr)
        return 2
    queries = json.load(sys.stdin)
    session = warehouse_session(work_dir)
    try:
        print(json.dumps(answer(session, queries)))
    finally:
        session.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
