"""The core alone: ``decide`` against flask-cors's ``get_cors_headers``, ns per call.

Both get the same configuration, parsed once outside the timing (a
:class:`~flask_cors.core.Policy` here, flask-cors's
``serialize_options({**DEFAULT_OPTIONS, **options})`` there), and the same
request, prebuilt (a :class:`~flask_cors.core.RequestInfo` here, a Werkzeug
``Headers`` and a method there). Before timing, the two answers are compared.

``decide`` memoizes its decisions per policy (``MEMO_SIZE`` entries), so it
is timed three ways, and every figure says which:

- ``memo hit``: the same request over and over, as a browser's repeated
  requests are answered;
- ``no memo``: the private ``_decide``, the work ``decide`` does on a miss,
  without the memo's lookup and store;
- ``memo miss``: ``decide`` over more distinct origins than ``MEMO_SIZE``,
  in a cycle, so that every call misses, computes and stores.

flask-cors has no memo; its figures are for the same request each call, and
for the same cycle of distinct origins.

Each figure is the best of several ``timeit`` repeats (the least disturbed),
each repeat long enough to last about 0.03 s: many short repeats give a
busy machine more chances to leave one of them undisturbed.
"""

from __future__ import annotations

import argparse
import json
import sys
import timeit
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from attrs import asdict, frozen
from werkzeug.datastructures import Headers

from flask_cors.core import Decider, Policy, RequestInfo, decide
from flask_cors.core.decide import MEMO_SIZE, _Compiled, _decide
from reference import Reference, load_reference

from .apps import ORIGIN, REQUESTED_HEADERS

#: Distinct origins cycled through for the memo-miss figures: more than the
#: memo holds, so that every call misses it.
DISTINCT: Final = 2 * MEMO_SIZE
#: How long one timeit repeat lasts, about.
REPEAT_SECONDS: Final = 0.03


@frozen
class Case:
    """One request and configuration given to both libraries.

    Attributes:
        name: A short identifier.
        title: What it is, for tables.
        options: The CORS options.
        method: The request method.
        headers: The request's CORS headers, ``Origin`` included.

    """

    name: str
    title: str
    options: Mapping[str, object]
    method: str
    headers: tuple[tuple[str, str], ...]


CASES: Final = (
    Case("simple", "default options, simple GET", {}, "GET", (("Origin", ORIGIN),)),
    Case(
        "preflight",
        "default options, preflight asking for 3 headers",
        {},
        "OPTIONS",
        (
            ("Origin", ORIGIN),
            ("Access-Control-Request-Method", "PUT"),
            ("Access-Control-Request-Headers", REQUESTED_HEADERS),
        ),
    ),
    Case(
        "origins-10000",
        "10,000 exact origins, simple GET",
        {"origins": [f"https://app{i:05d}.example.com" for i in range(10_000)]},
        "GET",
        (("Origin", "https://app05000.example.com"),),
    ),
)


@frozen
class MicroResult:
    """The figures of one case, in ns per call.

    Attributes:
        name: The case's name.
        title: What it is.
        reference_ns: flask-cors, the same request every call.
        reference_cycle_ns: flask-cors, cycling through distinct origins.
        memo_hit_ns: ``decide``, the same request every call (memo hit).
        no_memo_ns: ``_decide``, the same request every call (memo bypassed).
        memo_miss_ns: ``decide``, cycling through more origins than the memo holds.
        distinct: How many distinct origins the cycles go through.
        same_headers: Whether both libraries answered with the same headers.

    """

    name: str
    title: str
    reference_ns: float
    reference_cycle_ns: float
    memo_hit_ns: float
    no_memo_ns: float
    memo_miss_ns: float
    distinct: int
    same_headers: bool


def _best_ns(statement: str, names: dict[str, Any], calls: int, repeat: int, quick: bool) -> float:
    """Return the best time per call of ``statement``, which makes ``calls`` calls.

    Each repeat runs the statement often enough to last about
    :data:`REPEAT_SECONDS`, judged from one first run.
    """
    timer = timeit.Timer(statement, globals=names)
    once = timer.timeit(1)
    number = 1 if quick else max(1, int(REPEAT_SECONDS / max(once, 1e-9)))
    return min(timer.repeat(repeat=repeat, number=number)) / (number * calls) * 1e9


