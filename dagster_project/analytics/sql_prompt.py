"""An interactive SQL prompt on the published analytics database (`make sql`), read-only.

The `duckdb` Python package has no command-line shell (and the duckdb-cli wheels on PyPI lag the
storage format of DuckDB 2), so this is a small one: statements end with `;` and may span lines;
`.tables`, `.read FILE`, `.analysis NAME`, `.mode table|line`, `.help` and `.quit` are commands.
The database is attached read-only under the warehouse's catalog name, so `marts.fct_engagements`
and SQL that dbt compiled (`"warehouse"."marts"."fct_engagements"`) both work. When a refresh
publishes a new build the prompt reattaches before the next statement; it never blocks a refresh.
Ctrl-C cancels the statement being typed or run (the query runs in a worker thread, which the main
thread interrupts) and keeps the prompt; Ctrl-D leaves. No Dagster here.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TextIO, TypeVar

import duckdb

from dagster_project import settings
from dagster_project.analytics.publish import analytics_db_path, open_published
from dagster_project.analytics.sql_render import MODES, Result, printable, render, too_wide

MAX_ROWS = 100
COUNT_BATCH = 100_000
ANALYSES_SOURCE = settings.DBT_PROJECT_DIR / "analyses"
COMPILED_ANALYSES = settings.DBT_PROJECT_DIR / "target" / "analyses" / "compiled" / "news_warehouse" / "analyses"
CANCEL = "\x00cancel"  # what the input yields for Ctrl-C: the statement being typed is dropped
HELP = f"""Statements end with ';' and may span lines. Commands:
  .tables             list the tables (schema.table, rows, description)
  .read FILE          run the SQL in FILE
  .analysis [NAME]    run a compiled dbt analysis; without NAME, list them (compile them with `make analyses`)
  .mode [table|line]  show rows as a table (default) or one `column = value` line each (for wide rows)
  .help               this text
  .quit               leave (or Ctrl-D); Ctrl-C cancels the statement being typed or run
At most {MAX_ROWS} rows are shown; the footer says when a result had more."""
T = TypeVar("T")
# Counting the rows past the cap as Arrow batches is what we want: no Python objects are made for them.
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)


class Cancelled(Exception):
    """The user pressed Ctrl-C while a statement ran."""


class AnalyticsSession:
    """A read-only view of the analytics file that follows it when a new build replaces it."""

    def __init__(self, path: Path, catalog: str, analyses: Path = COMPILED_ANALYSES) -> None:
        self.path = path
        self.catalog = catalog
        self.analyses = analyses
        self.mode = "table"
        self.con: duckdb.DuckDBPyConnection | None = None
        self.identity: tuple[int, int] | None = None

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The connection, reattached first when a new build has been published since."""
        stat = self.path.stat()
        identity = (stat.st_ino, stat.st_mtime_ns)
        if self.con is None or identity != self.identity:
            self.close()
            self.con = open_published(self.path, self.catalog)
            self.identity = identity
        return self.con

    def build(self) -> tuple[str, str]:
        """The build id and publication time of what the session reads."""
        # fetchall, not fetchone: DuckDB refuses new queries on a connection with an unfinished result
        ((build_id, published_at),) = (
            self.connection().execute("select build_id, published_at from meta.build").fetchall()
        )
        return build_id, str(published_at)

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None


def split_statements(lines: Iterable[str]) -> Iterator[str]:
    """Complete statements (ending with ';') and dot commands, from lines of input; CANCEL drops the
    statement being typed."""
    buffer: list[str] = []
    for line in lines:
        if line == CANCEL:
            buffer = []
            continue
        stripped = line.strip()
        if not buffer and stripped.startswith("."):
            yield stripped
            continue
        if stripped or buffer:
            buffer.append(line.rstrip("\n"))
        if stripped.endswith(";"):
            yield "\n".join(buffer)
            buffer = []
    if any(part.strip() for part in buffer):
        yield "\n".join(buffer)


def run_statement(session: AnalyticsSession, statement: str, out: TextIO) -> bool:
    """Run one statement or command and print its result; False when the user asked to leave."""
    command, _, argument = statement.partition(" ")
    argument = argument.strip()
    if command in (".quit", ".exit"):
        return False
    if command == ".help":
        print(HELP, file=out)
    elif command == ".tables":
        _print(session, TABLES_SQL, out)
    elif command == ".read":
        _read(session, argument, out)
    elif command == ".analysis":
        _analysis(session, argument, out)
    elif command == ".mode":
        _mode(session, argument, out)
    elif command.startswith("."):
        print(f"unknown command {printable(command)}; .help lists the commands", file=out)
    else:
        _print(session, statement, out)
    return True


TABLES_SQL = """
select t.table_schema || '.' || t.table_name as "table", t.row_count as "rows", t.description
from meta.tables t order by 1
"""


def _read(session: AnalyticsSession, argument: str, out: TextIO) -> None:
    path = Path(argument).expanduser()
    if not argument:
        print("usage: .read FILE", file=out)
    elif not path.is_file():
        print(f"no file {printable(argument)}", file=out)
    else:
        _print(session, path.read_text(encoding="utf-8"), out)


