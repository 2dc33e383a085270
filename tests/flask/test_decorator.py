"""@cross_origin under @app.route: options, OPTIONS handling, layering, async views."""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import Callable

import pytest
from flask import Flask, request
from werkzeug.test import TestResponse

from flask_cors import CORS, cross_origin

CorsHeaders = Callable[[TestResponse], list[tuple[str, str]]]

ORIGIN = {"Origin": "https://app.example"}
PREFLIGHT = {
    "Origin": "https://app.example",
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "Content-Type",
}
ALL_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"


@pytest.fixture
def app() -> Flask:
    """Return an app with no routes: each test adds the decorated views it needs."""
    return Flask("decorator_tests", static_folder=None)


def allow(response: TestResponse) -> set[str]:
    return set(response.headers.get("Allow", "").split(", "))


def test_decorated_view_gets_cors_headers(app: Flask, cors_headers: CorsHeaders) -> None:
    """A view under @cross_origin() echoes the origin; other routes get nothing."""

    @app.route("/view")
    @cross_origin()
    def view() -> str:
        return "view"

    @app.route("/other")
    def other() -> str:
        return "other"

    client = app.test_client()
    response = client.get("/view", headers=ORIGIN)

    assert response.status_code == 200
    assert response.get_data(as_text=True) == "view"
    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Vary", "Origin"),
    ]
    assert cors_headers(client.get("/other", headers=ORIGIN)) == []


def test_decorator_options_shape_the_headers(app: Flask, cors_headers: CorsHeaders) -> None:
    """The decorator's options apply, and a refused origin still gets the view's answer."""

    @app.route("/view", methods=["GET", "POST"])
    @cross_origin(
        origins=["https://app.example", "https://admin.example"],
        expose_headers=["X-Total"],
        supports_credentials=True,
    )
    def view() -> str:
        return "view"

    client = app.test_client()
    allowed = client.post("/view", headers={"Origin": "https://admin.example"})
    refused = client.post("/view", headers={"Origin": "https://evil.example"})

    assert cors_headers(allowed) == [
        ("Access-Control-Allow-Origin", "https://admin.example"),
        ("Access-Control-Expose-Headers", "X-Total"),
        ("Access-Control-Allow-Credentials", "true"),
        ("Vary", "Origin"),
    ]
    assert refused.status_code == 200
    assert refused.get_data(as_text=True) == "view"
    assert cors_headers(refused) == [("Vary", "Origin")]


def test_automatic_options_answers_options_without_running_the_view(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """By default OPTIONS gets Flask's default options response plus CORS headers."""
    calls: list[str] = []

    @app.route("/view", methods=["GET", "POST"])
    @cross_origin(max_age=600)
    def view() -> str:
        calls.append(request.method)
        return "view"

    response = app.test_client().options("/view", headers=PREFLIGHT)

    assert calls == []
    assert response.status_code == 200
    assert response.get_data() == b""
    assert allow(response) == {"GET", "HEAD", "OPTIONS", "POST"}
    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Allow-Headers", "Content-Type"),
        ("Access-Control-Max-Age", "600"),
        ("Access-Control-Allow-Methods", ALL_METHODS),
        ("Vary", "Origin"),
    ]


def test_automatic_options_false_leaves_options_to_flask_without_cors(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """With automatic_options=False, Flask's own OPTIONS answer carries no CORS headers."""

    @app.route("/view")
    @cross_origin(automatic_options=False)
    def view() -> str:
        return "view"

    client = app.test_client()
    options = client.options("/view", headers=PREFLIGHT)
    get = client.get("/view", headers=ORIGIN)

    assert options.status_code == 200
    assert allow(options) == {"GET", "HEAD", "OPTIONS"}
    assert cors_headers(options) == []
    assert cors_headers(get) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Vary", "Origin"),
    ]


def test_automatic_options_false_lets_the_view_answer_options(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """With automatic_options=False and OPTIONS routed, the view answers it, with CORS headers."""

    @app.route("/view", methods=["GET", "OPTIONS"])
    @cross_origin(automatic_options=False)
    def view() -> str:
        return f"view answered {request.method}"

    response = app.test_client().options("/view", headers=PREFLIGHT)

    assert response.get_data(as_text=True) == "view answered OPTIONS"
    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Allow-Headers", "Content-Type"),
        ("Access-Control-Allow-Methods", ALL_METHODS),
        ("Vary", "Origin"),
    ]


def test_decorator_and_app_wide_cors_do_not_duplicate_headers(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """With CORS(app) too, a decorated view's response carries the decorator's headers once."""

    @app.route("/view")
    @cross_origin(origins=["https://app.example", "https://admin.example"], max_age=5)
    def view() -> str:
        return "view"

    @app.route("/other")
    def other() -> str:
        return "other"

    CORS(app, origins="https://app.example", expose_headers="X-App-Wide", supports_credentials=True)
    client = app.test_client()

    simple = client.get("/view", headers=ORIGIN)
    preflight = client.options("/view", headers=PREFLIGHT)
    elsewhere = client.get("/other", headers=ORIGIN)

    assert cors_headers(simple) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Vary", "Origin"),
    ]
    assert cors_headers(preflight) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Allow-Headers", "Content-Type"),
        ("Access-Control-Max-Age", "5"),
        ("Access-Control-Allow-Methods", ALL_METHODS),
        ("Vary", "Origin"),
    ]
    assert cors_headers(elsewhere) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Expose-Headers", "X-App-Wide"),
        ("Access-Control-Allow-Credentials", "true"),
        ("Vary", "Origin"),
    ]


