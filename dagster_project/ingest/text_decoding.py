"""Decode raw text: UTF-8 (with or without BOM), each byte that is not UTF-8 read as Windows-1252.

A stray Windows-1252 byte in a UTF-8 file (a curly quote pasted from a word processor) must neither
garble the rest of the file nor reject it: only the bad bytes are read as Windows-1252, and the result
says how many there were and where the first was, so that the fallback is recorded, never silent. A
file wholly in Windows-1252 decodes as before. Bytes that are neither (or a NUL) make the text binary.
"""

from __future__ import annotations

import codecs
import threading
from typing import NamedTuple

_FALLBACK = "dagster_project.cp1252_bytes"
_state = threading.local()


class DecodedText(NamedTuple):
    """Decoded text with newlines normalised, and a note when some bytes were not UTF-8."""

    text: str
    note: str | None = None


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the offending bytes read as Windows-1252 (raises for the 5 it leaves undefined)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    text = chunk.decode("cp1252")
    if not _state.count:
        _state.first = error.start
    _state.count += len(chunk)
    return text, error.end


codecs.register_error(_FALLBACK, _cp1252_bytes)


def decode_text(data: bytes) -> DecodedText | None:
    """Decode raw bytes (see the module docstring); None for binary or undecodable data."""
    if b"\x00" in data:
        return None
    note = None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _state.count, _state.first = 0, 0
        try:
            text = data.decode("utf-8-sig", _FALLBACK)
        except UnicodeDecodeError:
            return None
        first = _state.first + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
        note = f"{_state.count} byte(s) not valid UTF-8 read as Windows-1252, the first at byte {first}"
    return DecodedText(text.replace("\r\n", "\n").replace("\r", "\n"), note)
