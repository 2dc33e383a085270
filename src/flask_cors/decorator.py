"""The ``@cross_origin`` decorator: CORS headers for one view."""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Awaitable, Callable, Mapping
from functools import update_wrapper
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

from attrs import define, field
from flask import Flask, Request, Response, current_app, request

from .adapter import (
    Refusals,
    check_flags,
    config_options,
    findings,
    layer_policies,
    mark_decided,
    respond,
    split_options,
    warn_insecure,
)
from .core import ConfigurationError, Policy
from .core.lint import doubtful

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .options import CrossOriginOptions

F = TypeVar("F", bound=Callable[..., Any])


@define
class ViewCORS:
    """The CORS configuration of one decorated view.

    Attributes:
        where: How the view is named in log lines and warnings.
        own: The decorator's own options, as a policy.
        options: The decorator's keyword arguments.
        refusals: The log of refused requests, each distinct one once.
    """

    where: str
    own: Policy
    options: Mapping[str, object]
    refusals: Refusals = field(factory=Refusals)
    # The app's config is read once per app, not on every request.
    _per_app: weakref.WeakKeyDictionary[Flask, tuple[Policy, bool]] = field(
        factory=weakref.WeakKeyDictionary
    )
    _last: tuple[weakref.ref[Flask], tuple[Policy, bool]] | None = None

    def for_app(self, app: Flask) -> tuple[Policy, bool]:
        """Return the view's policy under ``app``'s ``CORS_*`` config, and automatic_options."""
        # Nearly always the same app as last time: one weak reference to
        # call, rather than a new one to make for the dictionary lookup.
        last = self._last
        if last is not None and last[0]() is app:
            return last[1]
        found = self._per_app.get(app)
        if found is None:
            config = config_options(app.config)
            # Like flask-cors, a combination made invalid only by the app's
            # config fails here, at the view's first request in that app.
            layer = Policy.from_options(split_options(config, "app.config"), layer=True)
            policy = layer.merge(self.own).checked()
            # The decorator's own options were linted when it was applied;
            # what the app's config adds is known only now, once per app.
            warn_insecure([(self.where, policy)], known=(*findings(self.own), *doubtful(self.own)))
            automatic = self.options.get("automatic_options", config.get("automatic_options", True))
            found = self._per_app[app] = (policy, automatic is True)
        self._last = (weakref.ref(app), found)
        return found


#: Every view decorated with @cross_origin, for ``flask cors routes``.
VIEWS: Final[weakref.WeakKeyDictionary[Callable[..., Any], ViewCORS]] = weakref.WeakKeyDictionary()


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
    if {"origins", "supports_credentials", "send_wildcard"} <= own.explicit:
        # The decorator's own options decide this combination whatever the
        # app's config says, so check it now rather than on every request.
        own.checked()
    # flask-cors decides the routing part from the decorator's own option.
    answer_options = options.get("automatic_options", True)

    def decorator(view: F) -> F:
        cors = ViewCORS(f"@cross_origin on {view.__name__!r}", own, options)
        warn_insecure([(cors.where, own)])
        if answer_options:
            # Take OPTIONS from Flask's automatic handling, which would answer
            # without CORS headers.
            routed: Any = view
            routed.required_methods = {*getattr(view, "required_methods", ()), "OPTIONS"}
            routed.provide_automatic_options = False

        def finish(current: Request, response: Response, policy: Policy) -> Response:
            respond(cors.where, policy, current, response, cors.refusals)
            mark_decided(current, response)
            return response

        wrapper: Callable[..., Any]
        if inspect.iscoroutinefunction(view):
            async_view = cast(Callable[..., Awaitable[Any]], view)

            async def wrapped_async(*args: Any, **kwargs: Any) -> Response:
                app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
                current: Request = request._get_current_object()  # type: ignore[attr-defined]
                policy, automatic = cors.for_app(app)
                if automatic and current.method == "OPTIONS":
                    response = app.make_default_options_response()
                else:
                    response = app.make_response(await async_view(*args, **kwargs))
                return finish(current, response, policy)

            wrapper = update_wrapper(wrapped_async, view)
        else:

            def wrapped(*args: Any, **kwargs: Any) -> Response:
                # The objects behind Flask's proxies, read once: every read
                # through a proxy costs a context lookup.
                app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
                current: Request = request._get_current_object()  # type: ignore[attr-defined]
                policy, automatic = cors.for_app(app)
                if automatic and current.method == "OPTIONS":
                    response = app.make_default_options_response()
                else:
                    response = app.make_response(view(*args, **kwargs))
                return finish(current, response, policy)

            wrapper = update_wrapper(wrapped, view)
        VIEWS[wrapper] = cors
        return cast(F, wrapper)

    return decorator
