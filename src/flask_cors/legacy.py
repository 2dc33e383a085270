"""flask-cors 6 helpers that need Flask, served from ``flask_cors.core``.

``flask_cors.core`` loads this module only when one of these names is asked
for, so importing the core never imports Flask.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request
from werkzeug.datastructures import MultiDict

from .adapter import already_decided, apply
from .core import DEFAULT_OPTIONS, Policy, RequestInfo, decide, serialize_options
from .core.request import asks_private_network
from .settings import config_options

__all__ = [
    "get_app_kwarg_dict",
    "get_cors_headers",
    "get_cors_options",
    "merge_options",
    "set_cors_headers",
]


def get_app_kwarg_dict(appInstance: Flask | Blueprint | None = None) -> dict[str, Any]:
    """Return the app's ``CORS_*`` config values that are not None, by option name."""
    app = appInstance or current_app
    return config_options(getattr(app, "config", None))


def merge_options(
    appInstance: Flask | Blueprint | None, *dicts: Mapping[str, Any]
) -> dict[str, Any]:
    """Return the raw options of the defaults, the app's config and ``dicts``, later winning."""
    options: dict[str, Any] = dict(DEFAULT_OPTIONS)
    options.update(get_app_kwarg_dict(appInstance))
    for extra in dicts:
        options.update(extra)
    return options


def get_cors_options(appInstance: Flask | Blueprint | None, *dicts: Mapping[str, Any]) -> Policy:
    """Return the Policy of the defaults, the app's config and ``dicts``, later winning."""
    return serialize_options(merge_options(appInstance, *dicts))


def get_cors_headers(
    options: Policy, request_headers: Mapping[str, str], request_method: str
) -> MultiDict[str, str]:
    """Return the CORS headers for a request's headers and method."""
    get = request_headers.get
    info = RequestInfo(
        request_method,
        get("Origin"),
        "/",
        get("Access-Control-Request-Method"),
        get("Access-Control-Request-Headers"),
        asks_private_network(get("Access-Control-Request-Private-Network")),
    )
    return MultiDict(decide(options, info).headers)


def set_cors_headers(resp: Response, options: Policy) -> Response:
    """Add the CORS headers for the current request to ``resp``."""
    if not already_decided(request, resp):
        apply(decide(options, RequestInfo.from_environ(request.environ)), resp)
    return resp
