"""Error responses (routing 404/405, aborts, uncaught exceptions, error handlers) get CORS."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask, Response, abort
from werkzeug.exceptions import Forbidden
from werkzeug.test import TestResponse

from flask_cors import CORS

CorsHeaders = Callable[[TestResponse], list[tuple[str, str]]]

ORIGIN = {"Origin": "https://app.example"}
ALLOWED = [("Access-Control-Allow-Origin", "https://app.example"), ("Vary", "Origin")]


@pytest.fixture
def app() -> Flask:
    """Return an app whose routes fail in different ways, with exceptions not propagated."""
    app = Flask("error_tests", static_folder=None)
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/ok")
    def ok() -> str:
        return "ok"

    @app.route("/forbidden")
    def forbidden() -> str:
        abort(403)

    @app.route("/crash")
    def crash() -> str:
        raise RuntimeError("the view failed")

    return app


@pytest.fixture(autouse=True)
def quiet_app_logger(app: Flask) -> None:
    """Keep Flask's own error log of the uncaught exception out of the test output."""
    app.logger.disabled = True


@pytest.mark.parametrize("intercept_exceptions", [True, False])
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/nowhere", 404),
        ("POST", "/ok", 405),
        ("GET", "/forbidden", 403),
        ("GET", "/crash", 500),
    ],
    ids=["routing-404", "method-405", "abort-403", "uncaught-500"],
)
def test_error_responses_carry_cors_headers(
    app: Flask,
    cors_headers: CorsHeaders,
    intercept_exceptions: bool,
    method: str,
    path: str,
    status: int,
) -> None:
    """Errors from routing, abort() and uncaught exceptions carry CORS headers either way."""
    CORS(app, intercept_exceptions=intercept_exceptions)

    response = app.test_client().open(path, method=method, headers=ORIGIN)

    assert response.status_code == status
    assert cors_headers(response) == ALLOWED


def test_error_handler_responses_carry_cors_headers(app: Flask, cors_headers: CorsHeaders) -> None:
    """Responses made by @app.errorhandler carry the CORS headers, with their own status."""

    @app.errorhandler(403)
    def forbidden(error: Forbidden) -> tuple[dict[str, str], int]:
        return {"error": "forbidden"}, 403

    @app.errorhandler(RuntimeError)
    def runtime_error(error: RuntimeError) -> tuple[dict[str, str], int]:
        return {"error": str(error)}, 503

    CORS(app, origins="https://app.example", supports_credentials=True)
    client = app.test_client()

    forbidden_response = client.get("/forbidden", headers=ORIGIN)
    crash_response = client.get("/crash", headers=ORIGIN)

    assert forbidden_response.status_code == 403
    assert forbidden_response.get_json() == {"error": "forbidden"}
    assert crash_response.status_code == 503
    assert crash_response.get_json() == {"error": "the view failed"}
    for response in (forbidden_response, crash_response):
        assert cors_headers(response) == [
            ("Access-Control-Allow-Origin", "https://app.example"),
            ("Access-Control-Allow-Credentials", "true"),
            ("Vary", "Origin"),
        ]


def test_error_responses_follow_the_matching_resource(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """An error response gets the headers of the resource its path matches, or none."""
    CORS(app, resources={r"/api/*": {"origins": "https://app.example"}})
    client = app.test_client()

    api_404 = client.get("/api/missing", headers=ORIGIN)
    other_404 = client.get("/missing", headers=ORIGIN)

    assert api_404.status_code == 404
    assert cors_headers(api_404) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Vary", "Origin"),
    ]
    assert other_404.status_code == 404
    assert cors_headers(other_404) == []


def test_before_request_answer_carries_cors_headers(app: Flask, cors_headers: CorsHeaders) -> None:
    """A response returned by a before_request hook (an auth 401) carries CORS headers."""

    @app.before_request
    def require_login() -> Response:
        return Response("log in first", status=401)

    CORS(app)
    client = app.test_client()

    simple = client.get("/ok", headers=ORIGIN)
    preflight = client.options("/ok", headers={**ORIGIN, "Access-Control-Request-Method": "GET"})

    assert simple.status_code == 401
    assert cors_headers(simple) == ALLOWED
    assert preflight.status_code == 401
    assert cors_headers(preflight) == [
        ("Access-Control-Allow-Origin", "https://app.example"),
        ("Access-Control-Allow-Methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"),
        ("Vary", "Origin"),
    ]


def test_failing_after_request_hook_still_gets_cors_headers_when_intercepting(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """With intercept_exceptions on (the default), a failing after_request hook's 500 has CORS."""
    CORS(app)

    @app.after_request
    def broken_hook(response: Response) -> Response:
        raise RuntimeError("the hook failed")

    response = app.test_client().get("/ok", headers=ORIGIN)

    assert response.status_code == 500
    assert cors_headers(response) == ALLOWED


def test_failing_after_request_hook_without_intercepting_gets_no_cors_headers(
    app: Flask, cors_headers: CorsHeaders
) -> None:
    """With intercept_exceptions=False, the 500 from a failing after_request hook has no CORS."""
    CORS(app, intercept_exceptions=False)

    @app.after_request
    def broken_hook(response: Response) -> Response:
        raise RuntimeError("the hook failed")

    response = app.test_client().get("/ok", headers=ORIGIN)

    assert response.status_code == 500
    assert cors_headers(response) == []


def test_two_cors_calls_give_an_error_response_the_headers_of_the_others() -> None:
    """With CORS(app) twice, a 404 gets what every other response gets: the later call's headers.

    flask-cors 6.0.5's exception wrappers gave the 404 the first call's
    headers while the app's other responses got the second's (a deliberate
    difference, docs/migration.md).
    """
    app = Flask(__name__)
    CORS(app)
    CORS(app, expose_headers=["X-Total"])

    @app.get("/items")
    def items() -> str:
        return "items"

    client = app.test_client()
    found = client.get("/items", headers={"Origin": "https://a.example"})
    missing = client.get("/missing", headers={"Origin": "https://a.example"})
    assert missing.status_code == 404
    assert found.headers["Access-Control-Expose-Headers"] == "X-Total"
    assert missing.headers["Access-Control-Expose-Headers"] == "X-Total"
