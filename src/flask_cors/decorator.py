"""The ``@cross_origin`` decorator: CORS headers for one view."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from functools import update_wrapper
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar, cast

from flask import Blueprint, Flask, Request, Response, after_this_request, current_app, request

from .adapter import mark_decided, respond
from .core import ConfigurationError, Decider, Policy
from .core.vocabulary import DECORATOR_FLAGS
from .cross_site import guard_view
from .reporting import LOG as LOG
from .reporting import UNDECORATED, Site, ensure_log_handler, note_misplaced, report
from .settings import read
from .views import VIEWS, ViewCORS

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .options import CrossOriginOptions

__all__ = [
    "LOG",
    "cross_origin",
]


_F = TypeVar("_F", bound=Callable[..., Any])


def cross_origin(**options: Unpack[CrossOriginOptions]) -> Callable[[_F], _F]:
    """Give one view CORS headers; place it under ``@app.route``.

    The app's ``CORS_*`` config applies under these options. ``async def``
    views work (with ``flask[async]``).

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
        automatic_options (bool): Answer ``OPTIONS`` with Flask's default options
            response and CORS headers, instead of running the view. Default True.
        intercept_exceptions (bool): Give the view's error responses (``abort()``,
            an exception an error handler answers, the 500 of an unhandled one)
            its CORS headers, so the page can read them. Default True.
        cross_site_protection (bool): Refuse with 403, before the view runs, a
            request other than GET, HEAD and OPTIONS sent by a page of an origin
            the view's ``origins`` do not list. Default False.

    Raises:
        ConfigurationError: At decoration time, listing every problem.
    """
    own = read("cross_origin()", options, DECORATOR_FLAGS)
    # What the decorator's own options decide whatever the app's config
    # says is checked now, with the rest, rather than at the first request.
    errors = [*own.errors, *own.layer.settled_problems()]
    if errors:
        # The findings too: an error must not hide them.
        raise ConfigurationError(errors, [*own.findings, *own.layer.findings])
    # flask-cors decides the routing part from the decorator's own option.
    answer_options = own.settings.flag("automatic_options")
    # The policy that serves is only known under the app's config, at the
    # view's first request. The decorator's own options (over the defaults)
    # are judged now only when they give the origins, which every insecure
    # setting and upgrade note is about, and which the app's config cannot
    # change then; otherwise only the mistakes they hold are said now.
    extra = list(own.findings)
    checked: list[Policy] = []
    try:
        checked.append(own.layer.policy())
    except ConfigurationError:
        # Valid only under an app config that lists the origins: the
        # combination is judged at the view's first request in an app.
        extra += own.layer.findings
    serving = "origins" in own.layer.given

    def decorator(view: _F) -> _F:
        where = f"@cross_origin on {view.__name__!r}"
        site = Site.here()
        reported = report(
            [(where, policy) for policy in checked],
            extra,
            strict=own.settings.flag("strict"),
            site=site,
            serving=serving,
        )
        cors = ViewCORS(where, own, site, reported)
        ensure_log_handler()
        for endpoint in _routed_already(view, sys._getframe(1)):
            note_misplaced(view, endpoint, where, site)
        if answer_options:
            # Take OPTIONS from Flask's automatic handling, which would answer
            # without CORS headers.
            routed: Any = view
            routed.required_methods = {*getattr(view, "required_methods", ()), "OPTIONS"}
            routed.provide_automatic_options = False

        is_async = inspect.iscoroutinefunction(view)

        def wrapper(*args: Any, **kwargs: Any) -> Response:
            # The objects behind Flask's proxies, read once: every read
            # through a proxy costs a context lookup.
            app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
            current: Request = request._get_current_object()  # type: ignore[attr-defined]
            # Unpacked at once: cheaper than reading the fields one by one.
            decider, automatic, intercept, guard = cors.for_app(app)
            if automatic and current.method == "OPTIONS":
                response = app.make_default_options_response()
            else:
                try:
                    if guard is not None:
                        guard_view(cors.where, guard, wrapper, current, cors.refusals)
                    # An async view runs through Flask's ensure_sync, as Flask's
                    # extension guide shows (with flask[async]). ensure_sync
                    # returns a plain view as it is, after an inspection that
                    # costs about 1 µs a request (make bench): done once, here.
                    run = app.ensure_sync(view) if is_async else view
                    response = app.make_response(run(*args, **kwargs))
                except Exception:
                    if intercept and decider is not None:
                        _decide_error_response(cors, decider, current)
                    raise
            if decider is not None:
                respond(cors.where, decider, current, response, cors.refusals)
            mark_decided(current, response)
            return response

        update_wrapper(wrapper, view)
        VIEWS[wrapper] = cors
        UNDECORATED[view] = (cors.where, site)
        return cast(_F, wrapper)

    return decorator


def _decide_error_response(cors: ViewCORS, decider: Decider, current: Request) -> None:
    """Give the response Flask makes of the view's exception the view's CORS headers.

    Whatever answers the exception (``abort()``'s HTTP error, the app's
    error handler, the 500 of an unhandled exception), Flask runs the
    functions of :func:`flask.after_this_request` on it before the app's
    after-request hooks; an app-wide ``CORS`` then leaves it alone, as it
    does every response the view's policy decided. Without this, the page
    sees a CORS error instead of the status (flask-cors 6 added none).
    """

    def cors_on_error(response: Response) -> Response:
        respond(cors.where, decider, current, response, cors.refusals)
        mark_decided(current, response)
        return response

    after_this_request(cors_on_error)


def _routed_already(view: Callable[..., Any], caller: FrameType) -> list[str]:
    """Return the endpoints ``view`` is already routed as, by the apps and blueprints in sight.

    ``@cross_origin`` above ``@app.route`` or ``@bp.get(...)`` gets the view
    after the route took it, so the route never runs the decorator. The apps
    and blueprints are looked for among the names of the code applying the
    decorator (a module, or an app factory). A blueprint keeps its routes
    until it is registered, each as a deferred call that holds the view;
    ``flask cors check`` and the app's first request find the rest.
    """
    scopes = (caller.f_locals, caller.f_globals)
    found = {
        id(v): v for scope in scopes for v in scope.values() if isinstance(v, Flask | Blueprint)
    }
    endpoints: list[str] = []
    for owner in found.values():
        if isinstance(owner, Flask):
            endpoints += [e for e, routed in owner.view_functions.items() if routed is view]
            continue
        for deferred in owner.deferred_functions:
            held = _closure(deferred)
            if held.get("view_func") is view:
                endpoint = held.get("endpoint") or getattr(view, "__name__", "")
                endpoints.append(f"{owner.name}.{endpoint}")
    return endpoints


def _closure(function: Callable[..., Any]) -> dict[str, object]:
    """Return the names a function's closure holds, with their values."""
    code = getattr(function, "__code__", None)
    cells = getattr(function, "__closure__", None) or ()
    if code is None:
        return {}
    held: dict[str, object] = {}
    for name, cell in zip(code.co_freevars, cells, strict=False):
        try:
            held[name] = cell.cell_contents
        except ValueError:  # An empty cell.
            continue
    return held