def _analysis(session: AnalyticsSession, name: str, out: TextIO) -> None:
    """Run a compiled analysis; without a name, or when it is missing, say what there is and what to do."""
    compiled = sorted(p.stem for p in session.analyses.glob("*.sql")) if session.analyses.is_dir() else []
    sources = sorted(p.stem for p in ANALYSES_SOURCE.glob("*.sql"))
    if name and name in compiled:
        _print(session, (session.analyses / f"{name}.sql").read_text(encoding="utf-8"), out)
        return
    if not compiled:
        print(
            "The analyses are not compiled yet: run `make analyses` in a shell (VARS='{topic: trade}' sets their "
            "variables), then `.analysis NAME`.",
            file=out,
        )
        if sources:
            print("Analyses in dbt/analyses: " + ", ".join(sources), file=out)
        return
    if name:
        print(f"no compiled analysis named {printable(name)}.", file=out)
    else:
        print("usage: .analysis NAME", file=out)
    print("Compiled analyses: " + ", ".join(compiled), file=out)


def _mode(session: AnalyticsSession, mode: str, out: TextIO) -> None:
    if not mode:
        print(f"mode {session.mode} (.mode table or .mode line)", file=out)
    elif mode in MODES:
        session.mode = mode
    else:
        print(f"unknown mode {printable(mode)}: .mode table or .mode line", file=out)


def _print(session: AnalyticsSession, sql: str, out: TextIO) -> None:
    """Run each statement of `sql` in turn and print every result."""
    con = session.connection()
    columns = shutil.get_terminal_size((200, 40)).columns
    for statement in con.extract_statements(sql):
        result = _interruptible(con, lambda query=statement.query: _fetch(con, query))
        lines = render(result, session.mode)
        print("\n".join(lines), file=out)
        if session.mode == "table" and too_wide(lines, columns):
            print("(wider than the terminal: `.mode line` shows one column per line)", file=out)


def _fetch(con: duckdb.DuckDBPyConnection, query: str) -> Result:
    """The first MAX_ROWS rows of the query's result, and how many rows it has (the rest counted, not kept)."""
    cursor = con.execute(query)
    columns = [column[0] for column in cursor.description or []]
    rows = cursor.fetchmany(MAX_ROWS)
    total = len(rows)
    if total == MAX_ROWS:
        total += sum(batch.num_rows for batch in cursor.to_arrow_reader(COUNT_BATCH))
    return Result(columns, rows, total)


def _interruptible(con: duckdb.DuckDBPyConnection, work: Callable[[], T]) -> T:
    """Run `work` in a worker thread; Ctrl-C in the main thread interrupts the query (DuckDB checks
    signals only between its own steps, so a long query would not otherwise stop)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(work)
        try:
            return future.result()
        except KeyboardInterrupt:
            con.interrupt()
            with contextlib.suppress(Exception):  # the interrupted query's error, or its result
                future.result()
            raise Cancelled from None


def repl(session: AnalyticsSession, stdin: TextIO, out: TextIO) -> int:
    """Read statements from `stdin` until end of input or `.quit`; errors are printed, not fatal."""
    interactive = stdin.isatty()
    failures = 0
    for statement in split_statements(_lines(stdin, interactive)):
        try:
            if not run_statement(session, statement, out):
                break
        except (Cancelled, KeyboardInterrupt):
            failures += 1
            print("\ncancelled" if interactive else "cancelled", file=out)  # after the terminal's ^C
        except (duckdb.Error, OSError, UnicodeDecodeError) as error:
            failures += 1
            print(f"Error: {printable(error, keep_newlines=True)}", file=out)
    return 0 if interactive or failures == 0 else 1


def _lines(stdin: TextIO, interactive: bool) -> Iterator[str]:
    if not interactive:
        yield from stdin
        return
    import readline  # noqa: F401  (line editing and history for input())

    pending = False  # inside a statement that has not ended with ';' yet
    while True:
        try:
            line = input("      ...> " if pending else "analytics> ")
        except EOFError:
            print()
            return
        except KeyboardInterrupt:
            print()
            pending = False
            yield CANCEL
            continue
        stripped = line.strip()
        if stripped and (pending or not stripped.startswith(".")):
            pending = not stripped.endswith(";")
        yield line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="analytics database (default: ANALYTICS_DB or beside the warehouse)")
    parser.add_argument("--analyses", type=Path, default=COMPILED_ANALYSES, help="folder of compiled analyses")
    parser.add_argument("-c", "--command", help="run these statements and exit")
    args = parser.parse_args(argv)
    warehouse = settings.warehouse_db()
    path = args.db or analytics_db_path(warehouse)
    if not path.exists():
        print(f"No analytics database at {path} yet: build the warehouse first (`make run`).", file=sys.stderr)
        return 2
    session = AnalyticsSession(path, catalog=warehouse.stem, analyses=args.analyses)
    try:
        if args.command is not None:
            return repl(session, io.StringIO(args.command), sys.stdout)
        if sys.stdin.isatty():
            build_id, published_at = session.build()
            print(f"{path} (read-only), build {build_id[:12]} published {published_at}. .help for help.")
        return repl(session, sys.stdin, sys.stdout)
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return 130
    finally:
        session.close()


if __name__ == "__main__":
    sys.exit(main())
