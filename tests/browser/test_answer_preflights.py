"""An auth-protected API works from another origin only when the extension answers preflights.

Browsers send a preflight without credentials, so an authentication hook
answers it with 401, and browsers refuse a preflight whose status is not 2xx.
With ``answer_preflights=True`` the extension answers it first.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask, abort, jsonify, request
from flask.typing import ResponseReturnValue

from flask_cors import CORS

from .harness import CorsPage, LiveServer

TOKEN = "Bearer let-me-in"


def protected_app(page_origin: str, *, answer_preflights: bool) -> Flask:
    """Build an API whose before_request hook demands a bearer token on every request."""
    app = Flask(f"protected-{answer_preflights}")

    @app.before_request
    def require_token() -> ResponseReturnValue | None:
        if request.headers.get("Authorization") != TOKEN:
            abort(401)
        return None

    @app.get("/api/me")
    def me() -> ResponseReturnValue:
        return jsonify(user="ada")

    CORS(
        app,
        resources={"/api/*": {"origins": [page_origin]}},
        answer_preflights=answer_preflights,
    )
    return app


@pytest.fixture(scope="module")
def plain_api(page_origin: str) -> Iterator[LiveServer]:
    """Serve the protected API configured as flask-cors would be."""
    server = LiveServer(protected_app(page_origin, answer_preflights=False), "protected-plain")
    yield server
    server.close()


@pytest.fixture(scope="module")
def answering_api(page_origin: str) -> Iterator[LiveServer]:
    """Serve the protected API with answer_preflights=True."""
    server = LiveServer(protected_app(page_origin, answer_preflights=True), "protected-answer")
    yield server
    server.close()


def test_without_the_option_the_auth_hook_breaks_the_preflight(
    cors_page: CorsPage, plain_api: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    """The hook's 401 to the preflight makes the browser block the call; the log says why."""
    url = plain_api.url("/api/me")
    with caplog.at_level("WARNING", logger="flask_cors"):
        result = cors_page.fetch(url, headers={"Authorization": TOKEN})
    assert result.blocked, result
    assert "It does not have HTTP ok status" in result.cors_error
    assert [(e.method, e.status) for e in plain_api.exchanges(url)] == [("OPTIONS", 401)]
    assert [r.getMessage() for r in caplog.records if r.name == "flask_cors"] == [
        "CORS preflight OPTIONS '/api/me' (rule '/api/*') got status 401, and browsers refuse "
        "a preflight whose status is not 2xx: probably an authentication or authorization "
        "before_request hook. With answer_preflights=True (CORS_ANSWER_PREFLIGHTS), flask_cors "
        "answers preflights itself, before before_request hooks and routing."
    ]


def test_with_the_option_the_authorized_call_works(
    cors_page: CorsPage, answering_api: LiveServer
) -> None:
    """The extension answers the preflight with 204, and the call with the token goes through."""
    url = answering_api.url("/api/me")
    result = cors_page.fetch(url, headers={"Authorization": TOKEN})
    assert result.allowed, result
    assert result.status == 200
    assert result.json() == {"user": "ada"}
    exchanges = answering_api.exchanges(url)
    assert [(e.method, e.status) for e in exchanges] == [("OPTIONS", 204), ("GET", 200)]
    assert exchanges[0].header("Access-Control-Allow-Headers") == "authorization"


def test_with_the_option_a_401_is_readable(cors_page: CorsPage, answering_api: LiveServer) -> None:
    """A call with a wrong token passes its preflight, and the page can read the 401."""
    url = answering_api.url("/api/me")
    result = cors_page.fetch(url, headers={"Authorization": "Bearer wrong"})
    assert result.allowed, result
    assert result.status == 401
    assert [(e.method, e.status) for e in answering_api.exchanges(url)] == [
        ("OPTIONS", 204),
        ("GET", 401),
    ]
