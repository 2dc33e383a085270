"""Faults around the shell: failing views, hooks and handlers, odd responses; nothing raised by us.

Each test runs a request through a Flask app whose view, error handler or
other after-request hook misbehaves, or whose response is unusual (plain
dict or ``None`` headers, a stream, HEAD, CORS headers set by the view),
and checks that the CORS headers are there once, never twice, and that no
exception came from this package. Exceptions are recorded with Flask's
``got_request_exception`` signal and their tracebacks searched for frames
of ``flask_cors``.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask, Response, abort, got_request_exception, stream_with_context
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

import flask_cors
from flask_cors import CORS, cross_origin

ACAO = "Access-Control-Allow-Origin"
ACAC = "Access-Control-Allow-Credentials"
ACMA = "Access-Control-Max-Age"
ORIGIN = "https://app.example.com"
CORS_NAMES = (
    ACAO,
    ACAC,
    ACMA,
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
    "Access-Control-Expose-Headers",
)
PACKAGE_DIR = flask_cors.__file__.rsplit("/", 1)[0]


class AppError(Exception):
    """An error the application raises on purpose."""


def raised_by_package(error: BaseException) -> bool:
    """Whether the innermost frame of an exception's traceback is in flask_cors."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and frames[-1].filename.startswith(PACKAGE_DIR)


def vary_origin_count(response: TestResponse) -> int:
    return sum(
        token.strip().lower() == "origin"
        for value in response.headers.getlist("Vary")
        for token in value.split(",")
    )


def assert_cors_once(response: TestResponse, origin: str = ORIGIN) -> None:
    """The response allows ``origin`` once, with no CORS header and no Vary: Origin twice."""
    assert response.headers.getlist(ACAO) == [origin]
    for name in CORS_NAMES:
        assert len(response.headers.getlist(name)) <= 1, name
    assert vary_origin_count(response) == 1


@pytest.fixture
def app() -> Flask:
    """Return an app with CORS for one origin, credentials, and misbehaving routes."""
    app = Flask("fault_tests", static_folder=None)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    CORS(app, origins=[ORIGIN], supports_credentials=True, max_age=600)

    @app.route("/ok")
    def ok() -> str:
        return "ok"

    @app.route("/boom")
    def boom() -> str:
        raise AppError("the view failed")

    @app.route("/forbidden")
    def forbidden() -> str:
        abort(403)

    @app.route("/dict-headers")
    def dict_headers() -> Response:
        response = Response("ok")
        response.headers = {"X-Plain": "dict"}  # type: ignore[assignment]
        return response

    @app.route("/none-headers")
    def none_headers() -> Response:
        response = Response("ok")
        response.headers = None  # type: ignore[assignment]
        return response

    @app.route("/stream")
    def stream() -> Response:
        def chunks() -> Iterator[str]:
            for index in range(3):
                yield f"chunk {index}\n"

        return Response(stream_with_context(chunks()), mimetype="text/plain")

    @app.route("/own-origin")
    def own_origin() -> Response:
        return Response("ok", headers={ACAO: "https://own.example", "Vary": "Origin"})

    @app.route("/own-vary")
    def own_vary() -> Response:
        return Response("ok", headers={"Vary": "Accept-Encoding, origin"})

    @app.route("/own-credentials")
    def own_credentials() -> Response:
        return Response("ok", headers={ACAC: "true", ACMA: "5"})

    @app.route("/decorated")
    @cross_origin(origins=[ORIGIN])
    def decorated() -> str:
        return "ok"

    return app


