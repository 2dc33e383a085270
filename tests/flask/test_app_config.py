"""Every CORS_* key of app.config, and the precedence chain of configuration layers."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask, request
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from flask_cors import CORS, cross_origin

CorsHeaders = Callable[[TestResponse], list[tuple[str, str]]]

ORIGIN = {"Origin": "https://app.example"}
PREFLIGHT = {
    "Origin": "https://app.example",
    "Access-Control-Request-Method": "PUT",
    "Access-Control-Request-Headers": "X-Allowed, X-Other",
}
ALL_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"

# (id, config, method, path, request headers, the CORS headers expected on the wire)
CONFIG_CASES: list[tuple[str, dict[str, Any], str, str, dict[str, str], list[tuple[str, str]]]] = [
    (
        "origins-allowed",
        {"CORS_ORIGINS": ["https://app.example", "https://admin.example"]},
        "GET",
        "/",
        {"Origin": "https://admin.example"},
        [("Access-Control-Allow-Origin", "https://admin.example"), ("Vary", "Origin")],
    ),
    (
        "origins-refused",
        {"CORS_ORIGINS": ["https://app.example", "https://admin.example"]},
        "GET",
        "/",
        {"Origin": "https://evil.example"},
        [("Vary", "Origin")],
    ),
    (
        "origins-regex",
        {"CORS_ORIGINS": re.compile(r"https://.*\.app\.example$")},
        "GET",
        "/",
        {"Origin": "https://eu.app.example"},
        [("Access-Control-Allow-Origin", "https://eu.app.example"), ("Vary", "Origin")],
    ),
    (
        "methods-list",
        {"CORS_METHODS": ["put", "get"]},
        "OPTIONS",
        "/",
        PREFLIGHT,
        [
            ("Access-Control-Allow-Origin", "https://app.example"),
            ("Access-Control-Allow-Headers", "X-Allowed, X-Other"),
            ("Access-Control-Allow-Methods", "GET, PUT"),
            ("Vary", "Origin"),
        ],
    ),
    (
        "methods-refused",
        {"CORS_METHODS": "GET"},
        "OPTIONS",
        "/",
        PREFLIGHT,
        [("Access-Control-Allow-Origin", "https://app.example"), ("Vary", "Origin")],
    ),
    (
        "allow-headers",
        {"CORS_ALLOW_HEADERS": ["x-allowed"]},
        "OPTIONS",
        "/",
        PREFLIGHT,
        [
            ("Access-Control-Allow-Origin", "https://app.example"),
            ("Access-Control-Allow-Headers", "X-Allowed"),
            ("Access-Control-Allow-Methods", ALL_METHODS),
            ("Vary", "Origin"),
        ],
    ),
    (
        "expose-headers",
        {"CORS_EXPOSE_HEADERS": ["X-Total", "X-Page"]},
        "GET",
        "/",
        ORIGIN,
        [
            ("Access-Control-Allow-Origin", "https://app.example"),
            ("Access-Control-Expose-Headers", "X-Page, X-Total"),
            ("Vary", "Origin"),
        ],
    ),
    (
        "supports-credentials",
        {"CORS_ORIGINS": "https://app.example", "CORS_SUPPORTS_CREDENTIALS": True},
        "GET",
        "/",
        ORIGIN,
        [
            ("Access-Control-Allow-Origin", "https://app.example"),
            ("Access-Control-Allow-Credentials", "true"),
            ("Vary", "Origin"),
        ],
    ),
    (
        "max-age-timedelta",
        {"CORS_MAX_AGE": timedelta(minutes=10)},
        "OPTIONS",
        "/",
        PREFLIGHT,
        [
            ("Access-Control-Allow-Origin", "https://app.example"),
            ("Access-Control-Allow-Headers", "X-Allowed, X-Other"),
            ("Access-Control-Max-Age", "600"),
            ("Access-Control-Allow-Methods", ALL_METHODS),
            ("Vary", "Origin"),
        ],
    ),
    (
        "max-age-int",
        {"CORS_MAX_AGE": 86400},
        "OPTIONS",
        "/",
        PREFLIGHT,
        [
            ("Access-Control-Allow-Origin", "https://app.example"),
            ("Access-Control-Allow-Headers", "X-Allowed, X-Other"),
            ("Access-Control-Max-Age", "86400"),
            ("Access-Control-Allow-Methods", ALL_METHODS),
            ("Vary", "Origin"),
        ],
    ),
    (
        "send-wildcard",
        {"CORS_SEND_WILDCARD": True},
        "GET",
        "/",
        ORIGIN,
        [("Access-Control-Allow-Origin", "*")],
    ),
    (
        "vary-header-off",
        {
            "CORS_ORIGINS": ["https://app.example", "https://admin.example"],
            "CORS_VARY_HEADER": False,
        },
        "GET",
        "/",
        ORIGIN,
        [("Access-Control-Allow-Origin", "https://app.example")],
    ),
    (
        "always-send-off",
        {"CORS_ALWAYS_SEND": False},
        "GET",
        "/",
        {},
        [("Vary", "Origin")],
    ),
    (
        "allow-private-network",
        # Listed origins: private network access for any origin warns.
        {"CORS_ALLOW_PRIVATE_NETWORK": True, "CORS_ORIGINS": ["https://app.example"]},
        "GET",
        "/",
        {"Origin": "https://app.example", "Access-Control-Request-Private-Network": "true"},
        [
            ("Access-Control-Allow-Origin", "https://app.example"),
            ("Access-Control-Allow-Private-Network", "true"),
            ("Vary", "Origin"),
        ],
    ),
    (
        "resources-matching",
        {"CORS_RESOURCES": [r"/api/*"]},
        "GET",
        "/api/items",
        ORIGIN,
        [("Access-Control-Allow-Origin", "https://app.example"), ("Vary", "Origin")],
    ),
    (
        "resources-not-matching",
        {"CORS_RESOURCES": [r"/api/*"]},
        "GET",
        "/static/app.js",
        ORIGIN,
        [],
    ),
    (
        "resources-dict",
        {"CORS_RESOURCES": {r"/api/*": {"origins": "https://api.example"}}},
        "GET",
        "/api/items",
        {"Origin": "https://api.example"},
        [("Access-Control-Allow-Origin", "https://api.example"), ("Vary", "Origin")],
    ),
    (
        "intercept-exceptions-off",
        {"CORS_INTERCEPT_EXCEPTIONS": False},
        "GET",
        "/",
        ORIGIN,
        [("Access-Control-Allow-Origin", "https://app.example"), ("Vary", "Origin")],
    ),
]


@pytest.mark.parametrize(
    ("config", "method", "path", "headers", "expected"),
    [case[1:] for case in CONFIG_CASES],
    ids=[case[0] for case in CONFIG_CASES],
)
def test_config_key_is_applied(
    app: Flask,
    client: FlaskClient,
    cors_headers: CorsHeaders,
    config: dict[str, Any],
    method: str,
    path: str,
    headers: dict[str, str],
    expected: list[tuple[str, str]],
) -> None:
    """Each CORS_* key of app.config shapes the headers CORS(app) sends."""
    app.config.update(config)
    CORS(app)

    response = client.open(path, method=method, headers=headers)

    assert response.status_code == 200
    assert cors_headers(response) == expected


def test_cors_automatic_options_config_lets_the_decorated_view_answer_options(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """CORS_AUTOMATIC_OPTIONS = False makes @cross_origin run the view for OPTIONS."""
    app.config["CORS_AUTOMATIC_OPTIONS"] = False

    @app.route("/view")
    @cross_origin()
    def view() -> str:
        return f"view answered {request.method}"

    response = app.test_client().options("/view", headers=PREFLIGHT)

    assert response.get_data(as_text=True) == "view answered OPTIONS"
    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Allow-Headers", "X-Allowed, X-Other"),
        ("Access-Control-Allow-Methods", ALL_METHODS),
        ("Vary", "Origin"),
    ]


def test_config_values_that_are_none_are_ignored(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """A CORS_* key set to None leaves the default in place."""
    app.config.update(
        CORS_ORIGINS=None,
        CORS_MAX_AGE=None,
        CORS_SUPPORTS_CREDENTIALS=None,
        CORS_RESOURCES=None,
        CORS_METHODS=None,
    )
    CORS(app)

    response = client.options("/x", headers=PREFLIGHT)

    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Allow-Headers", "X-Allowed, X-Other"),
        ("Access-Control-Allow-Methods", ALL_METHODS),
        ("Vary", "Origin"),
    ]


def test_config_is_read_when_init_app_runs(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """CORS(app) reads app.config when it runs; later changes do not apply."""
    app.config["CORS_ORIGINS"] = "https://app.example"
    CORS(app)
    app.config["CORS_ORIGINS"] = "https://late.example"

    early = client.get("/", headers={"Origin": "https://app.example"})
    late = client.get("/", headers={"Origin": "https://late.example"})

    assert cors_headers(early) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Vary", "Origin"),
    ]
    assert cors_headers(late) == [("Vary", "Origin")]


def test_cors_kwargs_override_app_config(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """CORS(...) keyword arguments win over CORS_* config keys."""
    app.config.update(CORS_ORIGINS="https://config.example", CORS_EXPOSE_HEADERS="X-Config")
    CORS(app, origins="https://kwargs.example")

    from_config = client.get("/", headers={"Origin": "https://config.example"})
    from_kwargs = client.get("/", headers={"Origin": "https://kwargs.example"})

    assert cors_headers(from_config) == [("Vary", "Origin")]
    assert cors_headers(from_kwargs) == [
        ("Access-Control-Allow-Origin", "https://kwargs.example"),
        ("Access-Control-Expose-Headers", "X-Config"),
        ("Vary", "Origin"),
    ]


def test_init_app_kwargs_override_cors_kwargs(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """init_app(...) keyword arguments win over the CORS(...) ones."""
    cors = CORS(origins="https://kwargs.example", expose_headers="X-Kwargs")
    cors.init_app(app, origins="https://init.example")

    from_kwargs = client.get("/", headers={"Origin": "https://kwargs.example"})
    from_init = client.get("/", headers={"Origin": "https://init.example"})

    assert cors_headers(from_kwargs) == [("Vary", "Origin")]
    assert cors_headers(from_init) == [
        ("Access-Control-Allow-Origin", "https://init.example"),
        ("Access-Control-Expose-Headers", "X-Kwargs"),
        ("Vary", "Origin"),
    ]


def test_resource_options_override_init_app_kwargs(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """A resource's own options win over init_app(...) keyword arguments."""
    cors = CORS()
    cors.init_app(
        app,
        origins="https://init.example",
        max_age=60,
        resources={r"/api/*": {"origins": "https://api.example"}, r"/*": {}},
    )
    preflight = {"Access-Control-Request-Method": "GET"}

    api = client.options("/api/x", headers={"Origin": "https://api.example", **preflight})
    api_init = client.options("/api/x", headers={"Origin": "https://init.example", **preflight})
    other = client.options("/other", headers={"Origin": "https://init.example", **preflight})

    assert cors_headers(api) == [
        ("Access-Control-Allow-Origin", "https://api.example"),
        ("Access-Control-Max-Age", "60"),
        ("Access-Control-Allow-Methods", ALL_METHODS),
        ("Vary", "Origin"),
    ]
    assert cors_headers(api_init) == [("Vary", "Origin")]
    assert cors_headers(other) == [
        ("Access-Control-Allow-Origin", "https://init.example"),
        ("Access-Control-Max-Age", "60"),
        ("Access-Control-Allow-Methods", ALL_METHODS),
        ("Vary", "Origin"),
    ]


