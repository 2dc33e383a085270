"""flask_cors.testing.BrowserClient: a page's fetch() sent through the test client, judged."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from flask.typing import ResponseReturnValue

from flask_cors import CORS
from flask_cors.core.browser import CorsError, Step
from flask_cors.testing import BrowserClient

APP = "https://app.example.com"
BLOCKED = (
    "Access to fetch at 'http://localhost/api/items' from origin '{origin}' has been blocked "
    "by CORS policy: "
)


def create_app(**options: object) -> Flask:
    """An API with a login, an items view exposing a header, and a view setting ACAO itself."""
    app = Flask("testing_tests", static_folder=None)
    app.config["ran"] = []

    @app.post("/login")
    def login() -> Response:
        response = Response("in")
        response.set_cookie("session", "ada")
        return response

    @app.route("/api/items", methods=["GET", "PUT", "PATCH", "DELETE"])
    def items() -> ResponseReturnValue:
        app.config["ran"].append(request.method)
        body = {"method": request.method, "session": request.cookies.get("session")}
        return jsonify(body), 200, {"X-Total": "3", "X-Secret": "s"}

    @app.get("/api/star")
    def star() -> ResponseReturnValue:
        return "star", 200, {"Access-Control-Allow-Origin": "*"}

    options.setdefault("resources", {"/api/*": {"origins": [APP]}})
    CORS(app, expose_headers=["X-Total"], **options)  # type: ignore[arg-type]
    return app


def test_simple_get_is_allowed_with_exposed_headers_readable() -> None:
    """A GET needs no preflight; the page reads safelisted and exposed headers only."""
    fetched = BrowserClient(create_app(), APP).fetch("/api/items")
    assert fetched.allowed
    assert fetched.preflight is None
    assert fetched.status == 200
    assert fetched.headers == {
        "content-length": fetched.headers["content-length"],
        "content-type": "application/json",
        "x-total": "3",
    }


def test_refused_origin_is_blocked_with_chromiums_message() -> None:
    """Another origin runs the view but cannot read it: Chromium's message says why."""
    origin = "http://localhost:3000"
    fetched = BrowserClient(create_app(), origin).fetch("/api/items")
    assert not fetched.allowed
    assert fetched.step is Step.RESPONSE
    assert fetched.error is CorsError.MISSING_ALLOW_ORIGIN
    assert fetched.message == BLOCKED.format(origin=origin) + (
        "No 'Access-Control-Allow-Origin' header is present on the requested resource."
    )
    assert fetched.status is None
    assert fetched.response is not None
    assert fetched.response.status_code == 200


def test_put_with_json_is_preflighted_then_sent() -> None:
    """A JSON PUT sends its preflight first, then the request, and is allowed."""
    app = create_app()
    fetched = BrowserClient(app, APP).fetch("/api/items", method="PUT", json={"a": 1})
    assert fetched.allowed, fetched.message
    assert fetched.preflight is not None
    assert fetched.preflight.request.headers["Access-Control-Request-Method"] == "PUT"
    assert fetched.preflight.request.headers["Access-Control-Request-Headers"] == "content-type"
    assert app.config["ran"] == ["PUT"]


def test_method_refused_by_the_preflight_never_runs() -> None:
    """A DELETE the rule leaves out is blocked at its preflight, and the view never runs."""
    app = create_app(methods=["GET", "PUT"])
    fetched = BrowserClient(app, APP).fetch("/api/items", method="DELETE")
    assert not fetched.allowed
    assert fetched.step is Step.PREFLIGHT
    assert fetched.error is CorsError.METHOD_NOT_ALLOWED
    assert fetched.message.endswith(
        "Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response."
    )
    assert fetched.response is None
    assert app.config["ran"] == []


