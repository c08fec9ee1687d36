"""Row counts and column types of the relations a dbt build writes, read from the build's log.

dbt holds DuckDB's write lock until it exits, so nothing can measure the tables while the build's
events stream to Dagster. Each model and seed logs its own profile in a post-hook instead
(`dbt/macros/profiles/relation_profile.sql`); this module recognises those lines among dbt's JSON log events.
No Dagster here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# The start of every profile line: `relation_profile_prefix()` in dbt/macros/profiles/relation_profile.sql.
PROFILE_PREFIX = "relation profile: "


@dataclass(frozen=True)
class TableProfile:
    """A relation's row count and its columns (name, DuckDB type) in order."""

    row_count: int
    columns: tuple[tuple[str, str], ...]


def profile_in_log_event(raw_event: Mapping[str, Any]) -> tuple[str, TableProfile] | None:
    """The dbt node (unique id) and profile a JSON log event reports, if it is a profile line."""
    info, data = raw_event.get("info", {}), raw_event.get("data", {})
    message = info.get("msg") or data.get("msg") or ""
    if info.get("name") != "JinjaLogInfo" or not message.startswith(PROFILE_PREFIX):
        return None
    unique_id = data.get("node_info", {}).get("unique_id")
    profile = json.loads(message[len(PROFILE_PREFIX) :])
    if not unique_id or profile.get("row_count") is None:
        return None
    columns = tuple(zip(profile["columns"], profile["types"], strict=True))
    return unique_id, TableProfile(int(profile["row_count"]), columns)
