"""Running the targets: atheris (coverage-guided), or seeded random bytes when atheris is missing.

Under atheris each target runs in a process of its own (libFuzzer ends the
process when it is done), with ``flask_cors`` instrumented for coverage.
:func:`spawn` starts such a process with libFuzzer's options and reads
back how many inputs ran and whether one failed; a failing input is
written to the artifact directory and can be replayed with
``python -m fuzz TARGET ARTIFACT``.

Without atheris (a Python it has no wheel for), :func:`run_random` feeds a
target seeded random byte strings in this process: the same targets and
invariants, without coverage guidance.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from attrs import frozen

ROOT: Final = Path(__file__).resolve().parent.parent
#: The targets, in the order a campaign runs them (kept here so that
#: listing them needs no import of the package under test).
TARGET_NAMES: Final = ("request", "origins", "policies", "shell")
#: libFuzzer's longest input; values larger than that are made by repetition.
MAX_LEN: Final = 4096
#: Seconds one input may take before libFuzzer calls it a hang: far above
#: the slowest legitimate input, far below a catastrophic regex.
INPUT_TIMEOUT: Final = 10


def has_atheris() -> bool:
    """Return whether atheris can be imported here."""
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


def cache_dir() -> Path:
    """Return where corpora and failing inputs are kept, outside the repository."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "flask-cors-fuzz"


@frozen
class Outcome:
    """One target's run.

    Attributes:
        target: The target's name.
        engine: ``atheris`` or ``random``.
        executions: How many inputs ran.
        seconds: How long the run took.
        coverage: libFuzzer's final coverage counter (0 without atheris).
        failure: The failure's report, or ``None``.
        tally: The target's own summary line (decisions checked, compared).
    """

    target: str
    engine: str
    executions: int
    seconds: float
    coverage: int
    failure: str | None
    tally: str


_DONE: Final = re.compile(r"stat::number_of_executed_units:\s*(\d+)")
_COVERAGE: Final = re.compile(r"\bcov: (\d+)")
_TALLY: Final = re.compile(r"^tally: (.*)$", re.MULTILINE)


def parse_output(target: str, output: str, seconds: float, returncode: int) -> Outcome:
    """Read an atheris run's output into an :class:`Outcome`."""
    done = _DONE.findall(output)
    coverage = _COVERAGE.findall(output)
    tallies = _TALLY.findall(output)
    failure = None
    if returncode != 0 or not done:
        failure = output[-6000:]
    return Outcome(
        target=target,
        engine="atheris",
        executions=int(done[-1]) if done else 0,
        seconds=seconds,
        coverage=int(coverage[-1]) if coverage else 0,
        failure=failure,
        tally=tallies[-1] if tallies else "",
    )


def spawn(
    target: str,
    *,
    seed: int,
    runs: int | None = None,
    seconds: int | None = None,
    corpus: Path | None = None,
    artifacts: Path | None = None,
    timeout: float | None = None,
) -> Outcome:
    """Run one target under atheris in a child process, bounded by ``runs`` or ``seconds``."""
    artifacts = artifacts or cache_dir() / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    options = [
        f"-seed={seed}",
        f"-max_len={MAX_LEN}",
        f"-timeout={INPUT_TIMEOUT}",
        "-rss_limit_mb=2048",
        "-print_final_stats=1",
        f"-artifact_prefix={artifacts}/{target}-",
    ]
    if runs is not None:
        options.append(f"-runs={runs}")
    if seconds is not None:
        options.append(f"-max_total_time={seconds}")
    if corpus is not None:
        corpus.mkdir(parents=True, exist_ok=True)
        options.append(str(corpus))
    command = [sys.executable, "-m", "fuzz", target, *options]
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            cwd=ROOT,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        text = "".join(
            part if isinstance(part, str) else part.decode("utf-8", "replace")
            for part in (error.stdout or "", error.stderr or "")
        )
        return Outcome(target, "atheris", 0, time.perf_counter() - started, 0, text[-6000:], "")
    elapsed = time.perf_counter() - started
    return parse_output(target, done.stdout + done.stderr, elapsed, done.returncode)


def run_random(
    target: str, *, seed: int, runs: int | None = None, seconds: float | None = None
) -> Outcome:
    """Run one target in this process on seeded random inputs (no coverage guidance).

    Stops after ``runs`` inputs or ``seconds``, whichever comes first.
    """
    from .targets import TALLY, TARGETS

    function = TARGETS[target]
    TALLY.reset()
    generator = random.Random(f"{target}:{seed}")
    started = time.perf_counter()
    deadline = started + seconds if seconds is not None else None
    executions = 0
    while (runs is None or executions < runs) and (
        deadline is None or time.perf_counter() < deadline
    ):
        raw = generator.randbytes(generator.randint(0, 512))
        executions += 1
        try:
            function(raw)
        except Exception as error:
            failure = f"{type(error).__name__}: {error}\ninput: {raw!r}"
            elapsed = time.perf_counter() - started
            return Outcome(target, "random", executions, elapsed, 0, failure, TALLY.summary())
    elapsed = time.perf_counter() - started
    return Outcome(target, "random", executions, elapsed, 0, None, TALLY.summary())


def campaign(
    targets: Sequence[str], *, seconds: int, seed: int, corpus: Path | None
) -> list[Outcome]:
    """Run each target for ``seconds`` under atheris, keeping its corpus in ``corpus``."""
    return [
        spawn(
            target,
            seed=seed,
            seconds=seconds,
            corpus=corpus / target if corpus is not None else None,
            timeout=seconds + 120,
        )
        for target in targets
    ]


def report(outcomes: Sequence[Outcome]) -> str:
    """Return a table of outcomes, then the failures in full."""
    lines = [
        f"{'target':<10} {'engine':<8} {'executions':>11} {'seconds':>8} {'exec/s':>8} "
        f"{'cov':>6}  result"
    ]
    for item in outcomes:
        rate = item.executions / item.seconds if item.seconds else 0.0
        lines.append(
            f"{item.target:<10} {item.engine:<8} {item.executions:>11,} {item.seconds:>8.1f} "
            f"{rate:>8,.0f} {item.coverage:>6}  {'FAILED' if item.failure else 'ok'}"
        )
    total = sum(item.executions for item in outcomes)
    lines.append(f"total executions: {total:,}")
    for item in outcomes:
        if item.tally:
            lines.append(f"{item.target}: {item.tally}")
    for item in outcomes:
        if item.failure:
            lines += ["", f"--- {item.target} failed ---", item.failure]
    return "\n".join(lines)
