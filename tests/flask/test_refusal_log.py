"""Refused CORS requests are explained at INFO on 'flask_cors', once per (rule, origin, reason)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from flask import Flask, request
from flask.testing import FlaskClient

from flask_cors import CORS, Policy, RequestInfo, cross_origin, decide
from flask_cors.adapter import Refusals

APP = "https://app.example.com"
LOCAL = "http://localhost:3000"


@pytest.fixture
def info_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Capture the 'flask_cors' logger at INFO (it is at WARNING by default)."""
    with caplog.at_level(logging.INFO, logger="flask_cors"):
        yield caplog


def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The INFO messages of the 'flask_cors' logger, in order."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "flask_cors" and record.levelno == logging.INFO
    ]


@pytest.fixture
def api_client(app: Flask) -> FlaskClient:
    """A client of an app whose '/api/*' rule allows one origin and the methods GET and POST."""
    CORS(app, resources={r"/api/*": {"origins": [APP], "methods": ["GET", "POST"]}})
    return app.test_client()


def test_refused_origin_is_explained(
    api_client: FlaskClient, info_log: pytest.LogCaptureFixture
) -> None:
    """A refused origin logs one INFO line: method, path, origin, rule and what the rule allows."""
    api_client.get("/api/items", headers={"Origin": LOCAL})

    assert [(r.name, r.levelname) for r in info_log.records] == [("flask_cors", "INFO")]
    assert lines(info_log) == [
        "CORS refused GET '/api/items': origin 'http://localhost:3000' is not allowed by "
        "rule '/api/*'; allowed: 'https://app.example.com'"
    ]


def test_refused_preflight_method_is_explained(
    api_client: FlaskClient, info_log: pytest.LogCaptureFixture
) -> None:
    """A preflight asking for a method the rule does not allow logs why."""
    api_client.options(
        "/api/items", headers={"Origin": APP, "Access-Control-Request-Method": "DELETE"}
    )

    assert lines(info_log) == [
        "CORS refused OPTIONS '/api/items': preflight from origin 'https://app.example.com' asks "
        "for method 'DELETE', which is not allowed by rule '/api/*'; allowed methods: GET, POST"
    ]


def test_each_distinct_refusal_is_logged_once(
    app: Flask, info_log: pytest.LogCaptureFixture
) -> None:
    """The same (rule, origin, reason) logs once; another origin, reason or rule logs again."""
    CORS(
        app,
        resources={r"/api/*": {"origins": [APP]}, r"/admin/*": {"origins": [APP]}},
        methods=["GET"],
    )
    client = app.test_client()

    client.get("/api/a", headers={"Origin": LOCAL})
    client.get("/api/b", headers={"Origin": LOCAL})  # same rule, origin and reason
    client.post("/api/a", headers={"Origin": LOCAL})  # the method does not count either
    client.get("/api/a", headers={"Origin": "http://localhost:3001"})  # another origin
    client.get("/admin/a", headers={"Origin": LOCAL})  # another rule
    preflight = {"Origin": APP, "Access-Control-Request-Method": "PUT"}
    client.options("/api/a", headers=preflight)  # another reason
    client.options("/api/b", headers=preflight)

    assert lines(info_log) == [
        "CORS refused GET '/api/a': origin 'http://localhost:3000' is not allowed by rule "
        "'/api/*'; allowed: 'https://app.example.com'",
        "CORS refused GET '/api/a': origin 'http://localhost:3001' is not allowed by rule "
        "'/api/*'; allowed: 'https://app.example.com'",
        "CORS refused GET '/admin/a': origin 'http://localhost:3000' is not allowed by rule "
        "'/admin/*'; allowed: 'https://app.example.com'",
        "CORS refused OPTIONS '/api/a': preflight from origin 'https://app.example.com' asks for "
        "method 'PUT', which is not allowed by rule '/api/*'; allowed methods: GET",
    ]


def test_decorator_refusals_name_the_view(app: Flask, info_log: pytest.LogCaptureFixture) -> None:
    """A refusal by @cross_origin names the decorated view instead of a rule."""

    @app.route("/view")
    @cross_origin(origins=[APP])
    def view() -> str:
        return "view"

    app.test_client().get("/view", headers={"Origin": LOCAL})

    assert lines(info_log) == [
        "CORS refused GET '/view': origin 'http://localhost:3000' is not allowed by "
        "@cross_origin on 'view'; allowed: 'https://app.example.com'"
    ]


def test_allowed_and_non_cors_requests_log_nothing(
    api_client: FlaskClient, info_log: pytest.LogCaptureFixture
) -> None:
    """Allowed requests, requests without Origin and paths outside every rule log nothing."""
    api_client.get("/api/items", headers={"Origin": APP})
    api_client.options(
        "/api/items", headers={"Origin": APP, "Access-Control-Request-Method": "POST"}
    )
    api_client.get("/api/items")
    api_client.get("/elsewhere", headers={"Origin": LOCAL})

    assert lines(info_log) == []


