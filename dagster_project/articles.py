"""Parse raw article files (plain text, JSON Lines, JSON, HTML) into articles, retractions or rejections.

This module knows nothing of Dagster or DuckDB: it turns bytes found under the raw folder into
`RawArticle` records, `Retraction` notices, and anything that cannot become an event into a
`Rejection` with a machine-readable reason, so that nothing delivered is silently dropped.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from pathlib import Path

from dagster_project.html_article import read_html_article

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
HTML_SUFFIXES = {".html", ".htm"}
# `<article file>.retract` next to an article retracts it (its text, if any, is the note).
RETRACT_SUFFIX = ".retract"
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES | HTML_SUFFIXES | {RETRACT_SUFFIX}
EARLIEST_DATE = date(1900, 1, 1)
# A publication date more than this far in the future is implausible (time zones aside).
FUTURE_TOLERANCE = timedelta(days=2)
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
    canonical_content: str = field(init=False, repr=False, compare=False, default="")
    content_hash: str = field(init=False, repr=False, compare=False, default="")

    def __post_init__(self) -> None:
        # Computed once where the article is parsed (possibly in a worker process).
        canonical = canonical_json(self)
        object.__setattr__(self, "canonical_content", canonical)
        object.__setattr__(self, "content_hash", hashlib.sha256(canonical.encode("utf-8")).hexdigest())

    def content(self) -> dict[str, object]:
        """The fields whose change makes a new version of the article."""
        return {
            "title": self.title,
            "body": self.body,
            "dateline": self.dateline,
            "published_date": self.published_date.isoformat(),
            "published_at": self.published_at,
            "source_name": self.source,
            "url": self.url,
        }


def canonical_json(article: RawArticle) -> str:
    """`json.dumps(article.content(), sort_keys=True, ensure_ascii=False)`, spelled out: the same
    text (the content hash depends on it) at a fraction of the cost."""
    return (
        f'{{"body": {json_value(article.body)}, "dateline": {json_value(article.dateline)}, '
        f'"published_at": {json_value(article.published_at)}, '
        f'"published_date": {json_value(article.published_date.isoformat())}, '
        f'"source_name": {json_value(article.source)}, "title": {json_value(article.title)}, '
        f'"url": {json_value(article.url)}}}'
    )


def json_value(text: str | None) -> str:
    """A string or None as JSON, as `json.dumps(..., ensure_ascii=False)` writes it."""
    return "null" if text is None else encode_basestring(text)


@dataclass(frozen=True)
class Rejection:
    """A file or record that could not become an event, with the reason why."""

    source_uri: str
    source_path: str
    reason: str
    detail: str
    raw_bytes: bytes = field(repr=False, default=b"")
    line_number: int | None = None
    byte_offset: int | None = None

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


def parse_raw_file(path: Path, raw_dir: Path) -> Iterator[Parsed]:
    """Parse one raw file into articles and rejections; never raises for bad content."""
    return parse_relative_file(str(raw_dir), path.relative_to(raw_dir).as_posix())


def parse_relative_file(raw_dir: str, relative: str) -> Iterator[Parsed]:
    """Parse the file at the POSIX path `relative` under `raw_dir` (without pathlib: this runs per file)."""
    suffix = _suffix(relative).lower()
    limit = MAX_FILE_BYTES + 1 if suffix in SUPPORTED_SUFFIXES else MAX_REJECTED_BYTES
    data = _read_head(os.path.join(raw_dir, relative), limit)
    head = data[:MAX_REJECTED_BYTES]
    if suffix not in SUPPORTED_SUFFIXES:
        yield Rejection(relative, relative, "unsupported_format", f"suffix {suffix!r}", head)
        return
    if len(data) > MAX_FILE_BYTES:
        yield Rejection(relative, relative, "file_too_large", f"more than {MAX_FILE_BYTES} bytes", head)
        return
    if suffix in JSONL_SUFFIXES:
        yield from parse_jsonl(data, relative)
    elif suffix in JSON_SUFFIXES:
        yield from parse_json(data, relative)
    elif suffix in HTML_SUFFIXES:
        yield parse_html(data, relative)
    elif suffix == RETRACT_SUFFIX:
        yield parse_retraction_file(data, relative)
    else:
        yield parse_text(data, relative)


def _read_head(path: str, limit: int) -> bytes:
    """The file's bytes, at most `limit` of them. A read sized to the file: a `limit`-sized buffer
    for every small file costs more than the read itself."""
    with open(path, "rb", buffering=0) as handle:
        if os.fstat(handle.fileno()).st_size > limit:
            return handle.read(limit)
        data = handle.readall()
    return data if len(data) <= limit else data[:limit]


def _suffix(relative: str) -> str:
    """The file name's suffix, as `PurePath.suffix` has it."""
    name = relative.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


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
    head = data[:MAX_REJECTED_BYTES]
    text = decode_text(data)
    if text is None:
        return Rejection(relative, relative, "undecodable", "binary or undecodable bytes", head)
    match = _DATE_LINE.match(text)
    if not match:
        return Rejection(relative, relative, "missing_date", "file does not start with 'date YYYY-MM-DD'", head)
    published = _parse_iso_date(match.group(1))
    problem = date_problem(published, match.group(1))
    if problem:
        return Rejection(relative, relative, "invalid_date", problem, head)
    title, dateline, body = split_title_dateline_body(text[match.end() :])
    if not body:
        return Rejection(relative, relative, "empty_body", "no article text after the date line", head)
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


REQUIRED_RECORD_FIELDS = ("published_at", "body")


