"""In Chromium: origins decided by a function at run time, changes seen at the next fetch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from flask_cors import CORS

from .harness import CorsPage, LiveServer

#: The origins the function allows: the registry an app would keep in a database.
REGISTERED: set[str] = set()


def registered(origin: str) -> bool:
    """Allow the origins registered so far."""
    return origin in REGISTERED


def registry_app() -> Flask:
    """An API whose origins are the registry's, with credentials."""
    app = Flask("registry_api", static_folder=None)
    app.add_url_rule("/profile", "profile", lambda: {"name": "ada"})
    CORS(app, origins=registered, supports_credentials=True)
    return app


@pytest.fixture(scope="module")
def registry_api() -> Iterator[LiveServer]:
    """Serve the API on 127.0.0.1."""
    server = LiveServer(registry_app(), "registry-api")
    yield server
    server.close()


def test_registration_takes_effect_at_the_next_fetch(
    cors_page: CorsPage, registry_api: LiveServer, page_origin: str
) -> None:
    """Unregistered: blocked. Registered while the app runs: the next credentialed fetch reads."""
    REGISTERED.clear()
    before = cors_page.fetch(registry_api.url("/profile"), credentials="include")
    assert before.blocked, before

    REGISTERED.add(page_origin)
    after = cors_page.fetch(registry_api.url("/profile"), credentials="include")
    assert after.allowed, after
    assert after.json() == {"name": "ada"}
