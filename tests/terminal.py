"""A process on a real pseudo-terminal, driven as a person at the keyboard would (Ctrl-C, Ctrl-D).

The child gets the terminal as its controlling terminal, so a `\\x03` written to it is turned into
SIGINT by the terminal's line discipline, exactly as when someone presses Ctrl-C.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import time
from pathlib import Path


def _take_terminal() -> None:
    """In the child (after setsid): make stdin, the pseudo-terminal, the controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """A child process whose stdin, stdout and stderr are one pseudo-terminal."""

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str], columns: int = 120) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
        self.process = subprocess.Popen(
            argv,
            cwd=cwd,
            env={**env, "TERM": "dumb"},
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
            preexec_fn=_take_terminal,  # before exec, in the child
        )
        os.close(slave)
        self.master = master
        self.output = b""
        self.mark = 0

    def send(self, text: str) -> None:
        os.write(self.master, text.encode("utf-8"))

    def expect(self, pattern: str, timeout: float = 30) -> re.Match[bytes]:
        """Wait until `pattern` appears in the output written since the last match."""
        regex = re.compile(pattern.encode("utf-8"))
        deadline = time.monotonic() + timeout
        while True:
            found = regex.search(self.output, self.mark)
            if found:
                self.mark = found.end()
                return found
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"{pattern!r} not seen; output since the last match:\n{self.text(self.mark)}")

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], min(timeout, 0.5))
        if not ready:
            return self.process.poll() is None
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the child closed the terminal
            return False
        self.output += chunk
        return bool(chunk)

    def text(self, start: int = 0) -> str:
        return self.output[start:].decode("utf-8", errors="replace")

    def wait(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.2)
        return self.process.wait(timeout=max(0.1, deadline - time.monotonic()))

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)
