"""The ``CORS`` extension: CORS headers for a whole app or blueprint, by path."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from attrs import evolve
from flask import Blueprint, Flask, Request, Response, current_app, request
from flask.blueprints import BlueprintSetupState
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from .adapter import DECIDED, Refusals, budget_of, mark_decided, respond
from .core import UNSET, Decider, Layer, Policy, Problem, RequestInfo, Resources, Rule
from .core.errors import ConfigurationError, CORSConfigWarning, Found
from .core.patterns import Entry
from .core.policy import Unset
from .core.vocabulary import DEFAULTS, SHELL_OPTIONS
from .cross_site import protect_app
from .flask_compat import App
from .layers import CORSState as CORSState
from .layers import blueprint_chain, no_view
from .reporting import LOG as LOG
from .reporting import (
    Site,
    ensure_log_handler,
    insecure_settings,
    report,
    show_refusals_in_debug,
    warn_at,
    warn_misplaced_views,
)
from .settings import (
    Read,
    Rules,
    config_options,
    late_config_keys,
    new_stray_config_keys,
    read,
)
from .views import VIEWS

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .options import CORSOptions

__all__ = [
    "CORS",
    "LOG",
    "CORSState",
    "blueprint_chain",
    "make_after_request_function",
    "no_view",
    "routing_error_blueprints",
]


class CORS:
    """Cross-origin resource sharing for a Flask app or blueprint.

    ``CORS(app, **options)`` at once, or ``cors = CORS(**options)`` and later
    ``cors.init_app(app, **options)`` (the app-factory pattern). Every option
    may also be set in the app's config as ``CORS_<NAME>`` (``CORS_ORIGINS``).
    Precedence, lowest first: the defaults, the app's ``CORS_*`` config
    values that are not None, these options, ``init_app``'s options, the
    per-resource options.

    Keyword Args:
        origins (OriginEntriesInput): Allowed origins: ``"*"`` (the default; not the opaque
            origin ``null``), a literal origin such as ``"https://app.example.com"``, a
            wildcard origin such as ``"https://*.example.com"``, a regex, a function of
            the origin asked on every request (an ``OriginCheck``), or a list of these.
        methods (MethodsInput): Methods a preflight may ask for. Default: GET, HEAD, POST,
            OPTIONS, PUT, PATCH, DELETE.
        allow_headers (EntriesInput): Request headers a preflight may ask for, as literals or
            regexes. Default ``"*"``: any.
        expose_headers (HeaderNamesInput): Response headers the page may read. Default: none.
        supports_credentials (bool): Send ``Access-Control-Allow-Credentials: true``, so
            the page may send cookies and read the answer. Default False.
        max_age (MaxAgeInput): Seconds a preflight may be cached (int, digit string or
            timedelta). Default: no header.
        send_wildcard (bool): With ``origins="*"``, answer ``*`` rather than echoing the
            request's origin. Default False.
        vary_header (bool): Add ``Vary: Origin`` when the answer depends on the origin.
            Default True.
        always_send (bool): Send ``Access-Control-Allow-Origin`` also to requests
            without an ``Origin`` header. Default True.
        allow_private_network (bool): Answer a Private Network Access preflight with
            ``Access-Control-Allow-Private-Network: true``. Default False.
        strict (bool): Turn every configuration warning into a ``ConfigurationError``.
            Default False.
        resources (ResourcesInput): Which paths get which options: a path pattern, a list of
            them, or a dict of pattern to options (any of the options above but
            ``strict``). Default ``r"/*"``: every path.
        intercept_exceptions (bool): Give error responses CORS headers too. Default True.
        answer_preflights (bool): Answer CORS preflights with 204 before
            ``before_request`` hooks and routing, so an authentication hook
            cannot refuse them. Default False.
        cross_site_protection (bool): Refuse with 403, before any
            ``before_request`` hook or view, a request other than GET, HEAD and
            OPTIONS sent by a page of an origin no CORS layer covering it lists
            (see :mod:`flask_cors.cross_site`). Covers every request of the app,
            or of the blueprint. Default False.
        automatic_options (bool): Read by ``@cross_origin`` only (also from
            ``CORS_AUTOMATIC_OPTIONS``); ``CORS`` accepts and ignores it, as
            flask-cors 6 did.

    Raises:
        ConfigurationError: At once, listing every problem in the options.
    """

    def __init__(
        self, app: Flask | Blueprint | None = None, **options: Unpack[CORSOptions]
    ) -> None:
        # Read now, so a bad option fails where it is written, even before
        # init_app is called; with an app, together with the app's config.
        self._own = read("CORS()", options, SHELL_OPTIONS)
        if app is not None:
            self._configure(app, Read())
        elif self._own.errors:
            own = self._own
            raise ConfigurationError(own.errors, [*own.findings, *own.layer.findings])

    def init_app(self, app: Flask | Blueprint, **options: Unpack[CORSOptions]) -> None:
        """Register CORS on ``app`` (a Flask app or a blueprint).

        Raises:
            ConfigurationError: Listing every problem in the combined options.
        """
        self._configure(app, read("init_app()", options, SHELL_OPTIONS))

    def _configure(self, app: Flask | Blueprint, init: Read) -> None:
        site = Site.here()
        read_config = config_options(getattr(app, "config", None))
        config = read("app.config", read_config, SHELL_OPTIONS)
        # Precedence, lowest first: the app's config, CORS(), init_app().
        folded = config.then(self._own).then(init)
        settings = folded.settings
        rules = settings.resources
        named = rules is not UNSET
        if isinstance(rules, Unset):
            rules = _default_rules()
        found = Found(list(folded.errors), list(folded.findings))
        if isinstance(app, Flask):
            found.findings += new_stray_config_keys(app)
        # Every rule's combination is judged even when an option is in
        # error, so that every problem is reported at once.
        merged = _checked_rules(folded.layer, list(rules), named=named, found=found)
        if found.errors:
            # The findings too: an error must not hide them.
            raise ConfigurationError(found.errors, _all_findings(merged, found))
        intercept = settings.flag("intercept_exceptions")
        blueprint = app.name if isinstance(app, Blueprint) else None
        protect = settings.flag("cross_site_protection")
        state = CORSState(
            Resources(tuple(merged)),
            intercept,
            blueprint,
            protect,
            findings=tuple(found.findings),
            config=read_config,
            site=site,
        )
        LOG.debug("CORS rules for %r: %r", app.name, [rule.text for rule in merged])
        report(
            ((name, decider.policy) for name, decider in state.per_rule),
            found.findings,
            strict=settings.flag("strict"),
            site=site,
        )
        ensure_log_handler()
        if isinstance(app, Flask):
            show_refusals_in_debug(app)
            warn_misplaced_views(app)
        hook = _after_request(state)
        app.after_request(hook)
        answer = settings.flag("answer_preflights")
        if isinstance(app, Flask):
            app.extensions.setdefault("cors", []).append(state)
            if intercept:
                _intercept_exceptions(app, hook)
            if answer:
                _answer_preflights_first(app, state, hook)
            if protect:
                protect_app(app, state, hook)
            # Last, so that it runs first.
            _at_first_request(app, state)
        else:
            # A blueprint's rules are known to the app it is registered on.
            def register(setup: BlueprintSetupState) -> None:
                setup.app.extensions.setdefault("cors", []).append(state)
                name = f"{setup.name_prefix}.{setup.name}".lstrip(".")
                state.registered.append((name, setup.url_prefix))
                setup.app.after_request(_routing_errors(setup.app, name, hook))
                if answer:
                    _answer_preflights_first(setup.app, state, hook)
                if protect:
                    protect_app(setup.app, state, hook)
                _at_first_request(setup.app, state)

            app.record_once(register)


def _all_findings(rules: list[Rule], found: Found) -> list[Problem]:
    """Return every finding of a configuration in error: its own, and each rule's that was built.

    Said with its errors, so that an error never hides a mistake (an
    ``orgins`` typo) or an insecure setting of the same configuration.
    """
    findings = list(found.findings)
    for rule in rules:
        findings += rule.policy.findings
        findings += insecure_settings(rule.policy)
    return findings


def _at_first_request(app: App, state: CORSState) -> None:
    """Run :func:`_first_request_checks` once, before the app's first request, then go.

    What changed between configuring and serving is only known then: keys
    set in ``app.config`` after ``CORS(app)``, blueprints registered later,
    ``app.run(debug=True)``. The hook takes itself off the app's list, so
    later requests do not pay for it.
    """
    pending = [state]

    def cors_first_request() -> None:
        try:
            pending.pop()
        except IndexError:  # Another thread's request got there first.
            return
        # A new list, not a change to the one Flask may be walking.
        funcs = app.before_request_funcs.get(None, [])
        app.before_request_funcs[None] = [func for func in funcs if func is not cors_first_request]
        _first_request_checks(current_app._get_current_object(), state)  # type: ignore[attr-defined]

    app.before_request_funcs.setdefault(None, []).insert(0, cors_first_request)


def _first_request_checks(app: Flask, state: CORSState) -> None:
    """Say what became wrong with a ``CORS`` layer's configuration after it was read.

    A ``CORS_*`` key set after ``CORS(app)`` is ignored; a key like a
    setting (``CORS_ORIGIN``) is no setting; a route registered later may
    have ``@cross_origin`` above its decorator; an app run in debug mode
    shows refusals. Each is warned once, from the line of ``CORS(...)``
    (a misplaced decorator from its own line).
    """
    show_refusals_in_debug(app)
    warn_misplaced_views(app, during_request=True)
    problems = new_stray_config_keys(app)
    if state.blueprint is None:
        problems = [*late_config_keys(state.config, app.config), *problems]
    site = state.site or Site.here()
    for problem in problems:
        warn_at(site, str(problem), CORSConfigWarning, during_request=True)


def _routing_errors(
    app: App, name: str, hook: Callable[[Response], Response]
) -> Callable[[Response], Response]:
    """Run a blueprint's CORS hook on a routing error (404, 405) that belongs to it.

    Flask runs a blueprint's hooks only for requests routed into it, so a
    404 under its URL prefix, or a 405 for a method its route lacks, got no
    headers from its ``CORS`` layer, and a page whose preflight the layer
    allowed saw a CORS error instead of the status. This app-wide hook
    gives such a response the layer's headers, by the same rules.
    """

    def cors_routing_errors(response: Response) -> Response:
        current: Request = request._get_current_object()  # type: ignore[attr-defined]
        if current.url_rule is not None or current.routing_exception is None:
            return response
        if name in routing_error_blueprints(app, current):
            return hook(response)
        return response

    return cors_routing_errors


def routing_error_blueprints(app: App, current: Request) -> list[str]:
    """Return the blueprints a request no route took belongs to, innermost first.

    For a 405, those of the route another method takes on the same path;
    for a 404, the blueprints with ``CORS`` whose URL prefix the path is
    under, longest prefix first. Empty for a request that was routed.
    """
    error = current.routing_exception
    if isinstance(error, MethodNotAllowed):
        urls = app.url_map.bind_to_environ(current.environ)
        for method in error.valid_methods or ():
            try:
                endpoint, _ = urls.match(current.path, method=method)
            except HTTPException:
                continue
            return blueprint_chain(str(endpoint))
        return []
    if not isinstance(error, NotFound):
        return []
    path = current.path
    states: list[CORSState] = app.extensions.get("cors", [])
    under = [
        (len(prefix), name)
        for state in states
        for name, prefix in state.registered
        if prefix and (path == prefix or path.startswith(prefix.rstrip("/") + "/"))
    ]
    return [name for _, name in sorted(under, reverse=True)]


def _default_rules() -> Rules:
    """The default ``resources`` (every path), parsed."""
    default = read("defaults", {"resources": DEFAULTS["resources"]}, ("resources",))
    assert not isinstance(default.settings.resources, Unset)
    return default.settings.resources


def _checked_rules(
    base: Layer, rules: list[tuple[Entry, Layer]], *, named: bool, found: Found
) -> list[Rule]:
    """Merge each rule's layer over ``base`` and check it; record the problems in ``found``.

    A combination of options is only known, and so only checked, once all
    layers are merged, as in flask-cors. Problems name the rule when the
    user wrote ``resources`` (``named``), not the default rule.
    """
    merged: list[Rule] = []
    for pattern, layer in rules:
        try:
            merged.append(Rule(pattern, base.merge(layer).policy()))
        except ConfigurationError as error:
            where = f"resources[{_text(pattern)!r}]." if named else ""
            found.errors.extend(
                evolve(problem, written=where + (problem.written or problem.option))
                for problem in error.problems
            )
            # What this rule's own options hold is said beside the error.
            found.findings.extend(base.merge(layer).findings)
    return merged


def _text(pattern: Entry) -> str:
    return pattern if isinstance(pattern, str) else pattern.pattern


def _after_request(state: CORSState) -> Callable[[Response], Response]:
    match = state.resources.index.match
    refusals = state.refusals
    per_rule = state.per_rule
    bounded = state.resources.bounded

    def cors_after_request(response: Response) -> Response:
        current: Request = request._get_current_object()  # type: ignore[attr-defined]
        if bounded:
            budget = budget_of(current.environ)
            found = match(current.path, budget)
            if budget.exhausted:
                refusals.over_budget("resources", budget)
        else:
            found = match(current.path)
        # No rule, or @cross_origin decided this response.
        if found is None or current.environ.get(DECIDED) is response:
            return response
        where, decider = per_rule[found]
        respond(where, decider, current, response, refusals, unless_answered=True)
        return response

    return cors_after_request


def make_after_request_function(
    resources: Iterable[tuple[Entry, Policy]],
) -> Callable[[Response], Response]:
    """Return an after-request hook for ``(pattern, policy)`` pairs, tried in the order given.

    flask-cors 6's building block for the extension's hook, kept for code
    that wires CORS by hand; ``CORS(app, resources=...)`` does this itself.
    A response that already has ``Access-Control-Allow-Origin`` is left as
    it is. Regex patterns must be compiled (see
    :func:`~flask_cors.core.parse_resources`).
    """
    rules = tuple(Rule(pattern, policy) for pattern, policy in resources)
    return _after_request(CORSState(Resources(rules), intercept_exceptions=True))


def _answer_preflights_first(
    app: App, state: CORSState, hook: Callable[[Response], Response]
) -> None:
    """Answer CORS preflights on covered paths before every other before_request hook.

    Browsers refuse a preflight whose status is not 2xx
    (https://fetch.spec.whatwg.org/#cors-preflight-fetch), whatever its
    headers; an authentication hook's 401 or a routing 404/405 would
    otherwise answer it. The answer is 204 No Content: a success with no
    body, as a preflight needs none. Its CORS headers are
    added by the after-request hooks, as on any response, so every
    ``CORS`` layer has its say in the usual order: a blueprint's, then the
    app's. Left alone: requests that are not preflights, views that answer
    OPTIONS themselves, and, for a blueprint, requests outside it.
    """
    resources = state.resources
    funcs = app.after_request_funcs

    def answer_preflight() -> Response | None:
        current = request._get_current_object()  # type: ignore[attr-defined]
        # Most requests are not OPTIONS: leave them before taking a snapshot.
        if current.method != "OPTIONS":
            return None
        info = RequestInfo.from_environ(current.environ)
        if not info.is_preflight:
            return None
        # A blueprint's hook runs for requests routed into it, under each
        # name it was registered with ("parent.child" when nested).
        if state.blueprint is not None and not any(
            hook in funcs.get(name, ()) for name in current.blueprints
        ):
            return None
        url_rule = current.url_rule
        if url_rule is not None:
            view = VIEWS.get(app.view_functions.get(url_rule.endpoint, no_view))
            if view is not None:
                setup = view.for_app(current_app._get_current_object())  # type: ignore[attr-defined]
                decider = setup.decider
                if not setup.automatic or decider is None:
                    return None
                return _preflight_answer(view.where, decider, current, info, view.refusals)
            if "OPTIONS" in (url_rule.methods or ()) and not url_rule.provide_automatic_options:
                return None  # The view answers OPTIONS itself.
        budget = budget_of(current.environ) if resources.bounded else None
        if resources.match(current.path, budget) is None:
            return None
        return current_app.response_class(status=204)

    # First among the app's hooks, which run before any blueprint's.
    app.before_request_funcs.setdefault(None, []).insert(0, answer_preflight)


def _preflight_answer(
    where: str, decider: Decider, current: Request, info: RequestInfo, refusals: Refusals
) -> Response:
    """Answer a decorated view's preflight: its view, which would decide, does not run."""
    response = current_app.response_class(status=204)
    respond(where, decider, current, response, refusals, info=info)
    mark_decided(current, response)
    return response


def _intercept_exceptions(app: Flask, hook: Callable[[Response], Response]) -> None:
    """Give the responses of the app's exception handler CORS headers too.

    Flask runs after-request hooks on error responses, except when a hook
    itself raised: the 500 it then makes skips the failing hooks' siblings.
    Wrapping the app's exception handler, as flask-cors did, covers that.
    """
    handle_exception = app.handle_exception

    def handle_exception_with_cors(error: Exception) -> Response:
        return hook(handle_exception(error))

    app.handle_exception = handle_exception_with_cors  # type: ignore[assignment]
