"""Helpers for tests that run servers as real processes: free ports, and stopping a process group."""

from __future__ import annotations

import os
import signal
import socket
import subprocess


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_group(process: subprocess.Popen, grace_s: float = 15.0) -> None:
    """Stop a process started with `start_new_session=True` and everything it started.

    SIGTERM first; SIGKILL when it is ignored (a parent shell may have set SIGTERM to be ignored,
    and children inherit that) or takes longer than `grace_s`.
    """
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    except ProcessLookupError:
        process.wait(timeout=30)
