"""List the raw folder: the regular files to read, with their stamps, and the entries that cannot be read.

Hidden entries and files named README* (any case) are skipped. A folder is walked (symbolic links to
folders are not followed); a regular file, or a symbolic link to one, gets a stamp (size and
modification time, of the link's target). Everything else becomes a rejection with its reason, never
an error that stops the listing: a name that is not UTF-8, a dangling link or a loop of links, a named
pipe, device or socket, an entry that vanished or a folder that cannot be read. Whether a link leads
outside the raw folder is checked where the file is read (`raw_files`), so that it cannot change between.

Per entry this costs one `stat` (as before); names are checked without system calls.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from dagster_project.ingest.articles import Rejection, is_ignored_name
from dagster_project.ingest.event_log import FileStamp
from dagster_project.ingest.raw_files import file_kind, os_problem


@dataclass
class RawListing:
    """The raw folder's readable files (sorted by path) and its entries that cannot be read."""

    stamps: list[FileStamp] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    def reject(self, path: str, reason: str, detail: str) -> None:
        self.rejections.append(Rejection(path, path, reason, detail))


def list_raw_folder(raw_dir: Path) -> RawListing:
    """List `raw_dir` (which must be a readable folder: anything under it may be unreadable)."""
    listing = RawListing()
    with os.scandir(raw_dir):  # the folder itself: a clear error when it cannot be listed
        pass
    _scan(str(raw_dir), "", listing)
    listing.stamps.sort()  # by path: it comes first in a stamp, and paths are unique
    return listing


def _scan(directory: str, prefix: str, listing: RawListing) -> None:
    """Add the entries under `directory`, named by POSIX paths starting with `prefix`."""
    try:
        with os.scandir(directory) as iterator:
            entries = list(iterator)
    except OSError as error:
        problem = os_problem(error, False)
        listing.reject(prefix or "./", problem.reason, f"folder not listed: {problem.detail}")
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        path = prefix + name
        if not _is_utf8(name):
            shown = os.fsencode(path).decode("utf-8", "backslashreplace")
            listing.reject(shown, "undecodable_file_name", "the name is not UTF-8 (not read)")
            continue
        _add_entry(entry, path, listing)


def _add_entry(entry: os.DirEntry[str], path: str, listing: RawListing) -> None:
    try:
        if entry.is_dir(follow_symlinks=False):  # as os.walk: linked folders are not followed
            _scan(entry.path, path + "/", listing)
            return
        if is_ignored_name(entry.name):
            return
        status = entry.stat()
    except OSError as error:
        problem = os_problem(error, entry.is_symlink())
        listing.reject(path, problem.reason, problem.detail)
        return
    if stat.S_ISREG(status.st_mode):
        listing.stamps.append(FileStamp(path, status.st_size, status.st_mtime_ns))
    elif entry.is_symlink() and stat.S_ISDIR(status.st_mode):
        listing.reject(path, "not_regular_file", "a symbolic link to a folder (links to folders are not followed)")
    else:
        listing.reject(path, "not_regular_file", f"a {file_kind(status.st_mode)}, not a regular file (not read)")


def _is_utf8(name: str) -> bool:
    """True for a name whose bytes were UTF-8 (`os.scandir` turns other bytes into lone surrogates)."""
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
