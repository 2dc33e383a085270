"""In Chromium: a @cross_origin view's errors are readable by the page (intercept_exceptions).

With flask-cors 6.0.5 the page saw "Failed to fetch" and a CORS error in
the console instead of the view's status.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask, abort

from flask_cors import cross_origin

from .harness import CorsPage, LiveServer


def decorated_errors_app(page_origin: str) -> Flask:
    """Decorated views that abort and crash, allowing the test page."""
    app = Flask("decorated_errors", static_folder=None)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.logger.disabled = True

    @app.route("/conflict", methods=["PUT"])
    @cross_origin(origins=[page_origin])
    def conflict() -> str:
        abort(409, "already there")

    @app.get("/crash")
    @cross_origin(origins=[page_origin])
    def crash() -> str:
        raise RuntimeError("the view failed")

    @app.get("/closed")
    @cross_origin(origins=[page_origin], intercept_exceptions=False)
    def closed() -> str:
        abort(403)

    return app


@pytest.fixture(scope="module")
def errors_api(page_origin: str) -> Iterator[LiveServer]:
    """Serve the decorated views on 127.0.0.1 (another site than the page)."""
    server = LiveServer(decorated_errors_app(page_origin), "decorated-errors-api")
    yield server
    server.close()


def test_abort_after_preflight_is_readable(cors_page: CorsPage, errors_api: LiveServer) -> None:
    """A JSON PUT passes the decorator's preflight; the view's 409 reaches the page."""
    url = errors_api.url("/conflict")
    result = cors_page.fetch(url, method="PUT", headers={"Content-Type": "application/json"})
    assert result.allowed, result
    assert result.status == 409
    assert "already there" in result.body


def test_uncaught_exception_is_readable(cors_page: CorsPage, errors_api: LiveServer) -> None:
    """The 500 of the view's uncaught exception reaches the page."""
    result = cors_page.fetch(errors_api.url("/crash"))
    assert result.allowed, result
    assert result.status == 500


def test_off_switch_is_flask_cors_6(cors_page: CorsPage, errors_api: LiveServer) -> None:
    """With intercept_exceptions=False, the error is blocked as with flask-cors 6.0.5."""
    result = cors_page.fetch(errors_api.url("/closed"))
    assert result.blocked, result
    assert "No 'Access-Control-Allow-Origin' header is present" in result.cors_error
