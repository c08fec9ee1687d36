"""Crash-safe table folders: each write goes to a new version folder, fsynced, then a symlink swaps to it.

`<schema dir>/<table>` is a relative symlink to `<schema dir>/.<table>.v<NNNNNN>`. A reader opening the
link sees one whole version; a crash before the swap leaves the link on the previous version (the
unfinished folder is removed at the next write). The version just replaced is kept one more round, so a
reader that listed its files before the swap can still open them; older ones are removed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

STATE_FILE = "_mirror.json"  # Spark and `**/*.parquet` globs skip names starting with `_`
KEEP_PREVIOUS = 1


def version_dirs(link: Path) -> list[Path]:
    """Every version folder of a table, oldest first."""
    pattern = re.compile(rf"^\.{re.escape(link.name)}\.v(\d+)$")
    found = [(int(m.group(1)), p) for p in link.parent.glob(f".{link.name}.v*") if (m := pattern.match(p.name))]
    return [path for _, path in sorted(found)]


def current_version(link: Path) -> Path | None:
    """The version folder the table's link points at, if any."""
    return (link.parent / os.readlink(link)) if link.is_symlink() else None


def new_version(link: Path) -> Path:
    """A fresh, empty version folder beside the link; folders of writes that never finished (numbered past
    the published one) are removed first."""
    link.parent.mkdir(parents=True, exist_ok=True)
    current = current_version(link)
    existing = version_dirs(link)
    published = version_number(current) if current else 0
    for unfinished in (path for path in existing if version_number(path) > published):
        shutil.rmtree(unfinished)
    folder = link.parent / f".{link.name}.v{published + 1:06d}"
    folder.mkdir()
    return folder


def version_number(folder: Path) -> int:
    return int(folder.name.rsplit(".v", 1)[1])


def fsync_tree(folder: Path) -> None:
    """Flush every file and folder under `folder` (and the folder itself) to disk."""
    for root, _dirs, files in os.walk(folder):
        for name in files:
            fd = os.open(Path(root) / name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(root))


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(link: Path, version: Path, state: dict[str, object]) -> None:
    """Write the version's state, flush it to disk, point the link at it atomically, remove old versions."""
    (version / STATE_FILE).write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    fsync_tree(version)
    if link.exists() and not link.is_symlink():  # a plain folder from elsewhere: moved aside once
        os.replace(link, link.parent / f".{link.name}.v000000")
    staged = link.parent / f".{link.name}.link-{os.getpid()}"
    staged.unlink(missing_ok=True)
    os.symlink(version.name, staged)
    os.replace(staged, link)
    fsync_dir(link.parent)
    for old in version_dirs(link)[: -1 - KEEP_PREVIOUS]:
        if old != version:
            shutil.rmtree(old, ignore_errors=True)


def published_state(link: Path) -> dict[str, object] | None:
    """The state recorded with the published version, if there is one."""
    current = current_version(link)
    path = current / STATE_FILE if current else None
    return json.loads(path.read_text(encoding="utf-8")) if path and path.exists() else None
