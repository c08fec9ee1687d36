"""Runs waiting for a pool slot sleep between claims instead of spinning.

Dagster 1.13's `InstanceConcurrencyContext.interval_to_next_pending_claim_check` returns
`min([0, ...])`, never more than 0: the run worker's loop then never sleeps while a step waits for a
slot of the `duckdb_writer` pool, and burns a core (measured: ~90% CPU for as long as it waits). This
returns the time until the next claim check instead, so the worker sleeps until then (Dagster backs
off from 1 s to 15 s between claims). Installed when the code location is loaded, in every process
that executes runs; idempotent.
"""

from __future__ import annotations

import time

from dagster._core.execution.plan.instance_concurrency_context import InstanceConcurrencyContext


def interval_to_next_pending_claim_check(self: InstanceConcurrencyContext) -> float:
    """Seconds until the earliest pending claim is due to be tried again (0 when one is due now)."""
    timeouts = [self._pending_timeouts[key] for key in self._pending_claims if key in self._pending_timeouts]
    if not timeouts:
        return 0.0
    return max(0.0, min(timeouts) - time.time())


def install() -> None:
    InstanceConcurrencyContext.interval_to_next_pending_claim_check = interval_to_next_pending_claim_check  # type: ignore[method-assign]
