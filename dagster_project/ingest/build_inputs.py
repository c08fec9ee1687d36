"""A fingerprint of everything a build reads from outside the warehouse: the raw folder and the seeds.

The ingest asset records it with each materialization; the raw-folder sensor compares against it, so
enabling the sensor starts no refresh when nothing changed since the last successful build. No Dagster here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from dagster_project.ingest.raw_folder_state import raw_folder_fingerprint
from dagster_project.ingest.raw_listing import RawListing
from dagster_project.seed_state import seeds_digest
from dagster_project.settings import SEEDS_DIR


def inputs_fingerprint(raw_dir: Path, seeds_dir: Path = SEEDS_DIR, listing: RawListing | None = None) -> str:
    """Digest of the raw folder's files (paths, sizes, modification times; of `listing` if given) and of
    the seed files' bytes."""
    raw = raw_folder_fingerprint(raw_dir, listing)
    return hashlib.sha256(f"{raw}:{seeds_digest(seeds_dir)}".encode()).hexdigest()