def test_origin_refused_by_the_decorator_is_not_allowed_by_app_wide_cors(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """The decorator's decision stands: app-wide CORS does not add headers it refused."""

    @app.route("/view")
    @cross_origin(origins="https://partner.example")
    def view() -> str:
        return "view"

    CORS(app)

    response = app.test_client().get("/view", headers=ORIGIN)

    assert response.status_code == 200
    assert cors_headers(response) == [("Vary", "Origin")]


def test_app_config_applies_under_the_decorator(app: Flask, cors_headers: CorsHeaders) -> None:
    """CORS_* keys fill in the options a decorator leaves out."""
    app.config.update(
        CORS_ORIGINS="https://app.example",
        CORS_EXPOSE_HEADERS=["X-Config"],
        CORS_SUPPORTS_CREDENTIALS=True,
    )

    @app.route("/view")
    @cross_origin(expose_headers="X-View")
    def view() -> str:
        return "view"

    client = app.test_client()

    assert cors_headers(client.get("/view", headers=ORIGIN)) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Expose-Headers", "X-View"),
        ("Access-Control-Allow-Credentials", "true"),
        ("Vary", "Origin"),
    ]
    assert cors_headers(client.get("/view", headers={"Origin": "https://evil.example"})) == [
        ("Vary", "Origin")
    ]


def test_one_decorated_view_on_two_apps_uses_each_apps_config(cors_headers: CorsHeaders) -> None:
    """A decorated function registered on two apps follows each app's own CORS_* config."""

    @cross_origin(max_age=3)
    def shared() -> str:
        return "shared"

    apps = []
    for origin in ("https://one.example", "https://two.example"):
        app = Flask(f"app-{origin[8:11]}")
        app.config["CORS_ORIGINS"] = origin
        app.add_url_rule("/shared", view_func=shared)
        apps.append(app)
    one, two = (app.test_client() for app in apps)

    assert cors_headers(one.get("/shared", headers={"Origin": "https://one.example"})) == [
        ("Access-Control-Allow-Origin", "https://one.example"),
        ("Vary", "Origin"),
    ]
    assert cors_headers(one.get("/shared", headers={"Origin": "https://two.example"})) == [
        ("Vary", "Origin")
    ]
    assert cors_headers(two.get("/shared", headers={"Origin": "https://two.example"})) == [
        ("Access-Control-Allow-Origin", "https://two.example"),
        ("Vary", "Origin"),
    ]
    assert cors_headers(two.get("/shared", headers={"Origin": "https://one.example"})) == [
        ("Vary", "Origin")
    ]
    # Back to the first app: its own config again.
    assert cors_headers(one.get("/shared", headers={"Origin": "https://one.example"})) == [
        ("Access-Control-Allow-Origin", "https://one.example"),
        ("Vary", "Origin"),
    ]


def test_a_decorated_view_does_not_keep_an_app_alive() -> None:
    """An app whose requests a decorated view answered can still be garbage collected."""

    @cross_origin()
    def shared() -> str:
        return "shared"

    app = Flask("short-lived")
    app.add_url_rule("/shared", view_func=shared)
    assert (
        app.test_client().get("/shared", headers={"Origin": "https://one.example"}).status_code
        == 200
    )
    gone = weakref.ref(app)
    del app
    gc.collect()
    assert gone() is None


def test_decorated_view_keeps_its_name_and_endpoint(app: Flask) -> None:
    """The decorator keeps the view's name and docstring, so its endpoint is unchanged."""

    @app.route("/users")
    @cross_origin()
    def list_users() -> str:
        """List the users."""
        return "users"

    assert list_users.__name__ == "list_users"
    assert list_users.__doc__ == "List the users."
    assert app.view_functions["list_users"] is list_users


def test_decorated_view_may_return_any_flask_return_value(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """A (body, status, headers) tuple from the view keeps its status and headers."""

    @app.route("/items", methods=["POST"])
    @cross_origin(origins="https://app.example")
    def create() -> tuple[dict[str, int], int, dict[str, str]]:
        return {"id": 7}, 201, {"Location": "/items/7"}

    response = app.test_client().post("/items", headers=ORIGIN)

    assert response.status_code == 201
    assert response.get_json() == {"id": 7}
    assert response.headers["Location"] == "/items/7"
    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Vary", "Origin"),
    ]


def test_async_view_works(app: Flask, cors_headers: CorsHeaders) -> None:
    """An async def view under @cross_origin runs, and its response gets CORS headers."""

    @app.route("/async", methods=["GET", "POST"])
    @cross_origin(origins="https://app.example", max_age=60)
    async def view() -> str:
        await asyncio.sleep(0)
        return f"async {request.method}"

    client = app.test_client()
    get = client.get("/async", headers=ORIGIN)
    preflight = client.options("/async", headers=PREFLIGHT)

    assert get.status_code == 200
    assert get.get_data(as_text=True) == "async GET"
    assert cors_headers(get) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Vary", "Origin"),
    ]
    assert preflight.status_code == 200
    assert preflight.get_data() == b""
    assert cors_headers(preflight) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Allow-Headers", "Content-Type"),
        ("Access-Control-Max-Age", "60"),
        ("Access-Control-Allow-Methods", ALL_METHODS),
        ("Vary", "Origin"),
    ]


def test_async_view_with_automatic_options_false_answers_options_itself(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """An async view with automatic_options=False and OPTIONS routed answers OPTIONS."""

    @app.route("/async", methods=["GET", "OPTIONS"])
    @cross_origin(automatic_options=False, origins="https://app.example")
    async def view() -> str:
        return f"async {request.method}"

    response = app.test_client().options("/async", headers=PREFLIGHT)

    assert response.get_data(as_text=True) == "async OPTIONS"
    assert cors_headers(response) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Allow-Headers", "Content-Type"),
        ("Access-Control-Allow-Methods", ALL_METHODS),
        ("Vary", "Origin"),
    ]
