"""The ``flask cors`` commands: see, check and explain an app's CORS configuration.

Installed as a ``flask.commands`` entry point, so they exist for every app,
even one whose CORS configuration is too broken to start:

- ``flask cors routes``: every URL rule with the CORS layers that cover it,
  in the order the app's hooks decide.
- ``flask cors check``: load the app, report configuration errors,
  configuration mistakes and insecure settings; exit 1 on errors and
  mistakes (and with ``--strict`` on insecure settings), so it can gate a
  deploy.
- ``flask cors explain PATH --origin O [--method M] [--header H ...]
  [--cookie NAME=VALUE ...] [--credentials] [--send]``: send what a
  browser would send (a preflight first, where it would) through the real
  app, and judge the real answers with the browser model
  (:mod:`flask_cors.core.browser`): allowed or blocked, with Chromium's
  console message; exit 1 when blocked, 2 on a value no browser sends.

An app whose CORS configuration is invalid gets the same clean error from
each of them, and exit status 1.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click
from attrs import frozen
from flask import Flask, Request, request
from flask.cli import ScriptInfo, pass_script_info
from flask.globals import current_app
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from .adapter import TRACE, Refusals, Traced, preflight_failure_cause, respond
from .core import (
    ConfigurationError,
    CORSConfigWarning,
    Decider,
    InsecureCORSWarning,
    PatternSet,
    Policy,
)
from .core.browser import (
    BrowserRequest,
    BrowserResponse,
    PreflightAnswer,
    Step,
    Verdict,
    check_preflight,
    is_read_only_method,
    judge,
    needs_preflight,
    page_origin,
    preflight_headers,
)
from .core.explain import explain
from .core.patterns import TOKEN
from .extension import CORSState, no_view
from .reporting import findings, misplaced_views
from .settings import stray_config_keys
from .views import VIEWS

C = TypeVar("C", bound=Callable[..., Any])


@click.group("cors")
def cors() -> None:
    """Inspect this app's CORS configuration (flask_cors)."""


def _load_app(info: ScriptInfo) -> Flask:
    """Load the app; on an invalid CORS configuration, print it and exit 1 (no traceback)."""
    try:
        return info.load_app()
    except ConfigurationError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None


def with_cors_app(command: C) -> C:
    """Run the command in the app's context, as ``with_appcontext`` does, loading it cleanly."""

    @click.pass_context
    @functools.wraps(command)
    def load_then_run(ctx: click.Context, /, *args: Any, **kwargs: Any) -> Any:
        if not current_app:
            app = _load_app(ctx.ensure_object(ScriptInfo))
            ctx.with_resource(app.app_context())
        return ctx.invoke(command, *args, **kwargs)

    return load_then_run  # type: ignore[return-value]


