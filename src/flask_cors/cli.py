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
  browser would send (a preflight first, where it would; each redirect it
  follows) through the real app, and judge the real answers with the
  browser model's driver (flask_cors.core.browser.fetch): allowed
  or blocked, with Chromium's console message; exit 1 when blocked, 2 on a
  value no browser sends.

An app whose CORS configuration is invalid gets the same clean error from
each of them, and exit status 1.
"""

from __future__ import annotations

import contextlib
import functools
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final, TypeVar
from urllib.parse import urlsplit

import click
from attrs import frozen
from flask import Flask, Request, request
from flask.cli import ScriptInfo, pass_script_info
from flask.globals import current_app
from werkzeug.test import TestResponse

from .adapter import TRACE, Traced, preflight_failure_cause, respond
from .core import (
    ConfigurationError,
    CORSConfigWarning,
    CORSUpgradeWarning,
    InsecureCORSWarning,
    PatternSet,
    Policy,
)
from .core.browser import (
    LOCAL_NETWORK_DEPARTURE,
    BrowserRequest,
    BrowserResponse,
    Outgoing,
    Step,
    Verdict,
    fetch,
    fetch_site,
    is_read_only_method,
    page_origin,
)
from .core.checks import check_name
from .core.explain import explain, explain_protection
from .core.lint import unseen
from .core.patterns import TOKEN
from .cross_site import ProtectionTrace, exempt_endpoint, protected, refusal
from .extension import CORSState, routing_error_blueprints
from .layers import blueprint_chain, cors_states, covering_layers
from .reporting import LOG, gather, misplaced_views
from .settings import late_config_keys, stray_config_keys
from .views import VIEWS, ViewCORS, ViewProblems, ViewSetup

__all__ = [
    "check",
    "cors",
    "explain_command",
    "routes",
    "with_cors_app",
]


_C = TypeVar("_C", bound=Callable[..., Any])


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


def with_cors_app(command: _C) -> _C:
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
    # The Protection column only where some of the app turns protection on.
    shielded = _protection_anywhere(app)
    rows = [("Endpoint", "Methods", "Rule", "CORS", *_IF(shielded, "Protection"), "Origins")]
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        methods = ", ".join(sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}))
        chain = blueprint_chain(rule.endpoint)
        layers = covering_layers(app, chain, rule.endpoint, rule.rule)
        shield = _IF(shielded, _protection_cell(app, chain, rule.endpoint))
        if not layers:
            rows.append((rule.endpoint, methods, rule.rule, "-", *shield, "-"))
        for index, layer in enumerate(layers):
            # A layer that refuses the origin leaves the response to the next.
            where = layer.where if index == 0 else f"else {layer.where}"
            cells = (rule.endpoint, methods, rule.rule) if index == 0 else ("", "", "")
            shown = shield if index == 0 else _IF(shielded, "")
            rows.append((*cells, where, *shown, _plain(layer.decider.policy.origins)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for index, row in enumerate(rows):
        padded = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        click.echo("  ".join([*padded, row[-1]]).rstrip())
        if index == 0:
            click.echo("  ".join("-" * width for width in [*widths, len(row[-1])]))


def _IF(condition: bool, cell: str) -> tuple[str, ...]:
    """Return ``(cell,)`` when ``condition`` holds, else no cell."""
    return (cell,) if condition else ()


def _protection_anywhere(app: Flask) -> bool:
    """Whether any ``CORS`` or ``@cross_origin`` of the app turns cross-site protection on."""
    if any(state.cross_site_protection for state in cors_states(app)):
        return True
    views = (VIEWS.get(view) for view in app.view_functions.values())
    return any(view is not None and view.for_app(app).guard is not None for view in views)


def _protection_cell(app: Flask, chain: list[str], endpoint: str) -> str:
    """Say whether cross-site protection covers an endpoint: ``on``, ``exempt`` or ``-``."""
    if not protected(app, chain, endpoint):
        return "-"
    return "exempt" if exempt_endpoint(app, endpoint, chain) else "on"


def _plain(entries: PatternSet) -> str:
    """List a pattern set's entries as written, regexes by their pattern, without quoting.

    An entry that cannot be printed as it is (a control character) is
    shown through ``repr()``.
    """
    if entries.matches_all:
        return "any (*)"
    texts = [*entries.literals, *(wildcard.text for wildcard in entries.wildcards)]
    texts += [f"regex {pattern.pattern}" for pattern in entries.patterns]
    texts += [f"function {check_name(check)}" for check in entries.checks]
    return ", ".join(text if text.isprintable() else repr(text) for text in texts) or "none"


@cors.command("check")
@click.option(
    "--strict",
    is_flag=True,
    hidden=True,
    help="Accepted for scripts written for earlier releases: check fails on every finding.",
)
@pass_script_info
def check(info: ScriptInfo, strict: bool) -> None:
    """Load the app and report CORS configuration errors, insecure settings and mistakes.

    Exits 1 on any of them: what keeps a decorated view from getting CORS
    headers, what lets more sites read responses than meant, and what
    strict mode refuses (values that never match what a browser sends,
    keys that are no setting, ...). Upgrade notes are printed and do not
    fail.
    """
    with warnings.catch_warnings(record=True), _log_off():
        # Recorded, not raised by an "error" filter nor printed, and not
        # logged: what they say is found again below, from the app itself,
        # as data.
        warnings.simplefilter("always", CORSConfigWarning)
        warnings.simplefilter("always", InsecureCORSWarning)
        warnings.simplefilter("always", CORSUpgradeWarning)
        app = _load_app(info)
        # Each decorated view's policy under the app's config is built here.
        views = _views_of(app)
    states = cors_states(app)
    lines = _check_lines(app, states, views)
    count = sum(len(state.resources.rules) for state in states)
    kinds = [line.kind for line in lines if line.kind != "note"]
    verdict = "valid"
    if kinds:
        counts = [_counted(kinds.count(kind), noun) for kind, noun in _KINDS if kind in kinds]
        verdict = f"fails: {', '.join(counts)}"
    click.echo(f"{count} CORS rule(s), {len(views)} @cross_origin view(s): {verdict}")
    # What the configuration does, then what is wrong with it.
    for text in _protection_summary(app, views):
        click.echo(text)
    for line in lines:
        click.echo(f"{line.kind}: {line.text}")
    if kinds:
        raise SystemExit(1)


#: The kinds of line ``check`` prints that fail it, in order, as its summary counts them.
_KINDS: Final = (
    ("error", "error"),
    ("insecure", "insecure setting"),
    ("warning", "configuration mistake"),
)
_ORDER: Final = ("error", "insecure", "warning", "note")

#: The kind of line each category of finding makes.
_KIND_OF: Final[dict[type[UserWarning], str]] = {
    InsecureCORSWarning: "insecure",
    CORSConfigWarning: "warning",
    CORSUpgradeWarning: "note",
}


@contextlib.contextmanager
def _log_off() -> Iterator[None]:
    """Keep the ``flask_cors`` log quiet for a while: ``check`` prints what it would say."""
    was = LOG.disabled
    LOG.disabled = True
    try:
        yield
    finally:
        LOG.disabled = was


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@frozen
class _Line:
    """One line of ``check``: its kind (``error``, ``insecure``, ...), and what it says."""

    kind: str
    text: str


def _check_lines(app: Flask, states: list[CORSState], views: list[_View]) -> list[_Line]:
    """Return what ``check`` says of an app, each thing once, errors first.

    Everything comes from the app as configured, as data (problems, with
    their codes): each rule's and decorated view's policy under the app's
    config, the findings of their options, the app's stray ``CORS_*`` keys,
    keys set after ``CORS(app)`` read the config, misplaced decorators.
    """
    lines: list[_Line] = []
    for view in views:
        lines += [
            _Line("error", f"{view.cors.where} is served without CORS headers: {problem}")
            for problem in view.problems.errors
        ]
    policies = [*_rule_policies(states), *_view_policies(views)]
    extra = [problem for state in states for problem in state.findings]
    extra += [problem for view in views for problem in view.problems.findings]
    extra += [
        problem
        for state in states
        if state.blueprint is None
        for problem in late_config_keys(state.config, app.config)
    ]
    extra += stray_config_keys(app.config)
    lines += [_Line(_KIND_OF[said.category], str(said)) for said in gather(policies, extra)]
    lines += [_Line("warning", message) for message in misplaced_views(app).values()]
    # What no check can judge: each origin function, with what to make sure of.
    unseen_notes = dict.fromkeys(
        (where, note) for where, policy in policies for note in unseen(policy)
    )
    lines += [_Line("note", f"{where}: {note}") for where, note in unseen_notes]
    return sorted(lines, key=lambda line: _ORDER.index(line.kind))


def _rule_policies(states: list[CORSState]) -> list[tuple[str, Policy]]:
    """Return every rule's policy, named as log lines name the rule."""
    return [(name, decider.policy) for state in states for name, decider in state.per_rule]


