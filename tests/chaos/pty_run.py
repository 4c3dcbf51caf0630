"""Run a command in a pseudo-terminal, so it (and rich) believe a person is watching; keep the bytes."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass

from tests.processes import ROOT, command


@dataclass(frozen=True)
class Screen:
    returncode: int
    output: bytes


def run_in_pty(
    argv: Sequence[str], env: dict[str, str], *, timeout: float = 60, columns: int = 120, rows: int = 50
) -> Screen:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    terminal_env = {k: v for k, v in env.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")}
    terminal_env.update(TERM="xterm-256color", COLORTERM="truecolor")
    proc = subprocess.Popen(
        command(argv),
        cwd=ROOT,
        env=terminal_env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,
    )
    # the slave end stays open here until the end: closing it when the child exits would make
    # Linux drop output the child wrote but we have not read yet
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            if time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(f"{argv} still running after {timeout}s: {b''.join(chunks)[-2000:]!r}")
            exited = proc.poll() is not None
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                chunks.append(os.read(master, 65536))
            elif exited:  # nothing more to read from a finished process
                break
        return Screen(proc.returncode, b"".join(chunks))
    finally:
        os.close(master)
        os.close(slave)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
