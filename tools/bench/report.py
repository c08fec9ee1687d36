"""Print the figures of a benchmark run (or of several sizes) as plain-text tables."""

from __future__ import annotations

from typing import Any

Figures = dict[str, Any]
STAGE_LABELS = {"ingest": "ingest", "build": "full build", "refresh": "refresh"}
FLOOR_LABELS = {"read_raw": "read raw files", "dbt_noop": "dbt no-op", "scan": "dictionary scan"}
HEADER = f"  {'':<30}{'wall s':>9}{'process s':>11}{'articles':>10}{'articles/s':>12}{'peak MB':>9}{'cpu s':>8}"


def render(figures: Figures) -> str:
    """The whole report of one run."""
    lines = [_title(figures), _corpus_line(figures), "", "Stages (through Dagster, each in its own process)", HEADER]
    for name, label in STAGE_LABELS.items():
        stage = figures["stages"][name]
        lines.append(_row(label, stage))
        lines += _step_rows(stage)
    lines += ["", "Floors", HEADER]
    lines += [_row(label, figures["floors"][name]) for name, label in FLOOR_LABELS.items()]
    lines += ["", *_floor_notes(figures["floors"]), "", "Ratios", *_ratio_lines(figures), "", "Targets"]
    lines += [_target_line(t) for t in figures["targets"]]
    lines += ["", *_events_lines(figures["events"])]
    return "\n".join(lines)


def _title(figures: Figures) -> str:
    m = figures["machine"]
    return (
        f"Benchmark N={figures['n']} seed={figures['seed']} repeat={figures['repeat']} "
        f"({m['cpus']} CPUs, Python {m['python']}, dagster {m['dagster']}, dbt-core {m['dbt-core']}, "
        f"duckdb {m['duckdb']}, load average {_load(m)}){' - medians' if figures['repeat'] > 1 else ''}"
    )


def _load(machine: Figures) -> str:
    load = machine.get("loadavg_1m") or {}
    return f"{load.get('start', '?')} -> {load.get('end', '?')}"


def _corpus_line(figures: Figures) -> str:
    c, ch = figures["corpus"], figures["changes"]
    return (
        f"corpus: {c['articles']} articles in {c['text_files']} text files and {c['feed_files']} feed files, "
        f"{c['bytes'] / 1e6:.1f} MB ({c['bytes'] / max(c['articles'], 1):.0f} B/article), generated in "
        f"{c['generate_s']:.1f} s; refresh: +{ch['new_articles']} new, {ch['revised_articles']} revised"
    )


def _row(label: str, f: Figures) -> str:
    rate = f"{f['articles_per_s']:.0f}" if f.get("articles_per_s") else "-"
    articles = str(f["articles"]) if f.get("articles") else "-"
    return (
        f"  {label:<30}{f['wall_s']:>9.2f}{f['process_s']:>11.2f}{articles:>10}{rate:>12}"
        f"{f['peak_rss_mb']:>9.0f}{f['cpu_s']:>8.1f}"
    )


def _step_rows(stage: Figures) -> list[str]:
    """The steps of a Dagster run, and dbt's own elapsed time and slowest nodes."""
    rows = [f"    {'process start-up':<28}{stage['startup_s']:>9.2f}   (Python, imports, Dagster definitions)"]
    rows += [f"    {'step ' + step:<28}{seconds:>9.2f}" for step, seconds in stage.get("steps", {}).items()]
    dbt = stage.get("dbt")
    if dbt:
        by_type = ", ".join(f"{kind} {seconds:.1f}" for kind, seconds in dbt["seconds_by_type"].items())
        parse = "" if dbt["partial_parse"] else "; dbt re-parsed the project (no partial parse)"
        rows.append(f"    dbt elapsed {dbt['elapsed_s']:.1f} s over {dbt['nodes']} nodes ({by_type}){parse}")
        slowest = ", ".join(f"{name.split('.')[-1]} {seconds:.1f}" for name, seconds in dbt["slowest"][:5])
        rows.append(f"    dbt slowest: {slowest}")
    ingest = stage.get("ingest")
    if ingest:
        rows.append("    ingest: " + ", ".join(f"{k} {v}" for k, v in ingest.items()))
    if "events_extracted" in stage:
        rows.append(f"    extraction: {stage['events_extracted']} events extracted")
    return rows


