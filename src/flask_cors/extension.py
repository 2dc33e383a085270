"""The ``CORS`` extension: CORS headers for a whole app or blueprint, by path."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from attrs import evolve, field, frozen
from flask import Blueprint, Flask, Request, Response, current_app, request
from flask.blueprints import BlueprintSetupState

from .adapter import DECIDED, Refusals, budget_of, mark_decided, respond
from .core import Decider, Layer, Policy, RequestInfo, Resources, Rule
from .core.errors import ConfigurationError, Found, Problem
from .core.patterns import Entry
from .core.resources import collect_resources
from .core.vocabulary import DEFAULTS, EXTENSION_FLAGS, flag_defaults
from .flask_compat import App
from .reporting import LOG as LOG
from .reporting import ensure_log_handler, misplaced_views, report, warn_config
from .settings import config_options, new_stray_config_keys, parse_layers, read_flags
from .views import VIEWS

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .options import CORSOptions


@frozen
class CORSState:
    """What one ``init_app`` call configured, kept in ``app.extensions["cors"]``.

    Attributes:
        resources: The resource rules, best first, each with its policy.
        intercept_exceptions: Whether responses made by the app's exception
            handler get CORS headers even when an after-request hook failed.
        blueprint: The name of the blueprint it was configured on, if any.
        refusals: The log of refused requests, each distinct one once.
        names: Each rule's name in log lines and explanations, by the rule's
            ``id()`` (hashing a rule would hash its whole policy).
        deciders: Each rule's :class:`~flask_cors.core.Decider`, by the
            rule's ``id()``: its policy compiled, and its recent decisions.
    """

    resources: Resources
    intercept_exceptions: bool
    blueprint: str | None = None
    refusals: Refusals = field(factory=Refusals, eq=False, repr=False)
    names: dict[int, str] = field(init=False, eq=False, repr=False)
    deciders: dict[int, Decider] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # Named and compiled once here, not per request; set before the
        # state is shared.
        rules = self.resources.rules
        names = {id(rule): _where(rule, self.blueprint) for rule in rules}
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "deciders", {id(rule): Decider(rule.policy) for rule in rules})


class CORS:
    """Cross-origin resource sharing for a Flask app or blueprint.

    ``CORS(app, **options)`` at once, or ``cors = CORS(**options)`` and later
    ``cors.init_app(app, **options)`` (the app-factory pattern). Options are
    those of :class:`~flask_cors.Policy` plus ``resources``,
    ``intercept_exceptions`` and ``answer_preflights``; see
    :class:`~flask_cors.options.CORSOptions`.
    Precedence, lowest first: the defaults, the app's ``CORS_*`` config
    values that are not None, these options, ``init_app``'s options, the
    per-resource options.

    Raises:
        ConfigurationError: At once, listing every problem in the options.
    """

    def __init__(
        self, app: Flask | Blueprint | None = None, **options: Unpack[CORSOptions]
    ) -> None:
        self._options: Mapping[str, object] = options
        # Checked now, so a bad option fails where it is written, even before
        # init_app is called; with an app, together with the app's config.
        found = Found()
        (own,) = parse_layers([("CORS()", options)], found)
        if app is None:
            # With an app, _configure reads the flags with the other layers.
            read_flags([("CORS()", options)], EXTENSION_FLAGS, found)
        self._rules: list[tuple[Entry, Layer]] | None = None
        if "resources" in options:
            self._rules = _resource_rules(options["resources"], found)
        self._layer = own
        # Reported with the app's configuration, by each init_app.
        self._findings = tuple(found.findings)
        if app is not None:
            self._configure(app, {}, found.errors)
        elif found.errors:
            raise ConfigurationError(found.errors)

    def init_app(self, app: Flask | Blueprint, **options: Unpack[CORSOptions]) -> None:
        """Register CORS on ``app`` (a Flask app or a blueprint).

        Raises:
            ConfigurationError: Listing every problem in the combined options.
        """
        self._configure(app, options, [])

    def _configure(
        self, app: Flask | Blueprint, options: Mapping[str, object], problems: list[Problem]
    ) -> None:
        config = config_options(getattr(app, "config", None))
        found = Found(list(problems), list(self._findings))
        parsed = parse_layers([("app.config", config), ("init_app()", options)], found)
        layers = [("app.config", config), ("CORS()", self._options), ("init_app()", options)]
        flags = {**flag_defaults(EXTENSION_FLAGS), **read_flags(layers, EXTENSION_FLAGS, found)}
        rules = self._rules
        if "resources" in options or rules is None:
            spec = options.get("resources", config.get("resources", DEFAULTS["resources"]))
            rules = _resource_rules(spec, found)
        config_layer, own_layer = parsed
        base = config_layer.merge(self._layer).merge(own_layer)
        named = "resources" in options or "resources" in self._options or "resources" in config
        # Every rule's combination is judged even when an option is in
        # error, so that every problem is reported at once.
        merged = _checked_rules(base, rules, named=named, found=found)
        if found.errors:
            raise ConfigurationError(found.errors)
        intercept = flags["intercept_exceptions"]
        blueprint = app.name if isinstance(app, Blueprint) else None
        state = CORSState(Resources(tuple(merged)), intercept, blueprint)
        LOG.debug("CORS rules for %r: %r", app.name, [rule.text for rule in merged])
        if isinstance(app, Flask):
            found.findings += new_stray_config_keys(app)
        report(
            ((state.names[id(rule)], rule.policy) for rule in merged),
            found.findings,
            strict=flags["strict"],
        )
        ensure_log_handler()
        if isinstance(app, Flask):
            for message in misplaced_views(app):
                warn_config(message)
        hook = _after_request(state)
        app.after_request(hook)
        answer = flags["answer_preflights"]
        if isinstance(app, Flask):
            app.extensions.setdefault("cors", []).append(state)
            if intercept:
                _intercept_exceptions(app, hook)
            if answer:
                _answer_preflights_first(app, state, hook)
        else:
            # A blueprint's rules are known to the app it is registered on.
            def register(setup: BlueprintSetupState) -> None:
                setup.app.extensions.setdefault("cors", []).append(state)
                if answer:
                    _answer_preflights_first(setup.app, state, hook)

            app.record_once(register)


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
    return merged


def _resource_rules(spec: object, found: Found) -> list[tuple[Entry, Layer]]:
    """Parse ``resources`` into patterns with their own (unmerged) layers; record problems."""
    pairs = collect_resources(spec, found)
    named = [(f"resources[{_text(pattern)!r}]", options) for pattern, options in pairs]
    layers = parse_layers(named, found)
    return [(pattern, layer) for (pattern, _), layer in zip(pairs, layers, strict=True)]


def _text(pattern: Entry) -> str:
    return pattern if isinstance(pattern, str) else pattern.pattern


def _where(rule: Rule, blueprint: str | None) -> str:
    """Name a rule in log lines, warnings and explanations, with its blueprint if any.

    A blueprint's ``'/*'`` covers only the blueprint's routes: said so, it
    does not read as app-wide.
    """
    return (
        f"rule {rule.text!r}"
        if blueprint is None
        else f"rule {rule.text!r} of blueprint {blueprint!r}"
    )


def _after_request(state: CORSState) -> Callable[[Response], Response]:
    match = state.resources.match
    refusals = state.refusals
    # One lookup per request: each rule's name and decider, by its id().
    per_rule = {key: (name, state.deciders[key]) for key, name in state.names.items()}

    bounded = state.resources.bounded

    def cors_after_request(response: Response) -> Response:
        current: Request = request._get_current_object()  # type: ignore[attr-defined]
        if bounded:
            budget = budget_of(current.environ)
            rule = match(current.path, budget)
            if budget.exhausted:
                refusals.over_budget("resources", budget)
        else:
            rule = match(current.path)
        # No rule, or @cross_origin decided this response.
        if rule is None or current.environ.get(DECIDED) is response:
            return response
        where, decider = per_rule[id(rule)]
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
                decider, automatic = view.for_app(current_app._get_current_object())  # type: ignore[attr-defined]
                if not automatic or decider is None:
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


def no_view() -> None:
    """Stand-in for an endpoint without a view function, as a lookup default."""


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
