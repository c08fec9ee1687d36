"""`make sql` as an analyst meets it: Ctrl-C, missing analyses, wide rows, the row cap, hostile values.

The prompt runs as a real process, on a pseudo-terminal where the keyboard matters, on an analytics
file published (by the real publish step) from a small warehouse whose titles carry escape codes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dagster_project.analytics.publish import analytics_db_path, publish_analytics
from tests.conftest import PROJECT_ROOT
from tests.terminal import Terminal

HOSTILE_TITLE = "Summit\x1b[2J\x1b]0;owned\x07 \x9b31m ends\u202e txet"
RAW_CONTROL_BYTES = (b"\x1b", b"\x07", "\x9b".encode(), "\u202e".encode())


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small warehouse, published: 250 numbers and one article whose title holds control characters."""
    path = tmp_path_factory.mktemp("prompt") / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema marts; create schema reference")
        con.execute("create table marts.numbers as select range as n, 'row ' || range as label from range(250)")
        con.execute("create table marts.articles (article_id varchar, title varchar)")
        con.execute("insert into marts.articles values ('a1', ?)", [HOSTILE_TITLE])
    finally:
        con.close()
    publish_analytics(path, analytics_db_path(path))
    return path


def prompt_env(warehouse: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ANALYTICS_DB"}
    return {**env, "WAREHOUSE_DB": str(warehouse)}


def piped(warehouse: Path, text: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dagster_project.analytics.sql_prompt", *args],
        input=text,
        env=prompt_env(warehouse),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def terminal(warehouse: Path) -> Iterator[Terminal]:
    term = Terminal([sys.executable, "-m", "dagster_project.analytics.sql_prompt"], PROJECT_ROOT, prompt_env(warehouse))
    try:
        term.expect(r"analytics> ")
        yield term
    finally:
        term.close()


def test_ctrl_c_cancels_the_statement_being_typed_and_keeps_the_prompt(terminal: Terminal) -> None:
    terminal.send("select 1\n")
    terminal.expect(r"\.\.\.> ")
    terminal.send("\x03")
    terminal.expect(r"analytics> ")
    # the unfinished `select 1` was dropped: joined to this line it would be a syntax error
    terminal.send("select 41 + 1 as answer;\n")
    terminal.expect(r"│\s+42\s+│")
    terminal.expect(r"analytics> ")
    terminal.send("\x04")  # Ctrl-D leaves
    assert terminal.wait() == 0
    assert "Traceback" not in terminal.text() and "Error" not in terminal.text()


def test_ctrl_c_cancels_a_running_query_and_keeps_the_prompt(terminal: Terminal) -> None:
    terminal.send("select count(distinct cast(range as varchar) || 'x') from range(5000000000);\n")
    terminal.expect(r"select count")
    time.sleep(1.0)
    terminal.send("\x03")
    terminal.expect(r"cancelled", timeout=10)
    terminal.expect(r"analytics> ")
    terminal.send("select 6 * 7 as answer;\n")
    terminal.expect(r"│\s+42\s+│")
    terminal.send(".quit\n")
    assert terminal.wait() == 0
    assert "Traceback" not in terminal.text()


def test_control_characters_in_values_never_reach_the_terminal(terminal: Terminal) -> None:
    terminal.send("select title from marts.articles;\n")
    terminal.expect(r"1 row")
    terminal.send("select cast(title as integer) from marts.articles;\n")  # the value is in the error message
    terminal.expect(r"Conversion Error")
    terminal.expect(r"analytics> ")
    terminal.send(".mode line\n")
    terminal.expect(r"analytics> ")  # the control characters below reach a prompt that is ready for them
    terminal.send('select title as "ti\x16\x1btle" from marts.articles;\n')
    terminal.expect(r"1 row")
    terminal.send(".quit\n")
    terminal.wait()
    output = terminal.output
    for raw in RAW_CONTROL_BYTES:
        assert raw not in output, f"{raw!r} reached the terminal"
    assert output.count(rb"Summit\x1b[2J\x1b]0;owned\x07 \x9b31m ends\u202e txet") == 3, terminal.text()


def test_analysis_without_a_name_or_before_make_analyses_says_what_to_do(warehouse: Path, tmp_path: Path) -> None:
    missing = piped(warehouse, ".analysis\n.analysis most_active_actors\n", "--analyses", str(tmp_path / "none"))
    assert "Errno" not in missing.stdout and "Error" not in missing.stdout, missing.stdout
    assert missing.stdout.count("run `make analyses`") == 2
    assert "most_active_actors" in missing.stdout, "the analyses there are to compile are listed"
    compiled = tmp_path / "compiled"
    compiled.mkdir()
    (compiled / "numbers_above.sql").write_text("select n from marts.numbers where n >= 248", encoding="utf-8")
    listed = piped(warehouse, ".analysis\n.analysis nope\n.analysis numbers_above\n", "--analyses", str(compiled))
    assert "usage: .analysis NAME" in listed.stdout and "no compiled analysis named nope" in listed.stdout
    assert listed.stdout.count("Compiled analyses: numbers_above") == 2
    assert "249" in listed.stdout and "2 rows" in listed.stdout


def test_line_mode_shows_one_column_per_line(warehouse: Path) -> None:
    done = piped(
        warehouse,
        ".mode line\nselect n, label from marts.numbers where n < 2 order by n;\n.mode\n"
        ".mode table\nselect n from marts.numbers where n = 7;\n.mode wide\n",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "    n = 0\nlabel = row 0\n\n    n = 1\nlabel = row 1\n2 rows\n" in done.stdout
    assert "mode line" in done.stdout
    assert "│ 7 │" in done.stdout, "back to the table"
    assert "unknown mode wide" in done.stdout


def test_the_display_cap_says_how_many_rows_are_shown(warehouse: Path) -> None:
    done = piped(warehouse, "select n from marts.numbers order by n;\nselect n from marts.numbers limit 3;\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "showing 100 of 250 rows" in done.stdout
    assert "│ 99 │" in done.stdout and "│ 100 │" not in done.stdout
    assert "\n3 rows\n" in done.stdout
