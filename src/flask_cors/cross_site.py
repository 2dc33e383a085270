"""Protection from cross-site requests in Flask: the hook, the refusal, the exemptions.

``CORS(app, cross_site_protection=True)`` (or ``CORS_CROSS_SITE_PROTECTION``)
refuses, with 403 and before any view or other ``before_request`` hook runs,
a request that could change state (any method but GET, HEAD and OPTIONS)
sent by a page of another origin, unless a CORS layer that covers the
request lists that origin: the ``@cross_origin`` view, or the matching rule
of any ``CORS(...)``. ``@cross_origin(cross_site_protection=True)`` does
the same for one view, trusting its own origins. What is decided is the
core's :func:`~flask_cors.core.protect`; docs/security.md says what it
protects against and what it does not.

:func:`cross_site_exempt` exempts a view or a blueprint: a payment
provider's or identity provider's form that posts back (OAuth's
``form_post``, SAML's POST binding), a webhook called from browsers.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, NoReturn, TypeVar

from attrs import frozen
from flask import Blueprint, Flask, Request, Response, current_app, request
from werkzeug.exceptions import Forbidden

from .adapter import TRACE, Refusals, budget_of
from .core import SAFE_METHODS, Guard, Policy, Protection, RequestInfo
from .core.protection import trusts
from .flask_compat import App
from .layers import cors_states, covering_layers, no_view
from .reporting import LOG
from .views import NO_ORIGINS, VIEWS

if TYPE_CHECKING:
    from .layers import CORSState

__all__ = [
    "CrossSiteRequestRefused",
    "ProtectionTrace",
    "cross_site_exempt",
    "exempt_endpoint",
    "guard_view",
    "is_exempt",
    "protect_app",
    "protected",
    "refusal",
]

_T = TypeVar("_T", bound=Callable[..., Any] | Blueprint)

#: The views and blueprints :func:`cross_site_exempt` was given.
EXEMPT: Final[weakref.WeakSet[object]] = weakref.WeakSet()

# Decides everything but trust: whether a request comes from another origin
# at all. Trust is asked of the layers that cover the request afterwards.
_UNTRUSTING: Final = Guard(NO_ORIGINS)


class CrossSiteRequestRefused(Forbidden):
    """403 Forbidden: cross-site request protection refused the request.

    An HTTP error like ``abort(403)``: the app's error handler for 403 (or
    for this class) answers it, and it gets CORS headers as other errors
    do. Its body says what happened, never which origins are trusted.

    Attributes:
        verdict: Why: :attr:`~flask_cors.core.Protection.CROSS_SITE` or
            :attr:`~flask_cors.core.Protection.ORIGIN_NOT_HOST`.
        where: The CORS layer whose origins were not trusting it, as log
            lines name it.
    """

    description = (
        "Cross-site request refused: this request came from a page on another site, and this "
        "server accepts requests that can change data only from its own pages and the sites "
        "it trusts."
    )

    def __init__(self, verdict: Protection, where: str) -> None:
        super().__init__()
        self.verdict = verdict
        self.where = where


@frozen
class ProtectionTrace:
    """A request cross-site protection refused, recorded when the request asks for a trace.

    ``flask cors explain`` sends its request with a list under
    :data:`~flask_cors.adapter.TRACE` in the WSGI environ and reads these
    back, beside the CORS decisions.
    """

    where: str
    policy: Policy
    info: RequestInfo
    verdict: Protection


def cross_site_exempt(target: _T) -> _T:
    """Exempt a view or a blueprint from cross-site request protection; return it unchanged.

    As a decorator, above or below ``@app.route`` (and below
    ``@cross_origin`` too)::

        @app.post("/auth/callback")
        @cross_site_exempt
        def callback(): ...

    or called on a blueprint: ``cross_site_exempt(webhooks)``. Exempt what
    another site's page must be able to post to, and nothing more: an
    exempt view changes state for any page that sends it a form.
    """
    EXEMPT.add(target)
    return target


def is_exempt(app: Flask, current: Request) -> bool:
    """Whether the request's view, or one of its blueprints, was exempted."""
    rule = current.url_rule
    return exempt_endpoint(app, None if rule is None else rule.endpoint, current.blueprints)


def exempt_endpoint(app: Flask, endpoint: str | None, blueprints: Iterable[str]) -> bool:
    """Whether an endpoint's view, or one of its blueprints (registered names), was exempted."""
    if endpoint is not None:
        view = app.view_functions.get(endpoint)
        if view is not None and (view in EXEMPT or getattr(view, "__wrapped__", None) in EXEMPT):
            return True
    return any(app.blueprints.get(name) in EXEMPT for name in blueprints)


def protected(app: Flask, blueprints: Sequence[str], endpoint: str | None) -> bool:
    """Whether cross-site protection covers requests to ``endpoint`` (exemptions aside).

    It does when a ``CORS`` of the app, or of one of the request's
    blueprints (``blueprints``, as ``request.blueprints`` names them), or
    the endpoint's ``@cross_origin`` turns it on.
    """
    names = {bp.name for name in blueprints if (bp := app.blueprints.get(name)) is not None}
    for state in cors_states(app):
        if state.cross_site_protection and (state.blueprint is None or state.blueprint in names):
            return True
    view = VIEWS.get(app.view_functions.get(endpoint, no_view)) if endpoint else None
    return view is not None and view.for_app(app).guard is not None


