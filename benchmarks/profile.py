"""Where this package's time goes in one scenario: a step breakdown and a cProfile.

The breakdown times each step of the ``CORS`` extension's after-request
hook on its own, inside a request context for the scenario's first request,
with ``timeit`` (best of many short repeats, ns per call, so that a busy
moment of the machine is left out). Steps that need a
fresh response are timed together with ``Response("ok")``, whose own cost is
then subtracted. Beside it, the whole hook of flask-cors 6.0.5 and the
hand-written floor, timed the same way.

The cProfile part sends requests through ``app.wsgi_app`` under the
profiler and lists the functions of the hook, by time spent in each. Under a
profiler every Python call costs more, so read its figures as shares, and
the breakdown's as times.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import logging
import math
import pstats
import random
import re
import statistics
import sys
import timeit
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from attrs import frozen
from flask import Flask, Response, request

from flask_cors.adapter import DECIDED, LOG
from flask_cors.core.response import DECISION_HEADERS
from reference import Reference, load_reference

from .apps import ORIGIN, REQUESTED_HEADERS, Scenario, Variant, build_app, find
from .overhead import _Runner

_ROOT = Path(__file__).resolve().parent.parent


@frozen
class Step:
    """One timed step.

    Attributes:
        name: What was timed.
        ns: Nanoseconds per call (NaN if the step could not run).
        error: Why it could not run: the shell's internals it calls changed.

    """

    name: str
    ns: float
    error: str | None = None


def _best_ns(statement: str, names: dict[str, Any], repeat: int, number: int) -> float:
    timer = timeit.Timer(statement, globals=names)
    return min(timer.repeat(repeat=repeat, number=number)) / number * 1e9


def _hook(app: Flask) -> Any:
    hooks = app.after_request_funcs.get(None) or []
    if len(hooks) != 1:
        raise ValueError(f"expected one after-request hook on {app.name}, found {len(hooks)}")
    return hooks[0]


#: The steps of the extension's hook, as statements. Those that need a fresh
#: response build one with ``Response('ok')``, whose cost is subtracted.
_STEPS: tuple[tuple[str, str, bool], ...] = (
    ("whole hook (ours)", "hook(Response('ok'))", True),
    (
        "one `request` proxy lookup: request._get_current_object()",
        "request._get_current_object()",
        False,
    ),
    ("request.path", "current.path", False),
    ("resources.index.match(path)", "resources.index.match(path)", False),
    ("environ.get(DECIDED): did @cross_origin decide?", "environ.get(DECIDED)", False),
    (
        "scanning the response's lines for CORS headers and Vary",
        "[name for name, _ in response.headers._list if name.lower() in WATCHED]",
        False,
    ),
    ("decider.decide_environ(environ), memo hit", "decider.decide_environ(environ)", False),
    (
        "adding the lines: headers._list.extend(lines)",
        "Response('ok').headers._list.extend(lines)",
        True,
    ),
    ("LOG.isEnabledFor(DEBUG)", "LOG.isEnabledFor(DEBUG)", False),
)


def breakdown(
    scenario: Scenario, reference: Reference, *, repeat: int = 9, number: int = 4_000
) -> list[Step]:
    """Time each step of this package's hook for the scenario's first request.

    The steps call the Flask shell's internals (:mod:`flask_cors.adapter`);
    a step whose call no longer fits them is reported with its error, not
    timed.
    """
    if scenario.decorator:
        raise ValueError("the breakdown covers the CORS extension, not @cross_origin")
    ours = build_app(scenario, "ours", reference)
    theirs = build_app(scenario, "reference", reference)
    floor = build_app(scenario, "floor", reference)
    environ = scenario.requests[0].environ()
    state = ours.extensions["cors"][-1]
    steps: list[Step] = []
    with ours.request_context(environ.copy()):
        found = state.resources.index.match(request.path)
        if found is None:
            raise ValueError(f"{scenario.name}: no rule matches {request.path}")
        rule = state.resources.rules[found]
        current = request._get_current_object()  # type: ignore[attr-defined]
        _, decider = state.per_rule[found]
        decision = decider.decide_environ(current.environ)
        names: dict[str, Any] = {
            "Response": Response,
            "request": request,
            "current": current,
            "environ": current.environ,
            "hook": _hook(ours),
            "WATCHED": DECISION_HEADERS,
            "decider": decider,
            "resources": state.resources,
            "path": request.path,
            "policy": rule.policy,
            "lines": decision.headers,
            "response": Response("ok"),
            "DECIDED": DECIDED,
            "LOG": LOG,
            "DEBUG": logging.DEBUG,
        }
        make = _best_ns("Response('ok')", names, repeat, number)
        for label, statement, fresh in _STEPS:
            try:
                ns = _best_ns(statement, names, repeat, number) - (make if fresh else 0.0)
            except Exception as error:
                steps.append(Step(label, math.nan, f"{type(error).__name__}: {error}"))
            else:
                steps.append(Step(label, ns))
    for label, app in (("flask-cors 6.0.5", theirs), ("floor: one header by hand", floor)):
        with app.request_context(environ.copy()):
            names["hook"] = _hook(app)
            whole = _best_ns("hook(Response('ok'))", names, repeat, number) - make
            steps.append(Step(f"whole hook ({label})", whole))
    return steps


def core_breakdown(*, repeat: int = 9, number: int = 20_000) -> list[Step]:
    """Time the parts of ``_decide`` (``decide`` without its memo), default options.

    The parts are private names of :mod:`flask_cors.core.decide`; a part
    that no longer exists is reported with its error, not timed.
    """
    from flask_cors.core import Decider, Decision, Policy, Reason, RequestInfo

    # The module, not the function of the same name that flask_cors.core exports.
    decide_module = importlib.import_module("flask_cors.core.decide")
    policy = Policy()
    decider = Decider(policy)
    simple = RequestInfo("GET", ORIGIN, "/api/items")
    preflight = RequestInfo("OPTIONS", ORIGIN, "/api/items", "PUT", REQUESTED_HEADERS)
    names: dict[str, Any] = {
        "module": decide_module,
        "policy": policy,
        "compiled": decide_module._Compiled(policy),
        "decider": decider,
        "simple": simple,
        "preflight": preflight,
        "origin": ORIGIN,
        "requested": REQUESTED_HEADERS,
        "Decision": Decision,
        "Reason": Reason,
        "RequestInfo": RequestInfo,
        "environ": {"REQUEST_METHOD": "GET", "PATH_INFO": "/api/items", "HTTP_ORIGIN": ORIGIN},
    }
    statements = (
        ("_decide, simple GET", "module._decide(compiled, 'GET', origin, None, None, False, None)"),
        (
            "_decide, preflight with 3 headers",
            "module._decide(compiled, 'OPTIONS', origin, 'PUT', requested, False, None)",
        ),
        ("decide (compiles the policy, no memo), simple GET", "module.decide(policy, simple)"),
        ("Decider.decide, simple GET, memo hit", "decider.decide(simple)"),
        ("Decider.decide_environ, simple GET, memo hit", "decider.decide_environ(environ)"),
        ("the Origin syntax check (regex)", "module._ORIGIN_SYNTAX.match(origin)"),
        ("policy.origins.matches(origin)", "policy.origins.matches(origin)"),
        (
            "allowed_headers(allow_headers, 3 headers)",
            "module.allowed_headers(policy.allow_headers, requested)",
        ),
        ("Decision(...) construction", "Decision((), True, False, True, Reason.ALLOWED)"),
        (
            "RequestInfo(...) construction (for the log and traces)",
            "RequestInfo('GET', origin, '/')",
        ),
    )
    steps = []
    for label, statement in statements:
        try:
            steps.append(Step(label, _best_ns(statement, names, repeat, number)))
        except Exception as error:
            steps.append(Step(label, math.nan, f"{type(error).__name__}: {error}"))
    return steps


def _two_lines(response: Response) -> Response:
    """By hand, the two lines ours sends for the default GET, added as ours adds them."""
    response.headers._list.extend(
        (("Access-Control-Allow-Origin", request.environ["HTTP_ORIGIN"]), ("Vary", "Origin"))
    )
    return response


def _two_lines_and_memo(response: Response) -> Response:
    """The same, after what ours reads to find its decision: the request and five headers."""
    environ = request._get_current_object().environ  # type: ignore[attr-defined]
    get = environ.get
    _ = (
        get("REQUEST_METHOD"),
        get("HTTP_ORIGIN"),
        get("HTTP_ACCESS_CONTROL_REQUEST_METHOD"),
        get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS"),
        get("HTTP_ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK") == "true",
    )
    response.headers._list.extend(
        (("Access-Control-Allow-Origin", environ["HTTP_ORIGIN"]), ("Vary", "Origin"))
    )
    return response


def by_hand(reference: Reference, *, rounds: int = 150, batch: int = 100) -> list[Step]:
    """Overhead over bare, through ``app.wsgi_app``, of hand-written hooks beside ours.

    A ladder from the floor (one header) to ours for the default GET: the
    very lines ours sends, added as ours adds them; then also reading the
    request and the five headers ours looks its decision up by; then ours,
    which also matches the path, scans the response's lines, checks the
    log level and the trace. Each rung's figure is what a request pays, in
    place, with Flask's own work around it.
    """
    scenario = find("get")
    environs = [r.environ() for r in scenario.requests]
    hooks: dict[str, Any] = {
        "floor: one header by hand": None,
        "the two lines ours sends (allow-origin echo, Vary), by hand": _two_lines,
        "the same, plus reading the request and the 5 headers ours decides by": (
            _two_lines_and_memo
        ),
        "ours": None,
    }
    runners: dict[str, _Runner] = {}
    bare = _Runner(build_app(scenario, "bare", reference).wsgi_app, environs)
    for label, hook in hooks.items():
        variant: Variant = "ours" if label == "ours" else ("floor" if hook is None else "bare")
        app = build_app(scenario, variant, reference)
        if hook is not None:
            app.after_request(hook)
        runners[label] = _Runner(app.wsgi_app, environs)
    for runner in (bare, *runners.values()):
        runner.run(200)
    differences: dict[str, list[float]] = {label: [] for label in runners}
    shuffler = random.Random(6)
    order = list(runners.items())
    for _ in range(rounds):
        base = bare.run(batch) / batch / 1000
        shuffler.shuffle(order)
        for label, runner in order:
            differences[label].append(runner.run(batch) / batch / 1000 - base)
    return [Step(label, statistics.median(values) * 1000) for label, values in differences.items()]


def rules_breakdown(sizes: Sequence[int] = (10, 100, 500), *, number: int = 500) -> list[Step]:
    """Time ``Resources.match`` for the rules scenarios' path, beside two plain alternatives.

    The alternatives, over the same compiled patterns: a Python loop calling
    each pattern's ``match``, and one alternation without groups, which can
    say whether any rule matches but not which.
    """
    from flask_cors.core import Policy, Resources, Rule

    policy = Policy()
    steps = []
    for count in sizes:
        patterns = [re.compile(f"/svc{i:04d}/*") for i in range(count)]
        names: dict[str, Any] = {
            "resources": Resources(tuple(Rule(p, policy) for p in patterns)),
            "patterns": patterns,
            "anything": re.compile("|".join(f"(?:{p.pattern})" for p in patterns)),
            "path": f"/svc{count - 1:04d}/items",
        }
        for label, statement in (
            ("Resources.match(path)", "resources.match(path)"),
            ("a loop of pattern.match(path)", "any(p.match(path) for p in patterns)"),
            ("one alternation without groups", "anything.match(path)"),
        ):
            steps.append(Step(f"{count} rules: {label}", _best_ns(statement, names, 5, number)))
    return steps


def breakdown_table(steps: Sequence[Step]) -> str:
    """Return the breakdown in Markdown."""
    lines = ["| step | ns per call |", "|---|--:|"]
    lines += [
        f"| {step.name} | {f'n/a ({step.error})' if step.error else f'{step.ns:,.0f}'} |"
        for step in steps
    ]
    return "\n".join(lines)


def profile(
    scenario: Scenario, reference: Reference, *, requests: int = 20_000, top: int = 20
) -> str:
    """Return cProfile's listing of this package's functions over ``requests`` requests."""
    app = build_app(scenario, "ours", reference)
    runner = _Runner(app.wsgi_app, [r.environ() for r in scenario.requests])
    runner.run(min(requests, 2_000))
    profiler = cProfile.Profile()
    profiler.enable()
    runner.run(requests)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(r"flask_cors|cors_after_request|attrs generated", top)
    out.write(f"\nCallees of the hook ({requests:,} requests):\n")
    stats.print_callees(r"cors_after_request|adapter.py")
    # Drop machine-specific path prefixes and pstats' blank lines.
    text = out.getvalue()
    for prefix in sorted({*sys.path, str(_ROOT)}, key=len, reverse=True):
        if prefix.startswith("/") and len(prefix) > 1:
            text = text.replace(prefix.rstrip("/") + "/", "")
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


def main(argv: Sequence[str] | None = None) -> int:
    """Print the breakdown and the profile of one scenario."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("scenario", nargs="?", default="get", help="scenario name (get)")
    parser.add_argument("--requests", type=int, default=20_000, help="requests profiled")
    args = parser.parse_args(argv)
    reference = load_reference()
    scenario = find(args.scenario)
    print(f"## {scenario.name}: {scenario.title}\n")
    print(breakdown_table(breakdown(scenario, reference)))
    print("\n## hand-written hooks beside ours, overhead over bare in ns\n")
    print(breakdown_table(by_hand(reference)))
    print("\n## matching the path of the rules scenarios, match last\n")
    print(breakdown_table(rules_breakdown()))
    print("\n## decide without its memo\n")
    print(breakdown_table(core_breakdown()))
    print()
    print(profile(scenario, reference, requests=args.requests))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
