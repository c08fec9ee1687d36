"""Parse raw article files (plain text, JSON Lines, JSON, HTML) into articles, retractions or rejections.

This module knows nothing of Dagster or DuckDB: it turns bytes found under the raw folder into
`RawArticle` records, `Retraction` notices, and anything that cannot become an event into a
`Rejection` with a machine-readable reason, so that nothing delivered is silently dropped.
Each article's stream key is namespaced by where it comes from (`article_keys`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from pathlib import Path

from dagster_project.ingest.article_keys import file_key, record_key
from dagster_project.ingest.article_text import (
    clean,
    date_problem,
    normalise_paragraphs,
    parse_iso_date,
    parse_timestamp_date,
    split_dateline,
    split_title_dateline_body,
)
from dagster_project.ingest.html_article import read_html_article
from dagster_project.ingest.raw_files import ReadProblem, read_raw_file
from dagster_project.ingest.text_decoding import decode_text

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
HTML_SUFFIXES = {".html", ".htm"}
# `<article file>.retract` next to an article retracts `file:<article file>` (its text, if any, is the note).
RETRACT_SUFFIX = ".retract"
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES | HTML_SUFFIXES | {RETRACT_SUFFIX}
# Files that document a raw folder rather than deliver articles: every name starting README, in any case.
IGNORED_PREFIX = "readme"
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_REJECTED_BYTES = 4096

_DATE_LINE = re.compile(r"\A\s*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]*(?:\r?\n|[ \t]|\Z)", re.IGNORECASE)


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
    # How the text was decoded when some bytes were not UTF-8 (recorded in the event, not its content).
    decoding: str | None = None
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
    decoding: str | None = None


Parsed = RawArticle | Retraction | Rejection


def is_ignored_name(name: str) -> bool:
    """Hidden files, and every file named README* (in any case), are not raw articles."""
    return name.startswith(".") or name[:6].lower() == IGNORED_PREFIX


def parse_raw_file(path: Path, raw_dir: Path) -> Iterator[Parsed]:
    """Parse one raw file into articles and rejections; never raises for bad content."""
    return parse_relative_file(str(raw_dir), path.relative_to(raw_dir).as_posix())


def parse_relative_file(raw_dir: str, relative: str) -> Iterator[Parsed]:
    """Parse the file at the POSIX path `relative` under `raw_dir` (without pathlib: this runs per file).
    Whatever goes wrong in reading or parsing becomes a rejection naming the file: this never raises."""
    try:
        yield from _parse_file(raw_dir, relative)
    except Exception as error:  # a parser's failure on hostile input is the file's, not the ingest's
        yield failure_rejection(relative, relative, error)


def _parse_file(raw_dir: str, relative: str) -> Iterator[Parsed]:
    suffix = _suffix(relative).lower()
    limit = MAX_FILE_BYTES if suffix in SUPPORTED_SUFFIXES else MAX_REJECTED_BYTES
    data = read_raw_file(raw_dir, relative, limit)
    if isinstance(data, ReadProblem):
        yield Rejection(relative, relative, data.reason, data.detail)
        return
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


def failure_rejection(
    uri: str, relative: str, error: Exception, raw: bytes = b"", number: int | None = None, offset: int | None = None
) -> Rejection:
    """A rejection for a parser that failed: text a JSON or HTML parser or UTF-8 cannot take."""
    if isinstance(error, RecursionError):
        reason, detail = "nested_too_deeply", "nested too deeply to parse"
    elif isinstance(error, UnicodeEncodeError):
        reason, detail = "invalid_unicode", "a lone surrogate (\\ud800-\\udfff): not a Unicode character"
    elif isinstance(error, ValueError):  # json.JSONDecodeError, and integers of more than 4,300 digits
        reason, detail = "malformed_json", str(error)[:500]
    else:
        reason, detail = "parse_error", f"{type(error).__name__}: {str(error)[:500]}"
    return Rejection(uri, relative, reason, detail, raw, number, offset)


def _suffix(relative: str) -> str:
    """The file name's suffix, as `PurePath.suffix` has it."""
    name = relative.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def parse_text(data: bytes, relative: str) -> Parsed:
    """Parse the plain-text format: `date YYYY-MM-DD`, optional title line, optional dateline."""
    head = data[:MAX_REJECTED_BYTES]
    decoded = decode_text(data)
    if decoded is None:
        return Rejection(relative, relative, "undecodable", "binary or undecodable bytes", head)
    text = decoded.text
    match = _DATE_LINE.match(text)
    if not match:
        return Rejection(relative, relative, "missing_date", "file does not start with 'date YYYY-MM-DD'", head)
    published = parse_iso_date(match.group(1))
    problem = date_problem(published, match.group(1))
    if problem:
        return Rejection(relative, relative, "invalid_date", problem, head)
    title, dateline, body = split_title_dateline_body(text[match.end() :])
    if not body:
        return Rejection(relative, relative, "empty_body", "no article text after the date line", head)
    return RawArticle(
        article_key=file_key(relative),
        source_uri=relative,
        source_path=relative,
        source_format="text",
        published_date=published,
        title=title,
        body=body,
        dateline=dateline,
        decoding=decoded.note,
    )


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
        decoded = decode_text(raw_line)
        if decoded is None:
            yield Rejection(
                uri, relative, "undecodable", "undecodable line", raw_line[:MAX_REJECTED_BYTES], number, line_offset
            )
            continue
        yield parse_json_record(decoded.text, uri, relative, number, line_offset, decoded.note)


