"""Options for rebuilding projections from the log: full refresh and "as of" a past point.

An as-of build always rebuilds from scratch: incremental state reflects the present log. `as_of` is
parsed as an ISO date or timestamp and handed to dbt in one normal form, so no other text reaches SQL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime


def parse_as_of(value: str) -> str:
    """An ISO 8601 date or timestamp as `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC when it has an offset)."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except (ValueError, TypeError, AttributeError):
        raise ValueError(
            f"as_of must be an ISO date or timestamp such as 2025-03-01 or 2025-03-01T12:00:00Z, got {value!r}"
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(sep=" ")


@dataclass(frozen=True)
class RebuildOptions:
    full_refresh: bool = False
    as_of_position: int | None = None
    as_of: str | None = None

    def __post_init__(self) -> None:
        if self.as_of_position is not None and self.as_of_position < 0:
            raise ValueError(f"as_of_position must be a log position (0 or more), got {self.as_of_position}")
        if self.as_of is not None:
            object.__setattr__(self, "as_of", parse_as_of(self.as_of))

    @property
    def is_as_of(self) -> bool:
        return self.as_of_position is not None or self.as_of is not None

    def dbt_build_args(self) -> list[str]:
        """Arguments of `dbt build` for these options."""
        # Unit tests check SQL logic on fixed inputs: `make dbt-unit-tests` runs them, builds need not.
        args = ["build", "--exclude-resource-type", "unit_test"]
        if self.full_refresh or self.is_as_of:
            args.append("--full-refresh")
        variables: dict[str, object] = {}
        if self.as_of_position is not None:
            variables["as_of_position"] = self.as_of_position
        if self.as_of is not None:
            variables["as_of"] = self.as_of
        if variables:
            args += ["--vars", json.dumps(variables)]
        return args
