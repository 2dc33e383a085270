"""Per-request overhead: each scenario's four apps, driven through ``app.wsgi_app``.

No test client and no server: a request is a copy of a prebuilt WSGI
environ handed to ``app.wsgi_app(environ, start_response)``, and its body is
read and closed, as a WSGI server would. What differs between the four apps
of a scenario is only their CORS layer, so the difference in time per
request is that layer's cost.

Machine drift (frequency scaling, the other core's load) is the enemy of
microsecond differences, so every app is measured in the same process in
interleaved rounds: each round runs one short batch of every app of every
scenario, a scenario's four apps back to back, in an order shuffled per
round. A variant's overhead is the median,
over rounds, of its time per request minus the bare app's time per request
in the same round. Garbage collection is off during batches and run between
rounds, for every app alike.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import random
import statistics
import sys
import time
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from attrs import asdict, frozen

from reference import Reference, load_reference

from .apps import VARIANTS, Environ, Scenario, Sizes, Variant, build_app, header_names, scenarios

K = TypeVar("K", bound=Hashable)

WsgiApp = Callable[[Environ, Callable[..., Any]], Iterable[bytes]]

#: Headers that show a response went through a CORS layer that allowed it.
_ALLOW_ORIGIN = "access-control-allow-origin"


@frozen
class VariantResult:
    """One app's figures in one scenario.

    Attributes:
        median_us: Median time per request, in microseconds.
        overhead_us: Median over rounds of (this app - bare app) per request.
        overhead_iqr_us: Interquartile range of those per-round differences.
        batch: Requests per batch.
        headers: The CORS header lines of the first request's response.
        error: Why the app could not be built or run, if it could not (the
            figures are then NaN).

    """

    median_us: float
    overhead_us: float
    overhead_iqr_us: float
    batch: int
    headers: list[str]
    error: str | None = None


@frozen
class ScenarioResult:
    """All four apps' figures in one scenario.

    Attributes:
        name: The scenario's name.
        title: What it measures.
        family: Its plot series, if any.
        size: Its number of origins or rules, if any.
        distinct_origins: How many distinct ``Origin`` values were cycled.
        variants: Per app, by variant name.

    """

    name: str
    title: str
    family: str | None
    size: int | None
    distinct_origins: int
    variants: dict[str, VariantResult]

    def error(self, variant: Variant) -> str | None:
        """Return why a variant could not be measured, or ``None``."""
        return self.variants[variant].error

    def overhead(self, variant: Variant) -> float:
        """Return a variant's overhead over the bare app, in microseconds."""
        return self.variants[variant].overhead_us

    def ratio(self, variant: Variant, base: Variant) -> float:
        """Return ``variant``'s overhead divided by ``base``'s (inf if base's is not > 0)."""
        denominator = self.overhead(base)
        return self.overhead(variant) / denominator if denominator > 0 else math.inf


@frozen
class OverheadResult:
    """A whole overhead run.

    Attributes:
        rounds: How many interleaved rounds were run.
        batch_ms: The target duration of one batch, in milliseconds.
        seconds: How long the run took, setup included.
        scenarios: One result per scenario, in report order.

    """

    rounds: int
    batch_ms: float
    seconds: float
    scenarios: list[ScenarioResult]

    def find(self, name: str) -> ScenarioResult:
        """Return the result of the scenario called ``name``."""
        for result in self.scenarios:
            if result.name == name:
                return result
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        """Return the result as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OverheadResult:
        """Rebuild a result from :meth:`to_json`'s output."""
        return cls(
            rounds=data["rounds"],
            batch_ms=data["batch_ms"],
            seconds=data["seconds"],
            scenarios=[
                ScenarioResult(
                    **{
                        **item,
                        "variants": {
                            name: VariantResult(**figures)
                            for name, figures in item["variants"].items()
                        },
                    }
                )
                for item in data["scenarios"]
            ],
        )


def _start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> Any:
    return None


