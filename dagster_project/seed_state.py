"""Know whether the seed dictionaries changed: their digest is part of the extraction version."""

from __future__ import annotations

import hashlib
from pathlib import Path


def seeds_digest(seeds_dir: Path) -> str:
    """Digest of every seed CSV's name and bytes."""
    digest = hashlib.sha256()
    for path in sorted(seeds_dir.glob("*.csv")):
        digest.update(path.name.encode() + b"\x1f" + path.read_bytes() + b"\x1e")
    return digest.hexdigest()
