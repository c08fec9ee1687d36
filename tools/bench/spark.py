"""The scale-out benchmark: the Spark path through Dagster at several sizes and Spark masters, beside DuckDB.

python -m tools.bench spark --sizes 1000 10000 --masters 'local[1]' 'local[2]'

Runs from the Spark environment (`make bench-spark`). For each size it generates the synthetic corpus
once; then for DuckDB and for each Spark master it ingests the corpus into a fresh warehouse (the log
is DuckDB's on either engine) and times the full build through Dagster in a child process: on Spark the
Parquet mirror, the extraction on Spark and dbt on Spark. Each engine has its own warehouse, so no run
reuses another's mirror or tables.
"""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dagster_project.settings import PROJECT_ROOT
from tools.bench.corpus import DEFAULT_SEED, generate_corpus
from tools.bench.harness import BenchConfig, Runner, ensure_bytecode, machine

Figures = dict[str, Any]
DUCKDB = "duckdb"


class EngineRunner(Runner):
    """A runner whose warehouse and dbt target belong to one engine (`duckdb` or a Spark master)."""

    def __init__(self, config: BenchConfig, raw: Path, engine: str) -> None:
        super().__init__(config)
        self.raw = raw
        self.engine = engine
        self.folder = config.workdir / _label(engine)
        self.logs = self.folder / "logs"

    def warehouse(self, repeat: int) -> Path:
        return self.folder / "warehouse.duckdb"

    def run_stage(self, kind: str) -> Figures:
        spark = self.engine != DUCKDB
        os.environ["DBT_TARGET"] = "spark" if spark else "dev"
        if spark:
            os.environ["SPARK_MASTER"] = self.engine
        return self.child(kind, f"{kind}-{_label(self.engine)}")

    # The dbt parse is `make spark-setup`'s (dbt/target-spark) or `make setup`'s: nothing to carry over.
    def _restore_parse(self, repeat: int) -> None:
        return None

    def _save_parse(self, repeat: int) -> None:
        return None


def _label(engine: str) -> str:
    return engine.replace("[", "").replace("]", "").replace("*", "all")


def run_engine(config: BenchConfig, raw: Path, engine: str) -> Figures:
    """Ingest into a fresh warehouse and build it on `engine`; the two stages' figures."""
    runner = EngineRunner(config, raw, engine)
    runner.logs.mkdir(parents=True, exist_ok=True)
    runner.say(f" {engine}")
    ingest = runner.run_stage("ingest")
    build = runner.run_stage("build")
    return {"engine": engine, "ingest": _stage(ingest), "build": _stage(build)}


def _stage(figures: Figures) -> Figures:
    kept = ("wall_s", "process_s", "cpu_s", "peak_rss_mb", "steps", "events_extracted")
    stage = {key: figures[key] for key in kept if key in figures}
    if "dbt" in figures:
        stage["dbt_elapsed_s"] = figures["dbt"]["elapsed_s"]
        stage["dbt_nodes"] = figures["dbt"]["nodes"]
    return stage


def run_spark_benchmark(sizes: list[int], masters: list[str], workdir: Path, seed: int = DEFAULT_SEED) -> Figures:
    """Every size on DuckDB and on each master; the figures as one JSON document."""
    ensure_bytecode()
    results = []
    for n in sorted(sizes):
        config = BenchConfig(n=n, seed=seed, workdir=workdir / f"N{n}", out=Path(os.devnull))
        Runner(config).prepare()
        raw = config.workdir / "raw"
        started = time.perf_counter()
        generate_corpus(raw, n, seed)
        print(f"N={n}: corpus generated in {time.perf_counter() - started:.1f} s", flush=True)
        results.append({"n": n, "engines": [run_engine(config, raw, engine) for engine in [DUCKDB, *masters]]})
    return {"created_at": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine(), "runs": results}


def render(figures: Figures) -> str:
    """One line per size and engine: the build's wall time and its steps."""
    header = f"{'N':>8}  {'engine':<10}{'ingest s':>10}{'build s':>9}{'  steps of the build (s)'}"
    lines = [header]
    for run in figures["runs"]:
        for engine in run["engines"]:
            steps = ", ".join(f"{name} {seconds:.1f}" for name, seconds in engine["build"].get("steps", {}).items())
            lines.append(
                f"{run['n']:>8}  {engine['engine']:<10}{engine['ingest']['wall_s']:>10.1f}"
                f"{engine['build']['wall_s']:>9.1f}  {steps}"
            )
    return "\n".join(lines)


def default_workdir() -> Path:
    return PROJECT_ROOT / "warehouse" / "bench" / "spark"


def write(figures: Figures, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