class _Runner:
    """One app, its requests, and where in their cycle it is."""

    def __init__(self, app: WsgiApp, environs: Sequence[Environ]) -> None:
        self.app = app
        self.environs = environs
        self.position = 0
        self.batch = 1

    def run(self, count: int) -> int:
        """Send ``count`` requests; return the elapsed nanoseconds."""
        app = self.app
        environs = self.environs
        size = len(environs)
        position = self.position
        start_response = _start_response
        start = time.perf_counter_ns()
        for _ in range(count):
            body = app(environs[position].copy(), start_response)
            for _chunk in body:
                pass
            close = getattr(body, "close", None)
            if close is not None:
                close()
            position += 1
            if position == size:
                position = 0
        elapsed = time.perf_counter_ns() - start
        self.position = position
        return elapsed

    def first_headers(self) -> list[str]:
        """Return the CORS header lines of the response to the first request."""
        seen: list[tuple[str, str]] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> Any:
            seen.extend(headers)

        body = self.app(self.environs[0].copy(), capture)
        for _chunk in body:
            pass
        close = getattr(body, "close", None)
        if close is not None:
            close()
        return header_names(seen)


def _check(scenario: Scenario, headers: dict[str, list[str]]) -> None:
    """Refuse a scenario whose apps do not do what it claims to measure."""

    def allows(variant: str) -> bool:
        return any(line.lower().startswith(_ALLOW_ORIGIN + ":") for line in headers[variant])

    if allows("bare"):
        raise AssertionError(f"{scenario.name}: the bare app sent CORS headers")
    if "reference" not in headers or "ours" not in headers:
        return
    if allows("reference") != allows("ours"):
        raise AssertionError(
            f"{scenario.name}: the libraries disagree on allowing the request: "
            f"flask-cors {headers['reference']}, ours {headers['ours']}"
        )
    expect_allowed = scenario.name != "disallowed"
    if allows("ours") != expect_allowed:
        raise AssertionError(f"{scenario.name}: expected allowed={expect_allowed}, got {headers}")


def measure(
    chosen: Sequence[Scenario],
    reference: Reference,
    *,
    rounds: int = 120,
    batch_ms: float = 2.0,
    log: Callable[[str], None] | None = None,
) -> OverheadResult:
    """Measure every scenario's four apps in interleaved rounds."""
    started = time.perf_counter()
    runners: dict[tuple[str, Variant], _Runner] = {}
    headers: dict[str, dict[str, list[str]]] = {}
    errors: dict[tuple[str, Variant], str] = {}
    for scenario in chosen:
        environs = [request.environ() for request in scenario.requests]
        headers[scenario.name] = {}
        for variant in VARIANTS:
            try:
                app = build_app(scenario, variant, reference)
                runner = _Runner(app.wsgi_app, environs)
                headers[scenario.name][variant] = runner.first_headers()
            except Exception as error:
                # A library that fails a scenario is reported, not hidden:
                # the other apps of the scenario are still measured.
                if variant == "bare":
                    raise
                errors[scenario.name, variant] = f"{type(error).__name__}: {error}"[:300]
                if log:
                    log(f"{scenario.name}: {variant} failed: {errors[scenario.name, variant]}")
                continue
            runners[scenario.name, variant] = runner
        _check(scenario, headers[scenario.name])
    if log:
        log(f"built {len(runners)} apps in {time.perf_counter() - started:.1f} s")

    size_batches(runners.values(), batch_ms)
    # A scenario's apps run back to back, so that the bare app they are
    # compared with ran moments before or after them; the order of
    # scenarios, and of apps within one, changes every round.
    groups = [
        [(scenario.name, v) for v in VARIANTS if (scenario.name, v) in runners]
        for scenario in chosen
    ]

    def progress(number: int) -> None:
        if log and number % 10 == 0:
            log(f"round {number}/{rounds}, {time.perf_counter() - started:.0f} s")

    samples = interleave(runners, groups, rounds=rounds, seed=6, progress=progress)

    results = []
    for scenario in chosen:
        bare = samples[scenario.name, "bare"]
        variants: dict[str, VariantResult] = {}
        for variant in VARIANTS:
            failure = errors.get((scenario.name, variant))
            if failure is not None:
                variants[variant] = VariantResult(math.nan, math.nan, math.nan, 0, [], failure)
                continue
            own = samples[scenario.name, variant]
            differences = [mine - base for mine, base in zip(own, bare, strict=True)]
            variants[variant] = VariantResult(
                median_us=statistics.median(own),
                overhead_us=statistics.median(differences),
                overhead_iqr_us=_iqr(differences),
                batch=runners[scenario.name, variant].batch,
                headers=headers[scenario.name][variant],
            )
        origins = {dict(request.headers).get("Origin") for request in scenario.requests}
        results.append(
            ScenarioResult(
                name=scenario.name,
                title=scenario.title,
                family=scenario.family,
                size=scenario.size,
                distinct_origins=len(origins),
                variants=variants,
            )
        )
    return OverheadResult(rounds, batch_ms, time.perf_counter() - started, results)


