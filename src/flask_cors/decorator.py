"""The ``@cross_origin`` decorator: CORS headers for one view."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from functools import update_wrapper
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar, cast

from flask import Flask, Request, Response, after_this_request, current_app, request

from .adapter import mark_decided, respond
from .core import ConfigurationError, Policy
from .core.vocabulary import DECORATOR_FLAGS
from .cross_site import guard_view
from .reporting import LOG as LOG
from .reporting import UNDECORATED, ensure_log_handler, misplaced_message, report, warn_config
from .settings import read
from .views import VIEWS, ViewCORS, ViewSetup

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .options import CrossOriginOptions

F = TypeVar("F", bound=Callable[..., Any])


def cross_origin(**options: Unpack[CrossOriginOptions]) -> Callable[[F], F]:
    """Give one view CORS headers; place it under ``@app.route``.

    Takes the options of :class:`~flask_cors.Policy` plus
    ``automatic_options`` (default ``True``): the view then answers
    ``OPTIONS`` with Flask's default options response and CORS headers,
    instead of running; ``intercept_exceptions`` (default ``True``): the
    view's error responses (``abort()``, an exception an error handler
    answers, the 500 of an unhandled one) get its CORS headers too, so the
    page can read them; ``cross_site_protection`` (default ``False``):
    requests that could change state, sent by pages of origins the view's
    ``origins`` do not list, are refused with 403 before the view runs. The
    app's ``CORS_*`` config applies under these options. ``async def``
    views work (with ``flask[async]``).

    Raises:
        ConfigurationError: At decoration time, listing every problem.
    """
    own = read("cross_origin()", options, DECORATOR_FLAGS)
    # What the decorator's own options decide whatever the app's config
    # says is checked now, with the rest, rather than at the first request.
    errors = [*own.errors, *own.layer.settled_problems()]
    if errors:
        raise ConfigurationError(errors)
    # flask-cors decides the routing part from the decorator's own option.
    answer_options = own.settings.flag("automatic_options")
    # Checked over the defaults, for what the startup report says of it.
    extra = list(own.findings)
    checked: list[Policy] = []
    try:
        checked.append(own.layer.policy())
    except ConfigurationError:
        # Valid only under an app config that lists the origins: the
        # combination is judged at the view's first request in an app.
        extra = [*extra, *own.layer.findings]

    def decorator(view: F) -> F:
        where = f"@cross_origin on {view.__name__!r}"
        reported = report(
            [(where, policy) for policy in checked], extra, strict=own.settings.flag("strict")
        )
        cors = ViewCORS(where, own, frozenset(reported))
        ensure_log_handler()
        for endpoint in _routed_already(view, sys._getframe(1)):
            warn_config(misplaced_message(cors.where, endpoint))
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
            setup = cors.for_app(app)
            decider = setup.decider
            if setup.automatic and current.method == "OPTIONS":
                response = app.make_default_options_response()
            else:
                try:
                    if setup.guard is not None:
                        guard_view(cors.where, setup.guard, wrapper, current, cors.refusals)
                    # An async view runs through Flask's ensure_sync, as Flask's
                    # extension guide shows (with flask[async]). ensure_sync
                    # returns a plain view as it is, after an inspection that
                    # costs about 1 µs a request (make bench): done once, here.
                    run = app.ensure_sync(view) if is_async else view
                    response = app.make_response(run(*args, **kwargs))
                except Exception:
                    if setup.intercept and decider is not None:
                        _decide_error_response(cors, setup, current)
                    raise
            if decider is not None:
                respond(cors.where, decider, current, response, cors.refusals)
            mark_decided(current, response)
            return response

        update_wrapper(wrapper, view)
        VIEWS[wrapper] = cors
        UNDECORATED[view] = cors.where
        return cast(F, wrapper)

    return decorator


def _decide_error_response(cors: ViewCORS, setup: ViewSetup, current: Request) -> None:
    """Give the response Flask makes of the view's exception the view's CORS headers.

    Whatever answers the exception (``abort()``'s HTTP error, the app's
    error handler, the 500 of an unhandled exception), Flask runs the
    functions of :func:`flask.after_this_request` on it before the app's
    after-request hooks; an app-wide ``CORS`` then leaves it alone, as it
    does every response the view's policy decided. Without this, the page
    sees a CORS error instead of the status (flask-cors 6 added none).
    """
    decider = setup.decider
    assert decider is not None

    def cors_on_error(response: Response) -> Response:
        respond(cors.where, decider, current, response, cors.refusals)
        mark_decided(current, response)
        return response

    after_this_request(cors_on_error)


def _routed_already(view: Callable[..., Any], caller: FrameType) -> list[str]:
    """Return the endpoints ``view`` is already routed as, in the apps its decorating code sees.

    ``@cross_origin`` above ``@app.route`` gets the view after the route
    took it, so the route never runs the decorator. The apps are looked for
    among the names of the code applying the decorator (a module, or an app
    factory); ``flask cors check`` finds the rest, blueprints included.
    """
    scopes = (caller.f_locals, caller.f_globals)
    apps = {id(v): v for scope in scopes for v in scope.values() if isinstance(v, Flask)}
    return [
        endpoint
        for app in apps.values()
        for endpoint, routed in app.view_functions.items()
        if routed is view
    ]
