"""``make bench``: run every benchmark, judge the targets, write docs/benchmarks.md's results.

The results part of docs/benchmarks.md, between its two ``benchmarks:results``
markers, is replaced with this run's machine, targets, tables and profile;
the rest of the page is left as written. The figure is redrawn, and the raw
figures are kept as JSON in ``build/bench/``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Final

from attrs import asdict, frozen

import flask_cors
from flask_cors.core.decide import MEMO_SIZE
from reference import Reference, load_reference

from . import features, imports, micro, overhead, server
from .apps import Sizes, find, scenarios

ROOT: Final = Path(__file__).resolve().parent.parent
START: Final = "<!-- benchmarks:results:start -->"
END: Final = "<!-- benchmarks:results:end -->"


@frozen
class Target:
    """One target of the performance issue, judged on this run.

    Attributes:
        goal: The target, in words.
        figure: What was measured.
        met: Whether it was met; ``None`` when the run cannot tell (an
            overhead that noise made zero or negative).

    """

    goal: str
    figure: str
    met: bool | None


def _judge(ratio: float, limit: float, *overheads: float) -> bool | None:
    if any(value <= 0 or math.isnan(value) for value in overheads):
        return None
    return ratio <= limit


def machine(reference: Reference | None) -> dict[str, str]:
    """Describe the machine and the software measured."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    load = os.getloadavg() if hasattr(os, "getloadavg") else (math.nan,) * 3
    return {
        "CPU": model,
        "cores (nproc)": str(
            len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        ),
        "OS": platform.platform(),
        "Python": " ".join(
            (platform.python_implementation(), platform.python_version(), *platform.python_build())
        ),
        "Flask": installed("flask"),
        "Werkzeug": installed("werkzeug"),
        "attrs": installed("attrs"),
        "flask-cors (reference)": reference.version if reference else "not loaded",
        "this package": flask_cors.__version__,
        "load average at start (1, 5, 15 min)": ", ".join(f"{n:.2f}" for n in load),
    }


def targets(run: overhead.OverheadResult, micros: Sequence[micro.MicroResult]) -> list[Target]:
    """Judge the issue's targets on one run."""
    judged: list[Target] = []
    for item in run.scenarios:
        error = item.error("ours")
        if error:
            judged.append(
                Target(f"`{item.name}`: ours ≤ 0.2 x flask-cors", f"ours failed: {error}", False)
            )
            continue
        ratio = item.ratio("ours", "reference")
        ours, theirs = item.overhead("ours"), item.overhead("reference")
        judged.append(
            Target(
                f"`{item.name}`: overhead ours ≤ 0.2 x flask-cors",
                f"{ours:.1f} µs vs {theirs:.1f} µs = {ratio:.2f}x",
                _judge(ratio, 0.2, ours, theirs),
            )
        )
    get = run.find("get")
    ratio = get.ratio("ours", "floor")
    judged.append(
        Target(
            "`get`: overhead ours ≤ 2 x the hand-written floor",
            f"{get.overhead('ours'):.1f} µs vs {get.overhead('floor'):.1f} µs = {ratio:.2f}x",
            _judge(ratio, 2, get.overhead("ours"), get.overhead("floor")),
        )
    )
    origins = sorted({s.size for s in run.scenarios if s.family == "origins" and s.size})
    if len(origins) >= 2:
        low, high = origins[0], origins[-1]
        for suffix, label in (("", "Origins cycled"), ("-single", "one Origin")):
            judged.append(
                _flat(
                    run,
                    f"origins-{low}{suffix}",
                    f"origins-{high}{suffix}",
                    1.2,
                    f"exact origins, {label}",
                )
            )
        # Supplementary: with few origins the cycle repeats and the memo
        # answers, with many it misses; comparing two sizes that both miss
        # shows the matching alone.
        missed = [n for n in origins if n > MEMO_SIZE]
        if len(missed) >= 2 and missed[0] != low:
            judged.append(
                _flat(
                    run,
                    f"origins-{missed[0]}",
                    f"origins-{high}",
                    1.2,
                    "(supplementary) exact origins, both sizes missing the memo",
                )
            )
    rules = sorted({s.size for s in run.scenarios if s.family == "rules" and s.size})
    if len(rules) >= 2:
        judged.append(_flat(run, f"rules-{rules[0]}", f"rules-{rules[-1]}", 1.5, "resource rules"))
    for case in micros:
        if case.name not in ("simple", "preflight"):
            continue
        for label, ours in (
            ("memo hit", case.memo_hit_ns),
            ("no memo (`_decide`)", case.no_memo_ns),
            (f"memo miss ({case.distinct} origins cycled)", case.memo_miss_ns),
        ):
            theirs = case.reference_cycle_ns if "miss" in label else case.reference_ns
            speedup = theirs / ours
            judged.append(
                Target(
                    f"`decide` ≥ 10 x faster than `get_cors_headers`, {case.name}, {label}",
                    f"{theirs:,.0f} ns vs {ours:,.0f} ns = {speedup:.1f}x",
                    speedup >= 10,
                )
            )
    return judged