def size_batches(runners: Iterable[_Runner], batch_ms: float) -> None:
    """Warm up every app over its whole request cycle, and size its batch to take batch_ms."""
    target_ns = batch_ms * 1e6
    for runner in runners:
        runner.run(min(len(runner.environs), 1000) + 20)
        probe = max(1, min(200, len(runner.environs)))
        per_request = runner.run(probe) / probe
        runner.batch = max(1, min(20_000, round(target_ns / per_request)))


def interleave(
    runners: Mapping[K, _Runner],
    groups: Sequence[Sequence[K]],
    *,
    rounds: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
) -> dict[K, list[float]]:
    """Time each runner's batch in interleaved rounds; return µs per request, per round.

    A group's runners run back to back, so that apps compared with each
    other ran moments apart; the order of groups, and of runners within
    one, is shuffled every round. Garbage collection is off during batches
    and runs between rounds, for every app alike.
    """
    samples: dict[K, list[float]] = {key: [] for group in groups for key in group}
    shuffler = random.Random(seed)
    order = [list(group) for group in groups]
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for number in range(rounds):
            shuffler.shuffle(order)
            for keys in order:
                shuffler.shuffle(keys)
                for key in keys:
                    runner = runners[key]
                    samples[key].append(runner.run(runner.batch) / runner.batch / 1000)
            gc.collect()
            if progress is not None:
                progress(number + 1)
    finally:
        if was_enabled:
            gc.enable()
    return samples


def _iqr(values: Sequence[float]) -> float:
    if len(values) < 2:
        return 0.0
    quartiles = statistics.quantiles(values, n=4)
    return quartiles[2] - quartiles[0]


def _ratio(value: float) -> str:
    return "n/a" if math.isinf(value) or math.isnan(value) else f"{value:.2f}"


def _us(value: float) -> str:
    return "**failed**" if math.isnan(value) else f"{value:.1f}"


def table(result: OverheadResult) -> str:
    """Return the overhead table in Markdown."""
    lines = [
        "| scenario | Origins cycled | bare µs/req | floor +µs | flask-cors +µs | ours +µs "
        "| ours ± IQR | ours / flask-cors | ours / floor |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for item in result.scenarios:
        figures = item.variants
        lines.append(
            f"| `{item.name}`: {item.title} | {item.distinct_origins} "
            f"| {_us(figures['bare'].median_us)} "
            f"| {_us(item.overhead('floor'))} | {_us(item.overhead('reference'))} "
            f"| {_us(item.overhead('ours'))} | {_us(figures['ours'].overhead_iqr_us)} "
            f"| {_ratio(item.ratio('ours', 'reference'))} "
            f"| {_ratio(item.ratio('ours', 'floor'))} |"
        )
    failures = [
        f"- `{item.name}`, {'flask-cors' if variant == 'reference' else variant}: {error}"
        for item in result.scenarios
        for variant in VARIANTS
        if (error := item.error(variant))
    ]
    if failures:
        lines += ["", "Failed to configure or run:", "", *failures]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the overhead benchmark and print its table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.overhead", description=__doc__)
    parser.add_argument("--rounds", type=int, default=120, help="interleaved rounds (120)")
    parser.add_argument("--batch-ms", type=float, default=2.0, help="ms per batch (2)")
    parser.add_argument("--only", nargs="*", help="scenario names to run (default: all)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    chosen = [s for s in scenarios(Sizes()) if not args.only or s.name in args.only]
    result = measure(
        chosen,
        load_reference(),
        rounds=args.rounds,
        batch_ms=args.batch_ms,
        log=lambda text: print(text, file=sys.stderr),
    )
    print(table(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result.to_json(), indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
