"""Run the whole benchmark: generate the corpus, run each stage and floor in a child process.

Order: generate N articles; floor `read` (REPEAT times); parse the dbt project for each repeat's
warehouse path (setup, as `make setup` does for the deployment's); per repeat `ingest` then `build`
into a fresh warehouse; floors `dbt-noop` and `scan` against the first warehouse; add 1% new articles and
revise 0.1%; per repeat `refresh` of that repeat's warehouse. Medians over repeats; every run is
kept in the JSON. The parent process never imports Dagster.
"""

from __future__ import annotations

import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from dagster_project.analytics.dbt_target import PARTIAL_PARSE
from dagster_project.settings import DBT_PROJECT_DIR, PROJECT_ROOT
from tools.bench.corpus import DEFAULT_SEED, apply_refresh_changes, generate_corpus, refresh_change_counts
from tools.bench.floors import dbt_executable

Figures = dict[str, Any]
STAGES = ("ingest", "build", "refresh")
FLOORS = {"read_raw": "read", "dbt_noop": "dbt-noop", "scan": "scan"}
VERSIONED = ("dagster", "dagster-dbt", "dbt-core", "dbt-duckdb", "duckdb")
PROJECT_PARSE = DBT_PROJECT_DIR / "target" / PARTIAL_PARSE


class BenchError(RuntimeError):
    """A stage or floor failed; the message names its log file."""


@dataclass
class BenchConfig:
    n: int
    repeat: int = 1
    seed: int = DEFAULT_SEED
    workdir: Path = field(default_factory=Path)
    out: Path = field(default_factory=Path)
    workers: int = 2
    verbose: bool = True
    compile: bool = True
    # New articles of the refresh; None: 1% of N (and 0.1% revised). A fixed number compares sizes on the
    # same change, as the refresh goal does (+1,000 new articles on 10k and on 100k).
    refresh_new: int | None = None


def ensure_bytecode() -> float:
    """Byte-compile the virtualenv and the project once, so that every measured process imports from
    cached bytecode as a deployed service does (a no-op when done; PYTHONDONTWRITEBYTECODE=1 would
    otherwise make each process compile Dagster and dbt from source, seconds per process)."""
    started = time.perf_counter()
    for folder in (sysconfig.get_paths()["purelib"], PROJECT_ROOT / "dagster_project", PROJECT_ROOT / "tools"):
        compileall.compile_dir(str(folder), quiet=2, workers=min(2, os.cpu_count() or 1))
    return time.perf_counter() - started


def default_workdir(n: int) -> Path:
    return PROJECT_ROOT / "warehouse" / "bench" / f"N{n}"


def default_out(n: int) -> Path:
    return PROJECT_ROOT / "warehouse" / "bench" / f"bench-N{n}.json"