@cors.command("routes")
@with_cors_app
def routes() -> None:
    """List every URL rule with the CORS layers that cover it, in the order they decide."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    rows = [("Endpoint", "Methods", "Rule", "CORS", "Origins")]
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        methods = ", ".join(sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}))
        layers = covering_layers(app, _blueprint_chain(rule.endpoint), rule.endpoint, rule.rule)
        if not layers:
            rows.append((rule.endpoint, methods, rule.rule, "-", "-"))
        for index, layer in enumerate(layers):
            # A layer that refuses the origin leaves the response to the next.
            where = layer.where if index == 0 else f"else {layer.where}"
            cells = (rule.endpoint, methods, rule.rule) if index == 0 else ("", "", "")
            rows.append((*cells, where, _plain(layer.decider.policy.origins)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for index, row in enumerate(rows):
        padded = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        click.echo("  ".join([*padded, row[-1]]).rstrip())
        if index == 0:
            click.echo("  ".join("-" * width for width in [*widths, len(row[-1])]))


def _plain(entries: PatternSet) -> str:
    """List a pattern set's entries as written, regexes by their pattern, without quoting.

    An entry that cannot be printed as it is (a control character) is
    shown through ``repr()``.
    """
    if entries.matches_all:
        return "any (*)"
    texts = [*entries.literals, *(wildcard.text for wildcard in entries.wildcards)]
    texts += [f"regex {pattern.pattern}" for pattern in entries.patterns]
    return ", ".join(text if text.isprintable() else repr(text) for text in texts) or "none"


@frozen
class CoveringLayer:
    """One CORS layer that has its say on a request: a decorated view, or a resource rule.

    Attributes:
        where: The layer's name in explanations, as log lines give it.
        decider: The decider its hook decides with.
        refusals: Its log of refused requests.
        view: Whether it is a ``@cross_origin`` view, whose decision stands
            alone: no ``CORS`` layer adds headers to a response it made.
    """

    where: str
    decider: Decider
    refusals: Refusals
    view: bool = False


def covering_layers(
    app: Flask, blueprints: Sequence[str], endpoint: str | None, path: str
) -> list[CoveringLayer]:
    """Return the CORS layers that cover a request, in the order the app decides it.

    A ``@cross_origin`` view decides alone. Otherwise each ``CORS`` layer is
    an after-request hook, and Flask runs those of the request's blueprints
    first, innermost first (``request.blueprints``), then the app's, each
    list last-registered first (``Flask.process_response``). A layer whose
    resource rules match the path decides with its first matching rule, as
    its hook does, unless an earlier layer set
    ``Access-Control-Allow-Origin``: a refusing layer leaves the response
    to the next, and the first that allows decides.

    Args:
        app: The app.
        blueprints: The names the request's blueprints are registered
            under, innermost first, as ``request.blueprints`` gives them.
        endpoint: The endpoint the request is routed to, if any.
        path: The request's path, as ``request.path`` gives it (no query).
    """
    view = VIEWS.get(app.view_functions.get(endpoint, no_view)) if endpoint else None
    if view is not None:
        decider = view.for_app(app)[0]
        return [] if decider is None else [CoveringLayer(view.where, decider, view.refusals, True)]
    states = list(reversed(_states(app)))
    ordered: list[CORSState] = []
    for name in blueprints:
        blueprint = app.blueprints.get(name)
        if blueprint is not None:
            ordered += [state for state in states if state.blueprint == blueprint.name]
    ordered += [state for state in states if state.blueprint is None]
    layers: list[CoveringLayer] = []
    for state in ordered:
        found = state.resources.index.match(path)
        if found is not None:
            name, decider = state.per_rule[found]
            layers.append(CoveringLayer(name, decider, state.refusals))
    return layers


def _blueprint_chain(endpoint: str) -> list[str]:
    """Return the blueprints of an endpoint, innermost first, as ``request.blueprints`` would.

    ``"parent.child.view"`` gives ``["parent.child", "parent"]``.
    """
    chain: list[str] = []
    name = endpoint.rpartition(".")[0]
    while name:
        chain.append(name)
        name = name.rpartition(".")[0]
    return chain


def _states(app: Flask) -> list[CORSState]:
    states: list[CORSState] = app.extensions.get("cors", [])
    return states


@cors.command("check")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@pass_script_info
def check(info: ScriptInfo, strict: bool) -> None:
    """Load the app and report CORS configuration errors, findings and insecure settings.

    Exits 1 on errors and on findings (what strict mode refuses: values
    that never match what a browser sends, and the like); with
    ``--strict``, on insecure settings too.
    """
    with warnings.catch_warnings(record=True) as caught:
        # Recorded, not raised by an "error" filter nor printed: the insecure
        # settings are found again below.
        warnings.simplefilter("always", CORSConfigWarning)
        warnings.simplefilter("always", InsecureCORSWarning)
        app = _load_app(info)
        # Each decorated view's policy under the app's config is built here,
        # where its warnings are recorded too.
        views = _views_of(app)
    mistakes = [str(w.message) for w in caught if issubclass(w.category, CORSConfigWarning)]
    mistakes += [str(problem) for problem in stray_config_keys(app.config)]
    mistakes += misplaced_views(app)
    mistakes = list(dict.fromkeys(mistakes))
    # Found again here, once per rule and view, under this app's config:
    # rather than the warnings of loading it, which name a view's own options.
    insecure = list(dict.fromkeys(f"{where}: {finding}" for where, finding in _findings(app)))
    count = sum(len(state.resources.rules) for state in _states(app))
    verdict = "valid" if not mistakes else f"{len(mistakes)} configuration mistake(s)"
    click.echo(f"{count} CORS rule(s), {len(views)} @cross_origin view(s): {verdict}")
    for text in [*mistakes, *insecure]:
        click.echo(f"warning: {text}")
    if not insecure:
        click.echo("no insecure settings found")
    if mistakes or (insecure and strict):
        raise SystemExit(1)


def _views_of(app: Flask) -> list[tuple[str, Policy]]:
    views = (VIEWS.get(view) for view in app.view_functions.values())
    found = ((view.where, view.for_app(app)[0]) for view in views if view is not None)
    return [(where, decider.policy) for where, decider in found if decider is not None]


def _findings(app: Flask) -> list[tuple[str, str]]:
    """Return the insecure settings of every rule and decorated view of the app, named."""
    covered = [(name, decider.policy) for state in _states(app) for name, decider in state.per_rule]
    return [
        (where, str(finding))
        for where, policy in [*covered, *_views_of(app)]
        for finding in findings(policy)
    ]


def _control(value: str) -> bool:
    """Whether ``value`` holds a line break or another control character (tab aside)."""
    return any((char < " " and char != "\t") or char == "\x7f" for char in value)


def _control_error(value: str, what: str) -> click.BadParameter:
    return click.BadParameter(
        f"{value!r} holds a line break or another control character, which no {what} can"
    )


def _path_option(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Check PATH: no line break or control character, which no URL a page fetches has."""
    if _control(value):
        raise _control_error(value, "URL")
    return value


