"""flask-cors 6's Flask helpers, still importable from flask_cors.core and working alike."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Blueprint, Flask, make_response
from werkzeug.datastructures import Headers

import flask_cors.core
from flask_cors import CORS
from flask_cors.core import (
    ACL_ALLOW_HEADERS,
    ACL_CREDENTIALS,
    ACL_EXPOSE_HEADERS,
    ACL_MAX_AGE,
    ACL_METHODS,
    ACL_ORIGIN,
    ACL_REQUEST_HEADER_PRIVATE_NETWORK,
    ACL_REQUEST_HEADERS,
    ACL_REQUEST_METHOD,
    ACL_RESPONSE_PRIVATE_NETWORK,
    ALL_METHODS,
    get_app_kwarg_dict,
    get_cors_headers,
    get_cors_options,
    set_cors_headers,
)

ALL_METHODS_JOINED = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"


def wire(headers: Any) -> list[tuple[str, str]]:
    """Return a MultiDict of headers as (name, value) pairs, values as sent."""
    return [(name, str(value)) for name, value in headers.items(multi=True)]


@pytest.fixture
def configured_app() -> Flask:
    """Return an app with a few CORS_* keys set, one of them to None."""
    app = Flask("helper_tests", static_folder=None)
    app.config.update(
        CORS_MAX_AGE=600,
        CORS_ORIGINS=None,
        CORS_SUPPORTS_CREDENTIALS=False,
        SECRET_KEY="not a CORS key",
    )
    return app


def test_helpers_are_importable_from_flask_cors_core() -> None:
    """The four Flask helpers are attributes of flask_cors.core, as in flask-cors 6."""
    for name in ("get_app_kwarg_dict", "get_cors_headers", "get_cors_options", "set_cors_headers"):
        assert callable(getattr(flask_cors.core, name)), name


def test_get_app_kwarg_dict_reads_cors_keys_that_are_not_none(configured_app: Flask) -> None:
    """get_app_kwarg_dict returns the CORS_* values that are not None, by option name."""
    assert get_app_kwarg_dict(configured_app) == {"supports_credentials": False, "max_age": 600}


def test_get_app_kwarg_dict_defaults_to_the_current_app(configured_app: Flask) -> None:
    """Without an argument, get_app_kwarg_dict reads the current app's config."""
    with configured_app.app_context():
        assert get_app_kwarg_dict() == {"supports_credentials": False, "max_age": 600}


def test_get_app_kwarg_dict_of_a_blueprint_is_empty() -> None:
    """A blueprint has no config, so it contributes no options."""
    assert get_app_kwarg_dict(Blueprint("bp", __name__)) == {}


def test_get_cors_options_merges_config_and_dicts_later_winning(configured_app: Flask) -> None:
    """get_cors_options layers defaults, the app's config and the given dicts in order."""
    options = get_cors_options(
        configured_app,
        {"origins": ["https://a.example", "https://b.example"], "max_age": 5},
        {"expose_headers": ["X-2", "X-1"], "max_age": 7},
    )

    headers = get_cors_headers(
        options,
        {"Origin": "https://b.example", "Access-Control-Request-Method": "GET"},
        "OPTIONS",
    )

    assert wire(headers) == [
        ("Access-Control-Allow-Origin", "https://b.example"),
        ("Access-Control-Expose-Headers", "X-1, X-2"),
        ("Access-Control-Max-Age", "7"),
        ("Access-Control-Allow-Methods", ALL_METHODS_JOINED),
        ("Vary", "Origin"),
    ]