class Runner:
    """Paths of one benchmark run and the child processes that measure it."""

    def __init__(self, config: BenchConfig) -> None:
        self.config = config
        self.raw = config.workdir / "raw"
        self.logs = config.workdir / "logs"

    def warehouse(self, repeat: int) -> Path:
        return self.config.workdir / ("warehouse.duckdb" if repeat == 0 else f"warehouse-{repeat + 1}.duckdb")

    def discard(self, repeat: int) -> None:
        """Remove the warehouse of a later repeat once it has been measured."""
        path = self.warehouse(repeat)
        for leftover in (path, path.with_name(path.name + ".wal")):
            leftover.unlink(missing_ok=True)

    def prepare(self) -> None:
        """Start from an empty work folder (the corpus is regenerated every run: it is cheap)."""
        shutil.rmtree(self.config.workdir, ignore_errors=True)
        self.logs.mkdir(parents=True)

    def child(self, kind: str, label: str, repeat: int = 0) -> Figures:
        """Run one stage or floor in a fresh Python process; its figures come back as JSON."""
        self._restore_parse(repeat)
        try:
            return self._child(kind, label, repeat)
        finally:
            self._save_parse(repeat)

    # dbt keys its partial parse on the warehouse path and each repeat has its own warehouse file:
    # each repeat keeps its own parse, as a deployment with one warehouse path would.
    def _parse_of(self, repeat: int) -> Path:
        return self.config.workdir / f"partial_parse-{repeat + 1}.msgpack"

    def _restore_parse(self, repeat: int) -> None:
        saved = self._parse_of(repeat)
        if saved.exists():
            shutil.copyfile(saved, PROJECT_PARSE)
            shutil.copyfile(saved, self.config.workdir / PARTIAL_PARSE)

    def prime_parse(self, repeat: int) -> float:
        """Parse the dbt project with this repeat's warehouse path before its stages, as `make setup` parses it
        with the deployment's (setup, not measured); the seconds it took."""
        target = self.config.workdir / f"parse-{repeat + 1}"
        env = {**os.environ, "WAREHOUSE_DB": str(self.warehouse(repeat)), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        command = [dbt_executable(), "parse", "--quiet", "--profiles-dir", "."]
        started = time.perf_counter()
        completed = subprocess.run(
            [*command, "--target-path", str(target)], cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True
        )
        if completed.returncode != 0:
            raise BenchError(f"dbt parse failed (exit {completed.returncode}):\n{completed.stdout[-3000:]}")
        shutil.copyfile(target / PARTIAL_PARSE, self._parse_of(repeat))
        shutil.rmtree(target, ignore_errors=True)
        return time.perf_counter() - started

    def _save_parse(self, repeat: int) -> None:
        if PROJECT_PARSE.exists():
            shutil.copyfile(PROJECT_PARSE, self._parse_of(repeat))

    def _child(self, kind: str, label: str, repeat: int) -> Figures:
        result, log = self.logs / f"{label}.json", self.logs / f"{label}.log"
        command = [sys.executable, "-m", "tools.bench.child", kind, "--raw", str(self.raw)]
        command += ["--warehouse", str(self.warehouse(repeat)), "--workdir", str(self.config.workdir)]
        command += ["--result", str(result)]
        env = {**os.environ, "RAW_DIR": str(self.raw), "WAREHOUSE_DB": str(self.warehouse(repeat))}
        env["DAGSTER_DISABLE_TELEMETRY"] = "1"
        started = time.perf_counter()
        with log.open("w", encoding="utf-8") as handle:
            completed = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, env=env, cwd=PROJECT_ROOT)
        process = time.perf_counter() - started
        if completed.returncode != 0 or not result.exists():
            tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise BenchError(f"{label} failed (exit {completed.returncode}); log: {log}\n{tail}")
        figures = json.loads(result.read_text(encoding="utf-8"))
        figures["process_s"] = round(process, 3)
        self.say(f"  {label:<14} {figures['wall_s']:>9.2f} s   (process {process:.1f} s)")
        return figures

    def say(self, line: str) -> None:
        if self.config.verbose:
            print(line, flush=True)


def run_benchmark(config: BenchConfig) -> Figures:
    """Run every stage and floor, write the JSON to `config.out` and return the figures."""
    runner = Runner(config)
    runner.prepare()
    runner.say(f"benchmark N={config.n} repeat={config.repeat} in {config.workdir}")
    load_before = os.getloadavg()[0]
    compile_s = ensure_bytecode() if config.compile else 0.0
    runner.say(f"  byte-compiled  {compile_s:>9.2f} s")
    started = time.perf_counter()
    corpus = asdict(generate_corpus(runner.raw, config.n, config.seed, workers=config.workers))
    corpus["generate_s"] = round(time.perf_counter() - started, 3)
    runner.say(f"  generated      {corpus['generate_s']:>9.2f} s   ({corpus['articles']} articles)")
    runs: dict[str, list[Figures]] = {name: [] for name in (*STAGES, *FLOORS)}
    repeats = range(config.repeat)
    runs["read_raw"] = [runner.child("read", f"read_raw-{r + 1}") for r in repeats]
    parse_s = [runner.prime_parse(r) for r in repeats]
    runner.say(f"  dbt parse      {sum(parse_s):>9.2f} s   (setup: one parse per repeat's warehouse path)")
    for r in repeats:
        runs["ingest"].append(runner.child("ingest", f"ingest-{r + 1}", r))
        runs["build"].append(runner.child("build", f"build-{r + 1}", r))
    runs["dbt_noop"] = [runner.child("dbt-noop", f"dbt_noop-{r + 1}") for r in repeats]
    runs["scan"] = [runner.child("scan", f"scan-{r + 1}") for r in repeats]
    changes = asdict(apply_refresh_changes(runner.raw, config.n, config.seed, config.refresh_new))
    runner.say(f"  changed        {changes['new_articles']} new, {changes['revised_articles']} revised articles")
    for r in repeats:
        runs["refresh"].append(runner.child("refresh", f"refresh-{r + 1}", r))
        if r > 0:
            runner.discard(r)
    figures = assemble(config, runner, corpus, changes, runs)
    figures["machine"]["compile_s"] = round(compile_s, 3)
    figures["machine"]["dbt_parse_s"] = [round(seconds, 3) for seconds in parse_s]
    figures["machine"]["loadavg_1m"] = {"start": round(load_before, 2), "end": round(os.getloadavg()[0], 2)}
    config.out.parent.mkdir(parents=True, exist_ok=True)
    config.out.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
    return figures


