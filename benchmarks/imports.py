"""Import time: what ``import flask_cors`` adds to an app's startup, beside flask-cors 6.0.5.

Each figure is the median over fresh interpreters of the time one import
statement takes after ``import flask`` (Flask itself is not counted):

- ``flask_cors``: this package, as an app imports it;
- ``flask_cors`` then ``CORS(app)``: what serving needs loaded (the core,
  the shell, the startup checks);
- flask-cors 6.0.5 (the reference wheel, imported under its other name);
- ``attrs`` alone, which this package needs and flask-cors 6 did not.

Run: ``python -m benchmarks.imports``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from collections.abc import Sequence
from typing import Final

from attrs import frozen

from reference import PACKAGE, cache_dir, load_reference

# Each statement runs in a fresh interpreter after Flask is imported; the
# script prints the seconds the statement took.
_SCRIPT: Final = """
import sys, time
sys.path[:0] = {paths!r}
import flask
started = time.perf_counter()
{statement}
print(time.perf_counter() - started)
"""

#: (what, the statement timed).
STATEMENTS: Final = (
    ("flask_cors (this package)", "import flask_cors"),
    (
        "flask_cors, then CORS(app)",
        "import flask_cors\nflask_cors.CORS(flask.Flask('x'), origins=['https://a.example'])",
    ),
    ("flask-cors 6.0.5", f"import {PACKAGE}"),
    ("attrs alone", "import attrs"),
)


@frozen
class Timing:
    """One statement's import time.

    Attributes:
        what: What was imported.
        median_ms: The median over the runs, in milliseconds.
        runs: How many fresh interpreters it was measured in.
    """

    what: str
    median_ms: float
    runs: int


def measure(runs: int = 15) -> list[Timing]:
    """Time each of :data:`STATEMENTS` in ``runs`` fresh interpreters, interleaved."""
    load_reference()  # Downloads and unpacks the wheel once, outside the timing.
    paths = [str(cache_dir())]
    seconds: dict[str, list[float]] = {what: [] for what, _ in STATEMENTS}
    for _ in range(runs):
        for what, statement in STATEMENTS:
            script = _SCRIPT.format(paths=paths, statement=statement)
            done = subprocess.run(
                [sys.executable, "-c", script], capture_output=True, text=True, check=True
            )
            seconds[what].append(float(done.stdout.strip().splitlines()[-1]))
    return [
        Timing(what, statistics.median(values) * 1000, runs) for what, values in seconds.items()
    ]


def render(timings: Sequence[Timing]) -> str:
    """Return the timings as a Markdown table."""
    rows = [
        "| import (after `import flask`) | median ms |",
        "|---|--:|",
        *(f"| {timing.what} | {timing.median_ms:.1f} |" for timing in timings),
    ]
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the import times."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.imports", description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="fresh interpreters each (15)")
    args = parser.parse_args(argv)
    print(render(measure(args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