def _flat(run: overhead.OverheadResult, low: str, high: str, limit: float, what: str) -> Target:
    small, large = run.find(low), run.find(high)
    goal = f"{what}: overhead of `{large.name}` ≤ {limit} x `{small.name}` (ours)"
    error = large.error("ours") or small.error("ours")
    if error:
        return Target(goal, f"ours failed: {error}", False)
    big, little = large.overhead("ours"), small.overhead("ours")
    ratio = big / little
    figure = f"{big:.1f} µs vs {little:.1f} µs = {ratio:.2f}x"
    return Target(goal, figure, _judge(ratio, limit, big, little))


def render(
    info: dict[str, str],
    judged: Sequence[Target],
    run: overhead.OverheadResult,
    micros: Sequence[micro.MicroResult],
    served: server.ServerRun,
    profile_text: str | None,
    seconds: float,
    import_times: Sequence[imports.Timing] = (),
    costs: Sequence[features.FeatureResult] = (),
) -> str:
    """Return the results part of docs/benchmarks.md."""
    met = sum(t.met is True for t in judged)
    unclear = sum(t.met is None for t in judged)
    verdicts = {True: "yes", False: "**no**", None: "can't tell (noise)"}
    parts = [
        f"_Generated by `make bench` on {time.strftime('%Y-%m-%d %H:%M %Z')}, in {seconds:.0f} s._",
        "",
        "### Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in info.items()),
        "",
        f"### Targets: {met} of {len(judged)} met"
        + (f", {unclear} not measurable in this run" if unclear else ""),
        "",
        "| target | this run | met |",
        "|---|---|:-:|",
        *(f"| {t.goal} | {t.figure} | {verdicts[t.met]} |" for t in judged),
        "",
        "### Per-request overhead through `app.wsgi_app`",
        "",
        f"Median over {run.rounds} interleaved rounds, each app's batch lasting about "
        f"{run.batch_ms:g} ms. *+µs* is the overhead over the bare app (median of per-round "
        "differences); *ours ± IQR* is the spread of our per-round differences. Rows whose "
        f"*Origins cycled* is above 1 send that many distinct `Origin` values in turn (above "
        f"this package's memo of {MEMO_SIZE} decisions, every request misses it); rows with 1 "
        "send the same `Origin` every time, which the memo answers.",
        "",
        overhead.table(run),
        "",
        "![Overhead against the number of origins and of resource rules](benchmarks-overhead.png)",
        "",
        "### `decide` against `get_cors_headers`",
        "",
        micro.table(micros),
        "",
        "### What an origin function and cross-site protection cost",
        "",
        "Pairs of apps of this package that differ in one thing, in interleaved rounds as "
        "above; *cost* is the median over rounds of (with - without) per request. flask-cors "
        "6.0.5 has neither feature.",
        "",
        features.table(costs) if costs else "(left out)",
        "",
        "### gunicorn + wrk on loopback",
        "",
        _server_settings(served),
        "",
        server.table(served),
    ]
    if import_times:
        parts += [
            "",
            "### Import time",
            "",
            "Median over fresh interpreters of one import statement after `import flask` "
            "(`python -m benchmarks.imports`).",
            "",
            imports.render(import_times),
        ]
    if profile_text:
        parts += ["", "### Where ours spends its time (`get`)", "", profile_text]
    return "\n".join(parts)


def _server_settings(served: server.ServerRun) -> str:
    s = served.settings
    text = (
        f"{s.get('passes')} passes of {s.get('seconds_per_pass')} s per app, interleaved; "
        f"gunicorn with {s.get('gunicorn_workers')} sync workers; wrk with "
        f"{s.get('wrk_threads')} thread and {s.get('wrk_connections')} connections; "
        "the `get` scenario (default options, simple GET with `Origin`). Medians over passes."
    )
    tools = ", ".join(f"{k} {s[k]}" for k in ("gunicorn", "wrk") if k in s)
    return f"{text} ({tools})" if tools else text


