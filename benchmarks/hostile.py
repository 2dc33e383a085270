"""Hostile requests against a normal preflight: how many times the work of one a worst case costs.

Every case is decided under the same configuration (the soak's API rule:
two literal header names and one header regex, a literal and a regex
origin, credentials, max_age) except the last, which adds ten more header
regexes to show that the cost of a long ``Access-Control-Request-Headers``
grows with the number of configured regexes. Two figures per case:

- ``core``: ``_decide`` (the work ``decide`` does on a memo miss; hostile
  values longer than 256 characters are never memoized, so it is what
  they cost), ns per call, best of several repeats;
- ``app``: the whole request through ``app.wsgi_app`` (Werkzeug, routing,
  the view, this package), microseconds, with the bare app's time for the
  same request subtracted to give this package's share.

Each is divided by the same figure for a normal preflight. The
catastrophic-regex case is left out: its cost has no constant bound (see
docs/security.md, "Limits").
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from attrs import asdict, frozen
from flask import Flask

from flask_cors import CORS
from flask_cors.core import Policy, RequestInfo
from flask_cors.core.decide import _Compiled, _decide

from .apps import Request
from .micro import _best_ns
from .overhead import _Runner

APP_ORIGIN: Final = "https://app.example.com"
OPTIONS: Final[Mapping[str, object]] = {
    "origins": [APP_ORIGIN, r"^https://[a-z0-9-]+\.partner\.example$"],
    "methods": ["GET", "POST", "PUT", "DELETE"],
    "allow_headers": ["Content-Type", "X-Requested-With", r"^X-Custom-[a-z]+$"],
    "supports_credentials": True,
    "max_age": 600,
}
MANY_REGEXES: Final[Mapping[str, object]] = {
    **OPTIONS,
    "allow_headers": [*OPTIONS["allow_headers"], *(rf"^X-Tenant{i}-[a-z]+$" for i in range(10))],  # type: ignore[misc]
}


def distinct_names(length: int) -> str:
    """Return distinct short header names, comma-separated, at most ``length`` characters."""
    names: list[str] = []
    total = 0
    while True:
        name = f"q{len(names)}"
        total += len(name) + 1
        if total > length:
            return ",".join(names)
        names.append(name)


@frozen
class Case:
    """One request, and the configuration it is decided under."""

    name: str
    title: str
    headers: tuple[tuple[str, str], ...]
    options: Mapping[str, object] = OPTIONS
    method: str = "OPTIONS"

    def info(self) -> RequestInfo:
        """Return the request as the core sees it."""
        values = dict(self.headers)
        return RequestInfo(
            self.method,
            values.get("Origin"),
            "/api/items",
            values.get("Access-Control-Request-Method"),
            values.get("Access-Control-Request-Headers"),
        )


def _preflight(requested: str | None = None, method: str = "POST") -> tuple[tuple[str, str], ...]:
    headers = [("Origin", APP_ORIGIN), ("Access-Control-Request-Method", method)]
    if requested is not None:
        headers.append(("Access-Control-Request-Headers", requested))
    return tuple(headers)


NORMAL: Final = Case(
    "normal", "normal preflight (2 requested headers)", _preflight("Content-Type, X-Custom-Trace")
)
CASES: Final = (
    Case(
        "names-1000",
        "~1,000 distinct requested header names (4,096 characters)",
        _preflight(distinct_names(4096)),
    ),
    Case("commas", "4,096 commas of requested headers", _preflight("," * 4096)),
    Case(
        "headers-10000",
        "10,000 requested headers (refused by length)",
        _preflight(",".join(["X-Custom-a"] * 10_000)),
    ),
    Case(
        "origin-64k", "64 KiB Origin (refused by length)", (("Origin", "https://" + "a" * 65536),)
    ),
    Case(
        "origin-300",
        "300-character Origin (the limit), matched and refused",
        (("Origin", "https://" + "a" * 292),),
        method="GET",
    ),
    Case("method-64k", "64 KiB requested method", _preflight(method="M" * 65536)),
    Case(
        "names-1000-13-regexes",
        "~1,000 requested header names, 13 header regexes configured",
        _preflight(distinct_names(4096)),
        options=MANY_REGEXES,
    ),
)
#: The normal preflight under the 13-regex configuration, the last case's baseline.
NORMAL_MANY: Final = Case(
    "normal-13-regexes",
    "normal preflight, 13 header regexes configured",
    NORMAL.headers,
    options=MANY_REGEXES,
)


@frozen
class Figure:
    """One case's costs.

    Attributes:
        name: The case's name.
        title: What it is.
        core_ns: ``_decide``, ns per call.
        app_us: The whole request through ``wsgi_app``, microseconds.
        cors_us: ``app_us`` less the bare app's time for the same request.
    """

    name: str
    title: str
    core_ns: float
    app_us: float
    cors_us: float


def _app(options: Mapping[str, object] | None) -> Flask:
    app = Flask("hostile_bench", static_folder=None)
    app.add_url_rule("/api/items", "items", lambda: "ok", methods=["GET", "POST"])
    if options is not None:
        CORS(app, **options)  # type: ignore[arg-type]
    return app


def _app_us(app: Flask, case: Case, repeat: int, quick: bool) -> float:
    environ = Request(case.method, "/api/items", case.headers).environ()
    runner = _Runner(app.wsgi_app, [environ])
    count = 1 if quick else 200
    runner.run(count)
    return min(runner.run(count) / count for _ in range(1 if quick else repeat)) / 1000


def measure_case(case: Case, *, repeat: int, quick: bool) -> Figure:
    """Time one case in the core and through the app."""
    policy = Policy.from_options(case.options)
    names: dict[str, Any] = {"_decide": _decide, "compiled": _Compiled(policy), "info": case.info()}
    statement = (
        "_decide(compiled, info.method, info.origin, info.request_method,"
        " info.request_headers, info.private_network, None)"
    )
    core = _best_ns(statement, names, 1, repeat, quick)
    app_us = _app_us(_app(case.options), case, repeat, quick)
    bare_us = _app_us(_app(None), case, repeat, quick)
    return Figure(case.name, case.title, core, app_us, max(app_us - bare_us, 0.001))


def measure(*, repeat: int = 9, quick: bool = False) -> tuple[Figure, Figure, list[Figure]]:
    """Time the normal preflights and every hostile case."""
    normal = measure_case(NORMAL, repeat=repeat, quick=quick)
    normal_many = measure_case(NORMAL_MANY, repeat=repeat, quick=quick)
    return normal, normal_many, [measure_case(c, repeat=repeat, quick=quick) for c in CASES]


def table(normal: Figure, normal_many: Figure, figures: Sequence[Figure]) -> str:
    """Return the results as a Markdown table, with ratios to the normal preflight."""
    lines = [
        "| case | core ns | x normal | app µs | x normal | CORS share µs | x normal |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]

    def row(item: Figure, base: Figure) -> str:
        return (
            f"| {item.title} | {item.core_ns:,.0f} | {item.core_ns / base.core_ns:.1f} "
            f"| {item.app_us:,.1f} | {item.app_us / base.app_us:.2f} "
            f"| {item.cors_us:,.1f} | {item.cors_us / base.cors_us:.1f} |"
        )

    lines.append(row(normal, normal))
    lines += [row(item, normal) for item in figures if item.name != "names-1000-13-regexes"]
    lines.append(row(normal_many, normal_many))
    lines += [row(item, normal_many) for item in figures if item.name == "names-1000-13-regexes"]
    worst = max(figures, key=lambda item: item.core_ns / _base(item, normal, normal_many).core_ns)
    base = _base(worst, normal, normal_many)
    lines += [
        "",
        f"Worst case: {worst.title}: {worst.core_ns / base.core_ns:.0f}x a normal preflight "
        f"in the core, {worst.app_us / base.app_us:.1f}x for the whole request.",
    ]
    return "\n".join(lines)


def _base(item: Figure, normal: Figure, normal_many: Figure) -> Figure:
    return normal_many if item.name == "names-1000-13-regexes" else normal


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile", description=__doc__)
    parser.add_argument("--repeat", type=int, default=9, help="repeats, best kept (9)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    normal, normal_many, figures = measure(repeat=args.repeat)
    print(table(normal, normal_many, figures))
    if args.json:
        data = [asdict(item) for item in (normal, normal_many, *figures)]
        args.json.write_text(json.dumps(data, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
