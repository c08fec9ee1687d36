"""Article keys: the stream an article's events belong to, namespaced by where the article comes from.

- `file:<relative path>`: an article that is a whole file (text, HTML, a JSON file holding one object);
  its `.retract` file retracts `file:<relative path>`. A feed record with neither `id` nor `url` is
  keyed by its place in its file, `file:<path>#N`.
- `feed:<feed name>:<id>`: a feed record with an `id`. The feed name is the record's `source` when it
  has one, else the feed file's folder relative to the raw folder (`.` for the raw folder itself), so
  a producer's daily files revise each other's records by `id`, and two producers never collide.
  `%` and `:` in the feed name are written `%25` and `%3A`, so that the name ends at the first colon.
- `url:<url>`: a feed record without `id` but with a `url` (URLs are global).

A retraction record resolves its key by the same rule, from its own `source` (or its file's folder).
Nothing here imports Dagster or DuckDB.
"""

from __future__ import annotations

FILE = "file:"
FEED = "feed:"
URL = "url:"
ROOT_FOLDER = "."


def file_key(relative: str) -> str:
    """The key of an article that is the file (or the record at `path#N`) at `relative`."""
    return FILE + relative


def folder_of(source_path: str) -> str:
    """The folder of a raw file, relative to the raw folder (`.` for the raw folder itself)."""
    return source_path.rpartition("/")[0] or ROOT_FOLDER


def feed_name(source: str | None, source_path: str) -> str:
    """The producer a record belongs to: its `source`, else the folder of the file it came in."""
    return source or folder_of(source_path)


def feed_key(source: str | None, source_path: str, external_id: str) -> str:
    """`feed:<feed name>:<id>`, the feed name escaped so that it holds no colon."""
    name = feed_name(source, source_path).replace("%", "%25").replace(":", "%3A")
    return f"{FEED}{name}:{external_id}"


def url_key(url: str) -> str:
    return URL + url


def record_key(
    external_id: str | None, url: str | None, source: str | None, source_uri: str, source_path: str
) -> str:
    """The key of a feed record (or of the article a retraction record names): by `id`, else `url`,
    else its place in its file."""
    if external_id:
        return feed_key(source, source_path, external_id)
    if url:
        return url_key(url)
    return file_key(source_uri)


def is_namespaced(key: str) -> bool:
    return key.startswith((FILE, FEED, URL))
