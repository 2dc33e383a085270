"""The ``@cross_origin`` decorator: CORS headers for one view."""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Awaitable, Callable
from functools import update_wrapper
from typing import TYPE_CHECKING, Any, TypeVar, cast

from flask import Flask, Response, current_app, make_response, request

from .adapter import (
    apply,
    check_flags,
    config_options,
    layer_policies,
    mark_decided,
    snapshot,
    split_options,
)
from .core import ConfigurationError, Policy, decide

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .options import CrossOriginOptions

F = TypeVar("F", bound=Callable[..., Any])


def cross_origin(**options: Unpack[CrossOriginOptions]) -> Callable[[F], F]:
    """Give one view CORS headers; place it under ``@app.route``.

    Takes the options of :class:`~flask_cors.Policy` plus
    ``automatic_options`` (default ``True``): the view then answers
    ``OPTIONS`` with Flask's default options response and CORS headers,
    instead of running. The app's ``CORS_*`` config applies under these
    options. ``async def`` views work (with ``flask[async]``).

    Raises:
        ConfigurationError: At decoration time, listing every problem.

    """
    policies, problems = layer_policies([("cross_origin()", options)])
    problems += check_flags(options, ("automatic_options",))
    if problems:
        raise ConfigurationError(problems)
    own = policies[0]
    # flask-cors decides the routing part from the decorator's own option.
    answer_options = options.get("automatic_options", True)
    # The app's config is read once per app, not on every request.
    per_app: weakref.WeakKeyDictionary[Flask, tuple[Policy, bool]] = weakref.WeakKeyDictionary()

    def settings() -> tuple[Policy, bool]:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        found = per_app.get(app)
        if found is None:
            config = config_options(app.config)
            policy = Policy.from_options(split_options(config, "app.config")).merge(own)
            automatic = options.get("automatic_options", config.get("automatic_options", True))
            found = per_app[app] = (policy, automatic is True)
        return found

    def finish(response: Response, policy: Policy) -> Response:
        apply(decide(policy, snapshot(request)), response)
        mark_decided(request, response)
        return response

    def decorator(view: F) -> F:
        if answer_options:
            # Take OPTIONS from Flask's automatic handling, which would answer
            # without CORS headers.
            routed: Any = view
            routed.required_methods = {*getattr(view, "required_methods", ()), "OPTIONS"}
            routed.provide_automatic_options = False

        if inspect.iscoroutinefunction(view):
            async_view = cast(Callable[..., Awaitable[Any]], view)

            async def wrapped_async(*args: Any, **kwargs: Any) -> Response:
                policy, automatic = settings()
                if automatic and request.method == "OPTIONS":
                    response = current_app.make_default_options_response()
                else:
                    response = make_response(await async_view(*args, **kwargs))
                return finish(response, policy)

            return cast(F, update_wrapper(wrapped_async, view))

        def wrapped(*args: Any, **kwargs: Any) -> Response:
            policy, automatic = settings()
            if automatic and request.method == "OPTIONS":
                response = current_app.make_default_options_response()
            else:
                response = make_response(view(*args, **kwargs))
            return finish(response, policy)

        return cast(F, update_wrapper(wrapped, view))

    return decorator
