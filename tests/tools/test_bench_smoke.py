"""Smoke check of the benchmark harness (`make bench`): no time assertions, only that it measures.

The corpus generator is deterministic and its articles are all accepted by the ingest; a run at
N=2000 reports every stage and floor with positive figures, and its refresh appends 1% new and 0.1%
revised articles to the log.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

from dagster_project.ingest.articles import Rejection, parse_raw_file
from dagster_project.ingest.pipeline import scan_raw_folder
from tools.bench.corpus import apply_refresh_changes, generate_corpus
from tools.bench.harness import BenchConfig, run_benchmark

N = 2000
POSITIVE = ("wall_s", "process_s", "peak_rss_mb", "cpu_s")


def digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        sha.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def test_corpus_is_deterministic_and_accepted(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    stats = generate_corpus(first, 300)
    generate_corpus(second, 300)
    assert digest(first) == digest(second)
    assert stats.articles == 300 and stats.feed_files > 0 and stats.text_files > 0
    assert 2000 < stats.bytes / stats.articles < 3200
    changes = apply_refresh_changes(first, 300)
    assert (changes.new_articles, changes.revised_articles) == (3, 1)
    records = [r for stamp in scan_raw_folder(first) for r in parse_raw_file(first / stamp.source_path, first)]
    assert not [r for r in records if isinstance(r, Rejection)]
    assert len({r.article_key for r in records}) == 303


def test_refresh_of_a_fixed_size_whatever_the_corpus(tmp_path: Path) -> None:
    """`--refresh-new K` compares sizes on one change: K new articles and a tenth as many revised."""
    generate_corpus(tmp_path, 200)
    before = {stamp.source_path: stamp for stamp in scan_raw_folder(tmp_path)}
    changes = apply_refresh_changes(tmp_path, 200, new=40)
    assert (changes.new_articles, changes.revised_articles) == (40, 4)
    after = scan_raw_folder(tmp_path)
    records = [r for stamp in after for r in parse_raw_file(tmp_path / stamp.source_path, tmp_path)]
    assert not [r for r in records if isinstance(r, Rejection)]
    assert len({r.article_key for r in records}) == 240
    assert len([s for s in after if s.source_path in before and s != before[s.source_path]]) >= 1  # revised files


def test_benchmark_harness_smoke(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    run_benchmark(BenchConfig(n=N, workdir=tmp_path / "bench", out=out, workers=1, verbose=False))
    figures = json.loads(out.read_text(encoding="utf-8"))
    for group, names in (("stages", ("ingest", "build", "refresh")), ("floors", ("read_raw", "dbt_noop", "scan"))):
        for name in names:
            measured = figures[group][name]
            assert all(measured[key] > 0 for key in POSITIVE), (name, measured)
    assert all(figures["stages"][name]["articles_per_s"] > 0 for name in ("ingest", "build", "refresh"))
    ratios = figures["ratios"]
    assert ratios["total_s"] > 0 and ratios["floors_sum_s"] > 0 and ratios["total_vs_floors"] > 0
    con = duckdb.connect(figures["paths"]["warehouse"], read_only=True)
    try:
        counts = dict(con.execute("select event_type, count(*) from events.article_events group by 1").fetchall())
    finally:
        con.close()
    assert counts == {"ArticlePublished": N + N // 100, "ArticleRevised": N // 1000}
