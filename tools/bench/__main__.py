"""`python -m tools.bench`: run the benchmark, compare corpus sizes, or generate a corpus.

python -m tools.bench run --n 100000 [--repeat 3] [--out bench.json] [--workdir DIR]
python -m tools.bench compare --sizes 10000 100000 [--repeat 1] [--reuse]
python -m tools.bench generate --n 2000 DIR
python -m tools.bench report warehouse/bench/bench-N100000.json
python -m tools.bench spark --sizes 1000 10000 --masters 'local[1]' 'local[2]'   (from the Spark environment)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from dagster_project.settings import PROJECT_ROOT
from tools.bench import report
from tools.bench.corpus import DEFAULT_SEED, generate_corpus
from tools.bench.harness import BenchConfig, BenchError, default_out, default_workdir, run_benchmark


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.splitlines()[0])
    commands = main.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="generate N articles and measure every stage and floor")
    run.add_argument("--n", type=int, default=100_000)
    run.add_argument("--out", type=Path, default=None, help="JSON file (default: $BENCH_OUT or warehouse/bench/)")
    run.add_argument("--workdir", type=Path, default=None, help="corpus and warehouses (default: warehouse/bench/N<N>)")
    compare = commands.add_parser("compare", help="run several sizes and compare refresh and total cost")
    compare.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    compare.add_argument("--reuse", action="store_true", help="reuse existing warehouse/bench/bench-N<N>.json files")
    compare.add_argument(
        "--out", type=Path, default=None, help="comparison JSON (default: $BENCH_OUT or warehouse/bench/)"
    )
    for command in (run, compare):
        command.add_argument("--repeat", type=int, default=1, help="runs per stage; the report shows medians")
        command.add_argument("--seed", type=int, default=DEFAULT_SEED)
        command.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="generator processes")
        command.add_argument("--no-compile", action="store_true", help="skip byte-compiling the virtualenv first")
        command.add_argument(
            "--refresh-new",
            type=int,
            default=None,
            help="new articles of the refresh, a tenth as many revised (default: 1%% and 0.1%% of N)",
        )
    generate = commands.add_parser("generate", help="only write the synthetic corpus")
    generate.add_argument("--n", type=int, required=True)
    generate.add_argument("--seed", type=int, default=DEFAULT_SEED)
    generate.add_argument("directory", type=Path)
    spark = commands.add_parser("spark", help="the Spark path at several sizes and masters, beside DuckDB")
    spark.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    spark.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    spark.add_argument("--seed", type=int, default=DEFAULT_SEED)
    spark.add_argument("--workdir", type=Path, default=None, help="default: warehouse/bench/spark")
    spark.add_argument("--out", type=Path, default=None, help="JSON file (default: $BENCH_OUT or the workdir's)")
    show = commands.add_parser("report", help="print the tables of a benchmark JSON file")
    show.add_argument("json_file", type=Path)
    return main


def run_size(n: int, args: argparse.Namespace, out: Path | None = None, workdir: Path | None = None) -> dict:
    config = BenchConfig(
        n=n,
        repeat=args.repeat,
        seed=args.seed,
        workdir=(workdir or default_workdir(n)).resolve(),
        out=(out or default_out(n)).resolve(),
        workers=args.workers,
        compile=not args.no_compile,
        refresh_new=args.refresh_new,
    )
    figures = run_benchmark(config)
    print("\n" + report.render(figures) + f"\n\nfigures written to {config.out}\n", flush=True)
    return figures


def compare(args: argparse.Namespace) -> None:
    results = []
    for n in sorted(args.sizes):
        existing = default_out(n)
        if args.reuse and existing.exists():
            results.append(json.loads(existing.read_text(encoding="utf-8")))
        else:
            results.append(run_size(n, args))
    print(report.render_comparison(results))
    sizes = "-".join(f"N{r['n']}" for r in results)
    out = args.out or _env_path("BENCH_OUT") or PROJECT_ROOT / "warehouse" / "bench" / f"compare-{sizes}.json"
    summary = [
        {"n": r["n"], "ratios": r["ratios"], "stages": {k: v["wall_s"] for k, v in r["stages"].items()}}
        for r in results
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"\ncomparison written to {out}")


def run_spark(args: argparse.Namespace) -> None:
    from tools.bench import spark

    workdir = (args.workdir or spark.default_workdir()).resolve()
    figures = spark.run_spark_benchmark(args.sizes, args.masters, workdir, args.seed)
    out = args.out or _env_path("BENCH_OUT") or workdir / "bench-spark.json"
    spark.write(figures, out)
    print("\n" + spark.render(figures) + f"\n\nfigures written to {out}", flush=True)


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "run":
            run_size(args.n, args, args.out or _env_path("BENCH_OUT"), args.workdir)
        elif args.command == "compare":
            compare(args)
        elif args.command == "spark":
            run_spark(args)
        elif args.command == "generate":
            print(generate_corpus(args.directory, args.n, args.seed))
        else:
            print(report.render(json.loads(args.json_file.read_text(encoding="utf-8"))))
    except BenchError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
