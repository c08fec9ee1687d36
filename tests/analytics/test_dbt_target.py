"""Housekeeping of dbt's target folder: the partial parse carried over, old invocation folders pruned."""

from __future__ import annotations

import os
from pathlib import Path

from dagster_project.analytics.dbt_target import PARTIAL_PARSE, keep_partial_parse, prune_invocations


def test_the_partial_parse_of_an_invocation_becomes_the_projects(tmp_path: Path) -> None:
    invocation, project = tmp_path / "target" / "run-1", tmp_path / "target"
    invocation.mkdir(parents=True)
    (project / PARTIAL_PARSE).write_bytes(b"parsed for another warehouse")
    (invocation / PARTIAL_PARSE).write_bytes(b"parsed for this warehouse")

    keep_partial_parse(invocation, project)

    assert (project / PARTIAL_PARSE).read_bytes() == b"parsed for this warehouse"
    assert [p.name for p in project.iterdir() if p.is_file()] == [PARTIAL_PARSE]  # no staging file left


def test_an_invocation_without_a_partial_parse_leaves_the_projects(tmp_path: Path) -> None:
    invocation, project = tmp_path / "target" / "run-1", tmp_path / "target"
    invocation.mkdir(parents=True)
    (project / PARTIAL_PARSE).write_bytes(b"kept")

    keep_partial_parse(invocation, project)

    assert (project / PARTIAL_PARSE).read_bytes() == b"kept"


def test_only_the_most_recent_invocation_folders_are_kept(tmp_path: Path) -> None:
    for age in range(5):
        folder = tmp_path / f"assets-run{age}"
        folder.mkdir()
        (folder / "run_results.json").write_text("{}")
        os.utime(folder, (1_000_000 - age, 1_000_000 - age))
    (tmp_path / "compiled").mkdir()  # dbt's own folders are not invocation folders

    removed = prune_invocations(tmp_path, prefix="assets-", keep=2)

    assert sorted(p.name for p in removed) == ["assets-run2", "assets-run3", "assets-run4"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["assets-run0", "assets-run1", "compiled"]