def _view_policies(views: list[_View]) -> list[tuple[str, Policy]]:
    """Return the policy of every decorated view that serves with one, named."""
    return [(view.cors.where, view.setup.decider.policy) for view in views if view.setup.decider]


def _protection_summary(app: Flask, views: list[_View]) -> list[str]:
    """Say where cross-site protection is on, what is exempt, and where it trusts nobody else."""
    shields = [
        "app" if state.blueprint is None else f"blueprint {state.blueprint!r}"
        for state in cors_states(app)
        if state.cross_site_protection
    ]
    shields += [view.cors.where for view in views if view.setup.guard is not None]
    if not shields:
        return []
    lines = [f"cross-site protection: on for {', '.join(dict.fromkeys(shields))}"]
    exempt = [
        endpoint
        for endpoint in sorted(app.view_functions)
        if exempt_endpoint(app, endpoint, blueprint_chain(endpoint))
    ]
    if exempt:
        lines.append(f"cross-site protection: exempt: {', '.join(exempt)}")
    for where, policy in [*_rule_policies(cors_states(app)), *_view_policies(views)]:
        origins = policy.origins
        if not (origins.literals or origins.wildcards or origins.patterns or origins.checks):
            said = (
                "origins='*' lets every site read, and trusts none to send"
                if (origins.matches_all)
                else "no origin is listed"
            )
            lines.append(
                f"note: {where}: cross-site protection trusts no other origin here ({said}): "
                "pages of other sites cannot send it requests that change data"
            )
    return lines


