"""Helpers for tests that run servers and `make` targets as real processes: free ports, stopping or
killing a process group, and watching a process's output for a line."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path


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


class WatchedProcess:
    """A command in its own process group (as `setsid` starts it), its output merged and read by a thread."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self._queue.put(raw.decode("utf-8", "replace"))
        self._queue.put(None)

    def wait_for(self, pattern: str, timeout_s: float) -> str:
        """The first new output line matching `pattern`; AssertionError on timeout or exit without it."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=min(1.0, max(0.01, deadline - time.monotonic())))
            except queue.Empty:
                continue
            if line is None:
                self._queue.put(None)
                break
            self.lines.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} within {timeout_s} s:\n{self.output()[-3000:]}")

    def kill_group(self) -> None:
        """SIGKILL the whole process group: what an OOM kill or a container stop does."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def finish(self, timeout_s: float) -> int:
        """Wait for the exit (killing the group on timeout, then failing) and collect the rest of the output."""
        try:
            code = self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.kill_group()
            self._drain()
            raise AssertionError(f"still running after {timeout_s} s:\n{self.output()[-3000:]}") from None
        self._drain()
        return code

    def _drain(self) -> None:
        while (line := self._queue.get(timeout=30)) is not None:
            self.lines.append(line)
        self._queue.put(None)

    def output(self) -> str:
        return "".join(self.lines)