def update_docs(path: Path, section: str) -> None:
    """Replace what lies between the markers of ``path`` with ``section``.

    Raises:
        ValueError: If the markers are missing.

    """
    text = path.read_text()
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"{path} lacks the markers {START} and {END}")
    path.write_text(f"{text[: start + len(START)]}\n{section}\n{text[end:]}")


def _profile(reference: Reference) -> str:
    from . import profile

    scenario = find("get")
    steps = profile.breakdown(scenario, reference)
    hand = profile.by_hand(reference)
    core = profile.core_breakdown()
    rules = profile.rules_breakdown()
    listing = profile.profile(scenario, reference, requests=5_000, top=15)
    return (
        "Each step of the hook timed alone inside a request context, ns per call "
        "(`python -m benchmarks.profile get`):\n\n"
        f"{profile.breakdown_table(steps)}\n\n"
        "A ladder of hand-written hooks up to ours, overhead over bare through "
        "`app.wsgi_app` in ns (median of paired rounds): the floor; the two lines ours "
        "sends, added as ours adds them; the same after reading what ours decides by; "
        "ours, which also matches the path, scans the response's lines and checks the "
        "trace and the log level:\n\n"
        f"{profile.breakdown_table(hand)}\n\n"
        "Matching the path of the `rules-N` scenarios (the match is the last rule), ns per "
        "call:\n\n"
        f"{profile.breakdown_table(rules)}\n\n"
        "The parts of `decide` without its memo (`_decide`), default options:\n\n"
        f"{profile.breakdown_table(core)}\n\n"
        "cProfile over 5,000 requests through `app.wsgi_app` (figures inflated by the "
        f"profiler; read them as shares):\n\n```text\n{listing}\n```"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run everything and write the results."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.report", description=__doc__)
    parser.add_argument("--rounds", type=int, default=120, help="overhead rounds (120)")
    parser.add_argument("--batch-ms", type=float, default=2.0, help="ms per batch (2)")
    parser.add_argument("--server-seconds", type=float, default=3.0, help="per wrk pass (3)")
    parser.add_argument("--server-passes", type=int, default=5, help="wrk passes per app (5)")
    parser.add_argument("--skip-server", action="store_true", help="leave out gunicorn + wrk")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--figure", type=Path, default=ROOT / "docs" / "benchmarks-overhead.png")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def log(text: str) -> None:
        print(f"[{time.perf_counter() - started:5.0f} s] {text}", file=sys.stderr, flush=True)

    reference = load_reference()
    info = machine(reference)
    log("overhead through app.wsgi_app")
    run = overhead.measure(
        scenarios(Sizes()), reference, rounds=args.rounds, batch_ms=args.batch_ms, log=log
    )
    log("decide vs get_cors_headers")
    micros = micro.measure(reference)
    log("origin functions and cross-site protection")
    costs = features.measure(rounds=args.rounds, batch_ms=args.batch_ms, log=log)
    if args.skip_server:
        served = server.ServerRun([], "left out (--skip-server)", {})
    else:
        log("gunicorn + wrk")
        served = server.run(seconds=args.server_seconds, passes=args.server_passes)
    log("profile of `get`")
    profile_text = _profile(reference)
    log("import time")
    import_times = imports.measure()
    judged = targets(run, micros)

    args.out.mkdir(parents=True, exist_ok=True)
    data: dict[str, Callable[[], Any]] = {
        "machine.json": lambda: info,
        "overhead.json": run.to_json,
        "micro.json": lambda: micro.to_json(micros),
        "features.json": lambda: features.to_json(costs),
        "server.json": served.to_json,
        "targets.json": lambda: [asdict(t) for t in judged],
        "imports.json": lambda: [asdict(t) for t in import_times],
    }
    for name, make in data.items():
        (args.out / name).write_text(json.dumps(make(), indent=1) + "\n")
    from .plot import plot

    plot(run, args.figure)
    section = render(
        info,
        judged,
        run,
        micros,
        served,
        profile_text,
        time.perf_counter() - started,
        import_times,
        costs,
    )
    (args.out / "results.md").write_text(section + "\n")
    update_docs(args.docs, section)
    print(section)
    log(f"wrote {args.docs}, {args.figure} and {args.out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