def refusal(
    app: Flask, current: Request, verdict: Protection | None = None
) -> ProtectionTrace | None:
    """Judge a request that protection covers: ``None`` to let it through, else why not.

    Exempt views and blueprints pass. A request from another origin passes
    when any CORS layer covering it trusts its origin
    (:func:`~flask_cors.layers.covering_layers`); the refusal names the
    first of them, the one whose answer the page would read. ``verdict``
    is what protection decides before asking about trust, when known.
    """
    environ = current.environ
    if verdict is None:
        verdict = _UNTRUSTING.check_environ(environ)
    if verdict.allowed or is_exempt(app, current):
        return None
    rule = current.url_rule
    layers = covering_layers(
        app, current.blueprints, None if rule is None else rule.endpoint, current.path
    )
    origin = environ.get("HTTP_ORIGIN")
    budget = budget_of(environ)
    for layer in layers:
        trusted = bool(origin) and trusts(layer.decider.policy.origins, str(origin), budget)
        if budget.failed:
            layer.refusals.checks_failed(layer.where, budget)
        if trusted:
            if LOG.isEnabledFor(logging.DEBUG):
                LOG.debug("CORS cross-site protection: %r trusted by %s", origin, layer.where)
            return None
    info = RequestInfo.from_environ(environ)
    if layers:
        return ProtectionTrace(layers[0].where, layers[0].decider.policy, info, verdict)
    return ProtectionTrace("no CORS rule (no origin is trusted)", NO_ORIGINS, info, verdict)


def protect_app(app: App, state: CORSState, hook: Callable[[Response], Response]) -> None:
    """Refuse cross-site requests on ``app`` before every other ``before_request`` hook.

    For a blueprint's ``CORS`` (``state.blueprint``), only the requests
    routed into that blueprint (recognised by its after-request ``hook``).
    What passes is :func:`refusal`'s to say.
    """
    funcs = app.after_request_funcs
    match = state.resources.index.match
    # Each rule's origins, in rule order: a page its own rule lists is let
    # through without looking at the other layers.
    origins = [decider.policy.origins for _, decider in state.per_rule]

    def cross_site_protection() -> None:
        current: Request = request._get_current_object()  # type: ignore[attr-defined]
        environ = current.environ
        method = environ.get("REQUEST_METHOD")
        # Most requests read: answered from the method alone.
        if type(method) is str and method in SAFE_METHODS:
            return
        # Then the browser's word (Sec-Fetch-Site: same-origin...).
        verdict = _UNTRUSTING.check_environ(environ)
        if verdict.allowed:
            return
        if state.blueprint is not None and not any(
            hook in funcs.get(name, ()) for name in current.blueprints
        ):
            return
        flask_app = current_app_object()
        origin = environ.get("HTTP_ORIGIN")
        found = match(current.path) if origin else None
        rule = current.url_rule
        if (
            found is not None
            # A decorated view decides alone: its own origins, not the rule's.
            and (
                rule is None
                or VIEWS.get(flask_app.view_functions.get(rule.endpoint, no_view)) is None
            )
            and trusts(origins[found], str(origin), budget_of(environ))
        ):
            return
        trace = refusal(flask_app, current, verdict)
        if trace is not None:
            refuse(trace, current, state.refusals)

    # First among the app's hooks, which run before any blueprint's: nothing
    # an untrusted page sent runs, not even an authentication hook.
    app.before_request_funcs.setdefault(None, []).insert(0, cross_site_protection)


def current_app_object() -> Flask:
    """Return the app behind Flask's ``current_app`` proxy."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    return app


def guard_view(
    where: str, guard: Guard, view: Callable[..., Any], current: Request, refusals: Refusals
) -> None:
    """Refuse the request to a ``@cross_origin(cross_site_protection=True)`` view, if it must be.

    Raises:
        CrossSiteRequestRefused: If the request comes from a page of an
            origin the view's policy does not list, and the view (or one of
            its blueprints) is not exempt.
    """
    environ = current.environ
    budget = budget_of(environ) if guard.bounded else None
    verdict = guard.check_environ(environ, budget)
    if budget is not None and budget.failed:
        refusals.checks_failed(where, budget)
    if verdict.allowed or view in EXEMPT or is_exempt(current_app_object(), current):
        return
    info = RequestInfo.from_environ(environ)
    refuse(ProtectionTrace(where, guard.policy, info, verdict), current, refusals)


def refuse(found: ProtectionTrace, current: Request, refusals: Refusals) -> NoReturn:
    """Log the refusal (see :meth:`~flask_cors.adapter.Refusals.cross_site`) and raise the 403.

    Raises:
        CrossSiteRequestRefused: Always.
    """
    refusals.cross_site(found.where, found.policy, found.info, found.verdict)
    trace = current.environ.get(TRACE)
    if trace is not None:
        trace.append(found)
    raise CrossSiteRequestRefused(found.verdict, found.where)
