"""The ``flask cors`` commands: see, check and explain an app's CORS configuration.

Installed as a ``flask.commands`` entry point, so they exist for every app,
even one whose CORS configuration is too broken to start:

- ``flask cors routes``: every URL rule with the CORS policy that covers it.
- ``flask cors check``: load the app, report configuration errors and
  insecure settings; exit 1 on errors (and with ``--strict`` on warnings),
  so it can gate a deploy.
- ``flask cors explain PATH --origin O [--method M] [--header H ...]``: send
  the request (a preflight first, where a browser would) through the real
  app, and print the status, the CORS headers and why.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import click
from flask import Flask, request
from flask.cli import ScriptInfo, pass_script_info, with_appcontext
from flask.globals import current_app
from flask.testing import FlaskClient
from werkzeug.exceptions import HTTPException

from .adapter import TRACE, Traced, findings, preflight_failure_cause
from .core import ConfigurationError, InsecureCORSWarning, Policy, RequestInfo, decide
from .core.explain import describe, explain
from .decorator import VIEWS
from .extension import CORSState, no_view

# Fetch, section 3.2.3: the simple methods need no preflight (with only
# CORS-safelisted request headers).
_SIMPLE_METHODS = frozenset({"GET", "HEAD", "POST"})
_SAFE_METHODS = frozenset({"GET", "HEAD"})
_NORMALIZED_METHODS = frozenset({"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"})


@click.group("cors")
def cors() -> None:
    """Inspect this app's CORS configuration (flask_cors)."""


@cors.command("routes")
@with_appcontext
def routes() -> None:
    """List every URL rule with the CORS policy that covers it."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    rows = [("Endpoint", "Methods", "Rule", "CORS", "Origins")]
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        methods = ", ".join(sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}))
        found = _policy_for(app, rule.endpoint, rule.rule)
        where, origins = ("-", "-") if found is None else (found[0], describe(found[1].origins))
        rows.append((rule.endpoint, methods, rule.rule, where, origins))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for index, row in enumerate(rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        click.echo("  ".join([*cells, row[-1]]).rstrip())
        if index == 0:
            click.echo("  ".join("-" * width for width in [*widths, len(row[-1])]))


def _policy_for(app: Flask, endpoint: str, path: str) -> tuple[str, Policy] | None:
    """Return what answers CORS for a route: its decorator, else the first matching rule."""
    view = VIEWS.get(app.view_functions.get(endpoint, no_view))
    if view is not None:
        return view.where, view.for_app(app)[0]
    blueprints = endpoint.split(".")[:-1]
    for state in _states(app):
        if state.blueprint is not None and state.blueprint not in blueprints:
            continue
        rule = state.resources.match(path)
        if rule is not None:
            return state.names[id(rule)], rule.policy
    return None


def _states(app: Flask) -> list[CORSState]:
    states: list[CORSState] = app.extensions.get("cors", [])
    return states


@cors.command("check")
@click.option("--strict", is_flag=True, help="Exit 1 on insecure settings too.")
@pass_script_info
def check(info: ScriptInfo, strict: bool) -> None:
    """Load the app and report CORS configuration errors and insecure settings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InsecureCORSWarning)
        try:
            app = info.load_app()
        except ConfigurationError as error:
            click.echo(f"error: {error}", err=True)
            raise SystemExit(1) from None
        # A view's policy under the app's config warns when first built.
        views = [f"{where}: {finding}" for where, finding in _view_findings(app) if where]
    found = [str(w.message) for w in caught if issubclass(w.category, InsecureCORSWarning)]
    found += views
    found = list(dict.fromkeys(found))
    count = sum(len(state.resources.rules) for state in _states(app))
    click.echo(f"{count} CORS rule(s), {len(_views_of(app))} @cross_origin view(s): valid")
    for text in found:
        click.echo(f"warning: {text}")
    if not found:
        click.echo("no insecure settings found")
    if found and strict:
        raise SystemExit(1)