@pytest.fixture
def errors(app: Flask) -> Iterator[list[BaseException]]:
    """Record every exception Flask handles while the test runs."""
    seen: list[BaseException] = []

    def record(sender: object, exception: BaseException, **extra: Any) -> None:
        seen.append(exception)

    got_request_exception.connect(record, app)
    try:
        yield seen
    finally:
        got_request_exception.disconnect(record, app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client of the ``app`` fixture."""
    return app.test_client()


def get(client: FlaskClient, path: str, method: str = "GET") -> TestResponse:
    return client.open(path, method=method, headers={"Origin": ORIGIN})


def test_failing_view_gets_cors_headers_on_its_500(
    client: FlaskClient, errors: list[BaseException]
) -> None:
    """A view that raises gives a 500 that still carries the CORS headers once."""
    response = get(client, "/boom")
    assert response.status_code == 500
    assert_cors_once(response)
    assert [type(error) for error in errors] == [AppError]


def test_abort_gets_cors_headers(client: FlaskClient, errors: list[BaseException]) -> None:
    """An abort(403) response carries the CORS headers once."""
    response = get(client, "/forbidden")
    assert response.status_code == 403
    assert_cors_once(response)
    assert errors == []


def test_error_handler_that_raises_gives_a_500_with_cors_headers(
    app: Flask, client: FlaskClient, errors: list[BaseException]
) -> None:
    """An error handler that raises turns into a 500 that still carries the CORS headers once."""

    @app.errorhandler(404)
    def broken_handler(error: Exception) -> str:
        raise AppError("the 404 handler failed")

    response = get(client, "/missing")
    assert response.status_code == 500
    assert_cors_once(response)
    assert not any(raised_by_package(error) for error in errors)


def test_failing_500_handler_propagates_the_apps_own_exception(app: Flask) -> None:
    """When the 500 handler itself raises, the app's exception propagates, not one of ours."""

    @app.errorhandler(500)
    def broken_500(error: Exception) -> str:
        raise AppError("the 500 handler failed")

    with pytest.raises(AppError) as raised:
        get(app.test_client(), "/boom")
    assert not raised_by_package(raised.value)


@pytest.mark.parametrize("registered", ["before-cors", "after-cors"])
def test_failing_after_request_hook_gives_a_500_with_cors_headers_once(registered: str) -> None:
    """Another after-request hook that raises, before or after ours, leaves a 500 with CORS once."""
    app = Flask("hook_tests", static_folder=None)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.add_url_rule("/ok", "ok", lambda: "ok")

    def failing_hook(response: Response) -> Response:
        raise AppError("another hook failed")

    # Flask runs after-request hooks in reverse order of registration.
    if registered == "before-cors":
        app.after_request(failing_hook)
    CORS(app, origins=[ORIGIN])
    if registered == "after-cors":
        app.after_request(failing_hook)
    seen: list[BaseException] = []

    def record(sender: object, exception: BaseException, **extra: Any) -> None:
        seen.append(exception)

    # Blinker holds receivers weakly: a named function stays alive here.
    got_request_exception.connect(record, app)
    response = get(app.test_client(), "/ok")
    assert response.status_code == 500
    assert_cors_once(response)
    assert [type(error) for error in seen] == [AppError]


def test_failing_before_request_hook_gives_a_500_with_cors_headers(
    app: Flask, client: FlaskClient, errors: list[BaseException]
) -> None:
    """A before-request hook that raises leaves a 500 that carries the CORS headers once."""

    @app.before_request
    def failing_auth() -> None:
        raise AppError("the auth hook failed")

    response = get(client, "/ok")
    assert response.status_code == 500
    assert_cors_once(response)
    assert [type(error) for error in errors] == [AppError]


def test_hook_that_replaces_headers_with_a_dict_before_ours() -> None:
    """A hook that swaps the headers for a plain dict before ours runs still gets CORS headers."""
    app = Flask("dict_hook", static_folder=None)
    app.add_url_rule("/ok", "ok", lambda: "ok")
    CORS(app, origins=[ORIGIN])

    @app.after_request
    def plain_dict(response: Response) -> Response:
        response.headers = dict(response.headers)  # type: ignore[assignment]
        return response

    app.testing = True
    response = get(app.test_client(), "/ok")
    assert response.status_code == 200
    assert_cors_once(response)


@pytest.mark.parametrize("path", ["/dict-headers", "/none-headers"])
def test_odd_header_containers_get_cors_headers(
    app: Flask, path: str, errors: list[BaseException]
) -> None:
    """A response whose headers are a plain dict or None gets CORS headers and keeps its own."""
    app.testing = True
    response = get(app.test_client(), path)
    assert response.status_code == 200
    assert_cors_once(response)
    if path == "/dict-headers":
        assert response.headers["X-Plain"] == "dict"


def test_streaming_response_gets_cors_headers_and_its_whole_body(app: Flask) -> None:
    """A streamed response gets the CORS headers and streams its body unchanged."""
    app.testing = True
    response = get(app.test_client(), "/stream")
    assert_cors_once(response)
    assert response.get_data(as_text=True) == "chunk 0\nchunk 1\nchunk 2\n"


@pytest.mark.parametrize("path", ["/ok", "/stream", "/decorated", "/missing"])
def test_head_gets_the_same_cors_headers_as_get(app: Flask, path: str) -> None:
    """HEAD gets the CORS headers GET gets, and no body."""
    app.testing = True
    client = app.test_client()
    head, plain = get(client, path, "HEAD"), get(client, path)
    assert head.data == b""
    assert [h for h in head.headers if h[0].startswith("Access-Control-")] == [
        h for h in plain.headers if h[0].startswith("Access-Control-")
    ]
    assert_cors_once(head)


@pytest.mark.parametrize("method", ["GET", "OPTIONS"])
def test_view_that_set_its_own_allow_origin_is_left_alone(app: Flask, method: str) -> None:
    """A view that set Access-Control-Allow-Origin itself keeps it, undoubled, nothing added."""
    app.testing = True
    headers = {"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}
    response = app.test_client().open("/own-origin", method=method, headers=headers)
    if method == "GET":
        assert response.headers.getlist(ACAO) == ["https://own.example"]
        assert response.headers.getlist(ACAC) == []
        assert vary_origin_count(response) == 1
    else:
        # Flask answers OPTIONS itself; the view never runs.
        assert_cors_once(response)


def test_view_that_varies_on_origin_itself_gets_no_second_vary(app: Flask) -> None:
    """A view whose Vary already names origin (any case, in a list) gets no second Vary: Origin."""
    app.testing = True
    response = get(app.test_client(), "/own-vary")
    assert response.headers.getlist(ACAO) == [ORIGIN]
    assert vary_origin_count(response) == 1
    assert response.headers.getlist("Vary") == ["Accept-Encoding, origin"]


def test_decorated_view_under_the_extension_is_answered_once(app: Flask) -> None:
    """A @cross_origin view in an app with CORS gets one set of CORS headers, not two."""
    app.testing = True
    assert_cors_once(get(app.test_client(), "/decorated"))


def test_view_that_set_credentials_itself_gets_no_second_copy(app: Flask) -> None:
    """A view that set Access-Control-Allow-Credentials or Max-Age itself gets no duplicate."""
    app.testing = True
    client = app.test_client()
    response = get(client, "/own-credentials")
    assert response.headers.getlist(ACAC) == ["true"]
    assert response.headers.getlist(ACMA) == ["5"]


def test_nothing_is_raised_by_the_package_on_any_route(
    app: Flask, errors: list[BaseException]
) -> None:
    """Across every route and method, no exception handled by Flask came from flask_cors."""
    client = app.test_client()
    requests: list[Callable[[], TestResponse]] = [
        lambda path=path, method=method: get(client, path, method)  # type: ignore[misc]
        for path in ("/ok", "/boom", "/forbidden", "/dict-headers", "/none-headers", "/stream")
        for method in ("GET", "HEAD", "OPTIONS", "POST")
    ]
    for send in requests:
        assert send().status_code in (200, 403, 405, 500)
    assert errors
    assert not any(raised_by_package(error) for error in errors)
