"""SIGKILL a real ingest process at several points: the log stays at the last committed batch."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

BATCH = 200
N_FILES = 30_000  # enough work that a fast ingest is still killed mid-run several times


def write_corpus(raw: Path) -> list[str]:
    keys = []
    for i in range(N_FILES):
        folder = raw / f"part {i // 1000:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"article {i:05d}.txt"
        body = f"Leaders number {i} spoke by phone about trade.\n\n" + "A background paragraph. " * 40
        (folder / name).write_text(f"date 2025-01-{i % 28 + 1:02d}\nTitle {i}\n\n{body}\n", encoding="utf-8")
        keys.append(f"file:{folder.name}/{name}")
    return sorted(keys)


def log_state(warehouse: Path) -> tuple[int, list[int], list[str]]:
    if not warehouse.exists():
        return 0, [], []
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        try:
            rows = con.execute("select position, article_key from events.article_events order by position").fetchall()
        except duckdb.CatalogException:
            return 0, [], []
    finally:
        con.close()
    return len(rows), [r[0] for r in rows], [r[1] for r in rows]


def start_ingest(raw: Path, warehouse: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "dagster_project.ingest.pipeline", str(raw), str(warehouse), "--batch-size", str(BATCH)
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_sigkill_leaves_the_log_at_a_committed_batch(tmp_path: Path) -> None:
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    keys = write_corpus(raw)
    kills_mid_run = 0
    for delay in (0.7, 0.9, 1.1, 1.3, 1.5, 1.7, 2.0, 2.5, 3.0, 4.0, 6.0, 10.0):
        before, _, _ = log_state(warehouse)
        process = start_ingest(raw, warehouse)
        time.sleep(delay)
        finished = process.poll() is not None
        if not finished:
            process.send_signal(signal.SIGKILL)
        process.wait()
        count, positions, logged_keys = log_state(warehouse)
        assert positions == list(range(1, count + 1)), "positions must stay gap-free"
        assert logged_keys == keys[:count], "the log holds a prefix of the corpus, in order"
        assert count == before or count % BATCH == 0 or count == len(keys), "no partial batch"
        if not finished and before < count < len(keys):
            kills_mid_run += 1
        print(f"killed after {delay}s: {before} -> {count} events" if not finished else f"finished: {count}")
        if finished:
            assert process.returncode == 0, process.stderr.read().decode()
            break
    assert kills_mid_run >= 2, "the ingest was killed in the middle of its work at least twice"
    assert log_state(warehouse)[0] == len(keys)
    rerun = start_ingest(raw, warehouse)
    assert rerun.wait() == 0
    assert b'"appended": 0' in rerun.stdout.read()
