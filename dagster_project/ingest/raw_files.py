"""Read one raw file safely: only a regular file inside the raw folder, and never more than a bound.

A symbolic link is followed only when its real path lies inside the raw folder's real path; a named
pipe, a device or a socket is never read (opened without blocking, then checked with `fstat`); and a
read stops after `limit + 1` bytes whatever size `fstat` reports (a file may grow, `/proc` reports 0).
Each failure is a `ReadProblem` with a machine-readable reason: the file's contents never go into it.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import NamedTuple

# Not following a final symbolic link lets us check where it leads; not blocking keeps a pipe from hanging.
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC
_GROWTH_CHUNK = 1024 * 1024
# Failures that may pass (permissions fixed, a file written then renamed): retried on the next run.
RETRIED_REASONS = frozenset({"unreadable", "vanished", "dangling_symlink", "symlink_loop"})


class ReadProblem(NamedTuple):
    """Why a raw file could not be read."""

    reason: str
    detail: str


class _OutsideRawDir(Exception):
    """A symbolic link whose real path is outside the raw folder."""


def read_raw_file(raw_dir: str, relative: str, limit: int) -> bytes | ReadProblem:
    """At most `limit + 1` bytes of the regular file at `relative` under `raw_dir`, or why not."""
    path = os.path.join(raw_dir, relative)
    try:
        fd = _open_inside(raw_dir, path)
    except _OutsideRawDir:
        return ReadProblem("outside_raw_dir", "a symbolic link to a file outside the raw folder (not read)")
    except OSError as error:
        return os_problem(error, os.path.islink(path))
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            return ReadProblem("not_regular_file", f"a {file_kind(status.st_mode)}, not a regular file (not read)")
        return read_at_most(fd, status.st_size, limit)
    except OSError as error:
        return os_problem(error, False)
    finally:
        os.close(fd)


def _open_inside(raw_dir: str, path: str) -> int:
    """Open `path` for reading; a symbolic link only if it leads inside `raw_dir`."""
    try:
        return os.open(path, _OPEN_FLAGS)
    except OSError as error:
        if error.errno != errno.ELOOP:
            raise
    real = os.path.realpath(path)
    if not real.startswith(os.path.join(os.path.realpath(raw_dir), "")):
        raise _OutsideRawDir(path)
    return os.open(real, _OPEN_FLAGS)


def read_at_most(fd: int, size: int, limit: int) -> bytes:
    """The bytes of `fd` up to `limit + 1` of them. One read sized to `size` (from `fstat`) serves a
    regular file that did not change; if it filled up, the file grew (or `size` lied): read on, bounded."""
    want = min(size, limit) + 1
    data = os.read(fd, want)
    if len(data) < want:
        return data
    chunks, total = [data], len(data)
    while total <= limit:
        chunk = os.read(fd, min(_GROWTH_CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def os_problem(error: OSError, is_link: bool) -> ReadProblem:
    """The reason for a failed `open`, `stat` or `read`."""
    text = os.strerror(error.errno) if error.errno else type(error).__name__
    if error.errno == errno.ENOENT:
        if is_link:
            return ReadProblem("dangling_symlink", "a symbolic link to nothing")
        return ReadProblem("vanished", "the file disappeared between listing and reading")
    if error.errno == errno.ELOOP:
        return ReadProblem("symlink_loop", "a loop of symbolic links")
    return ReadProblem("unreadable", f"{text} (errno {error.errno})")


def file_kind(mode: int) -> str:
    """What kind of file a mode describes, in words."""
    kinds = ((stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "named pipe"), (stat.S_ISCHR, "character device"),
             (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"), (stat.S_ISLNK, "symbolic link"))  # fmt: skip
    return next((name for test, name in kinds if test(mode)), "special file")
