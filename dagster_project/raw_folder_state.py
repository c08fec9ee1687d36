"""A cheap fingerprint of the raw folder, to tell whether new or changed files have landed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dagster_project.articles import discover_raw_files


def raw_folder_fingerprint(raw_dir: Path) -> str:
    """Digest of every raw file's relative path, size and modification time."""
    digest = hashlib.sha256()
    if raw_dir.is_dir():
        for path in discover_raw_files(raw_dir):
            stat = path.stat()
            digest.update(f"{path.relative_to(raw_dir).as_posix()}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()