def assemble(
    config: BenchConfig, runner: Runner, corpus: Figures, changes: Figures, runs: dict[str, list[Figures]]
) -> Figures:
    """The JSON document: medians per stage and floor, ratios, targets and the log's event counts."""
    changed = changes["new_articles"] + changes["revised_articles"]
    articles = {"ingest": config.n, "build": config.n, "refresh": changed, "read_raw": config.n, "scan": config.n}
    summary = {name: with_rate(median_figures(items), articles.get(name)) for name, items in runs.items()}
    stages = {name: summary[name] for name in STAGES}
    floors = {name: summary[name] for name in FLOORS}
    ratios = compute_ratios(stages, floors)
    return {
        "n": config.n,
        "seed": config.seed,
        "repeat": config.repeat,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "corpus": corpus,
        "changes": changes,
        "stages": stages,
        "floors": floors,
        "ratios": ratios,
        "targets": targets(config.n, stages, ratios, changes["new_articles"]),
        "events": event_counts(runner.warehouse(0), config.n, config.refresh_new),
        "paths": {"workdir": str(config.workdir), "raw": str(runner.raw), "warehouse": str(runner.warehouse(0))},
    }


def median_figures(runs: list[Figures]) -> Figures:
    """The first run's figures with every number (also in nested dicts) replaced by the median."""
    merged = _median_dict(runs)
    merged["runs"] = runs
    return merged


def _median_dict(runs: list[Figures]) -> Figures:
    merged = dict(runs[0])
    for key, value in runs[0].items():
        values = [run.get(key) for run in runs]
        if _is_number(value) and all(_is_number(v) for v in values):
            middle = statistics.median(values)
            whole = all(isinstance(v, int) for v in values) and middle == int(middle)
            merged[key] = int(middle) if whole else round(middle, 3)
        elif isinstance(value, dict) and all(isinstance(v, dict) for v in values):
            merged[key] = _median_dict(values)
    return merged


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def with_rate(figures: Figures, articles: int | None) -> Figures:
    figures["articles"] = articles
    wall = figures.get("wall_s") or 0
    figures["articles_per_s"] = round(articles / wall, 1) if articles and wall else None
    return figures


def compute_ratios(stages: dict[str, Figures], floors: dict[str, Figures]) -> Figures:
    total = stages["ingest"]["wall_s"] + stages["build"]["wall_s"]
    floors_sum = sum(f["wall_s"] for f in floors.values())
    return {
        "total_s": round(total, 3),
        "total_process_s": round(stages["ingest"]["process_s"] + stages["build"]["process_s"], 3),
        "floors_sum_s": round(floors_sum, 3),
        "total_vs_floors": round(total / floors_sum, 2) if floors_sum else None,
        "refresh_s": stages["refresh"]["wall_s"],
        "refresh_vs_dbt_noop": round(stages["refresh"]["wall_s"] / floors["dbt_noop"]["wall_s"], 2),
        "peak_rss_mb": max(s["peak_rss_mb"] for s in stages.values()),
    }


def targets(n: int, stages: dict[str, Figures], ratios: Figures, new_articles: int) -> list[Figures]:
    """The goals of issue 5 that one run can check (time goals are defined at N=100,000)."""
    at_100k = n == 100_000
    checks = [
        ("raw to all marts (ingest + full build) at N=100000", ratios["total_s"], "s", 45, at_100k),
        ("total within 3x the sum of floors", ratios["total_vs_floors"], "x", 3, True),
        (f"refresh after +{new_articles} new articles at N=100000", ratios["refresh_s"], "s", 15, at_100k),
        ("peak memory of any stage", ratios["peak_rss_mb"], "MB", 4096, True),
    ]
    return [
        {"goal": goal, "value": value, "unit": unit, "limit": limit, "met": (value <= limit) if applies else None}
        for goal, value, unit, limit, applies in checks
    ]


def event_counts(warehouse: Path, n: int, refresh_new: int | None = None) -> Figures:
    """Events of the log by type and the rejections, with what the refresh should have produced, and
    whether the extraction caught up with the log (otherwise the stages did not do all the work)."""
    import duckdb

    new, revised = refresh_change_counts(n, refresh_new)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        counts = dict(con.execute("select event_type, count(*) from events.article_events group by 1").fetchall())
        rejections = con.execute("select count(*) from events.rejections").fetchone()[0]
        extracted = con.execute("select count(*) from extraction.processed_events").fetchone()[0]
    finally:
        con.close()
    content_events = counts.get("ArticlePublished", 0) + counts.get("ArticleRevised", 0)
    return {
        "by_type": counts,
        "rejections": rejections,
        "expected": {"ArticlePublished": n + new, "ArticleRevised": revised},
        "extracted": extracted,
        "extraction_complete": extracted == content_events,
    }


def machine() -> Figures:
    versions = {}
    for name in VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(), **versions}
