"""Options for rebuilding projections from the log: full refresh and "as of" a past point.

An as-of build always rebuilds from scratch: incremental state reflects the present log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class RebuildOptions:
    full_refresh: bool = False
    as_of_position: int | None = None
    as_of: str | None = None

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
            if self.as_of_position < 0:
                raise ValueError("as_of_position must be a log position (0 or more)")
            variables["as_of_position"] = self.as_of_position
        if self.as_of is not None:
            variables["as_of"] = self.as_of
        if variables:
            args += ["--vars", json.dumps(variables)]
        return args