def _views_of(app: Flask) -> list[tuple[str, Policy]]:
    views = (VIEWS.get(view) for view in app.view_functions.values())
    return [(view.where, view.for_app(app)[0]) for view in views if view is not None]


def _view_findings(app: Flask) -> Iterator[tuple[str, str]]:
    """Findings of decorated views under this app's config (their own were warned at import)."""
    for where, policy in _views_of(app):
        for finding in findings(policy):
            yield where, str(finding)


@cors.command("explain")
@click.argument("path")
@click.option("--origin", required=True, help="The page's origin, such as http://localhost:3000.")
@click.option("--method", default="GET", show_default=True, help="The request's method.")
@click.option("--header", "headers", multiple=True, help="A non-safelisted request header name.")
@with_appcontext
def explain_command(path: str, origin: str, method: str, headers: tuple[str, ...]) -> None:
    """Send a browser-like request through the app and explain its CORS answer."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    # As browsers do (Fetch, "normalize a method"): only these are upper-cased.
    method = method.upper() if method.upper() in _NORMALIZED_METHODS else method
    client = app.test_client()
    if method not in _SIMPLE_METHODS or headers:
        preflight = {"Origin": origin, "Access-Control-Request-Method": method}
        if headers:
            preflight["Access-Control-Request-Headers"] = ",".join(
                sorted(h.lower() for h in headers)
            )
        ok = _send(client, "OPTIONS", path, preflight, "preflight")
        if not ok:
            return
        click.echo("")
    if method in _SAFE_METHODS:
        _send(client, method, path, {"Origin": origin}, "request")
        return
    click.echo(f"{method} {path} (not sent: it could change data)")
    found = _route_policy(app, path, method)
    if found is None:
        click.echo("verdict: blocked: no CORS rule or @cross_origin covers this path")
        return
    where, policy = found
    info = RequestInfo(method, origin=origin, path=path)
    decision = decide(policy, info)
    for name, value in decision.headers:
        click.echo(f"  < {name}: {value}")
    verdict = "allowed" if decision.allowed else "blocked"
    click.echo(f"verdict: {verdict}: {explain(policy, info, decision, where=where)}")


def _route_policy(app: Flask, path: str, method: str) -> tuple[str, Policy] | None:
    """Find the policy a request would meet, without sending it."""
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(path, method=method.upper())
    except HTTPException:
        endpoint = ""
    return _policy_for(app, str(endpoint), path)


def _send(client: FlaskClient, method: str, path: str, headers: dict[str, str], what: str) -> bool:
    """Send one request with a trace; print status, CORS headers and verdict. Return success."""
    trace: list[Traced] = []
    response = client.open(path, method=method, headers=headers, environ_base={TRACE: trace})
    click.echo(f"{method} {path} ({what}) -> {response.status}")
    for name, value in headers.items():
        click.echo(f"  > {name}: {value}")
    cors_headers = [
        (name, value)
        for name, value in response.headers
        if name.startswith("Access-Control-") or name == "Vary"
    ]
    for name, value in cors_headers:
        click.echo(f"  < {name}: {value}")
    if not trace:
        click.echo("verdict: blocked: no CORS rule or @cross_origin covers this path")
        return False
    decided = trace[-1]
    text = explain(decided.policy, decided.info, decided.decision, where=decided.where)
    allowed = decided.decision.allowed
    if what == "preflight" and not 200 <= response.status_code < 300:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        with app.test_request_context(path, method=method, headers=headers):
            cause = preflight_failure_cause(request._get_current_object(), response.status_code)  # type: ignore[attr-defined]
        click.echo(
            f"verdict: blocked: browsers refuse a preflight whose status is not 2xx "
            f"({response.status_code}): {cause}; answer_preflights=True answers preflights "
            f"before before_request hooks and routing. CORS said: {text}"
        )
        return False
    click.echo(f"verdict: {'allowed' if allowed else 'blocked'}: {text}")
    return allowed
