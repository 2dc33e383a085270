"""The 'flask_cors' logger: quiet by default, and never a raw request value in a record."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient

import flask_cors
from flask_cors import CORS

# Request values an attacker controls, with line breaks that would forge a
# second log line if written out raw (CVE-2024-1681).
INJECTION = "\r\n[CRITICAL] forged log line"


def test_logger_follows_the_root_loggers_level() -> None:
    """The 'flask_cors' logger sets no level of its own: the app's logging configuration decides.

    At the root's default, WARNING, refusals (INFO) print nothing by
    themselves.
    """
    logger = logging.getLogger(flask_cors.__name__)

    assert logger.name == "flask_cors"
    assert logger.level == logging.NOTSET


def test_requests_log_nothing_at_the_default_level(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    """At the default level, ordinary and refused CORS requests write no log record."""
    CORS(app, origins="https://app.example")

    with caplog.at_level(logging.WARNING):
        client.get("/x", headers={"Origin": "https://app.example"})
        client.get("/x", headers={"Origin": "https://evil.example"})
        client.options("/x", headers={"Origin": "https://app.example"})

    assert [record for record in caplog.records if record.name.startswith("flask_cors")] == []


REFUSED = (
    "CORS refused GET '/x': origin 'https://evil.example' is not allowed by rule '/*'; allowed: "
    "'https://app.example'"
)


def refusals(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "flask_cors"]


def test_an_info_root_level_shows_refusals(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    """logging.basicConfig(level=logging.INFO) shows why a request was refused, once."""
    CORS(app, origins="https://app.example")

    with caplog.at_level(logging.INFO):
        client.get("/x", headers={"Origin": "https://evil.example"})
        client.get("/x", headers={"Origin": "https://evil.example"})

    assert refusals(caplog) == [("INFO", REFUSED)]


def test_debug_mode_shows_refusals_without_setup(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    """In debug mode (app.run(debug=True), flask run --debug) refusals are logged, no setup."""
    CORS(app, origins="https://app.example")
    app.debug = True
    assert logging.getLogger().level == logging.WARNING

    client.get("/x", headers={"Origin": "https://evil.example"})

    assert refusals(caplog) == [("INFO", REFUSED)]


def test_debug_mode_keeps_a_level_the_app_set(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A level set on the 'flask_cors' logger is the app's choice, debug mode or not."""
    logging.getLogger("flask_cors").setLevel(logging.WARNING)
    app.debug = True
    CORS(app, origins="https://app.example")

    client.get("/x", headers={"Origin": "https://evil.example"})

    assert refusals(caplog) == []


@pytest.mark.parametrize(
    ("path", "environ"),
    [
        ("/api/%0D%0A%5BCRITICAL%5D%20forged%20log%20line", {"HTTP_ORIGIN": "https://a.example"}),
        ("/no/%0D%0A%5BCRITICAL%5D%20forged%20log%20line", {"HTTP_ORIGIN": "https://a.example"}),
        ("/api/x", {"HTTP_ORIGIN": "https://app.example" + INJECTION}),
        (
            "/api/x",
            {
                "REQUEST_METHOD": "OPTIONS",
                "HTTP_ORIGIN": "https://app.example",
                "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "GET" + INJECTION,
                "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "X-Token" + INJECTION,
            },
        ),
    ],
    ids=["path-in-resource", "path-outside-resources", "origin", "preflight-headers"],
)
def test_request_values_never_reach_a_log_record_unescaped(
    app: Flask,
    client: FlaskClient,
    caplog: pytest.LogCaptureFixture,
    path: str,
    environ: dict[str, str],
) -> None:
    """With DEBUG on, no flask_cors record contains a raw CR or LF from the request."""
    caplog.set_level(logging.DEBUG, logger="flask_cors")
    CORS(app, resources={r"/api/*": {"origins": "https://app.example"}})

    # Routing refuses a path with a line break (404); the CORS hook still runs.
    client.get(path, environ_overrides=environ)

    messages = [record.getMessage() for record in caplog.records]
    assert any(record.name.startswith("flask_cors") for record in caplog.records)
    for message in messages:
        assert "\r" not in message, message
        assert "\n" not in message, message
    for message in messages:
        if "forged log line" in message:
            assert "\\r\\n[CRITICAL] forged log line" in message, message


def test_debug_logging_shows_the_rule_a_request_matched(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    """With DEBUG on, the logger says which path got which decision, with the path escaped."""
    caplog.set_level(logging.DEBUG, logger="flask_cors")
    CORS(app, resources={r"/api/*": {"origins": "https://app.example"}})

    client.get("/api/a%0Ab", headers={"Origin": "https://app.example"})

    request_messages = [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("flask_cors") and "/api/a" in record.getMessage()
    ]
    assert request_messages != []
    assert all("'/api/a\\nb'" in message for message in request_messages)
