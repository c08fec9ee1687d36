"""Query results as text for the SQL prompt (`make sql`): a box table or one value per line.

Values are data, never terminal commands: control characters (escape codes, C1 controls, bidi
overrides, line breaks) are shown escaped, e.g. `\\x1b[31m`, so a title can neither colour, move nor
clear the terminal. Results are cut at a row cap, and the footer says so ("showing 100 of 2,345
rows"). No Dagster here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

# Unicode categories escaped: controls (C0, C1), format characters (bidi overrides, zero-width),
# surrogates and the line and paragraph separators.
ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
MAX_CELL = 60
MODES = ("table", "line")


@dataclass(frozen=True)
class Result:
    """The first rows of a query result, and how many rows it had in all."""

    columns: list[str]
    rows: list[tuple]
    total: int


def printable(value: object, keep_newlines: bool = False) -> str:
    """`value` as text safe for a terminal: control and format characters escaped (NULL for None)."""
    text = "NULL" if value is None else str(value)
    if all(unicodedata.category(c) not in ESCAPED_CATEGORIES for c in text):
        return text
    return "".join(_escape(c) if not (keep_newlines and c == "\n") else c for c in text)


def _escape(char: str) -> str:
    if unicodedata.category(char) not in ESCAPED_CATEGORIES:
        return char
    if char in SHORT_ESCAPES:
        return SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def display_width(text: str) -> int:
    """Terminal columns `text` takes: wide (East Asian) characters two, combining marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text
    )


def _clip(text: str, limit: int) -> str:
    if display_width(text) <= limit:
        return text
    clipped = ""
    for char in text:
        if display_width(clipped + char) > limit - 1:
            break
        clipped += char
    return clipped + "…"


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill


def _is_numeric(values: list[object]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in present)


def _cell(value: object) -> str:
    if isinstance(value, datetime | date | time):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return printable(value)


def render_table(result: Result) -> list[str]:
    """A box table of the rows (cells longer than MAX_CELL clipped with …), then the footer."""
    headers = [_clip(printable(c), MAX_CELL) for c in result.columns]
    cells = [[_clip(_cell(v), MAX_CELL) for v in row] for row in result.rows]
    right = [_is_numeric([row[i] for row in result.rows]) for i in range(len(headers))]
    widths = [max([display_width(h), *(display_width(row[i]) for row in cells)]) for i, h in enumerate(headers)]

    def rule(left: str, middle: str, end: str) -> str:
        return left + middle.join("─" * (w + 2) for w in widths) + end

    def line(values: list[str], align: list[bool]) -> str:
        return "│" + "│".join(f" {_pad(v, w, a)} " for v, w, a in zip(values, widths, align, strict=True)) + "│"

    lines = [rule("┌", "┬", "┐"), line(headers, [False] * len(headers)), rule("├", "┼", "┤")]
    lines += [line(row, right) for row in cells]
    lines.append(rule("└", "┴", "┘"))
    return [*lines, footer(result)]


def render_lines(result: Result) -> list[str]:
    """One `column = value` line per column, rows separated by a blank line; values never clipped."""
    names = [printable(c) for c in result.columns]
    width = max((display_width(n) for n in names), default=0)
    lines: list[str] = []
    for index, row in enumerate(result.rows):
        if index:
            lines.append("")
        lines += [f"{_pad(name, width, True)} = {_cell(value)}" for name, value in zip(names, row, strict=True)]
    return [*lines, footer(result)]


def footer(result: Result) -> str:
    """How many rows, and when the display cut them, how many of how many are shown."""
    if len(result.rows) < result.total:
        return (
            f"showing {len(result.rows):,} of {result.total:,} rows (the display cap): "
            "add LIMIT/OFFSET or a WHERE clause to see the others"
        )
    return f"{result.total:,} row" + ("" if result.total == 1 else "s")


def render(result: Result, mode: str) -> list[str]:
    """The result in `mode` (table or line)."""
    return render_lines(result) if mode == "line" else render_table(result)


def too_wide(lines: list[str], columns: int) -> bool:
    """Whether a rendered table is wider than the terminal."""
    return any(display_width(line) > columns for line in lines)
