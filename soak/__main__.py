"""``python -m soak``: gunicorn on loopback under the request mix; errors, checks and memory.

The run: start gunicorn (gthread workers) on a free 127.0.0.1 port; warm
up with the full mix, so that every bounded cache (decide's memo per
policy, the refusal log) has filled and been cleared at least once; take
the workers' resident memory; send the mix for ``--seconds``, sampling the
memory every ``--sample`` seconds; take it again; stop the server. The
exit status is 0 only with no 5xx, no failed check, no connection error,
no worker restarted, and no worker's memory grown by more than
``--rss-growth-mib`` between the two measurements.

Every request index is new, so the refused, partner and hostile origins
are distinct from the first request to the last: a cache without a bound
would grow for the whole run.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from benchmarks.server import HOST

from .load import Results, run_load
from .server import gunicorn, rss_kib

#: Seconds of measured load by default (``SOAK_SECONDS`` overrides it).
DEFAULT_SECONDS = 60


def _mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


def report(
    results: Results,
    warmup: Results,
    rss: list[tuple[float, dict[int, int]]],
    restarted: bool,
    limit_mib: float,
    initial: dict[int, int],
) -> tuple[str, bool]:
    """Return the run's report and whether it passed.

    ``rss`` holds the samples from the end of the warm-up on, which the
    growth is judged over; ``initial`` the memory before any request.
    """
    lines = ["", "== soak: gunicorn (gthread) on 127.0.0.1 under the request mix =="]
    served = warmup.served + results.served
    lines.append(
        f"requests served: {served:,} ({warmup.served:,} warming up, then {results.served:,} "
        f"in {results.seconds:.0f} s: {results.served / max(results.seconds, 1e-9):,.0f}/s)"
    )
    lines.append(
        f"latency over the measured part: p50 {results.percentile(0.5):.1f} ms, "
        f"p99 {results.percentile(0.99):.1f} ms"
    )
    server_errors = warmup.server_errors + results.server_errors
    failures = warmup.failures + results.failures
    errors = warmup.errors + results.errors
    checked = warmup.checked + results.checked
    lines.append(f"5xx responses: {server_errors}")
    lines.append(f"responses checked against their expected CORS headers: {checked:,}")
    lines.append(f"failed checks: {failures}; connection errors: {errors}")
    statuses = warmup.statuses + results.statuses
    lines.append("statuses: " + ", ".join(f"{s}: {n:,}" for s, n in sorted(statuses.items())))
    lines.append("requests by kind:")
    sent = warmup.sent + results.sent
    for kind, count in sorted(sent.items(), key=lambda item: -item[1]):
        lines.append(f"  {kind:<32} {count:>10,}")
    lines.append("worker memory (VmRSS): before any request | after warming up -> every sample")
    first = rss[0][1]
    last = rss[-1][1]
    grown = False
    for pid in sorted(first):
        series = " -> ".join(_mib(sample.get(pid, 0)) for _, sample in rss)
        growth = (last.get(pid, 0) - first[pid]) / 1024
        grown = grown or growth > limit_mib
        before = _mib(initial.get(pid, 0))
        lines.append(f"  worker {pid}: {before} | {series} (end - start: {growth:+.1f} MiB)")
    start_total, end_total = sum(first.values()), sum(last.values())
    lines.append(f"RSS of all workers: start {_mib(start_total)}, end {_mib(end_total)}")
    if restarted:
        lines.append("a worker was restarted during the run")
    for example in (warmup.examples + results.examples)[:10]:
        lines.append(f"  ! {example}")
    passed = not (server_errors or failures or errors or restarted or grown)
    verdict = "PASS" if passed else "FAIL"
    lines.append(f"{verdict}: limit on memory growth per worker {limit_mib:g} MiB")
    return "\n".join(lines), passed


def main(argv: Sequence[str]) -> int:
    """Run the soak; return 0 if it passed."""
    parser = argparse.ArgumentParser(prog="python -m soak", description=__doc__)
    parser.add_argument(
        "--seconds",
        type=float,
        default=float(os.environ.get("SOAK_SECONDS", DEFAULT_SECONDS)),
        help="seconds of measured load (default: $SOAK_SECONDS or 60)",
    )
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds of warm-up (10)")
    parser.add_argument("--sample", type=float, default=10.0, help="seconds between RSS samples")
    parser.add_argument("--threads", type=int, default=4, help="client threads (4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--worker-threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument(
        "--max-requests", type=int, default=5_000_000, help="stop after this many requests"
    )
    parser.add_argument(
        "--rss-growth-mib", type=float, default=16.0, help="allowed growth per worker (16)"
    )
    args = parser.parse_args(argv)
    with gunicorn(workers=args.workers, threads=args.worker_threads) as server:
        print(
            f"gunicorn pid {server.process.pid} on {HOST}:{server.port}: {args.workers} workers "
            f"x {args.worker_threads} threads; {args.threads} client threads; warming up "
            f"{args.warmup:g} s, then {args.seconds:g} s",
            flush=True,
        )
        pids = server.worker_pids()
        initial = {pid: rss_kib(pid) for pid in pids}
        load = {"threads": args.threads, "max_requests": args.max_requests}
        warmup = run_load(HOST, server.port, seconds=args.warmup, **load)
        rss = [(0.0, {pid: rss_kib(pid) for pid in pids})]
        results = Results()
        elapsed = 0.0
        next_index = warmup.served + warmup.errors
        while elapsed < args.seconds and next_index < args.max_requests:
            part = min(args.sample, args.seconds - elapsed)
            budget = args.max_requests - next_index
            step = run_load(
                HOST,
                server.port,
                seconds=part,
                threads=args.threads,
                max_requests=budget,
                start=next_index,
            )
            next_index += step.served + step.errors
            results.merge(step)
            results.seconds += step.seconds
            elapsed += part
            rss.append((elapsed, {pid: rss_kib(pid) for pid in pids}))
            print(f"  {elapsed:.0f} s: {results.served:,} responses", flush=True)
        restarted = server.worker_pids() != pids
    text, passed = report(results, warmup, rss, restarted, args.rss_growth_mib, initial)
    print(text)
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