def test_each_layer_decides_only_the_options_it_names(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """Defaults < app.config < CORS(...) < init_app(...) < resource, one option at a time."""
    app.config.update(
        CORS_METHODS="GET",
        CORS_MAX_AGE=1,
        CORS_EXPOSE_HEADERS="X-Config",
        CORS_ORIGINS="https://config.example",
    )
    cors = CORS(max_age=2, expose_headers="X-Kwargs", origins="https://kwargs.example")
    cors.init_app(
        app,
        expose_headers="X-Init",
        origins="https://init.example",
        resources={r"/r/*": {"origins": "https://resource.example"}, r"/*": {}},
    )

    response = client.options(
        "/r/x",
        headers={
            "Origin": "https://resource.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "X-Anything",
        },
    )

    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://resource.example"),  # resource
        ("Access-Control-Expose-Headers", "X-Init"),  # init_app(...)
        ("Access-Control-Allow-Headers", "X-Anything"),  # default
        ("Access-Control-Max-Age", "2"),  # CORS(...)
        ("Access-Control-Allow-Methods", "GET"),  # app.config
        ("Vary", "Origin"),  # resource: one origin, and the answer depends on it
    ]


@pytest.mark.parametrize(
    ("config", "kwargs", "expected"),
    [
        (
            {"CORS_SUPPORTS_CREDENTIALS": True},
            {"supports_credentials": False},
            [("Access-Control-Allow-Origin", "https://app.example"), ("Vary", "Origin")],
        ),
        (
            {"CORS_VARY_HEADER": True},
            {"vary_header": False},
            [("Access-Control-Allow-Origin", "https://app.example")],
        ),
        (
            {"CORS_EXPOSE_HEADERS": "X-Config"},
            {"expose_headers": None},
            [("Access-Control-Allow-Origin", "https://app.example"), ("Vary", "Origin")],
        ),
    ],
    ids=["supports-credentials", "vary-header", "expose-headers"],
)
def test_an_explicit_false_or_none_kwarg_overrides_config(
    app: Flask,
    client: FlaskClient,
    cors_headers: CorsHeaders,
    config: dict[str, Any],
    kwargs: dict[str, Any],
    expected: list[tuple[str, str]],
) -> None:
    """A keyword argument given as False or None still overrides the config value."""
    app.config.update(config, CORS_ORIGINS=["https://app.example", "https://admin.example"])
    CORS(app, **kwargs)

    response = client.get("/", headers=ORIGIN)

    assert cors_headers(response) == expected


