"""Regression tests for flask-cors's five CVEs, each through a Flask app and named after its CVE.

Each test sends the request that exploited the flaw in flask-cors and
asserts what goes on the wire (or into the log) now.
"""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from flask_cors import CORS, InsecureCORSWarning, cross_origin

ACAO = "Access-Control-Allow-Origin"
ACAPN = "Access-Control-Allow-Private-Network"
PUBLIC = "https://public.example"
TRUSTED = "https://trusted.example"


def make_app() -> Flask:
    """Return an app in which every path answers 200 "ok"."""
    app = Flask("cve_tests", static_folder=None)
    app.testing = True

    @app.route("/", defaults={"path": ""})
    @app.route("/<path:path>")
    def anything(path: str) -> str:
        return "ok"

    return app


def cors_names(response: TestResponse) -> list[str]:
    return [name for name, _ in response.headers if name.startswith("Access-Control-")]


def test_cve_2024_1681_log_injection(caplog: pytest.LogCaptureFixture) -> None:
    """CVE-2024-1681: request paths and headers with CR or LF cannot forge a log line."""
    app = make_app()
    CORS(app, origins=[TRUSTED])
    client = app.test_client()
    caplog.set_level(logging.DEBUG, logger="flask_cors")
    forged = "%0D%0A2024-01-01 INFO flask_cors: CORS allowed everything"
    client.get(f"/api/x{forged}", headers={"Origin": "https://evil.example"})
    client.get(f"/api/x{forged}", headers={"Origin": TRUSTED})
    client.get(
        "/api/x",
        environ_base={"HTTP_ORIGIN": "https://evil.example\r\nINFO forged line"},
    )
    client.options(
        "/api/x",
        environ_base={
            "HTTP_ORIGIN": TRUSTED,
            "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "GET\nINFO forged",
            "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "X-A\r\nINFO forged",
        },
    )
    messages = [record.getMessage() for record in caplog.records if record.name == "flask_cors"]
    assert any("refused" in message for message in messages)
    assert all("\r" not in message and "\n" not in message for message in messages)


@pytest.mark.parametrize("decorated", [False, True], ids=["extension", "decorator"])
def test_cve_2024_6221_private_network_default(decorated: bool) -> None:
    """CVE-2024-6221: private network access is refused unless allow_private_network=True."""
    app = make_app()
    if decorated:

        @app.route("/decorated")
        @cross_origin()
        def decorated_view() -> str:
            return "ok"

        path = "/decorated"
    else:
        CORS(app)
        path = "/api/x"
    response = app.test_client().options(
        path,
        headers={
            "Origin": PUBLIC,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Private-Network": "true",
        },
    )
    assert response.headers.getlist(ACAPN) == ["false"]


def test_cve_2024_6221_private_network_when_allowed() -> None:
    """CVE-2024-6221: allow_private_network=True answers with true, and for any origin warns."""
    app = make_app()
    with pytest.warns(InsecureCORSWarning, match="allow_private_network=True: with origins='[*]'"):
        CORS(app, allow_private_network=True)
    response = app.test_client().options(
        "/api/x",
        headers={
            "Origin": PUBLIC,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Private-Network": "true",
        },
    )
    assert response.headers.getlist(ACAPN) == ["true"]


def test_cve_2024_6839_rule_ordering() -> None:
    """CVE-2024-6839: the most specific resource rule wins, whatever the order in the dict."""
    app = make_app()
    CORS(
        app,
        resources={
            r"/api/.*": {"origins": PUBLIC},
            r"/api/private/.*": {"origins": TRUSTED},
            "/api/private/admin": {"origins": "https://admin.example"},
        },
    )
    client = app.test_client()
    private = "/api/private/data"
    assert client.get(private, headers={"Origin": PUBLIC}).headers.get(ACAO) is None
    assert client.get(private, headers={"Origin": TRUSTED}).headers.get(ACAO) == TRUSTED
    admin = "/api/private/admin"
    assert client.get(admin, headers={"Origin": TRUSTED}).headers.get(ACAO) is None
    assert client.get("/api/items", headers={"Origin": PUBLIC}).headers.get(ACAO) == PUBLIC


def test_cve_2024_6844_unquote_plus() -> None:
    """CVE-2024-6844: a '+' in a path stays '+'; it is never read as a space to match a rule."""
    app = make_app()
    CORS(app, resources={"/api/a b": {"origins": PUBLIC}, r"/files/\+.*": {"origins": PUBLIC}})
    client = app.test_client()
    plus = client.get("/api/a+b", headers={"Origin": PUBLIC})
    assert cors_names(plus) == []
    space = client.get("/api/a%20b", headers={"Origin": PUBLIC})
    assert space.headers.get(ACAO) == PUBLIC
    literal_plus = client.get("/files/+x", headers={"Origin": PUBLIC})
    assert literal_plus.headers.get(ACAO) == PUBLIC
    encoded_plus = client.get("/files/%2Bx", headers={"Origin": PUBLIC})
    assert encoded_plus.headers.get(ACAO) == PUBLIC


def test_cve_2024_6866_case_sensitive_paths() -> None:
    """CVE-2024-6866: paths match rules case-sensitively, so /API/ is not /api/."""
    app = make_app()
    CORS(app, resources={r"/api/.*": {"origins": PUBLIC}, "/admin": {"origins": PUBLIC}})
    client = app.test_client()
    assert client.get("/api/x", headers={"Origin": PUBLIC}).headers.get(ACAO) == PUBLIC
    assert cors_names(client.get("/API/x", headers={"Origin": PUBLIC})) == []
    assert cors_names(client.get("/Api/x", headers={"Origin": PUBLIC})) == []
    assert client.get("/admin", headers={"Origin": PUBLIC}).headers.get(ACAO) == PUBLIC
    assert cors_names(client.get("/Admin", headers={"Origin": PUBLIC})) == []
