"""An interactive SQL prompt on the published analytics database (`make sql`), read-only.

The `duckdb` Python package has no command-line shell (and the duckdb-cli wheels on PyPI lag the
storage format of DuckDB 2), so this is a small one: statements end with `;` and may span lines;
`.tables`, `.read FILE`, `.analysis NAME`, `.help` and `.quit` are commands. The database is
attached read-only under the warehouse's catalog name, so `marts.fct_engagements` and SQL that dbt
compiled (`"warehouse"."marts"."fct_engagements"`) both work. When a refresh publishes a new build
the prompt reattaches before the next statement; it never blocks a refresh. No Dagster here.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

import duckdb

from dagster_project import settings
from dagster_project.publish import analytics_db_path, open_published

MAX_ROWS = 100
COMPILED_ANALYSES = settings.DBT_PROJECT_DIR / "target" / "analyses" / "compiled" / "news_warehouse" / "analyses"
HELP = """Statements end with ';' and may span lines. Commands:
  .tables          list the tables (schema.table, rows, description)
  .read FILE       run the SQL in FILE
  .analysis NAME   run a compiled dbt analysis (compile them with `make analyses`)
  .help            this text
  .quit            leave (or Ctrl-D)"""


class AnalyticsSession:
    """A read-only view of the analytics file that follows it when a new build replaces it."""

    def __init__(self, path: Path, catalog: str) -> None:
        self.path = path
        self.catalog = catalog
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
    """Complete statements (ending with ';') and dot commands, from lines of input."""
    buffer: list[str] = []
    for line in lines:
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
    if command in (".quit", ".exit"):
        return False
    if command == ".help":
        print(HELP, file=out)
    elif command == ".tables":
        _print(session, TABLES_SQL, out)
    elif command == ".read":
        _print(session, Path(argument.strip()).read_text(encoding="utf-8"), out)
    elif command == ".analysis":
        _print(session, (COMPILED_ANALYSES / f"{argument.strip()}.sql").read_text(encoding="utf-8"), out)
    elif command.startswith("."):
        print(f"unknown command {command}; .help lists the commands", file=out)
    else:
        _print(session, statement, out)
    return True


TABLES_SQL = """
select t.table_schema || '.' || t.table_name as "table", t.row_count as "rows", t.description
from meta.tables t order by 1
"""


def _print(session: AnalyticsSession, sql: str, out: TextIO) -> None:
    """Run each statement of `sql` in turn and print every result."""
    con = session.connection()
    for statement in con.extract_statements(sql):
        relation = con.sql(statement.query)
        if relation is not None:
            with contextlib.redirect_stdout(out):
                relation.show(max_width=shutil.get_terminal_size((200, 40)).columns, max_rows=MAX_ROWS)


def repl(session: AnalyticsSession, stdin: TextIO, out: TextIO) -> int:
    """Read statements from `stdin` until end of input or `.quit`; errors are printed, not fatal."""
    interactive = stdin.isatty()
    failures = 0
    for statement in split_statements(_lines(stdin, interactive)):
        try:
            if not run_statement(session, statement, out):
                break
        except (duckdb.Error, OSError) as error:
            failures += 1
            print(f"Error: {error}", file=out)
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
        stripped = line.strip()
        if stripped and (pending or not stripped.startswith(".")):
            pending = not stripped.endswith(";")
        yield line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="analytics database (default: ANALYTICS_DB or beside the warehouse)")
    parser.add_argument("-c", "--command", help="run these statements and exit")
    args = parser.parse_args(argv)
    warehouse = settings.warehouse_db()
    path = args.db or analytics_db_path(warehouse)
    if not path.exists():
        print(f"No analytics database at {path} yet: build the warehouse first (`make run`).", file=sys.stderr)
        return 2
    session = AnalyticsSession(path, catalog=warehouse.stem)
    try:
        if args.command is not None:
            return repl(session, io.StringIO(args.command), sys.stdout)
        if sys.stdin.isatty():
            build_id, published_at = session.build()
            print(f"{path} (read-only), build {build_id[:12]} published {published_at}. .help for help.")
        return repl(session, sys.stdin, sys.stdout)
    finally:
        session.close()


if __name__ == "__main__":
    sys.exit(main())