def parse_json(data: bytes, relative: str) -> Iterator[Parsed]:
    """Parse a JSON file holding one article object or a list of them (`#N` names the N-th)."""
    decoded = decode_text(data)
    if decoded is None:
        yield Rejection(relative, relative, "undecodable", "binary or undecodable bytes", data[:MAX_REJECTED_BYTES])
        return
    try:
        document = json.loads(decoded.text)
    except (ValueError, RecursionError) as error:
        yield failure_rejection(relative, relative, error, data[:MAX_REJECTED_BYTES])
        return
    if isinstance(document, dict):  # one article in the file: a file article, keyed by its path
        yield parse_record(document, relative, relative, _dumps(document), decoding=decoded.note, whole_file=True)
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
                _dumps(item).encode("utf-8", "backslashreplace")[:MAX_REJECTED_BYTES],
                number,
            )
            continue
        yield parse_record(item, uri, relative, _dumps(item), number, decoding=decoded.note)


def _dumps(value: object) -> str:
    """A parsed JSON value as text again (for a rejection's bytes), however deep or odd it is."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):
        return ""


def parse_json_record(
    line: str, uri: str, relative: str, number: int, offset: int | None = None, decoding: str | None = None
) -> Parsed:
    raw = line.encode()[:MAX_REJECTED_BYTES]
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as error:
        return failure_rejection(uri, relative, error, raw, number, offset)
    if not isinstance(record, dict):
        return Rejection(uri, relative, "malformed_json", "line is not a JSON object", raw, number, offset)
    return parse_record(record, uri, relative, line, number, offset, "jsonl", decoding)


def parse_record(
    record: dict[str, object],
    uri: str,
    relative: str,
    raw_text: str,
    number: int | None = None,
    offset: int | None = None,
    source_format: str = "json",
    decoding: str | None = None,
    whole_file: bool = False,
) -> Parsed:
    """One article object (`id`, `url`, `source`, `published_at`, `title`, `dateline`, `body`) or a retraction;
    a rejection for a record holding a lone surrogate (JSON's `\\ud800`), which is not text.
    The article of a `whole_file` (a JSON file holding one object) is keyed by the file's path."""
    raw = raw_text.encode("utf-8", "backslashreplace")[:MAX_REJECTED_BYTES]
    try:
        parsed = _record(record, uri, relative, source_format, decoding, whole_file)
    except (UnicodeEncodeError, ValueError, RecursionError) as error:
        return failure_rejection(uri, relative, error, raw, number, offset)
    if isinstance(parsed, tuple):
        return Rejection(uri, relative, *parsed, raw, number, offset)
    return parsed


def _record(
    record: dict[str, object], uri: str, relative: str, source_format: str, decoding: str | None, whole_file: bool
) -> RawArticle | Retraction | tuple[str, str]:
    """The article or retraction a record holds, or the reason and detail of its rejection."""
    external_id, url, source = clean(record.get("id")), clean(record.get("url")), clean(record.get("source"))
    key = record_key(external_id, url, source, uri, relative)
    key.encode("utf-8")  # raises for a lone surrogate (the content is checked as it is hashed)
    if record.get("retracted") is True:
        if external_id is None and url is None:
            return "missing_field", "a retraction needs the id or url of the article it retracts"
        note = clean(record.get("note"))
        if note is not None:
            note.encode("utf-8")
        return Retraction(key, uri, relative, note, decoding)
    missing = [name for name in REQUIRED_RECORD_FIELDS if not clean(record.get(name))]
    if missing:
        return "missing_field", "missing " + ", ".join(missing)
    published_at = clean(record.get("published_at"))
    published = parse_timestamp_date(published_at or "")
    problem = date_problem(published, published_at or "")
    if problem:
        return "invalid_date", problem
    body = normalise_paragraphs(str(record.get("body") or ""))
    if not body:
        return "empty_body", "body is empty"
    return RawArticle(
        article_key=file_key(relative) if whole_file else key,
        source_uri=uri,
        source_path=relative,
        source_format=source_format,
        published_date=published,  # type: ignore[arg-type]
        title=clean(record.get("title")),
        body=body,
        dateline=clean(record.get("dateline")),
        source=source,
        url=url,
        external_id=external_id,
        published_at=published_at,
        decoding=decoding,
    )


def parse_html(data: bytes, relative: str) -> Parsed:
    """An HTML article page: its date from meta tags, <time> or JSON-LD; its text from paragraphs."""
    decoded = decode_text(data)
    head = data[:MAX_REJECTED_BYTES]
    if decoded is None:
        return Rejection(relative, relative, "undecodable", "binary or undecodable bytes", head)
    page = read_html_article(decoded.text)
    if not page.published:
        return Rejection(relative, relative, "missing_date", "no publication date in the page's metadata", head)
    published = parse_timestamp_date(page.published)
    problem = date_problem(published, page.published)
    if problem:
        return Rejection(relative, relative, "invalid_date", problem, head)
    dateline, body = split_dateline("\n\n".join(page.paragraphs))
    if not body:
        return Rejection(relative, relative, "empty_body", "no paragraph text in the page", head)
    return RawArticle(
        article_key=file_key(relative),
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
        decoding=decoded.note,
    )


def parse_retraction_file(data: bytes, relative: str) -> Parsed:
    """`some/article.txt.retract` retracts the article whose key is `file:some/article.txt`."""
    decoded = decode_text(data)
    if decoded is None:
        return Rejection(relative, relative, "undecodable", "binary or undecodable bytes", data[:MAX_REJECTED_BYTES])
    key = file_key(relative[: -len(RETRACT_SUFFIX)])
    return Retraction(key, relative, relative, decoded.text.strip() or None, decoded.note)
