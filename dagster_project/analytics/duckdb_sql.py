"""Quoting for DuckDB SQL built from names (schemas, tables, file paths), which are data, never SQL."""

from __future__ import annotations

from pathlib import Path


def quote_identifier(name: str) -> str:
    """A double-quoted identifier; embedded double quotes are doubled."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str | Path) -> str:
    """A single-quoted string literal, for statements that take no parameters (ATTACH, COMMENT ON)."""
    return "'" + str(value).replace("'", "''") + "'"


def relation(*parts: str) -> str:
    """A qualified relation name such as "catalog"."schema"."table", every part quoted."""
    return ".".join(quote_identifier(part) for part in parts)
