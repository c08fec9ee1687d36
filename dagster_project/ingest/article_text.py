"""The plain-text side of parsing articles: titles, datelines, paragraphs and publication dates.

Pure functions on text, shared by every raw format (see `articles`); nothing here reads files.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

EARLIEST_DATE = date(1900, 1, 1)
# A publication date more than this far in the future is implausible (time zones aside).
FUTURE_TOLERANCE = timedelta(days=2)

_PLACE = r"[A-Z][A-Za-zÀ-ÿ'.\-]*(?:[ \t]+[A-Za-zÀ-ÿ'.\-]+){0,3}"
# "New Delhi:" / "Kingston, Jamaica:" — or an upper-case place before a dash: "WASHINGTON —".
_DATELINE = re.compile(
    rf"\A(?:(?P<place>{_PLACE}(?:,[ \t]*{_PLACE})?)[ \t]*:"
    r"|(?P<caps>[A-Z][A-Z.'\-]+(?:[ \t]+[A-Z][A-Z.'\-]+){0,2}(?:,[ \t]*[A-Z][A-Za-z.]+)?)"
    r"(?:[ \t]*\([A-Za-z .]+\))?[ \t]*(?:—|–|--))[ \t]+"
)
_SENTENCE_END = re.compile(r"[.!?\"”’)]\s*\Z")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


def split_title_dateline_body(text: str) -> tuple[str | None, str | None, str]:
    """Split the text after the date line into an optional title, optional dateline and body."""
    text = text.strip()
    title = None
    first_line, _, rest = text.partition("\n")
    rest_stripped = rest.lstrip(" \t")
    if rest_stripped.startswith("\n") and _looks_like_title(first_line):
        title = first_line.strip()
        text = rest.strip()
    dateline, body = split_dateline(text)
    return title, dateline, body


def split_dateline(text: str) -> tuple[str | None, str]:
    """Separate a leading dateline such as `New Delhi:` or `WASHINGTON —` from the body."""
    text = text.strip()
    match = _DATELINE.match(text)
    if not match:
        return None, normalise_paragraphs(text)
    dateline = (match.group("place") or match.group("caps")).strip()
    return dateline, normalise_paragraphs(text[match.end() :])


def _looks_like_title(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 250 and not _SENTENCE_END.search(line) and not _DATELINE.match(line)


def normalise_paragraphs(text: str) -> str:
    """Trim each paragraph and join paragraphs with one blank line."""
    paragraphs = [p if _is_tidy(p) else " ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text)]
    return "\n\n".join(p for p in paragraphs if p)


def _is_tidy(paragraph: str) -> bool:
    """True when splitting and joining the paragraph's words would not change it (checked at a
    fraction of the cost): every whitespace character but the space is unprintable."""
    return paragraph.isprintable() and "  " not in paragraph and paragraph[:1] != " " and paragraph[-1:] != " "


def date_problem(published: date | None, raw: str) -> str | None:
    """Why a publication date cannot be used, or None when it can."""
    if published is None:
        return f"impossible or unparseable date {raw!r}"
    if published < EARLIEST_DATE or published > date.today() + FUTURE_TOLERANCE:
        return f"implausible date {published.isoformat()}"
    return None


def clean(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def parse_iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_timestamp_date(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return parse_iso_date(text[:10])
