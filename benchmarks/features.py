"""What an origin function and cross-site protection cost per request, through ``app.wsgi_app``.

flask-cors 6.0.5 has neither, so there is no reference to compare with.
Each case is a pair of apps of this package that differ in the one thing
measured (an origin function instead of the same origin listed;
``cross_site_protection=True`` or not), sent the same requests. As in
:mod:`benchmarks.overhead`, the two run back to back in interleaved rounds,
in an order shuffled per round, with garbage collection between rounds;
the cost is the median over rounds of (with - without) per request.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from attrs import asdict, frozen
from flask import Flask

from flask_cors import CORS, remembered

from .apps import ORIGIN, Request
from .overhead import _iqr, _Runner, interleave, size_batches

__all__ = ["Case", "FeatureResult", "build_app", "cases", "main", "measure", "table", "to_json"]

#: The origins the origin function allows: an allow-list held in memory.
REGISTERED: Final = frozenset({ORIGIN, "https://shop.example.com"})
#: An origin no configuration lists.
OTHER: Final = "https://evil.example.net"


def registered(origin: str) -> bool:
    """The origin function measured: one set lookup, as cheap as a function gets."""
    return origin in REGISTERED


@frozen
class Case:
    """Two configurations that differ in one feature, and the requests sent to both.

    Attributes:
        name: A short identifier.
        title: What is measured, for tables.
        without: ``CORS(app, ...)`` options of the app without the feature.
        with_: The options of the app with it.
        requests: The requests, cycled through in order.
    """

    name: str
    title: str
    without: Mapping[str, Any]
    with_: Mapping[str, Any]
    requests: tuple[Request, ...]


def _send(method: str, origin: str | None, site: str | None) -> Request:
    headers = [("Origin", origin)] if origin else []
    headers += [("Sec-Fetch-Site", site)] if site else []
    return Request(method, "/api/items", tuple(headers))


LISTED: Final = {"origins": [ORIGIN]}
PROTECTED: Final = {"origins": [ORIGIN], "cross_site_protection": True}


def cases() -> list[Case]:
    """Return every case, in report order."""
    return [
        Case(
            "function",
            "origin function (a set lookup) vs the origin listed; simple GET",
            LISTED,
            {"origins": registered},
            (_send("GET", ORIGIN, "cross-site"),),
        ),
        Case(
            "function-preflight",
            "origin function vs the origin listed; preflight",
            LISTED,
            {"origins": registered},
            (
                Request(
                    "OPTIONS",
                    "/api/items",
                    (
                        ("Origin", ORIGIN),
                        ("Access-Control-Request-Method", "PUT"),
                        ("Access-Control-Request-Headers", "content-type"),
                    ),
                ),
            ),
        ),
        Case(
            "function-remembered",
            "remembered(origin function, ttl=60) vs the origin listed; simple GET",
            LISTED,
            {"origins": remembered(registered, ttl=60)},
            (_send("GET", ORIGIN, "cross-site"),),
        ),
        Case(
            "protection-get",
            "protection on vs off; cross-site GET (a safe method)",
            LISTED,
            PROTECTED,
            (_send("GET", ORIGIN, "cross-site"),),
        ),
        Case(
            "protection-same-origin",
            "protection on vs off; POST from the app's own page (Sec-Fetch-Site: same-origin)",
            LISTED,
            PROTECTED,
            (_send("POST", None, "same-origin"),),
        ),
        Case(
            "protection-trusted",
            "protection on vs off; cross-site POST from the listed origin",
            LISTED,
            PROTECTED,
            (_send("POST", ORIGIN, "cross-site"),),
        ),
        Case(
            "protection-refused",
            "protection on vs off; cross-site POST from another origin (403 vs served)",
            LISTED,
            PROTECTED,
            (_send("POST", OTHER, "cross-site"),),
        ),
    ]


def build_app(options: Mapping[str, Any]) -> Flask:
    """Return an app with one view answering GET and POST, under ``CORS(app, **options)``."""
    app = Flask("bench-features")
    app.add_url_rule("/api/items", "items", lambda: "ok", methods=["GET", "POST"])
    CORS(app, **options)
    return app


@frozen
class FeatureResult:
    """One case's figures, in microseconds per request.

    Attributes:
        name: The case's name.
        title: What it measures.
        without_us: Median time per request of the app without the feature.
        with_us: Median time per request of the app with it.
        cost_us: Median over rounds of (with - without).
        cost_iqr_us: Interquartile range of those per-round differences.
        statuses: The status of the first response, without and with.
    """

    name: str
    title: str
    without_us: float
    with_us: float
    cost_us: float
    cost_iqr_us: float
    statuses: tuple[int, int]


def _status(runner: _Runner) -> int:
    seen: list[int] = []

    def capture(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> None:
        seen.append(int(status.split(" ", 1)[0]))

    body = runner.app(runner.environs[0].copy(), capture)
    for _chunk in body:
        pass
    close = getattr(body, "close", None)
    if close is not None:
        close()
    return seen[0]


def measure(
    chosen: Sequence[Case] | None = None,
    *,
    rounds: int = 120,
    batch_ms: float = 2.0,
    log: Callable[[str], None] | None = None,
) -> list[FeatureResult]:
    """Measure every case's two apps in interleaved rounds."""
    chosen = list(chosen if chosen is not None else cases())
    runners: dict[tuple[str, bool], _Runner] = {}
    for case in chosen:
        environs = [request.environ() for request in case.requests]
        for feature, options in ((False, case.without), (True, case.with_)):
            runners[case.name, feature] = _Runner(build_app(options).wsgi_app, environs)
    size_batches(runners.values(), batch_ms)
    groups = [[(case.name, False), (case.name, True)] for case in chosen]

    def progress(number: int) -> None:
        if log and number % 20 == 0:
            log(f"features: round {number}/{rounds}")

    samples = interleave(runners, groups, rounds=rounds, seed=25, progress=progress)
    results = []
    for case in chosen:
        without, with_ = samples[case.name, False], samples[case.name, True]
        differences = [b - a for a, b in zip(without, with_, strict=True)]
        results.append(
            FeatureResult(
                name=case.name,
                title=case.title,
                without_us=statistics.median(without),
                with_us=statistics.median(with_),
                cost_us=statistics.median(differences),
                cost_iqr_us=_iqr(differences),
                statuses=(_status(runners[case.name, False]), _status(runners[case.name, True])),
            )
        )
    return results


def table(results: Sequence[FeatureResult]) -> str:
    """Return the features table in Markdown."""
    lines = [
        "| case | status without / with | without µs | with µs | cost µs (± IQR) |",
        "|---|:-:|--:|--:|--:|",
    ]
    for item in results:
        lines.append(
            f"| `{item.name}`: {item.title} | {item.statuses[0]} / {item.statuses[1]} "
            f"| {item.without_us:.1f} | {item.with_us:.1f} "
            f"| {item.cost_us:+.2f} (± {item.cost_iqr_us:.2f}) |"
        )
    return "\n".join(lines)


def to_json(results: Sequence[FeatureResult]) -> list[dict[str, Any]]:
    """Return the results as JSON-ready data."""
    return [asdict(item) for item in results]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the features benchmark and print its table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.features", description=__doc__)
    parser.add_argument("--rounds", type=int, default=120, help="interleaved rounds (120)")
    parser.add_argument("--batch-ms", type=float, default=2.0, help="ms per batch (2)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def log(text: str) -> None:
        print(f"[{time.perf_counter() - started:5.0f} s] {text}", file=sys.stderr, flush=True)

    results = measure(rounds=args.rounds, batch_ms=args.batch_ms, log=log)
    print(table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(to_json(results), indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