@pytest.mark.parametrize(
    ("request_headers", "method", "expected"),
    [
        (
            {"Origin": "https://a.example"},
            "GET",
            [
                ("Access-Control-Allow-Origin", "https://a.example"),
                ("Access-Control-Expose-Headers", "X-1, X-2"),
                ("Vary", "Origin"),
            ],
        ),
        (
            Headers(
                {
                    "origin": "https://b.example",
                    "access-control-request-method": "get",
                    "access-control-request-headers": "X-Y",
                    "access-control-request-private-network": "true",
                }
            ),
            "OPTIONS",
            [
                ("Access-Control-Allow-Origin", "https://b.example"),
                ("Access-Control-Expose-Headers", "X-1, X-2"),
                ("Access-Control-Allow-Private-Network", "false"),
                ("Access-Control-Allow-Headers", "X-Y"),
                ("Access-Control-Max-Age", "600"),
                # The requested method's own spelling is added (it matched only ignoring case).
                ("Access-Control-Allow-Methods", ALL_METHODS_JOINED + ", get"),
                ("Vary", "Origin"),
            ],
        ),
        ({"Origin": "https://c.example"}, "GET", [("Vary", "Origin")]),
        (
            {},
            "GET",
            [
                ("Access-Control-Allow-Origin", "https://a.example"),
                ("Access-Control-Expose-Headers", "X-1, X-2"),
                ("Vary", "Origin"),
            ],
        ),
    ],
    ids=["simple", "werkzeug-headers-preflight", "refused", "no-origin"],
)
def test_get_cors_headers(
    configured_app: Flask,
    request_headers: Any,
    method: str,
    expected: list[tuple[str, str]],
) -> None:
    """get_cors_headers returns the headers flask-cors 6 returned for the same input."""
    options = get_cors_options(
        configured_app,
        {"origins": ["https://b.example", "https://a.example"], "expose_headers": ["X-2", "X-1"]},
    )

    assert wire(get_cors_headers(options, request_headers, method)) == expected


def test_set_cors_headers_adds_to_the_response_in_a_request(configured_app: Flask) -> None:
    """set_cors_headers adds the current request's CORS headers and returns the response."""
    options = get_cors_options(configured_app, {"origins": "https://a.example"})

    with configured_app.test_request_context("/", headers={"Origin": "https://a.example"}):
        response = make_response("body")
        returned = set_cors_headers(response, options)

    assert returned is response
    assert response.headers.getlist("Access-Control-Allow-Origin") == ["https://a.example"]
    assert response.headers.getlist("Content-Type") == ["text/html; charset=utf-8"]


def test_set_cors_headers_accepts_plain_dict_headers(configured_app: Flask) -> None:
    """set_cors_headers works on a response whose .headers was replaced by a dict."""
    options = get_cors_options(configured_app)

    with configured_app.test_request_context("/", headers={"Origin": "https://a.example"}):
        response = make_response("body")
        plain_headers: Any = {"X-Custom": "1"}
        response.headers = plain_headers
        set_cors_headers(response, options)

    assert list(response.headers.items()) == [
        ("X-Custom", "1"),
        ("Access-Control-Allow-Origin", "https://a.example"),
        ("Vary", "Origin"),
    ]


def test_set_cors_headers_refused_origin_adds_only_vary(configured_app: Flask) -> None:
    """For an origin the options refuse, set_cors_headers adds only Vary: Origin."""
    options = get_cors_options(configured_app, {"origins": "https://a.example"})

    with configured_app.test_request_context("/", headers={"Origin": "https://evil.example"}):
        response = make_response("body")
        before = list(response.headers.items())
        set_cors_headers(response, options)

    assert list(response.headers.items()) == [*before, ("Vary", "Origin")]


def test_header_name_constants_name_the_headers_on_the_wire(app: Flask) -> None:
    """flask_cors.core's ACL_* constants are the header names requests and responses use."""
    CORS(
        app,
        origins="https://a.example",
        methods=ALL_METHODS,
        expose_headers="X-Total",
        supports_credentials=True,
        max_age=60,
        allow_private_network=True,
    )

    response = app.test_client().options(
        "/",
        headers={
            "Origin": "https://a.example",
            ACL_REQUEST_METHOD: "GET",
            ACL_REQUEST_HEADERS: "X-Token",
            ACL_REQUEST_HEADER_PRIVATE_NETWORK: "true",
        },
    )

    assert [
        response.headers.getlist(name)
        for name in (
            ACL_ORIGIN,
            ACL_EXPOSE_HEADERS,
            ACL_CREDENTIALS,
            ACL_RESPONSE_PRIVATE_NETWORK,
            ACL_ALLOW_HEADERS,
            ACL_MAX_AGE,
            ACL_METHODS,
        )
    ] == [
        ["https://a.example"],
        ["X-Total"],
        ["true"],
        ["true"],
        ["X-Token"],
        ["60"],
        [ALL_METHODS_JOINED],
    ]