def _origins(case: Case, count: int) -> list[str]:
    """Return ``count`` distinct origins the case's configuration allows."""
    configured = case.options.get("origins")
    if isinstance(configured, list):
        step = max(1, len(configured) // count)
        return [str(origin) for origin in configured[::step][:count]]
    return [f"https://tenant{i:05d}.example.com" for i in range(count)]


def _info(case: Case, origin: str) -> RequestInfo:
    headers = {**dict(case.headers), "Origin": origin}
    return RequestInfo(
        case.method,
        origin,
        "/api/items",
        headers.get("Access-Control-Request-Method"),
        headers.get("Access-Control-Request-Headers"),
    )


def _reference_headers(case: Case, origin: str) -> Headers:
    return Headers([*((k, v) for k, v in case.headers if k != "Origin"), ("Origin", origin)])


def measure_case(
    case: Case,
    reference: Reference,
    *,
    repeat: int = 5,
    distinct: int = DISTINCT,
    quick: bool = False,
) -> MicroResult:
    """Time one case in both libraries."""
    core = reference.core
    options = core.serialize_options({**core.DEFAULT_OPTIONS, **case.options})
    policy = Policy.from_options(case.options)
    origin = dict(case.headers)["Origin"]
    info = _info(case, origin)
    headers = _reference_headers(case, origin)

    ours = sorted(decide(policy, info).headers)
    theirs = sorted(
        (str(k), str(v))
        for k, v in core.get_cors_headers(options, headers, case.method).items(multi=True)
    )

    origins = _origins(case, distinct)
    infos = [_info(case, o) for o in origins]
    header_sets = [_reference_headers(case, o) for o in origins]
    names: dict[str, Any] = {
        "_decide": _decide,
        "get_cors_headers": core.get_cors_headers,
        "decider": Decider(policy),
        "compiled": _Compiled(policy),
        "info": info,
        "infos": infos,
        "options": options,
        "headers": headers,
        "header_sets": header_sets,
        "method": case.method,
    }

    def best(statement: str, calls: int = 1) -> float:
        return _best_ns(statement, names, calls, repeat, quick)

    return MicroResult(
        name=case.name,
        title=case.title,
        reference_ns=best("get_cors_headers(options, headers, method)"),
        reference_cycle_ns=best(
            "for h in header_sets: get_cors_headers(options, h, method)", len(header_sets)
        ),
        memo_hit_ns=best("decider.decide(info)"),
        no_memo_ns=best(
            "_decide(compiled, info.method, info.origin, info.request_method,"
            " info.request_headers, info.private_network, None)"
        ),
        memo_miss_ns=best("for i in infos: decider.decide(i)", len(infos)),
        distinct=len(origins),
        same_headers=ours == theirs,
    )


def measure(
    reference: Reference,
    *,
    cases: Sequence[Case] = CASES,
    repeat: int = 15,
    distinct: int = DISTINCT,
    quick: bool = False,
) -> list[MicroResult]:
    """Time every case; ``quick`` runs each statement once (for smoke tests)."""
    return [
        measure_case(case, reference, repeat=repeat, distinct=distinct, quick=quick)
        for case in cases
    ]


def table(results: Sequence[MicroResult]) -> str:
    """Return the micro-benchmark table in Markdown."""
    lines = [
        "| case | flask-cors ns | ours, memo hit ns | ours, no memo (`_decide`) ns "
        "| flask-cors ÷ memo hit | flask-cors ÷ no memo | same headers |",
        "|---|--:|--:|--:|--:|--:|:-:|",
    ]
    for item in results:
        lines.append(
            f"| `{item.name}`: {item.title} | {item.reference_ns:,.0f} | {item.memo_hit_ns:,.0f} "
            f"| {item.no_memo_ns:,.0f} | {item.reference_ns / item.memo_hit_ns:.1f}x "
            f"| {item.reference_ns / item.no_memo_ns:.1f}x "
            f"| {'yes' if item.same_headers else 'no'} |"
        )
    distinct = results[0].distinct if results else DISTINCT
    lines += [
        "",
        f"Cycling through {distinct} distinct allowed origins (more than the memo's "
        f"{MEMO_SIZE}, so every `decide` call misses, computes and stores):",
        "",
        "| case | flask-cors ns | ours, memo miss ns | flask-cors ÷ memo miss |",
        "|---|--:|--:|--:|",
    ]
    for item in results:
        lines.append(
            f"| `{item.name}` | {item.reference_cycle_ns:,.0f} | {item.memo_miss_ns:,.0f} "
            f"| {item.reference_cycle_ns / item.memo_miss_ns:.1f}x |"
        )
    return "\n".join(lines)


def to_json(results: Sequence[MicroResult]) -> list[dict[str, Any]]:
    """Return the results as JSON-ready data."""
    return [asdict(item) for item in results]


def from_json(data: Sequence[dict[str, Any]]) -> list[MicroResult]:
    """Rebuild results from :func:`to_json`'s output."""
    return [MicroResult(**item) for item in data]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the micro-benchmark and print its table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.micro", description=__doc__)
    parser.add_argument("--repeat", type=int, default=15, help="timeit repeats, best kept (15)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = measure(load_reference(), repeat=args.repeat)
    print(table(results))
    for item in results:
        if not item.same_headers:
            print(f"warning: {item.name}: the libraries answered differently", file=sys.stderr)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(to_json(results), indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