@pytest.mark.parametrize(
    ("path", "environ", "line"),
    [
        pytest.param(
            "/api/items",
            {"HTTP_ORIGIN": "https://a.example\r\n[CRITICAL] forged"},
            "CORS refused GET '/api/items': the Origin header 'https://a.example\\r\\n[CRITICAL] "
            "forged' is not a single valid origin (at most 300 visible ASCII characters, no "
            "spaces or commas); it gets no CORS headers",
            id="origin",
        ),
        pytest.param(
            "/api/%0D%0A%5BCRITICAL%5D",
            {"HTTP_ORIGIN": LOCAL},
            "CORS refused GET '/api/\\r\\n[CRITICAL]': origin 'http://localhost:3000' is not "
            "allowed by rule '/api/*'; allowed: 'https://app.example.com'",
            id="path",
        ),
    ],
)
def test_request_values_are_escaped(
    api_client: FlaskClient,
    info_log: pytest.LogCaptureFixture,
    path: str,
    environ: dict[str, str],
    line: str,
) -> None:
    """Request values appear repr-escaped, so a CR/LF cannot start a forged log line."""
    api_client.get(path, environ_overrides=environ)

    assert lines(info_log) == [line]
    assert "\r" not in line
    assert "\n" not in line


def test_refusals_are_not_remembered_while_info_is_off(
    api_client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A refusal made while INFO is off is still logged the first time INFO is on."""
    api_client.get("/api/items", headers={"Origin": LOCAL})

    with caplog.at_level(logging.INFO, logger="flask_cors"):
        api_client.get("/api/items", headers={"Origin": LOCAL})

    assert lines(caplog) == [
        "CORS refused GET '/api/items': origin 'http://localhost:3000' is not allowed by "
        "rule '/api/*'; allowed: 'https://app.example.com'"
    ]


def note(refusals: Refusals, origin: str) -> None:
    """Decide a GET from ``origin`` under a one-origin policy and note the refusal."""
    policy = Policy(origins=[APP])
    info = RequestInfo("GET", origin=origin, path="/x")
    refusals.note("rule '/*'", policy, info, decide(policy, info))


def refused(origin: str) -> str:
    return (
        f"CORS refused GET '/x': origin {origin!r} is not allowed by rule '/*'; "
        "allowed: 'https://app.example.com'"
    )


def test_refusals_memory_is_bounded(info_log: pytest.LogCaptureFixture) -> None:
    """Past its limit the log forgets what it saw, so it never holds more than the limit."""
    refusals = Refusals(limit=2)

    for origin in ("https://a.example", "https://b.example", "https://a.example"):
        note(refusals, origin)
    assert lines(info_log) == [refused("https://a.example"), refused("https://b.example")]

    note(refusals, "https://c.example")  # the limit is reached: start afresh
    note(refusals, "https://a.example")  # so this one is new again
    assert lines(info_log)[2:] == [refused("https://c.example"), refused("https://a.example")]

    for number in range(50):
        note(refusals, f"https://{number}.example")
    assert len(refusals._seen) <= 2


def test_default_limit() -> None:
    """By default the log remembers up to 1,024 distinct refusals."""
    assert Refusals().limit == 1024


def test_log_injection_via_http_method(
    api_client: FlaskClient, info_log: pytest.LogCaptureFixture
) -> None:
    """A method with terminal control characters is logged repr-escaped, never raw."""
    api_client.open("/api/items", method="GET\x1b[1A\x1b[2K\x08FORGED", headers={"Origin": LOCAL})

    assert lines(info_log) == [
        "CORS refused 'GET\\x1b[1A\\x1b[2K\\x08FORGED' '/api/items': origin "
        "'http://localhost:3000' is not allowed by rule '/api/*'; allowed: "
        "'https://app.example.com'"
    ]


def test_failed_preflight_and_debug_lines_escape_the_path(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    """The failed-preflight warning and the DEBUG line show the request path repr-escaped."""
    CORS(app, origins=[APP])

    @app.before_request
    def deny() -> tuple[str, int] | None:
        return ("no", 401) if request.method == "OPTIONS" else None

    client = app.test_client()
    with caplog.at_level(logging.DEBUG, logger="flask_cors"):
        client.options("/a%1B[2K", headers={"Origin": APP, "Access-Control-Request-Method": "GET"})
        client.get("/b%1B[2K", headers={"Origin": APP})

    messages = [record.getMessage() for record in caplog.records if record.name == "flask_cors"]
    assert next(m for m in messages if m.startswith("CORS preflight OPTIONS")).startswith(
        "CORS preflight OPTIONS '/a\\x1b[2K' (rule '/*') got status 401"
    )
    assert "CORS allowed for '/b\\x1b[2K' by rule '/*'" in messages
    assert all("\x1b" not in message for message in messages)
