"""gunicorn on loopback for the soak, and the resident memory of its workers.

The server is started and stopped with the benchmarks' helpers
(``benchmarks.server``): a free loopback port, a wait until it answers, a
SIGTERM then a kill. Worker processes are found as the children of the
gunicorn master in ``/proc``, and their resident set size (``VmRSS``) read
from ``/proc/PID/status``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from attrs import frozen

from benchmarks.server import HOST, _free_port, _stop, _wait_until_serving

ROOT: Final = Path(__file__).resolve().parent.parent


@frozen
class Gunicorn:
    """A running gunicorn.

    Attributes:
        process: The master process.
        port: The loopback port it listens on.
        workers: How many worker processes it runs.
        threads: Threads per worker.
    """

    process: subprocess.Popen[bytes]
    port: int
    workers: int
    threads: int

    def worker_pids(self) -> list[int]:
        """Return the worker processes' ids (the master's children)."""
        return children(self.process.pid)


@contextmanager
def gunicorn(*, workers: int, threads: int) -> Iterator[Gunicorn]:
    """Run the soak app under gunicorn (gthread workers) on a free loopback port until exit."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
        "soak.app:create_app()",
    ]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=environment)
    try:
        _wait_until_serving(port, process, timeout=60)
        yield Gunicorn(process, port, workers, threads)
    finally:
        _stop(process)


def children(pid: int) -> list[int]:
    """Return the ids of a process's children, from /proc."""
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces.
        fields = stat.rpartition(")")[2].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_kib(pid: int) -> int:
    """Return a process's resident set size in KiB (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0
