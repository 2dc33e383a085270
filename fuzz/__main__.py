"""``python -m fuzz``: run the fuzz targets.

Usage::

    python -m fuzz all [--seconds 300] [--seed 1]   # every target under atheris (make fuzz)
    python -m fuzz TARGET [libFuzzer options] [corpus directory or input files]
    python -m fuzz TARGET --random [--runs N] [--seconds S] [--seed 1]   # without atheris

The second form is one atheris process: options such as ``-runs=10000``,
``-max_total_time=60`` or ``-seed=1`` go to libFuzzer, and a file given
instead of a directory is replayed (a failing input from the artifact
directory, for instance). Targets: request, origins, policies, shell.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .engine import TARGET_NAMES, cache_dir, campaign, has_atheris, report, run_random

#: Seconds ``make fuzz`` spends in all, split evenly between the targets.
DEFAULT_SECONDS = 300
#: Seconds between two printed tallies of a target under atheris.
TALLY_EVERY = 5.0


def _atheris(target: str, argv: Sequence[str]) -> None:
    """Run one target under atheris; libFuzzer ends the process."""
    import atheris

    # Instrumented for coverage: only the package under test.
    with atheris.instrument_imports(include=["flask_cors"]):
        from .targets import TALLY, TARGETS
    function = TARGETS[target]
    runs = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("-runs=")), None)
    printed = [time.monotonic()]

    def one_input(raw: bytes) -> None:
        function(raw)
        count = TALLY.executions.get(target, 0)
        # libFuzzer exits without running Python's atexit hooks, so the
        # tally is printed along the way: every few seconds, and after the
        # last planned run.
        if count == runs or time.monotonic() - printed[0] > TALLY_EVERY:
            printed[0] = time.monotonic()
            print(f"tally: {TALLY.summary()}", file=sys.stderr, flush=True)

    if not any(a.startswith("-artifact_prefix=") for a in argv):
        artifacts = cache_dir() / "artifacts"
        artifacts.mkdir(parents=True, exist_ok=True)
        argv = [*argv, f"-artifact_prefix={artifacts}/{target}-"]
    atheris.Setup([sys.argv[0], *argv], one_input)
    atheris.Fuzz()


def main(argv: Sequence[str]) -> int:
    """Run what the command line asks for; return the exit status."""
    if argv and argv[0] in TARGET_NAMES and "--random" not in argv:
        _atheris(argv[0], argv[1:])
        return 0
    parser = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__)
    parser.add_argument("target", choices=[*TARGET_NAMES, "all"])
    parser.add_argument("--random", action="store_true", help="seeded random bytes, no atheris")
    parser.add_argument("--runs", type=int, help="inputs per target (random engine)")
    parser.add_argument(
        "--seconds",
        type=int,
        default=int(os.environ.get("FUZZ_SECONDS", DEFAULT_SECONDS)),
        help="time for the whole run, split between the targets (default: $FUZZ_SECONDS or 300)",
    )
    parser.add_argument("--seed", type=int, default=int(os.environ.get("FUZZ_SEED", "1")))
    parser.add_argument(
        "--corpus", type=Path, default=cache_dir() / "corpus", help="corpus directory, kept"
    )
    args = parser.parse_args(argv)
    targets = list(TARGET_NAMES) if args.target == "all" else [args.target]
    share = max(1, args.seconds // len(targets))
    if args.random or not has_atheris():
        if not args.random:
            print("atheris is not installed: seeded random inputs instead", file=sys.stderr)
        outcomes = [run_random(t, seed=args.seed, runs=args.runs, seconds=share) for t in targets]
    else:
        print(f"fuzzing {', '.join(targets)} for {share} s each under atheris", file=sys.stderr)
        outcomes = campaign(targets, seconds=share, seed=args.seed, corpus=args.corpus)
    print(report(outcomes))
    return 1 if any(item.failure for item in outcomes) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