def test_auth_hook_answering_the_preflight_401_is_blocked() -> None:
    """A before_request hook that answers the preflight 401 blocks the call: not an ok status."""
    app = create_app()

    @app.before_request
    def require_token() -> Response | None:
        if request.path.startswith("/api/") and "Authorization" not in request.headers:
            return Response("log in", status=401)
        return None

    browser = BrowserClient(app, APP)
    fetched = browser.fetch("/api/items", headers={"Authorization": "Bearer t"})
    assert fetched.error is CorsError.PREFLIGHT_STATUS
    assert fetched.message.endswith(
        "Response to preflight request doesn't pass access control check: "
        "It does not have HTTP ok status."
    )
    app_answering = create_app(answer_preflights=True)
    app_answering.before_request(require_token)
    answered = BrowserClient(app_answering, APP).fetch(
        "/api/items", headers={"Authorization": "Bearer t"}
    )
    assert answered.allowed, answered.message


def test_cookies_go_only_with_credentials() -> None:
    """The client's cookies go with credentials=True only, which needs supports_credentials."""
    app = create_app(supports_credentials=True)
    browser = BrowserClient(app, APP)
    browser.client.post("/login")
    with_cookie = browser.fetch("/api/items", credentials=True)
    without = browser.fetch("/api/items")
    assert with_cookie.allowed, with_cookie.message
    assert with_cookie.response is not None
    assert with_cookie.response.json == {"method": "GET", "session": "ada"}
    assert without.response is not None
    assert without.response.json == {"method": "GET", "session": None}


def test_credentials_without_supports_credentials_are_blocked() -> None:
    """A credentialed call to a rule without supports_credentials is blocked: ACAC is missing."""
    fetched = BrowserClient(create_app(), APP).fetch("/api/items", credentials=True)
    assert fetched.error is CorsError.INVALID_ALLOW_CREDENTIALS


def test_a_header_set_by_the_view_is_judged() -> None:
    """A view that sets "Access-Control-Allow-Origin: *" itself fails a credentialed call."""
    app = create_app(supports_credentials=True)
    fetched = BrowserClient(app, APP).fetch("/api/star", credentials=True)
    assert fetched.error is CorsError.WILDCARD_WITH_CREDENTIALS
    assert BrowserClient(app, APP).fetch("/api/star").allowed


def test_lower_case_patch_is_sent_as_written() -> None:
    """fetch() sends "patch" as written; the default methods list it so, and it is allowed."""
    fetched = BrowserClient(create_app(), APP).fetch("/api/items", method="patch", data="x")
    assert fetched.preflight is not None
    assert fetched.preflight.request.headers["Access-Control-Request-Method"] == "patch"
    assert fetched.allowed, fetched.message
    assert "patch" in fetched.preflight.headers["Access-Control-Allow-Methods"].split(", ")


def test_preflight_cache_follows_max_age() -> None:
    """With max_age=600 a second PUT within 600 s sends no preflight; after it, one again."""
    now = [0.0]
    browser = BrowserClient(create_app(max_age=600), APP, clock=lambda: now[0])
    assert browser.fetch("/api/items", method="PUT").preflight is not None
    now[0] = 599.0
    cached = browser.fetch("/api/items", method="PUT")
    assert cached.allowed
    assert cached.preflight is None
    now[0] = 600.0
    assert browser.fetch("/api/items", method="PUT").preflight is not None


def test_a_content_type_in_any_case_is_the_one_sent() -> None:
    """A page's "content-type" in lower case replaces the body's own: one header, no preflight."""
    app = create_app(methods=["POST"])

    @app.post("/api/form")
    def form() -> Response:
        return Response(request.headers["Content-Type"])

    fetched = BrowserClient(app, APP).fetch(
        "/api/form",
        method="POST",
        headers={"content-type": "application/x-www-form-urlencoded"},
        data="a=1",
    )
    assert fetched.preflight is None
    assert fetched.allowed, fetched.message
    assert fetched.response is not None
    assert fetched.response.get_data(as_text=True) == "application/x-www-form-urlencoded"
    json_typed = BrowserClient(app, APP).fetch(
        "/api/form", method="POST", headers={"CONTENT-TYPE": "text/plain"}, json={"a": 1}
    )
    assert json_typed.preflight is None
    assert json_typed.allowed, json_typed.message