def _views_of(app: Flask) -> list[_View]:
    """Return every decorated view routed in the app, each once, with what it does there."""
    views = {
        id(view): view
        for routed in app.view_functions.values()
        if (view := VIEWS.get(routed)) is not None
    }
    return [_View(view, view.for_app(app), view.problems_in(app)) for view in views.values()]


@frozen
class _View:
    """A decorated view, what it does under the app's config, and what was found of it."""

    cors: ViewCORS
    setup: ViewSetup
    problems: ViewProblems


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

    The browser model's driver (flask_cors.core.browser.fetch) runs
    the page's fetch: each request it sends (a preflight, the request, each
    redirect it follows) goes through the app here and is printed with what
    CORS decided. Exits 1 when the browser would block the call.
    """
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    page = BrowserRequest(
        origin=origin,
        url=_EXPLAIN_BASE + path,
        method=method,
        headers=headers,
        credentials="include" if credentials else "same-origin",
    )
    run = _Explained(app, _notes(origin, page, headers, cookies), send)
    if _protection_anywhere(app):
        # What cross-site protection reads: the browser says where the page is.
        run.fetch_sites, run.page_origin = True, page.origin
        site = fetch_site(page.origin, page.url)
        click.echo(
            f"note: the browser sends Sec-Fetch-Site: {site} (the page's origin against "
            f"{_EXPLAIN_BASE}, where explain sends requests)"
        )
    verdict = fetch(page, run.send)
    _print_verdict(verdict, run.cause(verdict), sent=run.last_sent)
    if run.private_network and LOCAL_NETWORK_DEPARTURE not in verdict.departures:
        click.echo(f"note: allow_private_network=True here: {LOCAL_NETWORK_DEPARTURE}")
    if run.refused:
        click.echo(
            "refused: cross-site protection answers 403 before the view runs: nothing the "
            "request asked for was done"
        )
    if not verdict.allowed or run.refused:
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
    if jar and not page.includes_credentials:
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
    app: Flask,
    path: str,
    method: str,
    headers: dict[str, str],
    trace: list[Traced | ProtectionTrace],
) -> BrowserResponse:
    """Judge a request not sent: the CORS headers its layers would add, traced in ``trace``.

    The request is routed as the app routes it (its query and fragment are
    no part of the path), and each layer that covers it adds its headers to
    an empty response with the function its hook uses, in the hooks' order:
    only the view does not run. Cross-site protection, where it covers the
    request, judges it as its hook would; a refusal goes into ``refused``.
    """
    status = 200
    with app.test_request_context(
        path, method=method, headers=headers, environ_base={TRACE: trace}
    ):
        current: Request = request._get_current_object()  # type: ignore[attr-defined]
        rule = current.url_rule
        endpoint = None if rule is None else rule.endpoint
        # A request no route took has no blueprints in Flask's eyes; the
        # blueprint layers that answer its 404 or 405 are found as they find it.
        blueprints = (
            current.blueprints if rule is not None else routing_error_blueprints(app, current)
        )
        layers = covering_layers(app, blueprints, endpoint, current.path)
        if protected(app, current.blueprints, endpoint) and not is_read_only_method(method):
            found = refusal(app, current)
            if found is not None:
                trace.append(found)
                status = 403
        response = app.response_class(status=status)
        for layer in layers:
            respond(
                layer.where,
                layer.decider,
                current,
                response,
                layer.refusals,
                unless_answered=not layer.view,
            )
    return BrowserResponse(status, tuple(response.headers.to_wsgi_list()))


class _Explained:
    """One ``explain`` run: the model's ``send``, through the app, printing each exchange."""

    def __init__(self, app: Flask, jar: list[tuple[str, str]], send: bool) -> None:
        self.app = app
        # The browser's cookies go in a Cookie header, where it sends them.
        self.client = app.test_client(use_cookies=False)
        self.jar = jar
        self.send_all = send
        self.exchanges = 0
        self.last_sent = True
        self.private_network = False
        self.preflight: tuple[str, dict[str, str], TestResponse] | None = None
        # Where cross-site protection is on, each request carries the
        # Sec-Fetch-Site a browser sends; a refusal by it is kept here.
        self.fetch_sites = False
        self.page_origin = ""
        self.refused: list[ProtectionTrace] = []

    def send(self, outgoing: Outgoing) -> BrowserResponse:
        """Answer one request the browser sends: through the app, or as its layers would."""
        if self.exchanges:
            click.echo("")
        self.exchanges += 1
        parts = urlsplit(outgoing.url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        base = f"{parts.scheme}://{parts.netloc}"
        shown = target if base == _EXPLAIN_BASE else outgoing.url
        headers = dict(outgoing.headers)
        if self.fetch_sites:
            headers["Sec-Fetch-Site"] = fetch_site(self.page_origin, outgoing.url)
        # https://fetch.spec.whatwg.org/#http-network-or-cache-fetch: cookies go
        # where the browser sends its credentials, never with a preflight.
        if self.jar and outgoing.credentials:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.jar)
        if outgoing.preflight:
            response = self._exchange("OPTIONS", target, base, headers, shown, "preflight")
            self.preflight = (target, headers, response)
            return _seen(response)
        # A method that could change data is sent only with --send.
        self.last_sent = is_read_only_method(outgoing.method) or self.send_all
        if self.last_sent:
            response = self._exchange(outgoing.method, target, base, headers, shown, "request")
            return _seen(response)
        click.echo(f"{outgoing.method} {shown} (not sent: it could change data; --send sends it)")
        trace: list[Traced | ProtectionTrace] = []
        decided = _decided(self.app, target, outgoing.method, headers, trace)
        self._print_cors(decided.headers, trace)
        return decided

    def _exchange(
        self, method: str, target: str, base: str, headers: dict[str, str], shown: str, what: str
    ) -> TestResponse:
        """Send one request with a trace; print it, its CORS headers and what CORS decided."""
        trace: list[Traced | ProtectionTrace] = []
        response = self.client.open(
            target, base_url=base, method=method, headers=headers, environ_base={TRACE: trace}
        )
        click.echo(f"{method} {shown} ({what}) -> {response.status}")
        for name, value in headers.items():
            click.echo(f"  > {name}: {value}")
        self._print_cors(tuple(response.headers.to_wsgi_list()), trace)
        return response

    def _print_cors(
        self, headers: Sequence[tuple[str, str]], trace: list[Traced | ProtectionTrace]
    ) -> None:
        """Print a response's CORS headers, then what each layer that decided it said."""
        for name, value in headers:
            if name.startswith("Access-Control-") or name == "Vary":
                click.echo(f"  < {name}: {value}")
        for decided in trace:
            if isinstance(decided, ProtectionTrace):
                said = explain_protection(
                    decided.policy, decided.info, decided.verdict, where=decided.where
                )
                click.echo(f"protection: {said}")
                self.refused.append(decided)
                continue
            said = explain(decided.policy, decided.info, decided.decision, where=decided.where)
            click.echo(f"CORS: {said}")
            self.private_network = self.private_network or decided.policy.allow_private_network
        if not any(isinstance(decided, Traced) for decided in trace):
            click.echo(f"CORS: {_UNCOVERED}")

    def cause(self, verdict: Verdict) -> str | None:
        """Say what most likely answered the preflight that failed, when its status did."""
        if verdict.step is not Step.PREFLIGHT or self.preflight is None:
            return None
        target, headers, response = self.preflight
        return _preflight_cause(self.app, target, headers, response)


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
        step = {Step.PREFLIGHT: "the preflight", Step.REDIRECT: "a redirect"}.get(
            verdict.step or Step.RESPONSE, "the response"
        )
        click.echo(f"verdict: blocked at {step}")
        click.echo(f"Chromium: {verdict.message}")
    if cause is not None:
        click.echo(f"cause: {cause}")
    for departure in verdict.departures:
        click.echo(f"note: {departure}")
