"""Regex engines side by side, and the worst crafted request through the app.

Two tables, for docs/security.md ("Regular expressions"):

- **engines**: ns per ``match`` of typical configured regexes, on a value
  they match and one they do not, in ``re``, the ``regex`` package, ``regex``
  with a ``timeout=`` (what the bounded engine runs), and google-re2 when it
  is installed (the bench group has it);
- **worst request**: for every regex of the corpus of real configurations
  (tests/corpus), flask-cors's documented forms and every ReDoS shape of the
  two security reviews, the longest one crafted request took through a
  whole Flask app (``app.test_client()``, resources, origins and
  ``Access-Control-Request-Headers`` at their documented limits), with the
  same request's time through an app without CORS for comparison.

Run: ``python -m benchmarks.regex_engines`` (``--quick`` for fewer values).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import timeit
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Final

import regex
from flask import Flask

from flask_cors import CORS
from flask_cors.core import REGEX_BUDGET_SECONDS
from flask_cors.core.bounded import BoundedRegex
from flask_cors.core.limits import VALUE_LIMITS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from differential.corpus import load, regexes
from hostile.shapes import REVIEW2, crafted

#: (what it is, option, regex, a value it matches, a value it does not).
TYPICAL: Final = [
    (
        "anchored subdomain origin",
        "origins",
        r"^https://[a-z0-9-]+\.example\.com$",
        "https://app.example.com",
        "https://app.example.org",
    ),
    (
        "resource regex",
        "resources",
        r"^/api/v[0-9]+/items/[^/]+$",
        "/api/v2/items/42",
        "/api/v2/users/42",
    ),
    ("header regex", "allow_headers", r"x-company-.*", "x-company-id", "content-type"),
]

#: The first review's shapes (issue 14), beside the second's.
REVIEW1: Final = [
    ("origins", r"^https://(.*)\.(.*)\.(.*)\.example\.com$"),
    ("origins", r"^https://([a-z0-9]+-?){1,10}\.example\.com$"),
    ("resources", r"/api/(.*)/(.*)/(.*)/items"),
    ("allow_headers", r"x-(.*)-(.*)-(.*)-id"),
    ("origins", r"^(\w+-\w+)*$"),
]


def _ns(match: Callable[[str], object], value: str, number: int) -> float:
    """Best time of ``match(value)``, in ns.

    A batch in which a timed match ran out of time (the process was paused
    for the whole timeout) is timed again.
    """
    best = float("inf")
    for _ in range(5):
        try:
            best = min(best, timeit.timeit(lambda: match(value), number=number))
        except TimeoutError:
            continue
    return best / number * 1e9


def engines(number: int) -> list[str]:
    """Return the engines table's rows (Markdown)."""
    try:
        import re2
    except ImportError:
        re2 = None
    rows = [
        "| regex | value | `re` | `regex` | `regex` with `timeout=` | google-re2 | ours |",
        "|---|---|---|---|---|---|---|",
    ]
    for what, option, pattern, hit, miss in TYPICAL:
        flags = 0 if option == "resources" else re.IGNORECASE
        compiled = re.compile(pattern, flags)
        other = regex.compile(pattern, flags | regex.VERSION0)
        linear: Any = None
        if re2 is not None:
            options = re2.Options()
            options.case_sensitive = not flags
            linear = re2.compile(pattern, options)
        bounded = BoundedRegex(compiled, VALUE_LIMITS[option])
        engine = "`re` (proven cheap)" if bounded.fast else "`regex` with `timeout=`"
        for label, value in (("match", hit), ("no match", miss)):
            cells = [
                _ns(compiled.match, value, number),
                _ns(other.match, value, number),
                _ns(partial(other.match, timeout=REGEX_BUDGET_SECONDS), value, number),
            ]
            shown = [f"{cell:.0f} ns" for cell in cells]
            if linear is not None:
                shown.append(f"{_ns(linear.match, value, number):.0f} ns")
            else:
                shown.append("not installed")
            rows.append(f"| {what} `{pattern}` | {label} | {' | '.join(shown)} | {engine} |")
    return rows


def _app(option: str | None, pattern: str) -> Flask:
    app = Flask("regex_engines")
    if option == "resources":
        CORS(app, resources={pattern: {"origins": "*"}})
    elif option == "origins":
        CORS(app, origins=[pattern])
    elif option == "allow_headers":
        CORS(app, allow_headers=[pattern])

    @app.route("/", methods=["GET", "POST"])
    def index() -> str:
        return "ok"

    return app


def _request(option: str, value: str) -> dict[str, Any]:
    if option == "origins":
        return {"path": "/", "headers": {"Origin": value}}
    if option == "allow_headers":
        return {
            "path": "/",
            "method": "OPTIONS",
            "headers": {
                "Origin": "https://a.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": value,
            },
        }
    return {"path": value}


def _ms(client: Any, request: dict[str, Any]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        client.open(**request)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def worst_requests(quick: bool, limit: int | None = None) -> tuple[list[str], float]:
    """Return the worst-request rows (Markdown) and the worst figure, in ms.

    ``limit`` keeps only the first so many regexes (for a smoke test).
    """
    cases: list[tuple[str, str, str, list[str]]] = []
    for shape in REVIEW2:
        cases.append(
            (f"review 2, finding {shape.finding}", shape.option, shape.regex, [shape.value])
        )
    for option, pattern in REVIEW1:
        cases.append(("review 1", option, pattern, []))
    for option, item in regexes(load()):
        pattern = item if isinstance(item, str) else item.pattern
        cases.append(("corpus", option, pattern, []))
    cases = cases[:limit]
    rows = [
        "| from | regex | engine | worst request | same request, no CORS |",
        "|---|---|---|---|---|",
    ]
    worst_all = 0.0
    for source, option, pattern, values in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                app = _app(option, pattern)
                compiled = re.compile(pattern, 0 if option == "resources" else re.IGNORECASE)
            except (ValueError, re.error):
                continue  # Not a valid regex: refused, as flask-cors 6.0.5 refuses it.
        client, bare = app.test_client(), _app(None, pattern).test_client()
        every = [*values, *crafted(option, compiled)]
        if quick:
            every = every[: len(values) + 40]
        worst, worst_value = 0.0, ""
        for value in every:
            try:
                spent = _ms(client, _request(option, value))
            except ValueError:
                continue  # A value Werkzeug's test client cannot send (a bad URL).
            if spent > worst:
                worst, worst_value = spent, value
        baseline = _ms(bare, _request(option, worst_value))
        worst_all = max(worst_all, worst)
        engine = "re" if BoundedRegex(compiled, VALUE_LIMITS[option]).fast else "regex"
        if source != "corpus" or worst > 1.0:
            shown = pattern.replace("|", "\\|")
            rows.append(f"| {source} | `{shown}` | {engine} | {worst:.2f} ms | {baseline:.2f} ms |")
    return rows, worst_all


def main(argv: list[str] | None = None) -> None:
    """Print both tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer calls and values")
    args = parser.parse_args(argv)
    print("\n".join(engines(2_000 if args.quick else 50_000)))
    print()
    rows, worst = worst_requests(args.quick)
    print("\n".join(rows))
    print(f"\nworst crafted request over every regex: {worst:.2f} ms")


if __name__ == "__main__":
    main()