def _origin_option(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Check ``--origin``: an origin or a page's URL, as :func:`page_origin` takes them."""
    try:
        page_origin(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return value


# https://fetch.spec.whatwg.org/#forbidden-method: fetch() throws on these.
_FORBIDDEN_METHODS = frozenset({"CONNECT", "TRACE", "TRACK"})


def _method_option(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Check ``--method``: a method ``fetch()`` sends, an HTTP token it does not refuse."""
    if _control(value):
        raise _control_error(value, "method")
    if not TOKEN.fullmatch(value):
        raise click.BadParameter(
            f"{value!r} is not a method: fetch() takes an HTTP token, such as PUT "
            "(https://fetch.spec.whatwg.org/#concept-method)"
        )
    if value.upper() in _FORBIDDEN_METHODS:
        raise click.BadParameter(
            f"fetch() refuses the method {value!r} "
            "(https://fetch.spec.whatwg.org/#forbidden-method)"
        )
    return value


def _header_option(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """Read each ``--header``: 'Name: value', or a bare name with a placeholder value.

    The placeholder is ``x``, and ``application/json`` for Content-Type;
    the browser model then says whether the header needs a preflight
    (``Accept: x`` does not). A name must be an HTTP token and a value hold
    no line break, or ``fetch()`` throws
    (https://fetch.spec.whatwg.org/#dom-headers-append).
    """
    pairs: list[tuple[str, str]] = []
    for text in values:
        if _control(text):
            raise _control_error(text, "header")
        name, colon, value = text.partition(":")
        name = name.strip()
        if not TOKEN.fullmatch(name):
            raise click.BadParameter(
                f"{text!r} has no header name fetch() takes (an HTTP token): give "
                "'Name: value' or a name"
            )
        if not colon:
            value = "application/json" if name.lower() == "content-type" else "x"
        pairs.append((name, value.strip()))
    return tuple(pairs)


def _cookie_option(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """Read each ``--cookie NAME=VALUE``: a cookie the browser holds for the app."""
    pairs: list[tuple[str, str]] = []
    for text in values:
        if _control(text):
            raise _control_error(text, "cookie")
        name, equals, value = text.partition("=")
        # https://www.rfc-editor.org/rfc/rfc6265#section-4.1.1: a name is a
        # token, and a value holds no ';' (which ends a cookie).
        if not equals or not TOKEN.fullmatch(name) or ";" in value:
            raise click.BadParameter(
                f"{text!r} is not one cookie: give NAME=VALUE, one --cookie for each"
            )
        pairs.append((name, value))
    return tuple(pairs)


def _cookies_of(value: str) -> list[tuple[str, str]]:
    """Read a ``Cookie`` header's value: ``name=value`` pairs separated by ``;``."""
    pairs = [part.strip().partition("=") for part in value.split(";")]
    return [(name.strip(), text.strip()) for name, _, text in pairs if name.strip()]


@cors.command("explain")
@click.argument("path", callback=_path_option)
@click.option(
    "--origin",
    required=True,
    callback=_origin_option,
    help="The page's origin, such as http://localhost:3000, or its URL "
    "(http://localhost:3000/orders is taken as http://localhost:3000).",
)
@click.option(
    "--method",
    default="GET",
    show_default=True,
    callback=_method_option,
    help="The method, as fetch() gets it.",
)
@click.option(
    "--header",
    "headers",
    multiple=True,
    callback=_header_option,
    help="A request header the page sets: 'Name: value', or a bare name (value 'x', "
    "Content-Type 'application/json').",
)
@click.option(
    "--cookie",
    "cookies",
    multiple=True,
    callback=_cookie_option,
    metavar="NAME=VALUE",
    help="A cookie the browser holds for the app; sent with --credentials only.",
)
@click.option("--credentials", is_flag=True, help='As fetch(..., {credentials: "include"}).')
@click.option("--send", is_flag=True, help="Send methods other than GET and HEAD for real too.")
@with_cors_app
def explain_command(
    path: str,
    origin: str,
    method: str,
    headers: tuple[tuple[str, str], ...],
    cookies: tuple[tuple[str, str], ...],
    credentials: bool,
    send: bool,
) -> None:
    """Send what a browser would send through the app, and judge the answers as Chromium does.

    Exits 1 when the browser would block the call.
    """
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    page = BrowserRequest(
        origin=origin,
        url=_EXPLAIN_BASE + path,
        method=method,
        headers=headers,
        credentials=credentials,
    )
    jar = _notes(origin, page, headers, cookies)
    # Preflights never carry cookies; the test client holds none anyway.
    client = app.test_client(use_cookies=False)
    preflight: BrowserResponse | None = None
    if needs_preflight(page):
        sent = dict(preflight_headers(page))
        response = _exchange(client, "OPTIONS", path, sent, "preflight")
        preflight = _seen(response)
        if not isinstance(check_preflight(page, preflight), PreflightAnswer):
            verdict = judge(page, preflight=preflight)
            _print_verdict(verdict, _preflight_cause(app, path, sent, response))
            raise SystemExit(1)
        click.echo("")
    sent = {"Origin": page.origin, **dict(page.headers)}
    # https://fetch.spec.whatwg.org/#http-network-or-cache-fetch: cookies go
    # with credentials "include" only, never with a preflight.
    if jar and credentials:
        sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in jar)
    # A method that could change data is sent only with --send.
    sent_for_real = is_read_only_method(page.method) or send
    if sent_for_real:
        actual = _seen(_exchange(client, page.method, path, sent, "request"))
    else:
        click.echo(f"{page.method} {path} (not sent: it could change data; --send sends it)")
        actual = _decided(app, path, page, sent)
    verdict = judge(page, preflight=preflight, response=actual)
    _print_verdict(verdict, None, sent=sent_for_real)
    if not verdict.allowed:
        raise SystemExit(1)


def _notes(
    origin: str,
    page: BrowserRequest,
    headers: tuple[tuple[str, str], ...],
    cookies: tuple[tuple[str, str], ...],
) -> list[tuple[str, str]]:
    """Say how the request differs from what was typed; return the browser's cookies.

    A URL given as ``--origin`` is taken as its origin. ``fetch()`` drops
    the forbidden request headers a page sets
    (https://fetch.spec.whatwg.org/#forbidden-request-header); a
    ``Cookie`` among them is taken as the browser's cookies instead.
    """
    if page.origin != origin:
        click.echo(
            f"note: --origin {origin!r} is taken as the origin {page.origin!r}, "
            "which is what a page there sends"
        )
    jar = list(cookies)
    kept = {name.lower() for name, _ in page.headers}
    for name, value in headers:
        if name.lower() in kept:
            continue
        if name.lower() == "cookie":
            jar += _cookies_of(value)
            click.echo(
                "note: a page cannot set Cookie (fetch() drops it): taken as the browser's "
                "cookies, as --cookie NAME=VALUE gives them"
            )
        else:
            click.echo(
                f"note: --header {name!r} is dropped: fetch() never lets a page set it "
                "(a forbidden request header)"
            )
    if jar and not page.credentials:
        click.echo(
            'note: cookies are sent only with --credentials (fetch(..., {credentials: "include"}))'
        )
    return jar


#: The origin the test client's requests go to, as URLs in Chromium's messages name it.
_EXPLAIN_BASE = "http://localhost"
_UNCOVERED = "no CORS rule or @cross_origin covers this path"


def _seen(response: TestResponse) -> BrowserResponse:
    """Return a response as the browser model reads it: the status and every header line."""
    return BrowserResponse(response.status_code, tuple(response.headers.to_wsgi_list()))


def _decided(
    app: Flask, path: str, page: BrowserRequest, headers: dict[str, str]
) -> BrowserResponse:
    """Judge a request not sent: print the CORS headers its layers would add, and why.

    The request is routed as the app routes it (its query and fragment are
    no part of the path), and each layer that covers it adds its headers to
    an empty response with the function its hook uses, in the hooks' order:
    only the view does not run.
    """
    trace: list[Traced] = []
    with app.test_request_context(
        path, method=page.method, headers=headers, environ_base={TRACE: trace}
    ):
        current: Request = request._get_current_object()  # type: ignore[attr-defined]
        rule = current.url_rule
        layers = covering_layers(
            app, current.blueprints, None if rule is None else rule.endpoint, current.path
        )
        response = app.response_class()
        for layer in layers:
            respond(
                layer.where,
                layer.decider,
                current,
                response,
                layer.refusals,
                unless_answered=not layer.view,
            )
    _print_cors(response.headers.to_wsgi_list(), trace)
    return BrowserResponse(200, tuple(response.headers.to_wsgi_list()))


def _exchange(
    client: FlaskClient, method: str, path: str, headers: dict[str, str], what: str
) -> TestResponse:
    """Send one request with a trace; print it, its CORS headers and what CORS decided."""
    trace: list[Traced] = []
    response = client.open(path, method=method, headers=headers, environ_base={TRACE: trace})
    click.echo(f"{method} {path} ({what}) -> {response.status}")
    for name, value in headers.items():
        click.echo(f"  > {name}: {value}")
    _print_cors(response.headers.to_wsgi_list(), trace)
    return response


def _print_cors(headers: list[tuple[str, str]], trace: list[Traced]) -> None:
    """Print a response's CORS headers, then what each layer that decided it said, in order."""
    for name, value in headers:
        if name.startswith("Access-Control-") or name == "Vary":
            click.echo(f"  < {name}: {value}")
    for decided in trace:
        said = explain(decided.policy, decided.info, decided.decision, where=decided.where)
        click.echo(f"CORS: {said}")
    if not trace:
        click.echo(f"CORS: {_UNCOVERED}")


def _preflight_cause(
    app: Flask, path: str, headers: dict[str, str], response: TestResponse
) -> str | None:
    """Say what most likely answered a preflight with a status browsers refuse, or None."""
    if 200 <= response.status_code < 300:
        return None
    with app.test_request_context(path, method="OPTIONS", headers=headers):
        cause = preflight_failure_cause(request._get_current_object(), response.status_code)  # type: ignore[attr-defined]
    return (
        f"the preflight got {response.status_code}: {cause}; answer_preflights=True answers "
        "preflights before before_request hooks and routing"
    )


def _print_verdict(verdict: Verdict, cause: str | None, *, sent: bool = True) -> None:
    """Print the browser's verdict and, when blocked, Chromium's message for it."""
    if verdict.allowed:
        readable = ", ".join(name for name, _ in verdict.readable) or "none"
        tail = f"; readable headers: {readable}" if sent else ""
        click.echo(f"verdict: allowed: the page can read the response{tail}")
    else:
        step = "the preflight" if verdict.step is Step.PREFLIGHT else "the response"
        click.echo(f"verdict: blocked at {step}")
        click.echo(f"Chromium: {verdict.message}")
    if cause is not None:
        click.echo(f"cause: {cause}")
    for departure in verdict.departures:
        click.echo(f"note: {departure}")
