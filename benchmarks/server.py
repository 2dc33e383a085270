"""A real server: gunicorn (2 sync workers) on 127.0.0.1 under wrk.

Three servers are started at once, each on its own loopback port: the bare
app, the app with flask-cors 6.0.5 and the app with this package (the
``get`` scenario: default options, a simple GET with ``Origin``). wrk then
loads them in turn, bare, flask-cors, ours, for several passes, so that
drift hits all three alike (medians over passes are reported); every run is
bounded by wrk's ``--duration``.
Only loopback addresses are used, and every server is stopped at the end.

gunicorn's sync workers close the connection after each response, so every
request includes a TCP connect: this measures a whole request as a server
sees it, with the CORS layer a small part of it. wrk and the workers share
the machine's cores.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any, Final

from attrs import asdict, frozen

from .apps import ORIGIN

ROOT: Final = Path(__file__).resolve().parent.parent
HOST: Final = "127.0.0.1"
#: The apps loaded, in report order.
SERVER_VARIANTS: Final = ("bare", "reference", "ours")
PATH: Final = "/api/items"
_PERCENTILES: Final = ("50%", "75%", "90%", "99%")
_UNITS: Final = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@frozen
class ServerResult:
    """One app under load, over all passes.

    Attributes:
        variant: ``bare``, ``reference`` or ``ours``.
        requests_per_second: Median over passes.
        latency_ms: Percentile (``50%``...) to milliseconds, median over passes.
        passes: Requests per second of each pass.
        errors: Socket errors and non-2xx responses, over all passes.

    """

    variant: str
    requests_per_second: float
    latency_ms: dict[str, float]
    passes: list[float]
    errors: int


@frozen
class ServerRun:
    """A whole server run, or why it was skipped.

    Attributes:
        results: One per variant, in report order (empty when skipped).
        skipped: Why nothing was measured, if nothing was.
        settings: wrk's and gunicorn's settings, for the report.

    """

    results: list[ServerResult]
    skipped: str | None
    settings: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        """Return the run as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ServerRun:
        """Rebuild a run from :meth:`to_json`'s output."""
        return cls(
            results=[ServerResult(**item) for item in data["results"]],
            skipped=data["skipped"],
            settings=data["settings"],
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _wait_until_serving(port: int, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            request = urllib.request.Request(
                f"http://{HOST}:{port}{PATH}", headers={"Origin": ORIGIN}
            )
            with urllib.request.urlopen(request, timeout=2) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not answer within {timeout:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def _servers(variants: Sequence[str], workers: int) -> Iterator[dict[str, int]]:
    """Start one gunicorn per variant on a free loopback port; stop them all after."""
    started: list[subprocess.Popen[bytes]] = []
    ports: dict[str, int] = {}
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        for variant in variants:
            port = _free_port()
            command = [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(workers),
                "--bind",
                f"{HOST}:{port}",
                "--log-level",
                "warning",
                f"benchmarks.apps:server_app({variant!r})",
            ]
            started.append(subprocess.Popen(command, cwd=ROOT, env=environment))
            ports[variant] = port
        for process, port in zip(started, ports.values(), strict=True):
            _wait_until_serving(port, process, timeout=60)
        yield ports
    finally:
        for process in started:
            _stop(process)


def _milliseconds(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if found is None:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(found.group(1)) * _UNITS[found.group(2)]


def parse_wrk(output: str) -> tuple[float, dict[str, float], int]:
    """Return requests/s, latency percentiles (ms) and the error count from wrk's output."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rate is None:
        raise ValueError(f"no Requests/sec in wrk's output:\n{output}")
    latency = {}
    for percentile in _PERCENTILES:
        found = re.search(rf"^\s+{re.escape(percentile)}\s+(\S+)", output, re.MULTILINE)
        if found:
            latency[percentile] = _milliseconds(found.group(1))
    errors = 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        errors += int(bad.group(1))
    return float(rate.group(1)), latency, errors


def _wrk(wrk: str, port: int, seconds: float, threads: int, connections: int) -> str:
    command = [
        wrk,
        "--threads",
        str(threads),
        "--connections",
        str(connections),
        "--duration",
        f"{max(1, round(seconds))}s",
        "--timeout",
        "5s",
        "--latency",
        "--header",
        f"Origin: {ORIGIN}",
        f"http://{HOST}:{port}{PATH}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=True)
    return done.stdout


def run(
    *,
    seconds: float = 3.0,
    passes: int = 5,
    workers: int = 2,
    threads: int = 1,
    connections: int = 8,
    warmup: float = 1.0,
) -> ServerRun:
    """Load each server ``passes`` times for ``seconds``, in turn; skip if a tool is missing."""
    settings: dict[str, Any] = {
        "seconds_per_pass": seconds,
        "passes": passes,
        "gunicorn_workers": workers,
        "wrk_threads": threads,
        "wrk_connections": connections,
    }
    wrk = shutil.which("wrk")
    if wrk is None:
        return ServerRun([], "wrk is not installed (Debian: apt-get install wrk)", settings)
    if importlib.util.find_spec("gunicorn") is None:
        return ServerRun([], "gunicorn is not installed (pip install --group bench)", settings)
    settings["gunicorn"] = version("gunicorn")
    found = subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False)
    settings["wrk"] = (found.stdout + found.stderr).split("\n")[0].strip()

    outputs: dict[str, list[tuple[float, dict[str, float], int]]] = {v: [] for v in SERVER_VARIANTS}
    with _servers(SERVER_VARIANTS, workers) as ports:
        for variant in SERVER_VARIANTS:
            if warmup > 0:
                _wrk(wrk, ports[variant], warmup, threads, connections)
        for _ in range(passes):
            for variant in SERVER_VARIANTS:
                text = _wrk(wrk, ports[variant], seconds, threads, connections)
                outputs[variant].append(parse_wrk(text))

    results = []
    for variant in SERVER_VARIANTS:
        runs = outputs[variant]
        latency = {
            p: statistics.median(r[1][p] for r in runs if p in r[1])
            for p in _PERCENTILES
            if any(p in r[1] for r in runs)
        }
        results.append(
            ServerResult(
                variant=variant,
                requests_per_second=statistics.median(r[0] for r in runs),
                latency_ms=latency,
                passes=[r[0] for r in runs],
                errors=sum(r[2] for r in runs),
            )
        )
    return ServerRun(results, None, settings)


_LABELS: Final = {"bare": "bare Flask", "reference": "flask-cors 6.0.5", "ours": "ours"}


def table(result: ServerRun) -> str:
    """Return the server table in Markdown."""
    if result.skipped:
        return f"Skipped: {result.skipped}."
    lines = [
        "| app | requests/s | passes' range | vs bare | p50 ms | p75 ms | p90 ms | p99 ms "
        "| errors |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    bare = result.results[0].requests_per_second
    for item in result.results:
        cells = " | ".join(
            f"{item.latency_ms[p]:.2f}" if p in item.latency_ms else "n/a" for p in _PERCENTILES
        )
        lines.append(
            f"| {_LABELS[item.variant]} | {item.requests_per_second:,.0f} "
            f"| {min(item.passes):,.0f} to {max(item.passes):,.0f} "
            f"| {item.requests_per_second / bare:.1%} | {cells} | {item.errors} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the server benchmark and print its table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.server", description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per pass (3)")
    parser.add_argument("--passes", type=int, default=5, help="passes over the three apps (5)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    result = run(seconds=args.seconds, passes=args.passes, connections=args.connections)
    print(table(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result.to_json(), indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
