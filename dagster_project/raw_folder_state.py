"""A cheap fingerprint of the raw folder, to tell whether new or changed files have landed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dagster_project.raw_listing import list_raw_folder


def raw_folder_fingerprint(raw_dir: Path) -> str:
    """Digest of every raw file's relative path, size and modification time."""
    digest = hashlib.sha256()
    if raw_dir.is_dir():
        for stamp in list_raw_folder(raw_dir).stamps:
            digest.update(f"{stamp.source_path}\x1f{stamp.size}\x1f{stamp.mtime_ns}\n".encode())
    return digest.hexdigest()
