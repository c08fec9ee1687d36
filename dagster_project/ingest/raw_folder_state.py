"""A cheap fingerprint of the raw folder, to tell whether new or changed files have landed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dagster_project.ingest.raw_listing import RawListing, list_raw_folder


def raw_folder_fingerprint(raw_dir: Path, listing: RawListing | None = None) -> str:
    """Digest of every raw file's relative path, size and modification time (of `listing` if given)."""
    digest = hashlib.sha256()
    if listing is None and raw_dir.is_dir():
        listing = list_raw_folder(raw_dir)
    if listing is not None:
        for stamp in listing.stamps:
            digest.update(f"{stamp.source_path}\x1f{stamp.size}\x1f{stamp.mtime_ns}\n".encode())
    return digest.hexdigest()