def parse_jsonl(data: bytes, relative: str) -> Iterator[Parsed]:
    """Parse JSON Lines: one article object per line; each bad line becomes its own rejection."""
    offset = 0
    for number, raw_line in enumerate(data.split(b"\n"), start=1):
        line_offset = offset
        offset += len(raw_line) + 1
        if not raw_line.strip():
            continue
        uri = f"{relative}#{number}"
        text = decode_text(raw_line)
        if text is None:
            yield Rejection(
                uri, relative, "undecodable", "undecodable line", raw_line[:MAX_REJECTED_BYTES], number, line_offset
            )
            continue
        yield parse_json_record(text, uri, relative, number, line_offset)


def parse_json(data: bytes, relative: str) -> Iterator[Parsed]:
    """Parse a JSON file holding one article object or a list of them (`#N` names the N-th)."""
    text = decode_text(data)
    if text is None:
        yield Rejection(relative, relative, "undecodable", "binary or undecodable bytes", data[:MAX_REJECTED_BYTES])
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        yield Rejection(relative, relative, "malformed_json", str(error), data[:MAX_REJECTED_BYTES])
        return
    if isinstance(document, dict):
        yield parse_record(document, relative, relative, json.dumps(document, ensure_ascii=False))
        return
    if not isinstance(document, list):
        yield Rejection(relative, relative, "malformed_json", "neither an object nor a list", data[:MAX_REJECTED_BYTES])
        return
    for number, item in enumerate(document, start=1):
        uri = f"{relative}#{number}"
        if not isinstance(item, dict):
            yield Rejection(
                uri,
                relative,
                "malformed_json",
                "list item is not a JSON object",
                json.dumps(item).encode()[:MAX_REJECTED_BYTES],
                number,
            )
            continue
        yield parse_record(item, uri, relative, json.dumps(item, ensure_ascii=False), number)


def parse_json_record(line: str, uri: str, relative: str, number: int, offset: int | None = None) -> Parsed:
    raw = line.encode()[:MAX_REJECTED_BYTES]
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Rejection(uri, relative, "malformed_json", str(error), raw, number, offset)
    if not isinstance(record, dict):
        return Rejection(uri, relative, "malformed_json", "line is not a JSON object", raw, number, offset)
    return parse_record(record, uri, relative, line, number, offset, "jsonl")


def parse_record(
    record: dict[str, object],
    uri: str,
    relative: str,
    raw_text: str,
    number: int | None = None,
    offset: int | None = None,
    source_format: str = "json",
) -> Parsed:
    """One article object (`id`, `url`, `source`, `published_at`, `title`, `body`) or a retraction."""
    raw = raw_text.encode("utf-8")[:MAX_REJECTED_BYTES]

    def reject(reason: str, detail: str) -> Rejection:
        return Rejection(uri, relative, reason, detail, raw, number, offset)

    key = _clean(record.get("id")) or _clean(record.get("url"))
    if record.get("retracted") is True:
        if key is None:
            return reject("missing_field", "a retraction needs the id or url of the article it retracts")
        return Retraction(key, uri, relative, _clean(record.get("note")))
    missing = [name for name in REQUIRED_RECORD_FIELDS if not _clean(record.get(name))]
    if missing:
        return reject("missing_field", "missing " + ", ".join(missing))
    published_at = _clean(record.get("published_at"))
    published = _parse_timestamp_date(published_at or "")
    problem = date_problem(published, published_at or "")
    if problem:
        return reject("invalid_date", problem)
    body = normalise_paragraphs(str(record.get("body") or ""))
    if not body:
        return reject("empty_body", "body is empty")
    return RawArticle(
        article_key=key or uri,
        source_uri=uri,
        source_path=relative,
        source_format=source_format,
        published_date=published,  # type: ignore[arg-type]
        title=_clean(record.get("title")),
        body=body,
        source=_clean(record.get("source")),
        url=_clean(record.get("url")),
        external_id=_clean(record.get("id")),
        published_at=published_at,
    )


def parse_html(data: bytes, relative: str) -> Parsed:
    """An HTML article page: its date from meta tags, <time> or JSON-LD; its text from paragraphs."""
    text = decode_text(data)
    head = data[:MAX_REJECTED_BYTES]
    if text is None:
        return Rejection(relative, relative, "undecodable", "binary or undecodable bytes", head)
    page = read_html_article(text)
    if not page.published:
        return Rejection(relative, relative, "missing_date", "no publication date in the page's metadata", head)
    published = _parse_timestamp_date(page.published)
    problem = date_problem(published, page.published)
    if problem:
        return Rejection(relative, relative, "invalid_date", problem, head)
    dateline, body = split_dateline("\n\n".join(page.paragraphs))
    if not body:
        return Rejection(relative, relative, "empty_body", "no paragraph text in the page", head)
    return RawArticle(
        article_key=relative,
        source_uri=relative,
        source_path=relative,
        source_format="html",
        published_date=published,  # type: ignore[arg-type]
        title=page.title,
        body=body,
        dateline=dateline,
        source=page.source,
        url=page.url,
        published_at=page.published,
    )


def parse_retraction_file(data: bytes, relative: str) -> Parsed:
    """`some/article.txt.retract` retracts the article whose key is `some/article.txt`."""
    note = decode_text(data)
    if note is None:
        return Rejection(relative, relative, "undecodable", "binary or undecodable bytes", data[:MAX_REJECTED_BYTES])
    key = relative[: -len(RETRACT_SUFFIX)]
    return Retraction(key, relative, relative, note.strip() or None)


def date_problem(published: date | None, raw: str) -> str | None:
    """Why a publication date cannot be used, or None when it can."""
    if published is None:
        return f"impossible or unparseable date {raw!r}"
    if published < EARLIEST_DATE or published > date.today() + FUTURE_TOLERANCE:
        return f"implausible date {published.isoformat()}"
    return None


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