def test_resources_kwarg_overrides_cors_resources_config(
    app: Flask, client: FlaskClient, cors_headers: CorsHeaders
) -> None:
    """resources= given to CORS(...) replaces CORS_RESOURCES."""
    app.config["CORS_RESOURCES"] = r"/config/*"
    CORS(app, resources=r"/kwargs/*")

    assert cors_headers(client.get("/config/x", headers=ORIGIN)) == []
    assert cors_headers(client.get("/kwargs/x", headers=ORIGIN)) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Vary", "Origin"),
    ]


def test_decorator_options_override_app_config(app: Flask, cors_headers: CorsHeaders) -> None:
    """@cross_origin's options win over CORS_* keys, which fill in the rest."""
    app.config.update(CORS_ORIGINS="https://config.example", CORS_MAX_AGE=30)

    @app.route("/view")
    @cross_origin(origins="https://view.example")
    def view() -> str:
        return "view"

    client = app.test_client()
    preflight = {"Access-Control-Request-Method": "GET"}
    from_view = client.options("/view", headers={"Origin": "https://view.example", **preflight})
    from_config = client.options("/view", headers={"Origin": "https://config.example", **preflight})

    assert cors_headers(from_view) == [
        ("Access-Control-Allow-Origin", "https://view.example"),
        ("Access-Control-Max-Age", "30"),
        ("Access-Control-Allow-Methods", ALL_METHODS),
        ("Vary", "Origin"),
    ]
    assert cors_headers(from_config) == [("Vary", "Origin")]
