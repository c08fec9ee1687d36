"""Parse raw article files (plain text and JSON Lines) into article records or rejections.

This module knows nothing of Dagster or DuckDB: it turns bytes found under the raw folder into
`RawArticle` records, and anything that cannot become an article into a `Rejection` with a
machine-readable reason, so that nothing delivered is silently dropped.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES
# Files that document a raw folder rather than deliver articles.
IGNORED_NAMES = {"readme.md", "readme.txt", "readme"}
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_REJECTED_BYTES = 4096

_DATE_LINE = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*(?:\r?\n|[ \t]|\Z)", re.IGNORECASE)
_PLACE = r"[A-Z][A-Za-zÀ-ÿ'.\-]*(?:[ \t]+[A-Za-zÀ-ÿ'.\-]+){0,3}"
# "New Delhi:" / "Kingston, Jamaica:" — or an upper-case place before a dash: "WASHINGTON —".
_DATELINE = re.compile(
    rf"\A(?:(?P<place>{_PLACE}(?:,[ \t]*{_PLACE})?)[ \t]*:"
    r"|(?P<caps>[A-Z][A-Z.'\-]+(?:[ \t]+[A-Z][A-Z.'\-]+){0,2}(?:,[ \t]*[A-Z][A-Za-z.]+)?)"
    r"(?:[ \t]*\([A-Za-z .]+\))?[ \t]*(?:—|–|--))[ \t]+"
)
_SENTENCE_END = re.compile(r"[.!?\"”’)]\s*\Z")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


@dataclass(frozen=True)
class RawArticle:
    """One article as delivered: the identity of its stream and its parsed content."""

    article_key: str
    source_uri: str
    source_path: str
    source_format: str
    published_date: date
    title: str | None
    body: str
    dateline: str | None = None
    source: str | None = None
    url: str | None = None
    external_id: str | None = None
    published_at: str | None = None

    def content(self) -> dict[str, object]:
        """The payload fields whose change makes a new version of the article."""
        return {
            "title": self.title,
            "body": self.body,
            "dateline": self.dateline,
            "published_date": self.published_date.isoformat(),
            "published_at": self.published_at,
            "source": self.source,
            "url": self.url,
        }

    def content_hash(self) -> str:
        canonical = json.dumps(self.content(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Rejection:
    """A file or record that could not become an event, with the reason why."""

    source_uri: str
    source_path: str
    reason: str
    detail: str
    raw_bytes: bytes = field(repr=False, default=b"")
    line_number: int | None = None

    def rejection_id(self) -> str:
        digest = hashlib.sha256()
        for part in (self.source_uri, self.reason, self.raw_bytes):
            digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
            digest.update(b"\x1f")
        return digest.hexdigest()[:32]


@dataclass(frozen=True)
class Retraction:
    """A notice that an article, identified by its stream key, is withdrawn."""

    article_key: str
    source_uri: str
    source_path: str
    note: str | None = None


Parsed = RawArticle | Retraction | Rejection


def discover_raw_files(raw_dir: Path) -> list[Path]:
    """Every candidate raw file below `raw_dir`, in a stable order (hidden files skipped)."""
    files = []
    for path in raw_dir.rglob("*"):
        relative = path.relative_to(raw_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.name.lower() not in IGNORED_NAMES:
            files.append(path)
    return sorted(files, key=lambda p: p.relative_to(raw_dir).as_posix())


def parse_raw_file(path: Path, raw_dir: Path) -> Iterator[Parsed]:
    """Parse one raw file into articles and rejections; never raises for bad content."""
    relative = path.relative_to(raw_dir).as_posix()
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(MAX_REJECTED_BYTES)
    if size > MAX_FILE_BYTES:
        yield Rejection(relative, relative, "file_too_large", f"{size} bytes > {MAX_FILE_BYTES}", head)
        return
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield Rejection(relative, relative, "unsupported_format", f"suffix {suffix!r}", head)
        return
    data = path.read_bytes()
    if suffix in JSONL_SUFFIXES:
        yield from parse_jsonl(data, relative)
    else:
        yield parse_text(data, relative)


def decode_text(data: bytes) -> str | None:
    """Decode UTF-8 (with or without BOM), falling back to Windows-1252; None for binary data."""
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_text(data: bytes, relative: str) -> Parsed:
    """Parse the plain-text format: `date YYYY-MM-DD`, optional title line, optional dateline."""
    text = decode_text(data)
    if text is None:
        return Rejection(relative, relative, "undecodable", "binary or undecodable bytes", data[:MAX_REJECTED_BYTES])
    match = _DATE_LINE.match(text)
    if not match:
        return Rejection(
            relative, relative, "missing_date", "file does not start with 'date YYYY-MM-DD'", data[:MAX_REJECTED_BYTES]
        )
    published = _parse_iso_date(match.group(1))
    if published is None:
        return Rejection(
            relative, relative, "invalid_date", f"impossible date {match.group(1)!r}", data[:MAX_REJECTED_BYTES]
        )
    title, dateline, body = split_title_dateline_body(text[match.end() :])
    if not body:
        return Rejection(
            relative, relative, "empty_body", "no article text after the date line", data[:MAX_REJECTED_BYTES]
        )
    return RawArticle(
        article_key=relative,
        source_uri=relative,
        source_path=relative,
        source_format="text",
        published_date=published,
        title=title,
        body=body,
        dateline=dateline,
    )


def split_title_dateline_body(text: str) -> tuple[str | None, str | None, str]:
    """Split the text after the date line into an optional title, optional dateline and body."""
    text = text.strip()
    title = None
    first_line, _, rest = text.partition("\n")
    rest_stripped = rest.lstrip(" \t")
    if rest_stripped.startswith("\n") and _looks_like_title(first_line):
        title = first_line.strip()
        text = rest.strip()
    dateline = None
    match = _DATELINE.match(text)
    if match:
        dateline = (match.group("place") or match.group("caps")).strip()
        text = text[match.end() :]
    return title, dateline, normalise_paragraphs(text)


def _looks_like_title(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 250 and not _SENTENCE_END.search(line) and not _DATELINE.match(line)


def normalise_paragraphs(text: str) -> str:
    """Trim each paragraph and join paragraphs with one blank line."""
    paragraphs = [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text)]
    return "\n\n".join(p for p in paragraphs if p)


REQUIRED_JSONL_FIELDS = ("published_at", "body")


def parse_jsonl(data: bytes, relative: str) -> Iterator[Parsed]:
    """Parse JSON Lines: one article object per line; each bad line becomes its own rejection."""
    text = decode_text(data)
    if text is None:
        yield Rejection(relative, relative, "undecodable", "binary or undecodable bytes", data[:MAX_REJECTED_BYTES])
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield parse_jsonl_record(line, relative, number)


def parse_jsonl_record(line: str, relative: str, number: int) -> Parsed:
    uri = f"{relative}#{number}"
    raw = line.encode("utf-8")[:MAX_REJECTED_BYTES]

    def reject(reason: str, detail: str) -> Rejection:
        return Rejection(uri, relative, reason, detail, raw, number)

    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return reject("malformed_json", str(error))
    if not isinstance(record, dict):
        return reject("malformed_json", "line is not a JSON object")
    key = _clean(record.get("id")) or _clean(record.get("url"))
    if record.get("retracted") is True:
        if key is None:
            return reject("missing_field", "a retraction needs the id or url of the article it retracts")
        return Retraction(key, uri, relative, _clean(record.get("note")))
    key = key or uri
    published_at = _clean(record.get("published_at"))
    published = _parse_timestamp_date(published_at) if published_at else None
    body = normalise_paragraphs(str(record.get("body") or ""))
    missing = [name for name in REQUIRED_JSONL_FIELDS if not _clean(record.get(name))]
    if missing:
        return reject("missing_field", "missing " + ", ".join(missing))
    if published is None:
        return reject("invalid_date", f"unparseable published_at {published_at!r}")
    if not body:
        return reject("empty_body", "body is empty")
    return RawArticle(
        article_key=key,
        source_uri=uri,
        source_path=relative,
        source_format="jsonl",
        published_date=published,
        title=_clean(record.get("title")),
        body=body,
        source=_clean(record.get("source")),
        url=_clean(record.get("url")),
        external_id=_clean(record.get("id")),
        published_at=published_at,
    )


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _parse_iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _parse_timestamp_date(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return _parse_iso_date(text[:10])
