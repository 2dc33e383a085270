"""Fixtures for the Flask-level tests: an app that answers every path, its client.

These tests go through ``app.test_client()`` and assert what a browser would
see on the wire. They do not import anything from this file; they receive
its fixtures.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

#: The methods the catch-all routes of the ``app`` fixture accept.
ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@pytest.fixture(autouse=True)
def flask_cors_log_level() -> Iterator[None]:
    """Restore the 'flask_cors' logger's level, which debug mode raises for the process."""
    logger = logging.getLogger("flask_cors")
    level = logger.level
    yield
    logger.setLevel(level)


@pytest.fixture
def app() -> Flask:
    """Return a fresh app in which every path answers 200 "ok"."""
    app = Flask("cors_tests", static_folder=None)

    @app.route("/", defaults={"path": ""}, methods=ROUTE_METHODS)
    @app.route("/<path:path>", methods=ROUTE_METHODS)
    def anything(path: str) -> str:
        return "ok"

    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client of the ``app`` fixture (configure CORS on it first)."""
    return app.test_client()


@pytest.fixture
def cors_headers() -> Callable[[TestResponse], list[tuple[str, str]]]:
    """Return a function listing a response's CORS and Vary headers, in wire order."""

    def pick(response: TestResponse) -> list[tuple[str, str]]:
        return [
            (name, value)
            for name, value in response.headers
            if name.startswith("Access-Control-") or name == "Vary"
        ]

    return pick