def _floor_notes(floors: Figures) -> list[str]:
    read, dbt, scan = floors["read_raw"], floors["dbt_noop"], floors["scan"]
    return [
        f"  read: {read['files']} files, {read['bytes'] / 1e6:.1f} MB (page cache warm: the corpus was just written)",
        f"  dbt no-op: `dbt build --select {dbt['selector']}`, partial parse used: {dbt['partial_parse']}",
        f"  scan: gazetteer load {scan['load_s']:.2f} s + scan {scan['scan_s']:.2f} s over {scan['bodies']} bodies, "
        f"{scan['matches']} matches",
    ]


def _ratio_lines(figures: Figures) -> list[str]:
    r = figures["ratios"]
    return [
        f"  total (ingest + full build)   {r['total_s']:>9.2f} s"
        f"   (with process start-up {r['total_process_s']:.2f} s)",
        f"  sum of floors                 {r['floors_sum_s']:>9.2f} s",
        f"  total / floors                {r['total_vs_floors']:>9.2f} x",
        f"  refresh                       {r['refresh_s']:>9.2f} s   ({r['refresh_vs_dbt_noop']:.1f} x the dbt no-op)",
        f"  peak memory of any stage      {r['peak_rss_mb']:>9.0f} MB",
    ]


def _target_line(target: Figures) -> str:
    verdict = {True: "met", False: "MISSED", None: "n/a at this N"}[target["met"]]
    return f"  {target['goal']:<52} {target['value']:>9} {target['unit']:<3} limit {target['limit']:<6} {verdict}"


def _events_lines(events: Figures) -> list[str]:
    got, expected = events["by_type"], events["expected"]
    lines = [
        f"log after refresh: {got.get('ArticlePublished', 0)} ArticlePublished (expected "
        f"{expected['ArticlePublished']}), {got.get('ArticleRevised', 0)} ArticleRevised (expected "
        f"{expected['ArticleRevised']}), {events['rejections']} rejections; "
        f"{events['extracted']} events extracted"
    ]
    if not events["extraction_complete"]:
        content = got.get("ArticlePublished", 0) + got.get("ArticleRevised", 0)
        lines.append(
            f"WARNING: the extraction has processed only {events['extracted']} of {content} content events: "
            "the build and refresh stages did not do all the work, so their times are too low"
        )
    return lines


def render_comparison(results: list[Figures]) -> str:
    """Refresh and total cost across corpus sizes, against the smallest and the previous size. The
    refresh column says what each refresh added (new / revised articles): compare refreshes on one change."""
    lines = [
        "Scaling",
        f"  {'N':>9}{'total s':>10}{'refresh s':>11}{'refresh change':>16}{'peak MB':>9}"
        f"{'refresh/smallest':>18}{'total/previous':>16}",
    ]
    base = results[0]
    for index, result in enumerate(results):
        r = result["ratios"]
        refresh_ratio = r["refresh_s"] / base["ratios"]["refresh_s"]
        previous = results[index - 1]["ratios"]["total_s"] if index else None
        total_ratio = f"{r['total_s'] / previous:.2f} x" if previous else "-"
        changes = result.get("changes", {})
        change = f"+{changes.get('new_articles', '?')} / {changes.get('revised_articles', '?')}"
        lines.append(
            f"  {result['n']:>9}{r['total_s']:>10.2f}{r['refresh_s']:>11.2f}{change:>16}{r['peak_rss_mb']:>9.0f}"
            f"{refresh_ratio:>16.2f} x{total_ratio:>16}"
        )
    lines += [
        "",
        "  goals: refresh (+1,000 new articles) on 100k <= 1.5 x the same refresh on 10k; 1M total <= 12 x the"
        " 100k total, peak <= 4 GB",
    ]
    return "\n".join(lines)
