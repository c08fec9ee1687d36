"""Real news never fails a build: every folder of the labelled corpus, laid out as raw files, builds
green through Dagster, and what the extractor could not place is kept as a diagnostic, not lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SHARED_CORPUS, materialize_all


def test_every_corpus_folder_builds_green(tmp_path: Path) -> None:
    folders = sorted(p for p in SHARED_CORPUS.glob("*") if p.is_dir()) if SHARED_CORPUS.exists() else []
    if not folders:
        pytest.skip(f"the labelled corpus is not present at {SHARED_CORPUS} (../shared is absent)")
    raw = tmp_path / "raw"
    texts = 0
    for folder in folders:
        for text in folder.glob("*.txt"):
            (raw / folder.name).mkdir(parents=True, exist_ok=True)
            shutil.copy(text, raw / folder.name / text.name)
            texts += 1
    warehouse = tmp_path / "warehouse.duckdb"
    materialize_all(raw, warehouse)  # asserts the run succeeded: every dbt test passed
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("select count(*) from marts.dim_article").fetchone() == (texts,)
        assert con.execute("select count(*) from events.rejections").fetchone() == (0,)
        unplaced = con.execute(
            "select count(*) from marts.fct_extraction_diagnostics d "
            "join marts.dim_article a using (article_id) where d.reason = 'no_country'"
        ).fetchone()[0]
        assert unplaced > 0  # real news names officials the dictionaries cannot place
        empty = con.execute("select count(*) from marts.fct_engagement_participants where country_code = ''")
        assert empty.fetchone() == (0,)
    finally:
        con.close()
